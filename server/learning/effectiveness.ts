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
import { translatorFor } from '../i18n';
import { localized } from '../presenters/casePresenter';
import { categoriesOf, municipalitiesOf } from '../repositories/oversight';
import { readFigures, catchUpEffectiveness } from '../repositories/oversightTallies';
import {
  effectivenessCounts,
  type CaseGroup,
  type Duration,
  type DurationBar,
  type EffectivenessCounts,
  type GroupTotals,
} from '../repositories/effectivenessTallies';
import { histogramMedian } from '../oversight/histogram';
import { MINIMUM_CELL, suppressTable } from '../oversight/statistics';
import { equityIndexReader, indexEquityAnswers, NOT_DECLARED } from './equityIndex';

/** A group of cases with the columns it falls in, one per dimension. */
interface Placed {
  group: CaseGroup;
  column: Record<Breakdown, string>;
}

/** A histogram bar of a duration with the columns its cases fall in. */
interface PlacedBar {
  bar: DurationBar;
  column: Record<Breakdown, string>;
}

/** How one indicator is measured on a set of groups: its figure, and how many people (cases) it was taken on. */
type Measure =
  | { kind: 'count'; counts: (g: GroupTotals) => number }
  | { kind: 'percent'; people: (g: GroupTotals) => number; base: (g: GroupTotals) => number; met: (g: GroupTotals) => number; yes: (g: GroupTotals) => number }
  | { kind: 'median_days'; duration: Duration }
  | { kind: 'mean'; people: (g: GroupTotals) => number; sum: (g: GroupTotals) => number; n: (g: GroupTotals) => number };

/** A percentage whose every case counts one unit: met when the case met it. */
const perCase = (people: (g: GroupTotals) => number, met: (g: GroupTotals) => number): Measure => ({ kind: 'percent', people, base: people, met, yes: met });

const MEASURES: Record<Indicator, Measure> = {
  cases: { kind: 'count', counts: (g) => g.cases },
  acknowledged_on_time: perCase(
    (g) => g.ackDue,
    (g) => g.ackMet,
  ),
  answered_in_term: perCase(
    (g) => g.answerDue,
    (g) => g.answerMet,
  ),
  days_acknowledge: { kind: 'median_days', duration: 'days_acknowledge' },
  days_admissibility: { kind: 'median_days', duration: 'days_admissibility' },
  days_agreement: { kind: 'median_days', duration: 'days_agreement' },
  days_implementation: { kind: 'median_days', duration: 'days_implementation' },
  agreement_reached: perCase(
    (g) => g.admitted,
    (g) => g.agreementReached,
  ),
  // People for suppression: the cases whose every commitment was kept, and the others.
  commitments_on_time: {
    kind: 'percent',
    people: (g) => g.commitmentCases,
    base: (g) => g.commitmentsDue,
    met: (g) => g.commitmentsKept,
    yes: (g) => g.commitmentCasesAllKept,
  },
  reopened: perCase(
    (g) => g.everClosed,
    (g) => g.reopened,
  ),
  satisfaction: { kind: 'mean', people: (g) => g.satisfactionCases, sum: (g) => g.satisfactionSum, n: (g) => g.satisfactionCount },
  reprisal_reports: { kind: 'count', counts: (g) => g.reprisalReported },
  referrals: { kind: 'count', counts: (g) => g.referred },
};

const total = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((s, item) => s + of(item), 0);

/** How many people (cases) a measure was taken on, and its figure, for a set of groups and their histogram bars. */
function measure(m: Measure, groups: GroupTotals[], bars: DurationBar[]): { people: number; value: number | null; yes: number; no: number } {
  switch (m.kind) {
    case 'count': {
      const n = total(groups, m.counts);
      return { people: n, value: n, yes: n, no: 0 };
    }
    case 'percent': {
      const people = total(groups, m.people);
      const base = total(groups, m.base);
      const met = total(groups, m.met);
      const yes = total(groups, m.yes);
      return { people, value: base ? Math.round((1000 * met) / base) / 10 : null, yes, no: people - yes };
    }
    case 'median_days': {
      const own = bars.filter((b) => b.duration === m.duration);
      const people = total(own, (b) => b.n);
      return { people, value: histogramMedian(own), yes: people, no: 0 };
    }
    case 'mean': {
      const people = total(groups, m.people);
      const sum = total(groups, m.sum);
      const n = total(groups, m.n);
      return { people, value: n ? Math.round((100 * sum) / n) / 100 : null, yes: people, no: 0 };
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
  rows: { key: string; label: string; has: (g: CaseGroup) => boolean }[],
  placed: Placed[],
): ReportTable {
  const matrix = rows.map((row) =>
    columns.map((col) =>
      total(
        placed.filter((p) => p.column[dimension] === col.key && row.has(p.group)),
        (p) => p.group.cases,
      ),
    ),
  );
  const rowTotals = rows.map((row) =>
    total(
      placed.filter((p) => row.has(p.group)),
      (p) => p.group.cases,
    ),
  );
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
function indicatorTable(dimension: Breakdown, columns: { key: string; label: string }[], placed: Placed[], bars: PlacedBar[], t: TFunction): ReportTable {
  const allGroups = placed.map((p) => p.group);
  const allBars = bars.map((b) => b.bar);
  const byColumn = columns.map((col) => ({
    groups: placed.filter((p) => p.column[dimension] === col.key).map((p) => p.group),
    bars: bars.filter((b) => b.column[dimension] === col.key).map((b) => b.bar),
  }));
  const rows: ReportRow[] = INDICATORS.map((indicator) => {
    const m = MEASURES[indicator];
    const whole = measure(m, allGroups, allBars);
    const perColumn = byColumn.map((col) => measure(m, col.groups, col.bars));
    const lines = m.kind === 'percent' ? [perColumn.map((x) => x.yes), perColumn.map((x) => x.no)] : [perColumn.map((x) => x.people)];
    const totals = m.kind === 'percent' ? [whole.yes, whole.no] : [whole.people];
    const shown = suppressTable(
      lines,
      totals,
      perColumn.map((x) => x.people),
    );
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
function pqrsdRows(groups: CaseGroup[], bars: DurationBar[]): PqrsdRow[] {
  const row = (kind: PqrsdRow['kind'], own: CaseGroup[], ownBars: DurationBar[]): PqrsdRow => {
    const response = measure({ kind: 'median_days', duration: 'days_response' }, own, ownBars);
    return {
      kind,
      received: total(own, (g) => g.cases),
      forwarded: total(own, (g) => g.forwarded),
      refused: total(own, (g) => g.everNotAdmitted),
      answered: response.people,
      medianResponseDays: response.value,
      answeredInTerm: total(own, (g) => g.answerMet),
    };
  };
  return [
    ...PETITION_KINDS.map((kind) =>
      row(
        kind,
        groups.filter((g) => g.petitionKind === kind),
        bars.filter((b) => b.petitionKind === kind),
      ),
    ),
    row('total', groups, bars),
  ];
}

/** Referrals per remedy and outcome, suppressed as one table (remedies × outcomes). */
function referralTallies(referrals: EffectivenessCounts['referrals']): ReferralTally[] {
  const matrix = REFERRAL_REMEDIES.map((remedy) =>
    REFERRAL_OUTCOMES.map((outcome) =>
      total(
        referrals.filter((r) => r.remedy === remedy && r.outcome === outcome),
        (r) => r.n,
      ),
    ),
  );
  const rowTotals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const shown = suppressTable(
    matrix,
    rowTotals,
    REFERRAL_OUTCOMES.map((_, c) => matrix.reduce((s, r) => s + r[c]!, 0)),
  );
  return REFERRAL_REMEDIES.map((remedy, r) => ({
    remedy,
    offered: shown.rowTotals[r]!,
    outcomes: Object.fromEntries(REFERRAL_OUTCOMES.map((o, c) => [o, shown.cells[r]![c]!])) as ReferralTally['outcomes'],
  }));
}

/**
 * The report of `mechanism` for the cases filed from `from` to `to` (Bogota dates), in `language`.
 * Read in one snapshot, like every oversight figure, once the cases' equity answers are indexed and
 * their durations counted in the mechanism's current calendar.
 */
export async function effectivenessReport(
  ctx: Pick<AppContext, 'cipher'> & { db: Database },
  mechanism: { id: string; slug: string; name: string },
  period: { from: string; to: string },
  language: Language,
  now: Date,
): Promise<EffectivenessDto> {
  const t = translatorFor(language);
  await indexEquityAnswers(ctx.db, ctx.cipher, mechanism.id);
  await catchUpEffectiveness(ctx.db, mechanism.id);
  const { counts, municipalities, categories } = await readFigures(ctx.db, async (db) => ({
    counts: await effectivenessCounts(db, mechanism.id, period.from, period.to, now),
    municipalities: await municipalitiesOf(db, mechanism.id),
    categories: await categoriesOf(db, mechanism.id),
  }));
  const equityOf = equityIndexReader(ctx.cipher, mechanism.id);
  const columnOf = (g: { equityIndex: string | null; municipalityId: string }): Record<Breakdown, string> => ({
    ...equityOf(g.equityIndex),
    municipality: g.municipalityId,
  });
  const declared = { any: 0, gender: 0, ethnicGroup: 0, ageBand: 0 };
  const placed: Placed[] = counts.groups.map((group) => {
    const column = columnOf(group);
    if (column.gender !== NOT_DECLARED) declared.gender += group.cases;
    if (column.ethnicGroup !== NOT_DECLARED) declared.ethnicGroup += group.cases;
    if (column.ageBand !== NOT_DECLARED) declared.ageBand += group.cases;
    if ([column.gender, column.ethnicGroup, column.ageBand].some((c) => c !== NOT_DECLARED)) declared.any += group.cases;
    return { group, column };
  });
  const bars: PlacedBar[] = counts.bars.map((bar) => ({ bar, column: columnOf(bar) }));
  const inScope = new Set(counts.groups.map((g) => g.municipalityId));
  const places = municipalities.filter((m) => m.active || inScope.has(m.id));
  const statusRows = CASE_STATUSES.map((s) => ({ key: s, label: t(`domain:status.${s}` as never) as string, has: (g: CaseGroup) => g.status === s }));
  const categoryRows = categories.map((c) => ({ key: c.code, label: localized(c.name, language), has: (g: CaseGroup) => g.categories.includes(c.id) }));
  const consequenceRows = (['1', '2', '3', 'none'] as const).map((level) => ({
    key: level,
    label: t(`effectiveness:consequence.${level}`),
    has: (g: CaseGroup) => (level === 'none' ? g.consequenceLevel === null : g.consequenceLevel === Number(level)),
  }));
  const tables = BREAKDOWNS.flatMap((dimension) => {
    const columns = columnsOf(dimension, places, t);
    return [
      countTable('status', dimension, columns, statusRows, placed),
      countTable('category', dimension, columns, categoryRows, placed),
      countTable('consequence', dimension, columns, consequenceRows, placed),
      indicatorTable(dimension, columns, placed, bars, t),
    ];
  });
  return {
    mechanism: { slug: mechanism.slug, name: mechanism.name },
    period,
    minimumCell: MINIMUM_CELL,
    cases: total(counts.groups, (g) => g.cases),
    declared,
    tables,
    pqrsd: pqrsdRows(counts.groups, counts.bars),
    referrals: referralTallies(counts.referrals),
  };
}
