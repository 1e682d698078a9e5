/**
 * Reads of the oversight summary tables (migration 0024): sums of the tallies a trigger keeps in the
 * same transaction as every change, so a figure adds up thousands of rows instead of scanning a
 * million cases. Rows appended since the last fold are summed with the folded ones, and groups that
 * add up to nothing are left out, as a scan of the cases would never see them.
 */
import type { Database, Queryable } from '../db/database';
import { joinSql, rawSql, sql, type SqlFragment } from '../db/sql';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { Milestone } from './oversight';

/**
 * The number the last change of `case_figures` drew from `oversight_figures_changes` (migration 0043),
 * as text: a copy of the figures computed under one stamp is stale once the stamp moves.
 */
export async function figuresChangeStamp(db: Queryable): Promise<string> {
  const row = await db.one<{ stamp: string }>(`SELECT last_value::text || ':' || is_called::text AS stamp FROM oversight_figures_changes`);
  return row.stamp;
}

/** Which company the tallies are read for: all, one, or the cases nobody routed yet. */
export type CompanyScope = string | 'none' | undefined;

function companyCondition(company: CompanyScope, column = 'company_id'): SqlFragment {
  if (company === undefined) return sql`true`;
  if (company === 'none') return sql`${rawSql(column)} IS NULL`;
  return sql`${rawSql(column)} = ${company}`;
}

/**
 * Runs the reads of one set of figures in one snapshot (REPEATABLE READ, read only), so tallies and
 * the freshness mark are read at the same instant, with PostgreSQL's JIT off: on a million cases it
 * spent 4.25 s of the public page's 7.25 s compiling (issue #16), and these queries are short.
 */
export function readFigures<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.query('SET LOCAL jit = off');
    return work(tx);
  });
}

/** Whether the mechanism's tallies match its calendar (no holiday changed since they were counted). */
export async function talliesFresh(db: Queryable, mechanismId: string): Promise<boolean> {
  const stale = await db.maybeOne('SELECT 1 FROM oversight_stale WHERE mechanism_id = $1', [mechanismId]);
  return stale === undefined;
}

/** Cases of one company, municipality and status. */
export interface CaseTally {
  companyId: string | null;
  municipalityId: string;
  status: CaseStatus;
  cases: number;
  escalated: number;
  redFlagOpen: number;
}

/** The case tallies of a mechanism (optionally one company's). */
export function caseTallies(db: Queryable, mechanismId: string, company: CompanyScope): Promise<CaseTally[]> {
  return db.query(
    sql`SELECT company_id AS "companyId", municipality_id AS "municipalityId", status,
            sum(cases)::int AS cases, sum(escalated)::int AS escalated, sum(red_flag_open)::int AS "redFlagOpen"
     FROM oversight_case_tallies WHERE mechanism_id = ${mechanismId} AND ${companyCondition(company)}
     GROUP BY company_id, municipality_id, status HAVING sum(cases) <> 0`,
  );
}

/** Cases of one company and status filed in one Bogotá month (`YYYY-MM`), with the scorecards' sums. */
export interface PeriodTally {
  companyId: string | null;
  status: CaseStatus;
  filedMonth: string;
  cases: number;
  agreementsReached: number;
  agreementsKept: number;
  satisfactionSum: number;
  satisfactionCount: number;
  deadlinesSettled: number;
  deadlinesMet: number;
}

/** The period tallies of a mechanism (optionally one company's). */
export function periodTallies(db: Queryable, mechanismId: string, company: CompanyScope): Promise<PeriodTally[]> {
  return db.query(
    sql`SELECT company_id AS "companyId", status, to_char(filed_month, 'YYYY-MM') AS "filedMonth", sum(cases)::int AS cases,
            sum(agreements_reached)::int AS "agreementsReached", sum(agreements_kept)::int AS "agreementsKept",
            sum(satisfaction_sum)::int AS "satisfactionSum", sum(satisfaction_count)::int AS "satisfactionCount",
            sum(deadlines_settled)::int AS "deadlinesSettled", sum(deadlines_met)::int AS "deadlinesMet"
     FROM oversight_period_tallies WHERE mechanism_id = ${mechanismId} AND ${companyCondition(company)}
     GROUP BY company_id, status, filed_month HAVING sum(cases) <> 0`,
  );
}

/** How many cases reached a milestone in `days` business days (null: outside the calendar table). */
interface DurationBar {
  milestone: Milestone;
  days: number | null;
  n: number;
}

/** Durations per month in which the milestone was reached (`YYYY-MM`): the dashboard's series. */
export interface MonthDurationTally extends DurationBar {
  reachedMonth: string;
}

/** Durations per company and quarter of filing (`YYYY-"Q"Q`, as the scorecards and the public page name quarters). */
export interface QuarterDurationTally extends DurationBar {
  companyId: string | null;
  filedQuarter: string;
}

/** What the dashboard is made of, summed from the tallies. */
export interface SummaryTallies {
  /** Cases per status and municipality with the escalated and red-flag queues. */
  counts: { status: CaseStatus; municipalityId: string; count: number; escalated: number; redFlag: number }[];
  /** Cases filed per Bogotá month (`YYYY-MM`). */
  filed: { month: string; count: number }[];
  durations: MonthDurationTally[];
  overdue: number;
}

/**
 * The dashboard's sums of a mechanism (optionally one company's) in one statement: counts per status
 * and municipality, filings per month, duration histograms per month reached and the overdue queue
 * (overdueCount's sum), each summed in SQL to the grain the dashboard shows — a few hundred rows back
 * instead of ~11,000 tally rows, and one round trip instead of four.
 */
export async function summaryTallies(db: Queryable, mechanismId: string, company: CompanyScope, now: Date): Promise<SummaryTallies> {
  const where = sql`mechanism_id = ${mechanismId} AND ${companyCondition(company)}`;
  const row = await db.one<SummaryTallies>(
    sql`SELECT
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT status, municipality_id AS "municipalityId", sum(cases)::int AS count, sum(escalated)::int AS escalated,
                 sum(red_flag_open)::int AS "redFlag"
          FROM oversight_case_tallies WHERE ${where}
          GROUP BY status, municipality_id HAVING sum(cases) <> 0) x) AS counts,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT to_char(filed_month, 'YYYY-MM') AS month, sum(cases)::int AS count
          FROM oversight_period_tallies WHERE ${where}
          GROUP BY filed_month HAVING sum(cases) <> 0) x) AS filed,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT milestone, to_char(reached_month, 'YYYY-MM') AS "reachedMonth", days, sum(n)::int AS n
          FROM oversight_duration_tallies WHERE ${where}
          GROUP BY milestone, reached_month, days HAVING sum(n) <> 0) x) AS durations,
       ${overdueSql(mechanismId, companyCondition(company), now)} AS overdue`,
  );
  return row;
}

/**
 * The set of cases one filter names, as `oversight_filed_tallies` (migration 0053) keeps them: every case, a
 * category's (by code), a municipality's, a status's, or the escalated or red-flag queue.
 */
export type FiledSlice =
  | { kind: 'all' }
  | { kind: 'category'; code: string }
  | { kind: 'municipality'; id: string }
  | { kind: 'status'; status: CaseStatus }
  | { kind: 'escalated' }
  | { kind: 'red_flag' };

/** What the dashboard may be filtered by and still be read from `oversight_filed_tallies`. */
export interface FiledScope {
  company: CompanyScope;
  slice: FiledSlice;
  /** Filed on or after this Bogotá date. */
  from?: string;
  /** Filed on or before this Bogotá date. */
  to?: string;
}

/** The slice's tally rows, and the same cases as a condition over `case_figures`. */
function sliceConditions(mechanismId: string, slice: FiledSlice): { rows: SqlFragment; figures: SqlFragment } {
  switch (slice.kind) {
    case 'all':
      return { rows: sql`slice = 'all' AND slice_key = ''`, figures: sql`true` };
    case 'category': {
      const ids = sql`SELECT id FROM categories WHERE mechanism_id = ${mechanismId} AND code = ${slice.code}`;
      return { rows: sql`slice = 'category' AND slice_key IN (SELECT id::text FROM (${ids}) k)`, figures: sql`categories && ARRAY(${ids})` };
    }
    case 'municipality':
      return { rows: sql`slice = 'municipality' AND slice_key = ${slice.id}::uuid::text`, figures: sql`municipality_id = ${slice.id}::uuid` };
    case 'status':
      return { rows: sql`slice = 'status' AND slice_key = ${slice.status}`, figures: sql`status = ${slice.status}` };
    case 'escalated':
      return { rows: sql`slice = 'escalated' AND slice_key = ''`, figures: sql`escalated` };
    case 'red_flag':
      return { rows: sql`slice = 'red_flag' AND slice_key = ''`, figures: sql`red_flag_open` };
  }
}

/** The dashboard's sums by status and by place apart (the dashboard never needs them crossed). */
export interface FiledSummaryTallies {
  statuses: { status: CaseStatus; count: number; escalated: number; redFlag: number }[];
  places: { municipalityId: string; count: number }[];
  filed: { month: string; count: number }[];
  durations: MonthDurationTally[];
  overdue: number;
}

/** The first day of the month `months` after the one `day` (`YYYY-MM-DD`) falls in. */
function monthStart(day: string, months: number): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 + months, 1));
  return start.toISOString().slice(0, 10);
}

/**
 * The tally rows of a period of filing: whole months from the month rows, the days of a month the period
 * only partly covers from the day rows. No period: every month row. One condition per range of rows, each
 * naming its span, so each is one tight range of the tallies' index (an OR of them read every day row of
 * the slice from the period's start on: 42,000 index entries for half a year of one category).
 */
function filedPeriodRanges(from: string | undefined, to: string | undefined): SqlFragment[] {
  const range = (span: 'day' | 'month', first: string | undefined, endBefore: string | undefined) =>
    sql`span = ${span} AND ${first === undefined ? sql`true` : sql`filed_on >= ${first}::date`} AND ${endBefore === undefined ? sql`true` : sql`filed_on < ${endBefore}::date`}`;
  const after = to === undefined ? undefined : nextDay(to);
  // Whole months are those from `first` (inclusive) to `end` (exclusive).
  const first = from === undefined ? undefined : from.endsWith('-01') ? from : monthStart(from, 1);
  const end = after === undefined ? undefined : after.endsWith('-01') ? after : monthStart(after, 0);
  if (first !== undefined && end !== undefined && first >= end) return [range('day', from, after)];
  return [
    range('month', first, end),
    ...(from !== undefined && from < first! ? [range('day', from, first)] : []),
    ...(after !== undefined && end! < after ? [range('day', end, after)] : []),
  ];
}

/** The day after `day` (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The dashboard's sums of a mechanism for the cases of a period of filing, a company and a slice (any of
 * them), in one statement over `oversight_filed_tallies`: counts per status and per municipality, filings
 * per month, duration histograms per month reached and the overdue queue (the tallied days before today,
 * UTC, plus today's counted from `case_figures` by index, as overdueCount does).
 */
export async function filedSummaryTallies(db: Queryable, mechanismId: string, scope: FiledScope, now: Date): Promise<FiledSummaryTallies> {
  const slice = sliceConditions(mechanismId, scope.slice);
  const groups = sql`mechanism_id = ${mechanismId} AND ${slice.rows} AND ${companyCondition(scope.company)}`;
  const columns = rawSql('facet, status, municipality_id, on_day, days, filed_on, cases, escalated, red_flag_open');
  const rows = joinSql(
    filedPeriodRanges(scope.from, scope.to).flatMap((range) => [
      sql`SELECT ${columns} FROM oversight_filed_tallies WHERE ${groups} AND ${range}`,
      sql`SELECT ${columns} FROM oversight_filed_appends WHERE ${groups} AND ${range}`,
    ]),
    ' UNION ALL ',
  );
  const filedIn = sql`${scope.from === undefined ? sql`true` : sql`filed_on >= ${scope.from}::date`} AND ${scope.to === undefined ? sql`true` : sql`filed_on <= ${scope.to}::date`}`;
  return db.one<FiledSummaryTallies>(
    sql`WITH t AS (${rows})
     SELECT
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT status, sum(cases)::int AS count, sum(escalated)::int AS escalated, sum(red_flag_open)::int AS "redFlag"
          FROM t WHERE facet = 'status' GROUP BY status HAVING sum(cases) <> 0) x) AS statuses,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT municipality_id AS "municipalityId", sum(cases)::int AS count
          FROM t WHERE facet = 'municipality' GROUP BY municipality_id HAVING sum(cases) <> 0) x) AS places,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT to_char(filed_on, 'YYYY-MM') AS month, sum(cases)::int AS count
          FROM t WHERE facet = 'status' GROUP BY 1 HAVING sum(cases) <> 0) x) AS filed,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT facet AS milestone, to_char(on_day, 'YYYY-MM') AS "reachedMonth", days, sum(cases)::int AS n
          FROM t WHERE facet IN ('acknowledged', 'resolved') GROUP BY 1, 2, 3 HAVING sum(cases) <> 0) x) AS durations,
       ((SELECT COALESCE(sum(cases), 0) FROM t WHERE facet = 'overdue' AND on_day < utc_day(${now}::timestamptz))
        + (SELECT count(*) FROM case_figures
           WHERE mechanism_id = ${mechanismId} AND ${companyCondition(scope.company)} AND ${slice.figures} AND ${filedIn}
             AND overdue_from < ${now} AND overdue_from >= utc_day(${now}::timestamptz) AT TIME ZONE 'UTC'))::int AS overdue`,
  );
}

/** A company's scorecard sums for the cases of one quarter of filing (`YYYY-"Q"Q`), as the tallies keep them. */
export interface QuarterScorecardTally extends Omit<PeriodTally, 'companyId' | 'status' | 'filedMonth'> {
  companyId: string;
  quarter: string;
  /** Open deadlines (neither met nor called off) whose due time is before `now`. */
  openDue: number;
}

/** The scorecards' sums and duration histograms per company and quarter of filing. */
export interface ScorecardTallies {
  quarters: QuarterScorecardTally[];
  durations: (DurationBar & { companyId: string; quarter: string })[];
}

/**
 * The scorecards' figures of a mechanism for the routed cases of a period of filing, a company and a slice
 * other than the two queues, per company and quarter of filing, in one statement: cases and duration histograms
 * from `oversight_filed_tallies` (migration 0053), the other sums and the open deadlines by due day from
 * `oversight_scorecard_tallies` (0095), plus the deadlines falling due today before `now` counted from the
 * deadlines themselves by index, as openDeadlinesDue does.
 */
export async function filedScorecardTallies(db: Queryable, mechanismId: string, scope: FiledScope, now: Date): Promise<ScorecardTallies> {
  const slice = sliceConditions(mechanismId, scope.slice);
  const groups = sql`mechanism_id = ${mechanismId} AND ${slice.rows} AND ${companyCondition(scope.company)} AND company_id IS NOT NULL`;
  const rangesOf = (tables: [string, string], columns: string, extra: SqlFragment) =>
    joinSql(
      filedPeriodRanges(scope.from, scope.to).flatMap((range) =>
        tables.map((table) => sql`SELECT ${rawSql(columns)} FROM ${rawSql(table)} WHERE ${groups} AND ${extra} AND ${range}`),
      ),
      ' UNION ALL ',
    );
  const filed = rangesOf(
    ['oversight_filed_tallies', 'oversight_filed_appends'],
    'company_id, filed_on, facet, days, cases',
    sql`facet IN ('status', 'acknowledged', 'resolved')`,
  );
  const kept = rangesOf(
    ['oversight_scorecard_tallies', 'oversight_scorecard_appends'],
    'company_id, filed_on, due_day, agreements_reached, agreements_kept, satisfaction_sum, satisfaction_count, deadlines_settled, deadlines_met, open_due',
    sql`true`,
  );
  const filedIn = sql`${scope.from === undefined ? sql`true` : sql`filed_on >= ${scope.from}::date`} AND ${scope.to === undefined ? sql`true` : sql`filed_on <= ${scope.to}::date`}`;
  const quarter = rawSql(`to_char(filed_on, 'YYYY-"Q"Q')`);
  const today = sql`utc_day(${now}::timestamptz)`;
  return db.one<ScorecardTallies>(
    sql`WITH t AS (${filed}), s AS (${kept}),
       -- Today's open deadlines due before now, from the deadlines (no change marks them falling due).
       today AS (
         SELECT f.company_id, f.filed_on, ${today} AS due_day, 0 AS agreements_reached, 0 AS agreements_kept, 0 AS satisfaction_sum,
                0 AS satisfaction_count, 0 AS deadlines_settled, 0 AS deadlines_met, 1 AS open_due
         FROM case_deadlines d
         JOIN (SELECT case_id, company_id, filed_on FROM case_figures
               WHERE mechanism_id = ${mechanismId} AND ${companyCondition(scope.company)} AND company_id IS NOT NULL AND ${slice.figures} AND ${filedIn}) f
           ON f.case_id = d.case_id
         WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.due_at < ${now}
           AND d.due_at >= ${today} AT TIME ZONE 'UTC'),
       q AS (SELECT company_id, ${quarter} AS quarter, sum(cases)::int AS cases, 0 AS agreements_reached, 0 AS agreements_kept,
                    0 AS satisfaction_sum, 0 AS satisfaction_count, 0 AS deadlines_settled, 0 AS deadlines_met, 0 AS open_due
             FROM t WHERE facet = 'status' GROUP BY 1, 2
             UNION ALL
             SELECT company_id, ${quarter}, 0, sum(agreements_reached)::int, sum(agreements_kept)::int, sum(satisfaction_sum)::int,
                    sum(satisfaction_count)::int, sum(deadlines_settled)::int, sum(deadlines_met)::int,
                    COALESCE(sum(open_due) FILTER (WHERE due_day < ${today}), 0)::int
             FROM s GROUP BY 1, 2
             UNION ALL
             SELECT company_id, ${quarter}, 0, 0, 0, 0, 0, 0, 0, count(*)::int FROM today GROUP BY 1, 2)
     SELECT
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT company_id AS "companyId", quarter, sum(cases)::int AS cases, sum(agreements_reached)::int AS "agreementsReached",
                 sum(agreements_kept)::int AS "agreementsKept", sum(satisfaction_sum)::int AS "satisfactionSum",
                 sum(satisfaction_count)::int AS "satisfactionCount", sum(deadlines_settled)::int AS "deadlinesSettled",
                 sum(deadlines_met)::int AS "deadlinesMet", sum(open_due)::int AS "openDue"
          FROM q GROUP BY 1, 2 HAVING sum(cases) <> 0) x) AS quarters,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT company_id AS "companyId", ${quarter} AS quarter, facet AS milestone, days, sum(cases)::int AS n
          FROM t WHERE facet IN ('acknowledged', 'resolved') GROUP BY 1, 2, 3, 4 HAVING sum(cases) <> 0) x) AS durations`,
  );
}

/** The duration histograms of a mechanism (optionally one company's) per company and quarter of filing, summed in SQL over months reached. */
export function durationsByQuarter(db: Queryable, mechanismId: string, company: CompanyScope): Promise<QuarterDurationTally[]> {
  return db.query(
    sql`SELECT company_id AS "companyId", milestone, to_char(filed_quarter, 'YYYY-"Q"Q') AS "filedQuarter", days, sum(n)::int AS n
     FROM oversight_duration_tallies WHERE mechanism_id = ${mechanismId} AND ${companyCondition(company)}
     GROUP BY company_id, milestone, filed_quarter, days HAVING sum(n) <> 0`,
  );
}

/** Known durations per municipality or category. */
export interface GroupDurationTally {
  dimension: 'municipality' | 'category';
  groupId: string;
  milestone: Milestone;
  days: number;
  n: number;
}

/** The duration histograms of a mechanism per municipality and per category. */
export function groupDurationTallies(db: Queryable, mechanismId: string): Promise<GroupDurationTally[]> {
  return db.query(
    `SELECT dimension, group_id AS "groupId", milestone, days, sum(n)::int AS n
     FROM oversight_group_duration_tallies WHERE mechanism_id = $1
     GROUP BY dimension, group_id, milestone, days HAVING sum(n) <> 0`,
    [mechanismId],
  );
}

/** Cases per category and status (a case counts once in each of its categories). */
export function categoryTallies(db: Queryable, mechanismId: string): Promise<{ categoryId: string; status: CaseStatus; n: number }[]> {
  return db.query(
    `SELECT category_id AS "categoryId", status, sum(n)::int AS n FROM oversight_category_tallies WHERE mechanism_id = $1
     GROUP BY category_id, status HAVING sum(n) <> 0`,
    [mechanismId],
  );
}

/**
 * Deadlines neither met nor called off whose due time is before `now`, per company and quarter of
 * filing: the tallied days before today (UTC), plus today's counted from the deadlines themselves,
 * since a deadline falls due with the clock and no change marks it.
 */
export function openDeadlinesDue(
  db: Queryable,
  mechanismId: string,
  company: CompanyScope,
  now: Date,
): Promise<{ companyId: string | null; filedQuarter: string; n: number }[]> {
  return db.query(
    sql`SELECT "companyId", "filedQuarter", sum(n)::int AS n FROM (
       SELECT company_id AS "companyId", to_char(filed_quarter, 'YYYY-"Q"Q') AS "filedQuarter", n
       FROM oversight_due_tallies
       WHERE mechanism_id = ${mechanismId} AND ${companyCondition(company)} AND due_day < (${now}::timestamptz AT TIME ZONE 'UTC')::date
       UNION ALL
       SELECT f.company_id, to_char(f.filed_on, 'YYYY-"Q"Q'), 1
       FROM case_deadlines d JOIN case_figures f ON f.case_id = d.case_id
       WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.due_at < ${now}
         AND d.due_at >= date_trunc('day', ${now}::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
         AND f.mechanism_id = ${mechanismId} AND ${companyCondition(company, 'f.company_id')}
     ) x GROUP BY 1, 2 HAVING sum(n) <> 0`,
  );
}

/**
 * Cases with a running deadline past due at `now` (the overdue queue): the tallied days before today
 * (UTC, migration 0043) plus the cases that fell due today before `now`, counted from `case_figures` by
 * index, since a case becomes overdue with the clock and no change marks it.
 */
export async function overdueCount(db: Queryable, mechanismId: string, company: CompanyScope, now: Date): Promise<number> {
  const row = await db.one<{ n: number }>(sql`SELECT ${overdueSql(mechanismId, companyCondition(company), now)} AS n`);
  return row.n;
}

/** overdueCount's sum as an expression, for a mechanism, a company condition and `now`. */
function overdueSql(mechanismId: string, company: SqlFragment, now: Date): SqlFragment {
  return sql`((SELECT COALESCE(sum(n), 0) FROM oversight_overdue_tallies
            WHERE mechanism_id = ${mechanismId} AND ${company} AND overdue_day < utc_day(${now}::timestamptz))
          + (SELECT count(*) FROM case_figures
             WHERE mechanism_id = ${mechanismId} AND ${company} AND overdue_from < ${now} AND overdue_from >= utc_day(${now}::timestamptz) AT TIME ZONE 'UTC'))::int`;
}

/** Recounts durations of mechanisms a calendar change marked, then folds appended tally rows (the keeper job). */
export async function keepOversightTallies(db: Database): Promise<{ recounted: number; folded: number }> {
  let recounted = 0;
  // The mark's time as text: compared to the microsecond, which a JavaScript Date would round.
  const stale = await db.query<{ mechanismId: string; since: string }>('SELECT mechanism_id AS "mechanismId", since::text AS since FROM oversight_stale');
  for (const { mechanismId, since } of stale) {
    recounted += await db.transaction(async (tx) => {
      const { changed } = await tx.one<{ changed: number }>('SELECT recount_oversight_durations($1) + recount_effectiveness_durations($1) AS changed', [
        mechanismId,
      ]);
      // A change marked again meanwhile keeps the mark for the next run.
      await tx.query('DELETE FROM oversight_stale WHERE mechanism_id = $1 AND since::text = $2', [mechanismId, since]);
      return changed;
    });
  }
  // The effectiveness facts of the cases written since the last run, then the folds (their appends included).
  await db.query('SELECT refresh_pending_case_effectiveness()');
  const { folded } = await db.one<{ folded: number }>('SELECT compact_oversight_tallies() + compact_effectiveness_tallies() AS folded');
  return { recounted, folded };
}

/**
 * The effectiveness report's facts (migration 0048) brought up to date before it reads them: the cases
 * written since the keeper job last ran refreshed, and the durations recounted when a calendar change
 * marked the mechanism and the job has not run yet (the mark stays for the job: the oversight tallies).
 */
export async function catchUpEffectiveness(db: Database, mechanismId: string): Promise<void> {
  await db.query('SELECT refresh_pending_case_effectiveness()');
  await db.query(`SELECT recount_effectiveness_durations(mechanism_id) FROM oversight_stale WHERE mechanism_id = $1`, [mechanismId]);
}
