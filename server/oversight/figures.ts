/**
 * The figures of the ombudsman's dashboard, the company scorecards and the public transparency page,
 * built from server/repositories/oversight.ts. The dashboard and the public page count with the same
 * conditions, so their totals agree for the same period.
 */
import { countReprisalReports } from '../repositories/custody';
import { CASE_STATUSES, type CaseStatus } from '../../shared/caseLifecycle';
import type { Language } from '../../shared/roles';
import type { MonthPoint, OversightSummaryDto, ScorecardFigures, ScorecardsDto, TransparencyDto, TransparencyRow } from '../../shared/types/oversight';
import type { OversightFilters } from '../../shared/validation/oversight';
import type { Database, Queryable } from '../db/database';
import { translatorFor } from '../i18n';
import { localized } from '../presenters/casePresenter';
import {
  categoriesOf,
  companiesOf,
  countUpTo,
  identifiedCondition,
  milestoneBars,
  filedPerMonth,
  municipalitiesOf,
  oversightCondition,
  publicRows,
  scorecardRows,
  statusAndQueueCounts,
  summaryRows,
  type Milestone,
  type PublicDimension,
  type PublicRow,
  type ScorecardRow,
} from '../repositories/oversight';
import type { ScopeCondition } from '../policies/casePolicy';
import {
  caseTallies,
  categoryTallies,
  filedScorecardTallies,
  filedSummaryTallies,
  periodTallies,
  durationsByQuarter,
  groupDurationTallies,
  openDeadlinesDue,
  readFigures,
  summaryTallies,
  talliesFresh,
  type CompanyScope,
  type FiledScope,
  type FiledSlice,
  type FiledSummaryTallies,
  type MonthDurationTally,
  type QuarterDurationTally,
  type QuarterScorecardTally,
  type ScorecardTallies,
} from '../repositories/oversightTallies';
import { histogramCount, histogramMedian, type Bar } from './histogram';
import { publicMedian, suppressColumn, MINIMUM_CELL } from './statistics';
import { cachedPublicFigures } from './publicFiguresCache';

/**
 * Where figures come from: `auto` reads the summary tables when the filters are ones they are kept by
 * (none, or a company; for the dashboard and the scorecards also a period and one category, municipality or
 * status, and for the dashboard one queue)
 * and they match the calendar, else counts from the rows; `rows` always counts
 * from the rows (the definition the summary tables are tested against).
 */
export type FigureSource = 'auto' | 'rows';

/** The filters a filter set names. */
function namedFilters(filters: OversightFilters): string[] {
  return Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

/** The company a filter set names, when it names nothing else the summary tables cannot answer. */
function tallyScope(filters: OversightFilters): { company: CompanyScope } | undefined {
  return namedFilters(filters).every((k) => k === 'company') ? { company: filters.company } : undefined;
}

/**
 * The period of filing, company and slice a filter set names, when it names nothing else (migration 0053):
 * at most one of a category, a municipality, a status and the escalated or red-flag queue.
 */
function filedScope(filters: OversightFilters): FiledScope | undefined {
  const { company, from, to, category, municipality, status, queue, ...others } = filters;
  if (Object.values(others).some((v) => v !== undefined)) return undefined;
  const slices: FiledSlice[] = [
    ...(category !== undefined ? [{ kind: 'category', code: category } as const] : []),
    ...(municipality !== undefined ? [{ kind: 'municipality', id: municipality } as const] : []),
    ...(status !== undefined ? [{ kind: 'status', status } as const] : []),
    ...(queue === 'escalated' || queue === 'red_flag' ? [{ kind: queue } as const] : []),
  ];
  if (queue === 'overdue' || slices.length > 1) return undefined;
  return { company, from, to, slice: slices[0] ?? { kind: 'all' } };
}

async function useTallies(db: Queryable, mechanismId: string, source: FigureSource, eligible: boolean): Promise<boolean> {
  return source === 'auto' && eligible && (await talliesFresh(db, mechanismId));
}

function quarterOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** Groups items by a key, keeping each group's items. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function sumOf<T>(items: readonly T[] | undefined, value: (item: T) => number): number {
  return (items ?? []).reduce((sum, item) => sum + value(item), 0);
}

/** Per month reached (and `month` null for all), how many reached the milestone and the median days. */
function milestoneRows(durations: MonthDurationTally[], milestone: Milestone): { month: string | null; count: number; median: number | null }[] {
  const mine = durations.filter((d) => d.milestone === milestone);
  const perMonth = [...groupBy(mine, (d) => d.reachedMonth)].map(([month, bars]) => ({
    month: month as string | null,
    count: sumOf(bars, (b) => b.n),
    median: histogramMedian(bars),
  }));
  return mine.length ? [...perMonth, { month: null, count: sumOf(mine, (b) => b.n), median: histogramMedian(mine) }] : [];
}

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  const [lastYear, lastMonth] = last.split('-').map(Number) as [number, number];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** What the dashboard is made of, counted from the rows or read from the summary tables. */
interface SummaryCounts {
  /** Cases per status, with the escalated and red-flag queues among them. */
  statuses: { status: CaseStatus; count: number; escalated: number; redFlag: number }[];
  /** Cases per municipality. */
  places: { municipalityId: string; count: number }[];
  overdue: number;
  filed: { month: string; count: number }[];
  acknowledged: { month: string | null; count: number; median: number | null }[];
  resolved: { month: string | null; count: number; median: number | null }[];
}

/** Counts per status and municipality added up per status and per municipality apart. */
function marginals(
  counts: { status: CaseStatus; municipalityId: string; count: number; escalated: number; redFlag: number }[],
): Pick<SummaryCounts, 'statuses' | 'places'> {
  return {
    statuses: [...groupBy(counts, (c) => c.status)].map(([status, rows]) => ({
      status: status as CaseStatus,
      count: sumOf(rows, (r) => r.count),
      escalated: sumOf(rows, (r) => r.escalated),
      redFlag: sumOf(rows, (r) => r.redFlag),
    })),
    places: [...groupBy(counts, (c) => c.municipalityId)].map(([municipalityId, rows]) => ({ municipalityId, count: sumOf(rows, (r) => r.count) })),
  };
}

async function summaryFromRows(db: Queryable, mechanismId: string, filters: OversightFilters, now: Date): Promise<SummaryCounts> {
  const { counts, filed, acknowledged, resolved } = await summaryRows(db, mechanismId, oversightCondition(mechanismId, filters, now), filters, now);
  return { ...marginals(counts), overdue: sumOf(counts, (r) => r.overdue), filed, acknowledged, resolved };
}

/** The dashboard's sums as the summary tables keep them: durations as histograms, so that sums can be taken apart. */
type SummarySums = FiledSummaryTallies;

function countsOfSums({ durations, ...sums }: SummarySums): SummaryCounts {
  return { ...sums, acknowledged: milestoneRows(durations, 'acknowledged'), resolved: milestoneRows(durations, 'resolved') };
}

/** The dashboard's sums from the summary tables kept by a company (0024's) or by a period and a slice (0053's). */
async function summarySumsFromTallies(
  db: Queryable,
  mechanismId: string,
  company: { company: CompanyScope } | undefined,
  filed: FiledScope,
  now: Date,
): Promise<SummarySums> {
  if (!company) return filedSummaryTallies(db, mechanismId, filed, now);
  const { counts, filed: months, durations, overdue } = await summaryTallies(db, mechanismId, company.company, now);
  return { ...marginals(counts), overdue, filed: months, durations };
}

/** The dashboard's sums counted from the rows of `scope`, in the summary tables' form (durations as histograms). */
async function summarySumsFromRows(db: Queryable, mechanismId: string, scope: ScopeCondition, filters: OversightFilters, now: Date): Promise<SummarySums> {
  // One after another: they share the snapshot's one connection.
  const counts = await statusAndQueueCounts(db, mechanismId, scope, filters, now);
  const filed = await filedPerMonth(db, scope);
  const durations: MonthDurationTally[] = [];
  for (const milestone of ['acknowledged', 'resolved'] as const) {
    for (const bar of await milestoneBars(db, scope, milestone)) durations.push({ ...bar, milestone });
  }
  return { ...marginals(counts), overdue: sumOf(counts, (r) => r.overdue), filed, durations };
}

/** Sums less sums, key by key; what falls to zero is left out, as neither the tallies nor the rows show it. */
function difference<T>(all: readonly T[], less: readonly T[], keyOf: (item: T) => string, values: readonly (keyof T)[]): T[] {
  const taken = new Map(less.map((item) => [keyOf(item), item]));
  return all.flatMap((item) => {
    const other = taken.get(keyOf(item));
    if (!other) return [item];
    const left = { ...item };
    for (const v of values) (left[v] as number) = (item[v] as number) - (other[v] as number);
    return values.some((v) => left[v] !== 0) ? [left] : [];
  });
}

/** The dashboard's sums of every case but some, the sums of those being `less` (a subset of `all`'s cases). */
function sumsWithout(all: SummarySums, less: SummarySums): SummarySums {
  return {
    statuses: difference(all.statuses, less.statuses, (s) => s.status, ['count', 'escalated', 'redFlag']),
    places: difference(all.places, less.places, (p) => p.municipalityId, ['count']),
    overdue: all.overdue - less.overdue,
    filed: difference(all.filed, less.filed, (f) => f.month, ['count']),
    durations: difference(all.durations, less.durations, (d) => `${d.milestone} ${d.reachedMonth} ${d.days}`, ['n']),
  };
}

/**
 * The anonymous cases' dashboard as every case's less the named and confidential ones' (migration 0124): when
 * the other filters are ones the summary tables are kept by, and the identified cases are at most half of
 * those the tables count (else counting the anonymous rows themselves reads fewer), the tables' sums less the
 * sums counted from the identified rows, found by 0124's index. Exact: sums and histograms subtract.
 */
async function anonymousSummary(
  db: Queryable,
  mechanismId: string,
  filters: OversightFilters,
  now: Date,
  source: FigureSource,
): Promise<SummaryCounts | undefined> {
  if (filters.identityMode !== 'anonymous') return undefined;
  const rest: OversightFilters = { ...filters, identityMode: undefined };
  const filed = filedScope(rest);
  if (!(await useTallies(db, mechanismId, source, filed !== undefined))) return undefined;
  const all = await summarySumsFromTallies(db, mechanismId, tallyScope(rest), filed!, now);
  const identified = identifiedCondition(mechanismId, rest, now);
  const half = Math.floor(sumOf(all.statuses, (s) => s.count) / 2);
  if ((await countUpTo(db, identified, half + 1)) > half) return undefined;
  return countsOfSums(sumsWithout(all, await summarySumsFromRows(db, mechanismId, identified, rest, now)));
}

/** The dashboard's sums from whichever summary tables are kept by its filters, else counted from the rows. */
async function summaryCounts(db: Queryable, mechanismId: string, filters: OversightFilters, now: Date, source: FigureSource): Promise<SummaryCounts> {
  const anonymous = await anonymousSummary(db, mechanismId, filters, now, source);
  if (anonymous) return anonymous;
  const company = tallyScope(filters);
  const filed = filedScope(filters);
  if (!(await useTallies(db, mechanismId, source, filed !== undefined))) return summaryFromRows(db, mechanismId, filters, now);
  // A company or nothing: 0024's tallies, a few hundred rows; a period or a slice: 0053's.
  return countsOfSums(await summarySumsFromTallies(db, mechanismId, company, filed!, now));
}

/** The dashboard of one mechanism: counts by status, queues, monthly series, medians and the map. */
export async function oversightSummary(
  database: Database,
  mechanism: { id: string; slug: string; name: string },
  filters: OversightFilters,
  now: Date,
  source: FigureSource = 'auto',
): Promise<OversightSummaryDto> {
  const mechanismId = mechanism.id;
  const { municipalities, statuses, places, overdue, filed, acknowledged, resolved } = await readFigures(database, async (db) => ({
    municipalities: await municipalitiesOf(db, mechanismId),
    ...(await summaryCounts(db, mechanismId, filters, now, source)),
  }));
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as OversightSummaryDto['byStatus'];
  const queues = { overdue, escalated: 0, redFlag: 0 };
  for (const row of statuses) {
    byStatus[row.status] += row.count;
    queues.escalated += row.escalated;
    queues.redFlag += row.redFlag;
  }
  const perMunicipality = new Map(places.map((p) => [p.municipalityId, p.count]));
  const byMonth = <T extends { month: string | null }>(rows: T[]) => new Map(rows.filter((r) => r.month !== null).map((r) => [r.month!, r]));
  const filedByMonth = new Map(filed.map((f) => [f.month, f.count]));
  const ackByMonth = byMonth(acknowledged);
  const resolveByMonth = byMonth(resolved);
  const known = [...filedByMonth.keys(), ...ackByMonth.keys(), ...resolveByMonth.keys()].sort();
  const series: MonthPoint[] = known.length
    ? monthsBetween(known[0]!, known[known.length - 1]!).map((m) => ({
        month: m,
        filed: filedByMonth.get(m) ?? 0,
        resolved: resolveByMonth.get(m)?.count ?? 0,
        medianDaysToAcknowledge: ackByMonth.get(m)?.median ?? null,
        medianDaysToResolve: resolveByMonth.get(m)?.median ?? null,
      }))
    : [];
  return {
    mechanism: { slug: mechanism.slug, name: mechanism.name },
    total: sumOf(statuses, (row) => row.count),
    byStatus,
    queues,
    medianDaysToAcknowledge: acknowledged.find((r) => r.month === null)?.median ?? null,
    medianDaysToResolve: resolved.find((r) => r.month === null)?.median ?? null,
    series,
    // A municipality the mechanism no longer serves stays on the map only while it has cases to show.
    municipalities: municipalities.flatMap(({ active, ...m }) => {
      const count = perMunicipality.get(m.id) ?? 0;
      return active || count > 0 ? [{ ...m, count }] : [];
    }),
    overdueRule: 'case_deadlines',
    reprisalReports: await countReprisalReports(database, mechanismId),
  };
}

function emptyFigures(): ScorecardFigures {
  return {
    cases: 0,
    medianDaysToAcknowledge: null,
    medianDaysToResolve: null,
    deadlinesMet: null,
    deadlinesDue: 0,
    agreementsReached: 0,
    agreementsKept: 0,
    satisfaction: null,
    satisfactionResponses: 0,
  };
}

function figuresOf(row: ScorecardRow | undefined): ScorecardFigures {
  if (!row) return emptyFigures();
  return {
    cases: row.cases,
    medianDaysToAcknowledge: row.medianAcknowledge,
    medianDaysToResolve: row.medianResolve,
    deadlinesMet: row.due > 0 ? row.met / row.due : null,
    deadlinesDue: row.due,
    agreementsReached: row.agreementsReached,
    agreementsKept: row.agreementsKept,
    satisfaction: row.satisfactionCount > 0 ? row.satisfactionSum / row.satisfactionCount : null,
    satisfactionResponses: row.satisfactionCount,
  };
}

/**
 * Per-company scorecards for the filtered cases, over the whole period and per quarter of filing.
 * Deadlines met = deadlines met on time / deadlines due (met, or passed); agreements reached =
 * accepted; kept = every commitment verified; satisfaction = mean of the complainants' answers.
 */
export async function companyScorecards(
  database: Database,
  mechanismId: string,
  filters: OversightFilters,
  now: Date,
  source: FigureSource = 'auto',
): Promise<ScorecardsDto> {
  const scope = tallyScope(filters);
  // The two queues are not kept by 0095's tallies (an escalation would move them on the sweep's path).
  const filed = filedScope(filters);
  const kept = filed && filed.slice.kind !== 'escalated' && filed.slice.kind !== 'red_flag' ? filed : undefined;
  const [companies, rows] = await readFigures(
    database,
    async (db) =>
      [
        await companiesOf(db, mechanismId),
        !(await useTallies(db, mechanismId, source, kept !== undefined))
          ? await scorecardRows(db, oversightCondition(mechanismId, filters, now), now)
          : // A company or nothing: 0024's tallies; a period or a slice: 0053's and 0095's.
            scope
            ? await scorecardRowsFromTallies(db, mechanismId, scope.company, now)
            : await scorecardRowsFromFiledTallies(db, mechanismId, kept!, now),
      ] as const,
  );
  const quarters = [...new Set(rows.flatMap((r) => (r.quarter ? [r.quarter] : [])))].sort();
  const find = (companyId: string, quarter: string | null) => rows.find((r) => r.companyId === companyId && r.quarter === quarter);
  return {
    deadlineRule: 'case_deadlines',
    scorecards: companies
      .filter((c) => !filters.company || filters.company === c.id)
      .map((c) => ({
        company: { id: c.id, name: c.name },
        ...figuresOf(find(c.id, null)),
        quarters: quarters.map((quarter) => ({ quarter, ...figuresOf(find(c.id, quarter)) })),
      })),
  };
}

/** The sums a scorecard adds up over quarters and months, as the tallies name them. */
const SCORECARD_SUMS = [
  'cases',
  'agreementsReached',
  'agreementsKept',
  'satisfactionSum',
  'satisfactionCount',
  'deadlinesSettled',
  'deadlinesMet',
  'openDue',
] as const;

function scorecardSums(group: readonly Pick<QuarterScorecardTally, (typeof SCORECARD_SUMS)[number]>[]): Record<(typeof SCORECARD_SUMS)[number], number> {
  return Object.fromEntries(SCORECARD_SUMS.map((key) => [key, sumOf(group, (t) => t[key])])) as Record<(typeof SCORECARD_SUMS)[number], number>;
}

/** The scorecard rows of scorecardRows, added up from the summary tables (0024's, per company and month of filing). */
async function scorecardRowsFromTallies(db: Queryable, mechanismId: string, company: CompanyScope, now: Date): Promise<ScorecardRow[]> {
  // One after another: they share the snapshot's one connection.
  const tallies = await periodTallies(db, mechanismId, company);
  const durations = await durationsByQuarter(db, mechanismId, company);
  const due = await openDeadlinesDue(db, mechanismId, company, now);
  const openDue = new Map(due.map((d) => [`${d.companyId} ${d.filedQuarter}`, d.n]));
  const months = tallies.flatMap(({ companyId, filedMonth, ...sums }) =>
    companyId === null ? [] : [{ ...sums, companyId, quarter: quarterOfMonth(filedMonth) }],
  );
  const quarters = [...groupBy(months, (t) => `${t.companyId} ${t.quarter}`)].map(([key, group]) => ({
    companyId: group[0]!.companyId,
    quarter: group[0]!.quarter,
    ...scorecardSums(group.map((t) => ({ ...t, openDue: 0 }))),
    openDue: openDue.get(key) ?? 0,
  }));
  const bars = durations.flatMap(({ companyId, filedQuarter, ...bar }) => (companyId === null ? [] : [{ ...bar, companyId, quarter: filedQuarter }]));
  return scorecardRowsOf(quarters, bars);
}

/**
 * The scorecard rows of scorecardRows from per-quarter sums and histograms: each quarter's, and each company's
 * over its quarters. Deadlines due are the settled ones and the open ones due before now.
 */
function scorecardRowsOf(quarters: QuarterScorecardTally[], durations: ScorecardTallies['durations']): ScorecardRow[] {
  const bars = groupBy(durations, (d) => `${d.companyId} ${d.quarter}`);
  const row = (companyId: string, quarter: string | null, group: QuarterScorecardTally[]): ScorecardRow => {
    const mine = group.flatMap((q) => bars.get(`${companyId} ${q.quarter}`) ?? []);
    const sums = scorecardSums(group);
    return {
      companyId,
      quarter,
      cases: sums.cases,
      due: sums.deadlinesSettled + sums.openDue,
      met: sums.deadlinesMet,
      medianAcknowledge: histogramMedian(mine.filter((b) => b.milestone === 'acknowledged')),
      medianResolve: histogramMedian(mine.filter((b) => b.milestone === 'resolved')),
      agreementsReached: sums.agreementsReached,
      agreementsKept: sums.agreementsKept,
      satisfactionSum: sums.satisfactionSum,
      satisfactionCount: sums.satisfactionCount,
    };
  };
  return [...groupBy(quarters, (q) => q.companyId)].flatMap(([companyId, group]) => [
    row(companyId, null, group),
    ...group.map((q) => row(companyId, q.quarter, [q])),
  ]);
}

/** The scorecard rows of scorecardRows under a period and a slice, added up from 0053's and 0095's tallies. */
async function scorecardRowsFromFiledTallies(db: Queryable, mechanismId: string, scope: FiledScope, now: Date): Promise<ScorecardRow[]> {
  const { quarters, durations } = await filedScorecardTallies(db, mechanismId, scope, now);
  return scorecardRowsOf(quarters, durations);
}

/** The public rows of publicRows (whole period), added up from the summary tables. */
async function publicRowsFromTallies(db: Queryable, mechanismId: string): Promise<PublicRow[]> {
  // One after another: they share the snapshot's one connection.
  const places = await caseTallies(db, mechanismId, undefined);
  const tallies = await periodTallies(db, mechanismId, undefined);
  const durations = await durationsByQuarter(db, mechanismId, undefined);
  const groupDurations = await groupDurationTallies(db, mechanismId);
  const categories = await categoryTallies(db, mechanismId);
  const row = (
    dimension: PublicDimension,
    key: string | null,
    counts: { status: CaseStatus; n: number }[],
    bars: (Bar & { milestone: Milestone })[],
  ): PublicRow => {
    const acknowledged = bars.filter((b) => b.milestone === 'acknowledged');
    const resolved = bars.filter((b) => b.milestone === 'resolved');
    return {
      dimension,
      key,
      filed: sumOf(counts, (c) => c.n),
      resolved: sumOf(
        counts.filter((c) => c.status === 'resolved'),
        (c) => c.n,
      ),
      closedUnresolved: sumOf(
        counts.filter((c) => c.status === 'closed_unresolved'),
        (c) => c.n,
      ),
      acknowledgedCount: histogramCount(acknowledged),
      medianAcknowledge: histogramMedian(acknowledged),
      resolvedCount: histogramCount(resolved),
      medianResolve: histogramMedian(resolved),
    };
  };
  const counted = tallies.map((t) => ({ ...t, n: t.cases, quarter: quarterOfMonth(t.filedMonth) }));
  const grouped = (dimension: PublicDimension, countKey: (t: (typeof counted)[number]) => string, barKey: (d: QuarterDurationTally) => string): PublicRow[] => {
    const bars = groupBy(durations, barKey);
    return [...groupBy(counted, countKey)].map(([key, counts]) => row(dimension, key === '' ? null : key, counts, bars.get(key) ?? []));
  };
  const barsOf = groupBy(groupDurations, (d) => `${d.dimension} ${d.groupId}`);
  return [
    ...grouped(
      'company',
      (t) => t.companyId ?? '',
      (d) => d.companyId ?? '',
    ),
    ...[...groupBy(places, (t) => t.municipalityId)].map(([key, counts]) =>
      row(
        'municipality',
        key,
        counts.map((c) => ({ status: c.status, n: c.cases })),
        barsOf.get(`municipality ${key}`) ?? [],
      ),
    ),
    ...grouped(
      'quarter',
      (t) => t.quarter,
      (d) => d.filedQuarter,
    ),
    ...(counted.length ? [row('total', null, counted, durations)] : []),
    ...[...groupBy(categories, (c) => c.categoryId)].map(([key, counts]) => row('category', key, counts, barsOf.get(`category ${key}`) ?? [])),
  ];
}

type RawRow = PublicRow & { key: string };

/** Applies small-cell and complementary suppression to one public table, column by column. */
function publicTable(rows: RawRow[], total: RawRow, labelOf: (key: string) => string): { rows: TransparencyRow[]; total: TransparencyRow } {
  const columns = ['filed', 'resolved', 'closedUnresolved'] as const;
  const suppressed = Object.fromEntries(
    columns.map((col) => [
      col,
      suppressColumn(
        rows.map((r) => r[col]),
        total[col],
      ),
    ]),
  ) as Record<(typeof columns)[number], ReturnType<typeof suppressColumn>>;
  const present = (r: RawRow, i: number | 'total'): TransparencyRow => ({
    key: r.key,
    label: labelOf(r.key),
    filed: i === 'total' ? suppressed.filed.total : suppressed.filed.cells[i]!,
    resolved: i === 'total' ? suppressed.resolved.total : suppressed.resolved.cells[i]!,
    closedUnresolved: i === 'total' ? suppressed.closedUnresolved.total : suppressed.closedUnresolved.cells[i]!,
    medianDaysToAcknowledge: publicMedian(r.medianAcknowledge, r.acknowledgedCount),
    medianDaysToResolve: publicMedian(r.medianResolve, r.resolvedCount),
  });
  return { rows: rows.map((r, i) => present(r, i)), total: present(total, 'total') };
}

/**
 * The public figures of a mechanism: per company, category, municipality and quarter of filing,
 * suppressed so that no published number counts fewer than 5 people and none can be recovered.
 * Never any identity or free text: only counts, medians and reference-list names.
 */
export async function transparencyFigures(
  database: Database,
  mechanism: { id: string; slug: string; name: string },
  period: { from?: string; to?: string },
  language: Language,
  now: Date,
  source: FigureSource = 'auto',
): Promise<TransparencyDto> {
  const t = translatorFor(language);
  const scope = oversightCondition(mechanism.id, { from: period.from, to: period.to }, now);
  const whole = period.from === undefined && period.to === undefined;
  const [companies, categories, municipalities, rows] = await readFigures(
    database,
    async (db) =>
      [
        await companiesOf(db, mechanism.id),
        await categoriesOf(db, mechanism.id),
        await municipalitiesOf(db, mechanism.id),
        (await useTallies(db, mechanism.id, source, whole))
          ? await cachedPublicFigures(database, db, mechanism.id, now, () => publicRowsFromTallies(db, mechanism.id))
          : await publicRows(db, scope),
      ] as const,
  );
  const rowsFor = (dimension: PublicDimension): RawRow[] =>
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => ({ ...r, key: dimension === 'total' ? 'total' : (r.key ?? 'none') }))
      .sort((a, b) => a.key.localeCompare(b.key));
  const company = rowsFor('company');
  const category = rowsFor('category');
  const municipality = rowsFor('municipality');
  const quarter = rowsFor('quarter');
  const names = {
    company: new Map(companies.map((c) => [c.id, c.name])),
    category: new Map(categories.map((c) => [c.id, localized(c.name, language)])),
    municipality: new Map(municipalities.map((m) => [m.id, m.name])),
  };
  const total: RawRow = rowsFor('total')[0] ?? {
    dimension: 'total',
    key: 'total',
    filed: 0,
    resolved: 0,
    closedUnresolved: 0,
    acknowledgedCount: 0,
    medianAcknowledge: null,
    resolvedCount: 0,
    medianResolve: null,
  };
  const byName = (a: TransparencyRow, b: TransparencyRow) => a.label.localeCompare(b.label, language);
  const label = (map: Map<string, string>) => (key: string) => (key === 'none' ? t('transparency:unrouted') : (map.get(key) ?? key));
  const companyTable = publicTable(company, total, label(names.company));
  return {
    mechanism: { slug: mechanism.slug, name: mechanism.name },
    period: { from: period.from ?? null, to: period.to ?? null },
    minimumCell: MINIMUM_CELL,
    total: { ...companyTable.total, label: t('transparency:total') },
    byCompany: companyTable.rows.sort(byName),
    byCategory: publicTable(category, total, label(names.category)).rows.sort(byName),
    byMunicipality: publicTable(municipality, total, label(names.municipality)).rows.sort(byName),
    byQuarter: publicTable(quarter, total, (key) => key).rows,
    // A count alone: suppressed like any cell, 1 to 4 reports shown as "<5" (zero reveals nobody).
    reprisalReports: suppressColumn([], await countReprisalReports(database, mechanism.id, period.from ?? null, period.to ?? null)).total,
  };
}
