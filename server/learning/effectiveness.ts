/**
 * The effectiveness report of a mechanism for a period (issue #17 item 4): the SEAT/ICMM figures, each
 * broken down by gender, ethnic self-identification, age band and municipality, and the PQRSD figures of
 * Resolución 1519 de 2020 (annex 2). The whole-mechanism column is exact (it equals the dashboard's);
 * every breakdown cell goes through the transparency page's suppression (server/oversight/statistics.ts):
 * no cell counts 1 to 4 people, and no hidden cell can be recovered from its row or column.
 *
 * A case counts once, for its complainant: equity answers are optional and self-declared (given with
 * their own consent, Ley 1581 art. 6), so every equity dimension has a "not declared" column and the
 * report says how many declared each.
 */
import type { TFunction } from 'i18next';
import { CASE_STATUSES } from '../../shared/caseLifecycle';
import type { Language } from '../../shared/roles';
import { REFERRAL_OUTCOMES, REFERRAL_REMEDIES } from '../../shared/referralRemedies';
import { AGE_BANDS, ETHNIC_GROUPS, GENDERS } from '../../shared/validation/intakeChoices';
import { PETITION_KINDS } from '../../shared/types/deadlines';
import {
  BREAKDOWNS,
  INDICATORS,
  type Breakdown,
  type EffectivenessDto,
  type Indicator,
  type PqrsdRow,
  type ReferralTally,
  type ReportCell,
  type ReportRow,
  type ReportTable,
  type RowKind,
  type Shown,
} from '../../shared/types/effectiveness';
import type { AppContext } from '../context';
import type { Database } from '../db/database';
import { casePlace } from '../crypto/sealedColumns';
import { translatorFor } from '../i18n';
import { logger } from '../logger';
import { localized } from '../presenters/casePresenter';
import { categoriesOf, municipalitiesOf } from '../repositories/oversight';
import { readFigures } from '../repositories/oversightTallies';
import { histogramMedian } from '../oversight/histogram';
import { MINIMUM_CELL, suppressTable } from '../oversight/statistics';
import { caseFacts, type CaseFacts } from './effectivenessFacts';

/** The column of a case whose complainant did not declare that answer. */
export const NOT_DECLARED = 'not_declared';

interface Equity {
  gender?: string;
  ethnicGroup?: string;
  ageBand?: string;
  consent?: boolean;
}

/** A case's facts with the columns it falls in, one per dimension. */
interface Placed {
  facts: CaseFacts;
  column: Record<Breakdown, string>;
}

/** How one indicator is measured on a case: whether it counts in the base, and what it adds. */
type Measure =
  | { kind: 'count'; counts: (f: CaseFacts) => boolean }
  | { kind: 'percent'; base: (f: CaseFacts) => number; met: (f: CaseFacts) => number }
  | { kind: 'median_days'; days: (f: CaseFacts) => number | null }
  | { kind: 'mean'; sum: (f: CaseFacts) => number; n: (f: CaseFacts) => number };

const MEASURES: Record<Indicator, Measure> = {
  cases: { kind: 'count', counts: () => true },
  acknowledged_on_time: { kind: 'percent', base: (f) => (f.ackDue ? 1 : 0), met: (f) => (f.ackDue && f.ackOnTime ? 1 : 0) },
  answered_in_term: { kind: 'percent', base: (f) => (f.answerDue ? 1 : 0), met: (f) => (f.answerDue && f.answerOnTime ? 1 : 0) },
  days_acknowledge: { kind: 'median_days', days: (f) => f.daysAcknowledge },
  days_admissibility: { kind: 'median_days', days: (f) => f.daysAdmissibility },
  days_agreement: { kind: 'median_days', days: (f) => f.daysAgreement },
  days_implementation: { kind: 'median_days', days: (f) => f.daysImplementation },
  agreement_reached: { kind: 'percent', base: (f) => (f.admitted ? 1 : 0), met: (f) => (f.admitted && f.agreementReached ? 1 : 0) },
  commitments_on_time: { kind: 'percent', base: (f) => f.commitmentsDue, met: (f) => f.commitmentsKept },
  reopened: { kind: 'percent', base: (f) => (f.everClosed ? 1 : 0), met: (f) => (f.reopened ? 1 : 0) },
  satisfaction: { kind: 'mean', sum: (f) => f.satisfactionSum, n: (f) => f.satisfactionCount },
  reprisal_reports: { kind: 'count', counts: (f) => f.reprisalReports > 0 },
  referrals: { kind: 'count', counts: (f) => f.referrals.length > 0 },
};

/** How many people (cases) a measure was taken on, and its figure, for a set of cases. */
function measure(m: Measure, cases: CaseFacts[]): { people: number; value: number | null; yes: number; no: number } {
  switch (m.kind) {
    case 'count': {
      const n = cases.filter(m.counts).length;
      return { people: n, value: n, yes: n, no: 0 };
    }
    case 'percent': {
      const measured = cases.filter((f) => m.base(f) > 0);
      const base = measured.reduce((s, f) => s + m.base(f), 0);
      const met = measured.reduce((s, f) => s + m.met(f), 0);
      // People for suppression: the cases whose every unit was met, and the others.
      const yes = measured.filter((f) => m.met(f) === m.base(f)).length;
      return { people: measured.length, value: base ? Math.round((1000 * met) / base) / 10 : null, yes, no: measured.length - yes };
    }
    case 'median_days': {
      const days = cases.map(m.days).filter((d): d is number => d !== null);
      const bars = [...days.reduce((map, d) => map.set(d, (map.get(d) ?? 0) + 1), new Map<number, number>())].map(([d, n]) => ({ days: d, n }));
      return { people: days.length, value: histogramMedian(bars), yes: days.length, no: 0 };
    }
    case 'mean': {
      const answered = cases.filter((f) => m.n(f) > 0);
      const sum = answered.reduce((s, f) => s + m.sum(f), 0);
      const n = answered.reduce((s, f) => s + m.n(f), 0);
      return { people: answered.length, value: n ? Math.round((100 * sum) / n) / 100 : null, yes: answered.length, no: 0 };
    }
  }
}

/** The columns of a dimension, in order: the reference list, then "not declared" for the equity answers. */
function columnsOf(dimension: Breakdown, municipalities: { id: string; name: string }[], t: TFunction): { key: string; label: string }[] {
  const choices = (keys: readonly string[], ns: string) => [
    ...keys.map((key) => ({ key, label: t(`intake:${ns}.${key}` as never) as string })),
    { key: NOT_DECLARED, label: t('effectiveness:notDeclared') },
  ];
  switch (dimension) {
    case 'gender':
      return choices(GENDERS, 'gender');
    case 'ethnicGroup':
      return choices(ETHNIC_GROUPS, 'ethnicGroup');
    case 'ageBand':
      return choices(AGE_BANDS, 'ageBand');
    case 'municipality':
      return municipalities.map((m) => ({ key: m.id, label: m.name }));
  }
}

const cell = (value: Shown, base: Shown): ReportCell => ({ value, base });

/**
 * A table of counts (rows: statuses, categories or consequence levels; a case may sit in several rows
 * when it has several categories) by the columns of one dimension, suppressed as a whole.
 */
function countTable(
  id: 'status' | 'category' | 'consequence',
  dimension: Breakdown,
  columns: { key: string; label: string }[],
  rows: { key: string; label: string; has: (f: CaseFacts) => boolean }[],
  placed: Placed[],
): ReportTable {
  const matrix = rows.map((row) => columns.map((col) => placed.filter((p) => p.column[dimension] === col.key && row.has(p.facts)).length));
  const rowTotals = rows.map((row) => placed.filter((p) => row.has(p.facts)).length);
  const shown = suppressTable(matrix, rowTotals, matrix.length ? columns.map((_, c) => matrix.reduce((s, r) => s + r[c]!, 0)) : columns.map(() => 0));
  return {
    id,
    dimension,
    columns,
    rows: rows.map((row, r) => ({
      key: row.key,
      label: row.label,
      kind: 'count',
      // The whole-mechanism figure is exact: it is the dashboard's.
      total: cell(rowTotals[r]!, rowTotals[r]!),
      cells: shown.cells[r]!.map((v) => cell(v, v)),
    })),
  };
}

/**
 * The indicators by the columns of one dimension. A cell is published only when the people it was
 * measured on, and for a percentage both those for whom it held and those for whom it did not, pass
 * the suppression of their own table (so "1 of 6 was reopened" is never shown).
 */
function indicatorTable(dimension: Breakdown, columns: { key: string; label: string }[], placed: Placed[], t: TFunction): ReportTable {
  const all = placed.map((p) => p.facts);
  const rows: ReportRow[] = INDICATORS.map((indicator) => {
    const m = MEASURES[indicator];
    const whole = measure(m, all);
    const perColumn = columns.map((col) => measure(m, placed.filter((p) => p.column[dimension] === col.key).map((p) => p.facts)));
    const lines = m.kind === 'percent' ? [perColumn.map((x) => x.yes), perColumn.map((x) => x.no)] : [perColumn.map((x) => x.people)];
    const totals = m.kind === 'percent' ? [whole.yes, whole.no] : [whole.people];
    const shown = suppressTable(lines, totals, perColumn.map((x) => x.people));
    const kind: RowKind = m.kind;
    return {
      key: indicator,
      label: t(`effectiveness:indicator.${indicator}` as never) as string,
      kind,
      total: cell(whole.value, whole.people),
      cells: perColumn.map((x, c) => {
        const hidden = shown.cells.some((line) => line[c] === '<5') || shown.columnTotals[c] === '<5';
        if (hidden) return cell('<5', '<5');
        return cell(x.people === 0 && kind !== 'count' ? null : x.value, x.people);
      }),
    };
  });
  return { id: 'indicators', dimension, columns, rows };
}

/** The PQRSD figures per petition kind and in total (Resolución 1519 de 2020, annex 2). */
function pqrsdRows(facts: CaseFacts[]): PqrsdRow[] {
  const row = (kind: PqrsdRow['kind'], cases: CaseFacts[]): PqrsdRow => {
    const response = measure({ kind: 'median_days', days: (f) => f.daysResponse }, cases);
    return {
      kind,
      received: cases.length,
      forwarded: cases.filter((f) => f.forwarded).length,
      refused: cases.filter((f) => f.everNotAdmitted).length,
      answered: response.people,
      medianResponseDays: response.value,
      answeredInTerm: cases.filter((f) => f.answerDue && f.answerOnTime).length,
    };
  };
  return [...PETITION_KINDS.map((kind) => row(kind, facts.filter((f) => f.petitionKind === kind))), row('total', facts)];
}

/** Referrals per remedy and outcome, suppressed as one table (remedies × outcomes). */
function referralTallies(facts: CaseFacts[]): ReferralTally[] {
  const all = facts.flatMap((f) => f.referrals);
  const matrix = REFERRAL_REMEDIES.map((remedy) => REFERRAL_OUTCOMES.map((outcome) => all.filter((r) => r.remedy === remedy && r.outcome === outcome).length));
  const rowTotals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const shown = suppressTable(matrix, rowTotals, REFERRAL_OUTCOMES.map((_, c) => matrix.reduce((s, r) => s + r[c]!, 0)));
  return REFERRAL_REMEDIES.map((remedy, r) => ({
    remedy,
    offered: shown.rowTotals[r]!,
    outcomes: Object.fromEntries(REFERRAL_OUTCOMES.map((o, c) => [o, shown.cells[r]![c]!])) as ReferralTally['outcomes'],
  }));
}

/**
 * The report of `mechanism` for the cases filed from `from` to `to` (Bogota dates), in `language`.
 * Read in one snapshot, like every oversight figure.
 */
export async function effectivenessReport(
  ctx: Pick<AppContext, 'cipher'> & { db: Database },
  mechanism: { id: string; slug: string; name: string },
  period: { from: string; to: string },
  language: Language,
  now: Date,
): Promise<EffectivenessDto> {
  const t = translatorFor(language);
  const { facts, municipalities, categories } = await readFigures(ctx.db, async (db) => ({
    facts: await caseFacts(db, mechanism.id, period.from, period.to, now),
    municipalities: await municipalitiesOf(db, mechanism.id),
    categories: await categoriesOf(db, mechanism.id),
  }));
  const declared = { any: 0, gender: 0, ethnicGroup: 0, ageBand: 0 };
  const placed: Placed[] = facts.map((f) => {
    let equity: Equity = {};
    if (f.equityCiphertext) {
      try {
        equity = ctx.cipher.open<Equity>(f.equityCiphertext, casePlace(f.id, 'equity'));
      } catch (err) {
        // A case whose answers cannot be opened counts as not declared; the figures go on.
        logger.error('effectiveness: equity answers could not be opened; counted as not declared', { err, caseId: f.id });
      }
    }
    // Only answers given with their own consent count (Ley 1581 art. 6; docs/habeas-data.md).
    if (equity.consent !== true) equity = {};
    const answer = (v: string | undefined, allowed: readonly string[]) => (v && allowed.includes(v) ? v : NOT_DECLARED);
    const column = {
      gender: answer(equity.gender, GENDERS),
      ethnicGroup: answer(equity.ethnicGroup, ETHNIC_GROUPS),
      ageBand: answer(equity.ageBand, AGE_BANDS),
      municipality: f.municipalityId,
    };
    if (column.gender !== NOT_DECLARED) declared.gender += 1;
    if (column.ethnicGroup !== NOT_DECLARED) declared.ethnicGroup += 1;
    if (column.ageBand !== NOT_DECLARED) declared.ageBand += 1;
    if ([column.gender, column.ethnicGroup, column.ageBand].some((c) => c !== NOT_DECLARED)) declared.any += 1;
    return { facts: f, column };
  });
  const inScope = new Set(facts.map((f) => f.municipalityId));
  const places = municipalities.filter((m) => m.active || inScope.has(m.id));
  const statusRows = CASE_STATUSES.map((s) => ({ key: s, label: t(`domain:status.${s}` as never) as string, has: (f: CaseFacts) => f.status === s }));
  const categoryRows = categories.map((c) => ({ key: c.code, label: localized(c.name, language), has: (f: CaseFacts) => f.categories.includes(c.id) }));
  const consequenceRows = (['1', '2', '3', 'none'] as const).map((level) => ({
    key: level,
    label: t(`effectiveness:consequence.${level}`),
    has: (f: CaseFacts) => (level === 'none' ? f.consequenceLevel === null : f.consequenceLevel === Number(level)),
  }));
  const tables = BREAKDOWNS.flatMap((dimension) => {
    const columns = columnsOf(dimension, places, t);
    return [
      countTable('status', dimension, columns, statusRows, placed),
      countTable('category', dimension, columns, categoryRows, placed),
      countTable('consequence', dimension, columns, consequenceRows, placed),
      indicatorTable(dimension, columns, placed, t),
    ];
  });
  return {
    mechanism: { slug: mechanism.slug, name: mechanism.name },
    period,
    minimumCell: MINIMUM_CELL,
    cases: facts.length,
    declared,
    tables,
    pqrsd: pqrsdRows(facts),
    referrals: referralTallies(facts),
  };
}
