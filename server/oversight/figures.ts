/**
 * The figures of the ombudsman's dashboard, the company scorecards and the public transparency page,
 * built from server/repositories/oversight.ts. The dashboard and the public page count with the same
 * conditions, so their totals agree for the same period.
 */
import { CASE_STATUSES } from '../../shared/caseLifecycle';
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
  filedPerMonth,
  milestonesPerMonth,
  municipalitiesOf,
  oversightCondition,
  publicRows,
  scorecardRows,
  statusAndQueueCounts,
  type PublicDimension,
  type PublicRow,
  type ScorecardRow,
} from '../repositories/oversight';
import { publicMedian, suppressColumn, MINIMUM_CELL } from './statistics';

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

/** The dashboard of one mechanism: counts by status, queues, monthly series, medians and the map. */
export async function oversightSummary(
  db: Queryable,
  mechanism: { id: string; slug: string; name: string },
  filters: OversightFilters,
  now: Date,
): Promise<OversightSummaryDto> {
  const mechanismId = mechanism.id;
  const scope = oversightCondition(mechanismId, filters, now);
  const [counts, municipalities, filed, acknowledged, resolved] = await Promise.all([
    statusAndQueueCounts(db, scope, now),
    municipalitiesOf(db, mechanismId),
    filedPerMonth(db, scope),
    milestonesPerMonth(db, scope, 'acknowledged'),
    milestonesPerMonth(db, scope, 'resolved'),
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
    total: counts.reduce((sum, row) => sum + row.count, 0),
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
export async function companyScorecards(db: Queryable, mechanismId: string, filters: OversightFilters, now: Date): Promise<ScorecardsDto> {
  const scope = oversightCondition(mechanismId, filters, now);
  const [companies, rows] = await Promise.all([companiesOf(db, mechanismId), scorecardRows(db, scope, now)]);
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

type RawRow = PublicRow & { key: string };

/** Applies small-cell and complementary suppression to one public table, column by column. */
function publicTable(rows: RawRow[], total: RawRow, labelOf: (key: string) => string): { rows: TransparencyRow[]; total: TransparencyRow } {
  const columns = ['filed', 'resolved', 'closedUnresolved'] as const;
  const suppressed = Object.fromEntries(columns.map((col) => [col, suppressColumn(rows.map((r) => r[col]), total[col])])) as Record<
    (typeof columns)[number],
    ReturnType<typeof suppressColumn>
  >;
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
  db: Queryable,
  mechanism: { id: string; slug: string; name: string },
  period: { from?: string; to?: string },
  language: Language,
  now: Date,
): Promise<TransparencyDto> {
  const t = translatorFor(language);
  const scope = oversightCondition(mechanism.id, { from: period.from, to: period.to }, now);
  const [companies, categories, municipalities, rows] = await Promise.all([
    companiesOf(db, mechanism.id),
    categoriesOf(db, mechanism.id),
    municipalitiesOf(db, mechanism.id),
    publicRows(db, scope),
  ]);
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
  };
}
