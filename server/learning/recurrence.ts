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

interface Row {
  kind: RecurrenceKind;
  month: string;
  company: string | null;
  cause: Record<string, string> | null;
  municipality: string;
  vereda: string | null;
  count: number;
}

/** A case's confirmed causes, one row each, or one row without a cause. */
const CAUSES_OF = (alias: string) => `LEFT JOIN LATERAL (
    SELECT r.id AS cause_id, r.name AS cause_name FROM case_root_causes t JOIN root_causes r ON r.id = t.root_cause_id
    WHERE t.case_id = ${alias}.id AND t.confirmed_at IS NOT NULL
    UNION ALL SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = ${alias}.id AND t.confirmed_at IS NOT NULL)
  ) causes ON true`;

const PLACE = `
  LEFT JOIN companies co ON co.id = c.company_id
  JOIN municipalities mu ON mu.id = c.municipality_id
  LEFT JOIN veredas v ON v.id = c.vereda_id`;

/** Every counted event (kind, case, when, cause of the same-cause kind), as CTEs; parameters: mechanism, from, to. */
const COUNTED = `WITH resolutions AS (
       SELECT e.case_id, max(e.created_at) AS resolved_at FROM case_events e JOIN cases p ON p.id = e.case_id
       WHERE p.mechanism_id = $1 AND e.kind = 'cases.resolve' GROUP BY e.case_id
     ), counted AS (
       -- Same cause and place after a resolved case.
       SELECT 'same_cause_place' AS kind, c.id, c.created_at AS at, t.root_cause_id AS cause_id
       FROM cases c JOIN case_root_causes t ON t.case_id = c.id AND t.confirmed_at IS NOT NULL
       WHERE c.mechanism_id = $1 AND c.created_at BETWEEN $2 AND $3
         AND EXISTS (
           SELECT 1 FROM cases p JOIN resolutions rs ON rs.case_id = p.id
           JOIN case_root_causes pt ON pt.case_id = p.id AND pt.root_cause_id = t.root_cause_id AND pt.confirmed_at IS NOT NULL
           WHERE p.id <> c.id AND p.mechanism_id = $1 AND rs.resolved_at < c.created_at
             AND p.municipality_id = c.municipality_id AND p.vereda_id IS NOT DISTINCT FROM c.vereda_id)
       UNION ALL
       -- The same complainant again.
       SELECT 'same_complainant', c.id, c.created_at, NULL
       FROM cases c
       WHERE c.mechanism_id = $1 AND c.created_at BETWEEN $2 AND $3 AND c.complainant_user_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM cases p WHERE p.complainant_user_id = c.complainant_user_id AND p.mechanism_id = $1 AND p.created_at < c.created_at)
       UNION ALL
       -- Reopened, and reopened after every commitment was verified.
       SELECT CASE WHEN e.from_status = 'resolved' AND EXISTS (
                SELECT 1 FROM agreements a JOIN commitments k ON k.agreement_id = a.id
                WHERE a.case_id = c.id AND k.verified_at IS NOT NULL AND k.verified_at < e.created_at)
              THEN 'broken_after_verification' ELSE 'reopened' END,
              c.id, e.created_at, NULL
       FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE c.mechanism_id = $1 AND e.kind = 'cases.reopen' AND e.created_at BETWEEN $2 AND $3
     )`;

const MONTH = (column: string) => `to_char(${column} AT TIME ZONE 'America/Bogota', 'YYYY-MM')`;

/** The recurrence of mechanism `mechanismId` between two dates (inclusive, Bogota days). */
export async function recurrence(db: Queryable, mechanismId: string, period: { from: string; to: string }, language: Language): Promise<RecurrenceDto> {
  const params = [mechanismId, startOfBogotaDay(period.from), endOfBogotaDay(period.to)];
  const rows = await db.query<Row>(
    `${COUNTED}
     SELECT k.kind, ${MONTH('k.at')} AS month, co.name AS company, causes.cause_name AS cause, mu.name AS municipality, v.name AS vereda,
            count(*)::int AS count
     FROM (SELECT kind, id, at, cause_id FROM counted WHERE cause_id IS NOT NULL) k
     JOIN cases c ON c.id = k.id ${PLACE}
     JOIN LATERAL (SELECT r.name AS cause_name FROM root_causes r WHERE r.id = k.cause_id) causes ON true
     GROUP BY 1, 2, 3, 4, 5, 6
     UNION ALL
     SELECT k.kind, ${MONTH('k.at')}, co.name, causes.cause_name, mu.name, v.name, count(*)::int
     FROM (SELECT kind, id, at FROM counted WHERE cause_id IS NULL) k
     JOIN cases c ON c.id = k.id ${PLACE}
     ${CAUSES_OF('c')}
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 2, 1, 3, 5, 6`,
    params,
  );
  // Totals count cases (a case of two causes is one recurrence), not the rows' cause-by-cause counts.
  const counts = await db.query<{ kind: RecurrenceKind; count: number }>(`${COUNTED} SELECT kind, count(DISTINCT (id, at))::int AS count FROM counted GROUP BY kind`, params);
  const totals = Object.fromEntries(RECURRENCE_KINDS.map((kind) => [kind, counts.find((c) => c.kind === kind)?.count ?? 0])) as Record<RecurrenceKind, number>;
  const out: RecurrenceRowDto[] = rows.map((row) => {
    return { kind: row.kind, month: row.month, company: row.company, cause: row.cause ? localized(row.cause, language) : null, municipality: row.municipality, vereda: row.vereda, count: row.count };
  });
  return { period, totals, rows: out };
}
