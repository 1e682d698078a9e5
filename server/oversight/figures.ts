/**
 * The figures of the ombudsman's dashboard, the company scorecards and the public transparency page,
 * built from server/repositories/oversight.ts. The dashboard and the public page count with the same
 * conditions, so their totals agree for the same period.
 */
import { CASE_STATUSES } from '../../shared/caseLifecycle';
import { addBusinessDays, bogotaDate, businessDaysBetween } from '../../shared/calendar';
import type { Language } from '../../shared/roles';
import type {
  MonthPoint,
  OversightSummaryDto,
  ScorecardFigures,
  ScorecardsDto,
  TransparencyDto,
  TransparencyRow,
} from '../../shared/types/oversight';
import type { OversightFilters } from '../../shared/validation/oversight';
import type { Queryable } from '../db/database';
import { translatorFor } from '../i18n';
import { localized } from '../presenters/casePresenter';
import {
  categoriesOf,
  companiesOf,
  milestoneGroups,
  municipalitiesOf,
  outcomeCounts,
  oversightCondition,
  statusAndQueueCounts,
  type MilestoneDimension,
  type MilestoneGroup,
} from '../repositories/oversight';
import { mediansBy, publicMedian, quarterOf, suppressColumn, toDays, weightedMedian, MINIMUM_CELL } from './statistics';

/** Business days within which a company must acknowledge (DESIGN.md; Ley 1755 de 2015). */
const ACKNOWLEDGE_DAYS = 3;

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

/** The dashboard: counts by status, queues, monthly series, medians and the map. */
export async function oversightSummary(db: Queryable, mechanismId: string, filters: OversightFilters, now: Date): Promise<OversightSummaryDto> {
  const scope = oversightCondition(mechanismId, filters, now);
  // Three scans of the cases whatever the filters: counts, and the two milestone groupings (which
  // hold every case, so the filings per month come from the first).
  const [counts, municipalities, acknowledged, resolved] = await Promise.all([
    statusAndQueueCounts(db, scope, now),
    municipalitiesOf(db, mechanismId),
    milestoneGroups(db, scope, 'acknowledged'),
    milestoneGroups(db, scope, 'resolved'),
  ]);
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as OversightSummaryDto['byStatus'];
  const queues = { overdue: 0, escalated: 0, redFlag: 0 };
  const perMunicipality = new Map<string, number>();
  for (const row of counts) {
    byStatus[row.status] += row.count;
    perMunicipality.set(row.municipalityId, (perMunicipality.get(row.municipalityId) ?? 0) + row.count);
    queues.overdue += row.overdue;
    queues.escalated += row.escalated;
    queues.redFlag += row.redFlag;
  }
  const ackDays = toDays(acknowledged);
  const resolveDays = toDays(resolved);
  const month = (d: { reached: string }) => d.reached.slice(0, 7);
  const ackByMonth = mediansBy(ackDays, month);
  const resolveByMonth = mediansBy(resolveDays, month);
  const filedByMonth = new Map<string, number>();
  for (const g of acknowledged) filedByMonth.set(g.filed.slice(0, 7), (filedByMonth.get(g.filed.slice(0, 7)) ?? 0) + g.count);
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
    total: counts.reduce((sum, row) => sum + row.count, 0),
    byStatus,
    queues,
    medianDaysToAcknowledge: weightedMedian(ackDays),
    medianDaysToResolve: weightedMedian(resolveDays),
    series,
    municipalities: municipalities.map((m) => ({ ...m, count: perMunicipality.get(m.id) ?? 0 })),
    overdueRule: 'interim_events',
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

/**
 * Per-company scorecards for the filtered cases, over the whole period and per quarter of filing.
 * Deadlines met, interim rule until `case_deadlines` lands: of the acknowledgements already due
 * (acknowledged, or 3 business days passed), the share made within 3 business days of filing.
 * Agreements reached = cases whose agreement took effect (in_implementation), kept = resolved; the
 * dialogue branch's agreement and satisfaction tables replace these when they land.
 */
export async function companyScorecards(db: Queryable, mechanismId: string, filters: OversightFilters, now: Date): Promise<ScorecardsDto> {
  const scope = oversightCondition(mechanismId, filters, now);
  const [companies, acknowledged, resolved, agreed] = await Promise.all([
    companiesOf(db, mechanismId),
    milestoneGroups(db, scope, 'acknowledged', 'company'),
    milestoneGroups(db, scope, 'resolved', 'company'),
    milestoneGroups(db, scope, 'in_implementation', 'company'),
  ]);
  const today = bogotaDate(now);
  const figures = new Map<string, ScorecardFigures>();
  const ackDays = new Map<string, { days: number; count: number }[]>();
  const resolveDays = new Map<string, { days: number; count: number }[]>();
  const slot = (key: string) => {
    let f = figures.get(key);
    if (!f) figures.set(key, (f = emptyFigures()));
    return f;
  };
  const push = (map: Map<string, { days: number; count: number }[]>, key: string, value: { days: number; count: number }) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const keysOf = (g: MilestoneGroup) => [`${g.key}`, `${g.key}|${quarterOf(g.filed)}`];

  for (const g of acknowledged) {
    for (const key of keysOf(g)) {
      const f = slot(key);
      f.cases += g.count;
      const due = g.reached !== null || addBusinessDays(g.filed, ACKNOWLEDGE_DAYS) < today;
      if (due) {
        f.deadlinesDue += g.count;
        const met = g.reached !== null && businessDaysBetween(g.filed, g.reached) <= ACKNOWLEDGE_DAYS;
        f.deadlinesMet = (f.deadlinesMet ?? 0) + (met ? g.count : 0);
      }
      if (g.reached) push(ackDays, key, { days: businessDaysBetween(g.filed, g.reached), count: g.count });
    }
  }
  for (const g of resolved) {
    if (!g.reached) continue;
    for (const key of keysOf(g)) {
      slot(key).agreementsKept += g.count;
      push(resolveDays, key, { days: businessDaysBetween(g.filed, g.reached), count: g.count });
    }
  }
  for (const g of agreed) {
    if (!g.reached) continue;
    for (const key of keysOf(g)) slot(key).agreementsReached += g.count;
  }
  for (const [key, f] of figures) {
    // Until now deadlinesMet held the count met; the scorecard shows the share.
    f.deadlinesMet = f.deadlinesDue > 0 ? (f.deadlinesMet ?? 0) / f.deadlinesDue : null;
    f.medianDaysToAcknowledge = weightedMedian(ackDays.get(key) ?? []);
    f.medianDaysToResolve = weightedMedian(resolveDays.get(key) ?? []);
  }
  const quarters = [...new Set([...figures.keys()].filter((k) => k.includes('|')).map((k) => k.split('|')[1]!))].sort();
  return {
    deadlineRule: 'interim_acknowledgement',
    scorecards: companies
      .filter((c) => !filters.company || filters.company === c.id)
      .map((c) => ({
        company: { id: c.id, name: c.name },
        ...(figures.get(c.id) ?? emptyFigures()),
        quarters: quarters.map((quarter) => ({ quarter, ...(figures.get(`${c.id}|${quarter}`) ?? emptyFigures()) })),
      })),
  };
}

interface RawRow {
  key: string;
  filed: number;
  resolved: number;
  closedUnresolved: number;
  ack: { median: number | null; count: number } | undefined;
  resolve: { median: number | null; count: number } | undefined;
}

/** Applies small-cell and complementary suppression to one public table, column by column. */
function publicTable(rows: RawRow[], total: RawRow, labelOf: (key: string) => string): { rows: TransparencyRow[]; total: TransparencyRow } {
  const columns = ['filed', 'resolved', 'closedUnresolved'] as const;
  const suppressed = Object.fromEntries(
    columns.map((col) => [col, suppressColumn(rows.map((r) => r[col]), total[col])]),
  ) as Record<(typeof columns)[number], ReturnType<typeof suppressColumn>>;
  const present = (r: RawRow, i: number | 'total'): TransparencyRow => ({
    key: r.key,
    label: labelOf(r.key),
    filed: i === 'total' ? suppressed.filed.total : suppressed.filed.cells[i]!,
    resolved: i === 'total' ? suppressed.resolved.total : suppressed.resolved.cells[i]!,
    closedUnresolved: i === 'total' ? suppressed.closedUnresolved.total : suppressed.closedUnresolved.cells[i]!,
    medianDaysToAcknowledge: publicMedian(r.ack?.median ?? null, r.ack?.count ?? 0),
    medianDaysToResolve: publicMedian(r.resolve?.median ?? null, r.resolve?.count ?? 0),
  });
  return { rows: rows.map((r, i) => present(r, i)), total: present(total, 'total') };
}

/**
 * The public figures of a mechanism: per company, category, municipality and quarter of filing,
 * suppressed so that no published number counts fewer than 5 people and none can be recovered.
 * Never any identity or free text: only counts, medians and reference-list names.
 */
export async function transparencyFigures(
  db: Queryable,
  mechanism: { id: string; slug: string; name: string },
  period: { from?: string; to?: string },
  language: Language,
  now: Date,
): Promise<TransparencyDto> {
  const t = translatorFor(language);
  const scope = oversightCondition(mechanism.id, { from: period.from, to: period.to }, now);
  const [companies, categories, municipalities] = await Promise.all([
    companiesOf(db, mechanism.id),
    categoriesOf(db, mechanism.id),
    municipalitiesOf(db, mechanism.id),
  ]);
  const names = {
    company: new Map(companies.map((c) => [c.id, c.name])),
    category: new Map(categories.map((c) => [c.id, localized(c.name, language)])),
    municipality: new Map(municipalities.map((m) => [m.id, m.name])),
  };

  async function rowsFor(dimension: Exclude<MilestoneDimension, 'none'> | 'quarter' | 'total'): Promise<RawRow[]> {
    const milestoneDimension: MilestoneDimension = dimension === 'quarter' || dimension === 'total' ? 'none' : dimension;
    const [counts, acknowledged, resolved] = await Promise.all([
      outcomeCounts(db, scope, dimension),
      milestoneGroups(db, scope, 'acknowledged', milestoneDimension),
      milestoneGroups(db, scope, 'resolved', milestoneDimension),
    ]);
    const keyOf = (d: { key: string | null; filed: string }) =>
      dimension === 'quarter' ? quarterOf(d.filed) : dimension === 'total' ? 'total' : (d.key ?? 'none');
    const ack = mediansBy(toDays(acknowledged), keyOf);
    const resolve = mediansBy(toDays(resolved), keyOf);
    return counts.map((c) => {
      const key = dimension === 'total' ? 'total' : (c.key ?? 'none');
      return { key, filed: c.filed, resolved: c.resolved, closedUnresolved: c.closedUnresolved, ack: ack.get(key), resolve: resolve.get(key) };
    });
  }

  const [company, category, municipality, quarter, totals] = await Promise.all([
    rowsFor('company'),
    rowsFor('category'),
    rowsFor('municipality'),
    rowsFor('quarter'),
    rowsFor('total'),
  ]);
  const total: RawRow = totals[0] ?? { key: 'total', filed: 0, resolved: 0, closedUnresolved: 0, ack: undefined, resolve: undefined };
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
  };
}
