/**
 * SQL of the ombudsman's oversight and the public transparency figures, in one place. Everything is
 * counted and aggregated in PostgreSQL: medians in business days use the `business_days` table, whose
 * ordinals are computed from shared/calendar.ts (migration 0006), so the calendar has one definition,
 * corrected by each mechanism's own holidays through `calendar_shift` (migration 0012, kept by a trigger).
 */
import { withheldFromCompanySql } from '../policies/caseAudience';
import type { Queryable } from '../db/database';
import { emptySql, joinSql, rawSql, sql, type SqlFragment } from '../db/sql';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { OversightFilters } from '../../shared/validation/oversight';
import { endOfBogotaDay, startOfBogotaDay } from '../../shared/calendar';
import type { ScopeCondition } from '../policies/casePolicy';
import type { MapPosition } from '../../shared/types/oversight';
import { MAP_POSITION_SQL } from './adminConfig';
import { hasCategorySql } from './cases';
import type { FieldCipher } from '../crypto/fieldCipher';
import { openUserName } from './users';

/** The Bogotá calendar date of a timestamptz column, in SQL (Colombia is UTC−5 all year). */
export function bogotaDateSql(column: string): string {
  return `((${column} AT TIME ZONE 'UTC') - interval '5 hours')::date`;
}

/**
 * "Overdue", as a SQL condition over alias `c` of mechanism `mechanismId`: the case has a deadline
 * (case_deadlines, from the deadline engine) that has passed, is neither met nor called off, and is not
 * paused — read from `case_figures.overdue_from`, the earliest such due time, which a trigger keeps
 * (migration 0024), narrowed to the company filtered on: a set of the overdue cases alone, from an
 * index, instead of a scan of every open deadline.
 */
function overdueCondition(mechanismId: string, filters: OversightFilters, now: Date): SqlFragment {
  const company = filters.company === 'none' ? sql`AND f.company_id IS NULL` : filters.company ? sql`AND f.company_id = ${filters.company}` : emptySql;
  return sql`c.id IN (SELECT f.case_id FROM case_figures f WHERE f.mechanism_id = ${mechanismId} ${company} AND f.overdue_from < ${now})`;
}

/** The cases of `mechanismId` matching `filters`, as a SQL condition over alias `c` (a ScopeCondition). */
export function oversightCondition(mechanismId: string, filters: OversightFilters, now: Date): ScopeCondition {
  const where = [sql`c.mechanism_id = ${mechanismId}`];
  if (filters.company === 'none') where.push(sql`c.company_id IS NULL`);
  else if (filters.company) where.push(sql`c.company_id = ${filters.company}`);
  if (filters.status) where.push(sql`c.status = ${filters.status}`);
  if (filters.category) where.push(hasCategorySql(filters.category));
  if (filters.municipality) where.push(sql`c.municipality_id = ${filters.municipality}`);
  if (filters.identityMode) where.push(sql`c.identity_mode = ${filters.identityMode}`);
  if (filters.escalation !== undefined) where.push(sql`c.escalation_level = ${filters.escalation}`);
  if (filters.queue === 'escalated') where.push(sql`c.escalation_level > 0`);
  // Red flags still waiting for the ombudsman's decision to let the company see them.
  if (filters.queue === 'red_flag') where.push(rawSql(withheldFromCompanySql('c')));
  if (filters.queue === 'overdue') where.push(overdueCondition(mechanismId, filters, now));
  if (filters.from) where.push(sql`c.created_at >= ${startOfBogotaDay(filters.from)}`);
  if (filters.to) where.push(sql`c.created_at <= ${endOfBogotaDay(filters.to)}`);
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(sql`(c.reference ILIKE ${pattern} OR c.description ILIKE ${pattern})`);
  }
  return joinSql(where, ' AND ');
}

/**
 * The cases `filters` select but for their identity mode that were filed under a name, named or confidential:
 * the rows of migration 0124's partial index, which an anonymous filing does not enter.
 */
export function identifiedCondition(mechanismId: string, filters: OversightFilters, now: Date): ScopeCondition {
  return sql`${oversightCondition(mechanismId, { ...filters, identityMode: undefined }, now)} AND c.identity_mode <> 'anonymous'`;
}

/** How many cases `scope` selects, counted up to `limit` at most (the count stops reading there). */
export async function countUpTo(db: Queryable, scope: ScopeCondition, limit: number): Promise<number> {
  const row = await db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${scope} LIMIT ${limit}) x`);
  return row.n;
}

/** A row of the counts per status and municipality with the three queues. */
type StatusAndQueueCount = { status: CaseStatus; municipalityId: string; count: number; overdue: number; escalated: number; redFlag: number };

/**
 * The statement of the counts per status and municipality with the three queues, over `cases` (the table, or
 * summaryRows' materialized set of the scope's cases, both named `c`) and the condition `where` puts on them.
 */
function statusAndQueueCountsSql(cases: SqlFragment, where: SqlFragment, mechanismId: string, filters: OversightFilters, now: Date): SqlFragment {
  // Overdue as a join on the case's figures row, not overdueCondition's `IN`: that one hashed every overdue case
  // of the mechanism (~90,000 at a million, ~0.5 s) even for a scope of ten cases; the join lets the planner probe
  // the figures of a few cases by key, or hash the overdue ones for many. The same cases: the figures row is the case's.
  const company = filters.company === 'none' ? sql`AND o.company_id IS NULL` : filters.company ? sql`AND o.company_id = ${filters.company}` : emptySql;
  return sql`SELECT c.status, c.municipality_id AS "municipalityId", count(*)::int AS count,
            count(o.case_id)::int AS overdue,
            count(*) FILTER (WHERE c.escalation_level > 0)::int AS escalated,
            count(*) FILTER (WHERE ${rawSql(withheldFromCompanySql('c'))})::int AS "redFlag"
     FROM ${cases} c
     LEFT JOIN case_figures o ON o.case_id = c.id AND o.mechanism_id = ${mechanismId} ${company} AND o.overdue_from < ${now}
     ${where} GROUP BY 1, 2`;
}

/** Counts per status and municipality with the three queues, in one pass over the cases. */
export function statusAndQueueCounts(
  db: Queryable,
  mechanismId: string,
  scope: ScopeCondition,
  filters: OversightFilters,
  now: Date,
): Promise<StatusAndQueueCount[]> {
  return db.query(statusAndQueueCountsSql(sql`cases`, sql`WHERE ${scope}`, mechanismId, filters, now));
}

/**
 * The dashboard counted from the rows in one statement: statusAndQueueCounts, filedPerMonth and, per month a
 * milestone was reached, how many cases and their median business days from filing (with one row, `month` null,
 * for the whole selection), over the cases of `scope` read once (a materialized set of the columns they read)
 * instead of four times: a scope that is slow to find (the overdue queue, an escalation level) is found
 * once. The same queries otherwise, so the same figures.
 */
export async function summaryRows(
  db: Queryable,
  mechanismId: string,
  scope: ScopeCondition,
  filters: OversightFilters,
  now: Date,
): Promise<{
  counts: StatusAndQueueCount[];
  filed: { month: string; count: number }[];
  acknowledged: { month: string | null; count: number; median: number | null }[];
  resolved: { month: string | null; count: number; median: number | null }[];
}> {
  const milestone = (m: Milestone) =>
    sql`(SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT to_char(${rawSql(bogotaDateSql(MILESTONE_COLUMN[m]))}, 'YYYY-MM') AS month, count(*)::int AS count, ${rawSql(medianDays('m'))} AS median
          FROM c ${rawSql(businessDayJoins({ [m]: 'm' }))}
          WHERE ${rawSql(MILESTONE_COLUMN[m])} IS NOT NULL
          GROUP BY GROUPING SETS ((1), ())) x)`;
  return db.one(
    sql`WITH c AS MATERIALIZED (
       SELECT c.id, c.mechanism_id, c.status, c.municipality_id, c.escalation_level, c.red_flag, c.red_flag_released_at, c.created_at,
              c.first_acknowledged_at, c.first_resolved_at
       FROM cases c WHERE ${scope})
     SELECT
       (SELECT COALESCE(json_agg(x), '[]') FROM (${statusAndQueueCountsSql(sql`c`, emptySql, mechanismId, filters, now)}) x) AS counts,
       (SELECT COALESCE(json_agg(x ORDER BY x.month), '[]') FROM (
          SELECT to_char(${rawSql(bogotaDateSql('c.created_at'))}, 'YYYY-MM') AS month, count(*)::int AS count FROM c GROUP BY 1) x) AS filed,
       ${milestone('acknowledged')} AS acknowledged,
       ${milestone('resolved')} AS resolved`,
  );
}

/** The municipalities of a mechanism with their squares on the oversight map (null when unplaced). */
export function municipalitiesOf(
  db: Queryable,
  mechanismId: string,
): Promise<{ id: string; name: string; daneCode: string; active: boolean; mapPosition: MapPosition | null }[]> {
  return db.query(
    `SELECT m.id, m.name, m.dane_code AS "daneCode", m.active, ${MAP_POSITION_SQL} AS "mapPosition"
     FROM municipalities m WHERE m.mechanism_id = $1 ORDER BY m.name`,
    [mechanismId],
  );
}

/** A milestone of a case's history: its first acknowledgement, its agreement taking effect, its resolution. */
export type Milestone = 'acknowledged' | 'in_implementation' | 'resolved';

// First dates are copied from case_events by a trigger (migration 0006), so each figure is one scan.
const MILESTONE_COLUMN: Record<Milestone, string> = {
  acknowledged: 'c.first_acknowledged_at',
  in_implementation: 'c.first_agreement_at',
  resolved: 'c.first_resolved_at',
};

/** Joins giving `f.ordinal` (filing) and `<alias>.ordinal` (each milestone) in business days, with their shifts. */
function businessDayJoins(milestones: Partial<Record<Milestone, string>>): string {
  const day = (alias: string, date: string) =>
    `LEFT JOIN business_days ${alias} ON ${alias}.day = ${date}
     LEFT JOIN calendar_shift ${alias}_shift ON ${alias}_shift.mechanism_id = c.mechanism_id AND ${alias}_shift.day = ${alias}.day`;
  return [
    day('f', bogotaDateSql('c.created_at')),
    ...Object.entries(milestones).map(([m, alias]) => day(alias, bogotaDateSql(MILESTONE_COLUMN[m as Milestone]))),
  ].join('\n');
}

/** Business days from filing to the milestone joined as `alias`, in the case's own mechanism calendar. */
function businessDaysSql(alias: string): string {
  return `((${alias}.ordinal - COALESCE(${alias}_shift.lost, 0)) - (f.ordinal - COALESCE(f_shift.lost, 0)))`;
}

/** Median business days from filing to the milestone, as SQL over the joins above (NULLs ignored). */
function medianDays(alias: string): string {
  return `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${businessDaysSql(alias)})`;
}

/** Cases filed per Bogotá month. */
export function filedPerMonth(db: Queryable, scope: ScopeCondition): Promise<{ month: string; count: number }[]> {
  return db.query(
    sql`SELECT to_char(${rawSql(bogotaDateSql('c.created_at'))}, 'YYYY-MM') AS month, count(*) AS count
     FROM cases c WHERE ${scope} GROUP BY 1 ORDER BY 1`,
  );
}

/**
 * Per Bogotá month in which cases reached `milestone`, how many took each number of business days from filing
 * (`days` null: outside the calendar table): summaryRows' milestone cases as the summary tables' histograms keep
 * them, so that sums counted from rows can be taken from the tallies' (server/oversight/figures.ts).
 */
export function milestoneBars(db: Queryable, scope: ScopeCondition, milestone: Milestone): Promise<{ reachedMonth: string; days: number | null; n: number }[]> {
  const column = MILESTONE_COLUMN[milestone];
  return db.query(
    sql`SELECT to_char(${rawSql(bogotaDateSql(column))}, 'YYYY-MM') AS "reachedMonth", ${rawSql(businessDaysSql('m'))} AS days, count(*)::int AS n
     FROM cases c ${rawSql(businessDayJoins({ [milestone]: 'm' }))}
     WHERE ${scope} AND ${rawSql(column)} IS NOT NULL
     GROUP BY 1, 2`,
  );
}

/** One company's raw scorecard figures, for the whole selection (`quarter` null) or one quarter of filing. */
export interface ScorecardRow {
  companyId: string;
  quarter: string | null;
  cases: number;
  due: number;
  met: number;
  medianAcknowledge: number | null;
  medianResolve: number | null;
  agreementsReached: number;
  agreementsKept: number;
  satisfactionSum: number;
  satisfactionCount: number;
}

/**
 * Per company, and per company and quarter of filing, in one scan: cases; deadlines due by `now` (met,
 * or passed; called-off ones do not count) and met on time; median business days to acknowledge and to
 * resolve; agreements accepted and kept (every commitment verified); satisfaction answers.
 */
export async function scorecardRows(db: Queryable, scope: ScopeCondition, now: Date, lookup: 'auto' | 'by case' | 'grouped' = 'auto'): Promise<ScorecardRow[]> {
  // A few cases (a text search, a name): their agreements, deadlines and answers looked up by case, instead of
  // grouping the whole tables by case to join a handful (2.5 s at a million for 100 cases). The same sums.
  const few = lookup === 'auto' ? (await countUpTo(db, scope, FEW_CASES + 1)) <= FEW_CASES : lookup === 'by case';
  const perCase = few
    ? sql`LEFT JOIN LATERAL (SELECT count(*) AS reached,
                              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM commitments m WHERE m.agreement_id = ag.id AND m.status <> 'verified')) AS kept
                       FROM agreements ag WHERE ag.case_id = c.id AND ag.status = 'accepted') ag ON true
     LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE satisfied_at IS NOT NULL OR due_at < ${now}) AS due,
                              count(*) FILTER (WHERE satisfied_at IS NOT NULL AND satisfied_at <= due_at) AS met
                       FROM case_deadlines WHERE case_id = c.id AND cancelled_at IS NULL) dl ON true
     LEFT JOIN LATERAL (SELECT sum(score) AS total, count(*) AS n FROM case_satisfaction WHERE case_id = c.id) s ON true`
    : sql`LEFT JOIN (SELECT ag.case_id, count(*) AS reached,
                       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM commitments m WHERE m.agreement_id = ag.id AND m.status <> 'verified')) AS kept
                FROM agreements ag WHERE ag.status = 'accepted' GROUP BY ag.case_id) ag ON ag.case_id = c.id
     LEFT JOIN (SELECT case_id, count(*) FILTER (WHERE satisfied_at IS NOT NULL OR due_at < ${now}) AS due,
                       count(*) FILTER (WHERE satisfied_at IS NOT NULL AND satisfied_at <= due_at) AS met
                FROM case_deadlines WHERE cancelled_at IS NULL GROUP BY case_id) dl ON dl.case_id = c.id
     LEFT JOIN (SELECT case_id, sum(score) AS total, count(*) AS n FROM case_satisfaction GROUP BY case_id) s ON s.case_id = c.id`;
  return db.query(
    sql`SELECT c.company_id AS "companyId", to_char(${rawSql(bogotaDateSql('c.created_at'))}, 'YYYY-"Q"Q') AS quarter,
            count(*) AS cases,
            COALESCE(sum(dl.due), 0) AS due,
            COALESCE(sum(dl.met), 0) AS met,
            ${rawSql(medianDays('a'))} AS "medianAcknowledge",
            ${rawSql(medianDays('r'))} AS "medianResolve",
            COALESCE(sum(ag.reached), 0) AS "agreementsReached",
            COALESCE(sum(ag.kept), 0) AS "agreementsKept",
            COALESCE(sum(s.total), 0) AS "satisfactionSum",
            COALESCE(sum(s.n), 0) AS "satisfactionCount"
     FROM cases c
     ${rawSql(businessDayJoins({ acknowledged: 'a', resolved: 'r' }))}
     ${perCase}
     WHERE ${scope} AND c.company_id IS NOT NULL
     GROUP BY GROUPING SETS ((1), (1, 2))`,
  );
}

/** Up to this many cases, scorecardRows looks their other rows up case by case. */
const FEW_CASES = 5_000;

/** Dimensions of the public tables. */
export type PublicDimension = 'company' | 'category' | 'municipality' | 'quarter' | 'total';

/** One row of a public table before suppression. */
export interface PublicRow {
  dimension: PublicDimension;
  key: string | null;
  filed: number;
  resolved: number;
  closedUnresolved: number;
  acknowledgedCount: number;
  medianAcknowledge: number | null;
  resolvedCount: number;
  medianResolve: number | null;
}

const PUBLIC_FIGURES = `count(*) AS filed,
  count(*) FILTER (WHERE x.status = 'resolved') AS resolved,
  count(*) FILTER (WHERE x.status = 'closed_unresolved') AS "closedUnresolved",
  count(x.ack_days) AS "acknowledgedCount", percentile_cont(0.5) WITHIN GROUP (ORDER BY x.ack_days) AS "medianAcknowledge",
  count(x.resolve_days) AS "resolvedCount", percentile_cont(0.5) WITHIN GROUP (ORDER BY x.resolve_days) AS "medianResolve"`;

function publicCases(scope: ScopeCondition, join = '', extra = ''): SqlFragment {
  return sql`SELECT c.status, ${rawSql(businessDaysSql('a'))} AS ack_days, ${rawSql(businessDaysSql('r'))} AS resolve_days${rawSql(extra)}
          FROM cases c ${rawSql(join)} ${rawSql(businessDayJoins({ acknowledged: 'a', resolved: 'r' }))}
          WHERE ${scope}`;
}

/**
 * Every public table in two scans: per company, municipality, quarter of filing and in total (grouping
 * sets over one pass), and per category (a case can have several). Counts of filed, resolved and closed
 * without agreement, and the medians in business days with how many cases each measured.
 */
export async function publicRows(db: Queryable, scope: ScopeCondition): Promise<PublicRow[]> {
  const [grouped, categories] = await Promise.all([
    db.query<PublicRow>(
      sql`SELECT CASE WHEN GROUPING(x.company) = 0 THEN 'company' WHEN GROUPING(x.municipality) = 0 THEN 'municipality'
                   WHEN GROUPING(x.quarter) = 0 THEN 'quarter' ELSE 'total' END AS dimension,
              CASE WHEN GROUPING(x.company) = 0 THEN x.company WHEN GROUPING(x.municipality) = 0 THEN x.municipality
                   WHEN GROUPING(x.quarter) = 0 THEN x.quarter END AS key,
              ${rawSql(PUBLIC_FIGURES)}
       FROM (${publicCases(
         scope,
         '',
         `, c.company_id::text AS company, c.municipality_id::text AS municipality,
                                         to_char(${bogotaDateSql('c.created_at')}, 'YYYY-"Q"Q') AS quarter`,
       )}) x
       GROUP BY GROUPING SETS ((x.company), (x.municipality), (x.quarter), ())`,
    ),
    db.query<PublicRow>(
      sql`SELECT 'category' AS dimension, x.category AS key, ${rawSql(PUBLIC_FIGURES)}
       FROM (${publicCases(scope, 'JOIN case_categories cc ON cc.case_id = c.id', ', cc.category_id::text AS category')}) x
       GROUP BY x.category`,
    ),
  ]);
  return [...grouped, ...categories];
}

/** The companies of a mechanism. */
export function companiesOf(db: Queryable, mechanismId: string): Promise<{ id: string; name: string; slug: string }[]> {
  return db.query('SELECT id, name, slug FROM companies WHERE mechanism_id = $1 ORDER BY name', [mechanismId]);
}

/** The categories of a mechanism with their translated names. */
export function categoriesOf(db: Queryable, mechanismId: string): Promise<{ id: string; code: string; name: Record<string, string> }[]> {
  return db.query('SELECT id, code, name FROM categories WHERE mechanism_id = $1 ORDER BY position', [mechanismId]);
}

/** One event of a case's history with the actor's name and role. */
interface CaseEventWithActor {
  id: number;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actorRole: string;
  actorName: string | null;
  reason: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** A case's whole history with the actor's name and role. */
export async function caseEventsWithActors(db: Queryable, cipher: FieldCipher, caseId: string): Promise<CaseEventWithActor[]> {
  const rows = await db.query<CaseEventWithActor & { actorId: string | null }>(
    `SELECT e.id, e.kind, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.actor_role AS "actorRole",
            u.id AS "actorId", u.name_ciphertext AS "actorName", e.reason, e.data, e.created_at AS "createdAt"
     FROM case_events e LEFT JOIN users u ON u.id = e.actor_user_id
     WHERE e.case_id = $1 ORDER BY e.created_at, e.id`,
    [caseId],
  );
  return rows.map(({ actorId, ...row }) => ({ ...row, actorName: openUserName(cipher, actorId, row.actorName) }));
}

/** The only mechanism, when a deployment runs exactly one (the public page then needs no slug). */
export async function soleMechanism(db: Queryable): Promise<{ id: string; slug: string; name: string } | undefined> {
  const rows = await db.query<{ id: string; slug: string; name: string }>('SELECT id, slug, name FROM mechanisms ORDER BY created_at LIMIT 2');
  return rows.length === 1 ? rows[0] : undefined;
}
