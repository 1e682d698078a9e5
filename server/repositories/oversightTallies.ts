/**
 * Reads of the oversight summary tables (migration 0024): sums of the tallies a trigger keeps in the
 * same transaction as every change, so a figure adds up thousands of rows instead of scanning a
 * million cases. Rows appended since the last fold are summed with the folded ones, and groups that
 * add up to nothing are left out, as a scan of the cases would never see them.
 */
import type { Database, Queryable } from '../db/database';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { Milestone } from './oversight';

/** Which company the tallies are read for: all, one, or the cases nobody routed yet. */
export type CompanyScope = string | 'none' | undefined;

function companyCondition(company: CompanyScope, params: unknown[], column = 'company_id'): string {
  if (company === undefined) return 'true';
  if (company === 'none') return `${column} IS NULL`;
  params.push(company);
  return `${column} = $${params.length}`;
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
  const params: unknown[] = [mechanismId];
  const where = companyCondition(company, params);
  return db.query(
    `SELECT company_id AS "companyId", municipality_id AS "municipalityId", status,
            sum(cases)::int AS cases, sum(escalated)::int AS escalated, sum(red_flag_open)::int AS "redFlagOpen"
     FROM oversight_case_tallies WHERE mechanism_id = $1 AND ${where}
     GROUP BY company_id, municipality_id, status HAVING sum(cases) <> 0`,
    params,
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
  const params: unknown[] = [mechanismId];
  const where = companyCondition(company, params);
  return db.query(
    `SELECT company_id AS "companyId", status, to_char(filed_month, 'YYYY-MM') AS "filedMonth", sum(cases)::int AS cases,
            sum(agreements_reached)::int AS "agreementsReached", sum(agreements_kept)::int AS "agreementsKept",
            sum(satisfaction_sum)::int AS "satisfactionSum", sum(satisfaction_count)::int AS "satisfactionCount",
            sum(deadlines_settled)::int AS "deadlinesSettled", sum(deadlines_met)::int AS "deadlinesMet"
     FROM oversight_period_tallies WHERE mechanism_id = $1 AND ${where}
     GROUP BY company_id, status, filed_month HAVING sum(cases) <> 0`,
    params,
  );
}

/** How many cases reached a milestone in `days` business days (null: outside the calendar table). */
export interface DurationTally {
  companyId: string | null;
  milestone: Milestone;
  /** `YYYY-"Q"Q` of filing, as the scorecards and the public page name quarters. */
  filedQuarter: string;
  /** `YYYY-MM` in which the milestone was reached. */
  reachedMonth: string;
  days: number | null;
  n: number;
}

/** The duration histograms of a mechanism (optionally one company's). */
export function durationTallies(db: Queryable, mechanismId: string, company: CompanyScope): Promise<DurationTally[]> {
  const params: unknown[] = [mechanismId];
  const where = companyCondition(company, params);
  return db.query(
    `SELECT company_id AS "companyId", milestone, to_char(filed_quarter, 'YYYY-"Q"Q') AS "filedQuarter",
            to_char(reached_month, 'YYYY-MM') AS "reachedMonth", days, sum(n)::int AS n
     FROM oversight_duration_tallies WHERE mechanism_id = $1 AND ${where}
     GROUP BY company_id, milestone, filed_quarter, reached_month, days HAVING sum(n) <> 0`,
    params,
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
  const params: unknown[] = [mechanismId, now];
  const tallied = companyCondition(company, params);
  const live = companyCondition(company, params, 'f.company_id');
  return db.query(
    `SELECT "companyId", "filedQuarter", sum(n)::int AS n FROM (
       SELECT company_id AS "companyId", to_char(filed_quarter, 'YYYY-"Q"Q') AS "filedQuarter", n
       FROM oversight_due_tallies
       WHERE mechanism_id = $1 AND ${tallied} AND due_day < ($2::timestamptz AT TIME ZONE 'UTC')::date
       UNION ALL
       SELECT f.company_id, to_char(f.filed_on, 'YYYY-"Q"Q'), 1
       FROM case_deadlines d JOIN case_figures f ON f.case_id = d.case_id
       WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.due_at < $2
         AND d.due_at >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
         AND f.mechanism_id = $1 AND ${live}
     ) x GROUP BY 1, 2 HAVING sum(n) <> 0`,
    params,
  );
}

/** Cases with a running deadline past due at `now` (the overdue queue). */
export async function overdueCount(db: Queryable, mechanismId: string, company: CompanyScope, now: Date): Promise<number> {
  const params: unknown[] = [mechanismId, now];
  const where = companyCondition(company, params);
  const row = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM case_figures WHERE mechanism_id = $1 AND ${where} AND overdue_from < $2`,
    params,
  );
  return row.n;
}

/** Recounts durations of mechanisms a calendar change marked, then folds appended tally rows (the keeper job). */
export async function keepOversightTallies(db: Database): Promise<{ recounted: number; folded: number }> {
  let recounted = 0;
  // The mark's time as text: compared to the microsecond, which a JavaScript Date would round.
  const stale = await db.query<{ mechanismId: string; since: string }>('SELECT mechanism_id AS "mechanismId", since::text AS since FROM oversight_stale');
  for (const { mechanismId, since } of stale) {
    recounted += await db.transaction(async (tx) => {
      const { changed } = await tx.one<{ changed: number }>('SELECT recount_oversight_durations($1) AS changed', [mechanismId]);
      // A change marked again meanwhile keeps the mark for the next run.
      await tx.query('DELETE FROM oversight_stale WHERE mechanism_id = $1 AND since::text = $2', [mechanismId, since]);
      return changed;
    });
  }
  const { folded } = await db.one<{ folded: number }>('SELECT compact_oversight_tallies() AS folded');
  return { recounted, folded };
}
