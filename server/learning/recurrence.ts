/**
 * Recurrence (issue #17 item 3): what keeps coming back, per company, cause and place, month by month
 * (America/Bogota). Four kinds, each counted from the record, never stored:
 *
 * - `same_cause_place`: a case filed after an earlier case with the same confirmed cause, in the same
 *   municipality and vereda, was resolved (the earlier case's resolution predates the new filing);
 * - `same_complainant`: a case whose complainant (with an account) had filed an earlier one;
 * - `reopened`: every reopening of a closed case;
 * - `broken_after_verification`: a reopening of a resolved case whose commitments had been verified.
 *
 * A case with several confirmed causes counts once under each; one without any counts under "no
 * cause". Only the ombudsman sees these figures (routes decide); no row says who complained.
 */
import { RECURRENCE_KINDS, type RecurrenceDto, type RecurrenceKind, type RecurrenceRowDto } from '../../shared/types/learning';
import type { Language } from '../../shared/roles';
import type { Queryable } from '../db/database';
import { endOfBogotaDay, startOfBogotaDay } from '../../shared/calendar';
import { localized } from '../presenters/casePresenter';
import { recurrenceCounts, recurrenceRows } from '../repositories/recurrence';

/** The recurrence of mechanism `mechanismId` between two dates (inclusive, Bogota days). */
export async function recurrence(db: Queryable, mechanismId: string, period: { from: string; to: string }, language: Language): Promise<RecurrenceDto> {
  const span = { mechanismId, from: startOfBogotaDay(period.from), to: endOfBogotaDay(period.to) };
  const rows = await recurrenceRows(db, span);
  // Totals count cases (a case of two causes is one recurrence), not the rows' cause-by-cause counts.
  const counts = await recurrenceCounts(db, span);
  const totals = Object.fromEntries(RECURRENCE_KINDS.map((kind) => [kind, counts.find((c) => c.kind === kind)?.count ?? 0])) as Record<RecurrenceKind, number>;
  const out: RecurrenceRowDto[] = rows.map((row) => {
    return {
      kind: row.kind,
      month: row.month,
      company: row.company,
      cause: row.cause ? localized(row.cause, language) : null,
      municipality: row.municipality,
      vereda: row.vereda,
      count: row.count,
    };
  });
  return { period, totals, rows: out };
}
