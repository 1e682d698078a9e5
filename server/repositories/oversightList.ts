/**
 * The ombudsman's drill-down list (`GET /api/oversight/cases`) at a million cases: a page read in the
 * list's order from an index of `case_figures` (migration 0037) and continued from a keyset position,
 * with an exact total counted from the summary tables where the filters allow, else from
 * `case_figures`, and from the case rows only for what neither holds (identity mode, text).
 *
 * The filters mean exactly what `oversightCondition` (./oversight.ts) makes them mean over the cases;
 * `test/api/oversightList.test.ts` compares every total and every page with that definition.
 */
import type { Queryable } from '../db/database';
import { emptySql, joinSql, rawSql, sql, type SqlFragment } from '../db/sql';
import type { OversightFilters } from '../../shared/validation/oversight';
import { endOfBogotaDay, startOfBogotaDay } from '../../shared/calendar';
import { findCasesInOrder, type CaseRow } from './cases';
import { overdueCount } from './oversightTallies';
import { countUpTo, identifiedCondition } from './oversight';

/**
 * A case's place in the list: escalation level, red flag raised, open before closed, filing time (to
 * the microsecond, as PostgreSQL keeps it: `YYYY-MM-DDTHH:MI:SS.uuuuuuZ`), then its id. Newest first
 * within each group; the id makes every place one case's.
 */
export interface ListPosition {
  escalationLevel: number;
  redFlag: boolean;
  isOpen: boolean;
  filedAt: string;
  caseId: string;
}

/** The SQL of the list's order over `case_figures f`, the order of its two indexes (migration 0037). */
const LIST_ORDER = 'f.escalation_level DESC, f.red_flag DESC, f.is_open DESC, f.filed_at DESC, f.case_id DESC';

/** The filters as a condition over `case_figures f`, and over `cases c` for what only the case row holds. */
function listCondition(mechanismId: string, filters: OversightFilters, now: Date): { where: SqlFragment; needsCase: boolean } {
  const where = [sql`f.mechanism_id = ${mechanismId}`];
  if (filters.company === 'none') where.push(sql`f.company_id IS NULL`);
  else if (filters.company) where.push(sql`f.company_id = ${filters.company}`);
  if (filters.status) where.push(sql`f.status = ${filters.status}`);
  // Any category with that code, as oversightCondition matches it (a case's categories are its mechanism's).
  if (filters.category) where.push(sql`f.categories && ARRAY(SELECT id FROM categories WHERE code = ${filters.category})`);
  if (filters.municipality) where.push(sql`f.municipality_id = ${filters.municipality}`);
  if (filters.escalation !== undefined) where.push(sql`f.escalation_level = ${filters.escalation}`);
  if (filters.queue === 'escalated') where.push(sql`f.escalation_level > 0`);
  if (filters.queue === 'red_flag') where.push(sql`f.red_flag_open`);
  if (filters.queue === 'overdue') where.push(sql`f.overdue_from < ${now}`);
  if (filters.from) where.push(sql`f.filed_at >= ${startOfBogotaDay(filters.from)}`);
  if (filters.to) where.push(sql`f.filed_at <= ${endOfBogotaDay(filters.to)}`);
  let needsCase = false;
  if (filters.identityMode) {
    where.push(sql`c.identity_mode = ${filters.identityMode}`);
    needsCase = true;
  }
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(sql`(c.reference ILIKE ${pattern} OR c.description ILIKE ${pattern})`);
    needsCase = true;
  }
  return { where: joinSql(where, ' AND '), needsCase };
}

/**
 * The exact number of cases the filters select. Company, municipality and status, with or without the
 * escalated or red-flag queue, are sums of the case tallies (0024: a few hundred rows), and the overdue
 * queue of all or one company a sum of the overdue tallies (0043) and today's; anything else the figures hold is counted from `case_figures` by index (the overdue queue from its own index), and
 * only identity mode or text read the case rows.
 */
async function countList(db: Queryable, mechanismId: string, filters: OversightFilters, now: Date): Promise<number> {
  const named = Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  const tallied = named.every((k) => k === 'company' || k === 'municipality' || k === 'status' || k === 'queue');
  if (tallied && filters.queue !== 'overdue') {
    const where = [sql`mechanism_id = ${mechanismId}`];
    if (filters.company === 'none') where.push(sql`company_id IS NULL`);
    else if (filters.company) where.push(sql`company_id = ${filters.company}`);
    if (filters.municipality) where.push(sql`municipality_id = ${filters.municipality}`);
    if (filters.status) where.push(sql`status = ${filters.status}`);
    const column = filters.queue === 'escalated' ? 'escalated' : filters.queue === 'red_flag' ? 'red_flag_open' : 'cases';
    const row = await db.one<{ n: number }>(
      sql`SELECT COALESCE(sum(${rawSql(column)}), 0)::int AS n FROM oversight_case_tallies WHERE ${joinSql(where, ' AND ')}`,
    );
    return row.n;
  }
  if (filters.queue === 'overdue' && named.every((k) => k === 'company' || k === 'queue')) {
    return overdueCount(db, mechanismId, filters.company, now);
  }
  if (filters.identityMode === 'anonymous') {
    // Every case the other filters select less the named and confidential ones (0124's partial index), when
    // those are at most half: else counting the anonymous rows themselves reads fewer.
    const all = await countList(db, mechanismId, { ...filters, identityMode: undefined }, now);
    const identified = identifiedCondition(mechanismId, filters, now);
    const half = Math.floor(all / 2);
    const n = await countUpTo(db, identified, half + 1);
    if (n <= half) return all - n;
  }
  const condition = listCondition(mechanismId, filters, now);
  const join = condition.needsCase ? sql`JOIN cases c ON c.id = f.case_id` : emptySql;
  const row = await db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM case_figures f ${join} WHERE ${condition.where}`);
  return row.n;
}

/**
 * One page of the oversight list: up to `limit` cases after `after` (the first page without it), most
 * urgent first — escalated, then red-flagged, open before closed, newest first — the exact total, and
 * the place the next page starts from (null on the last page). Cases filed, changed or gone meanwhile
 * neither shift nor repeat the next page. Read in one snapshot: give it a `readFigures` transaction.
 */
export async function oversightCasePage(
  db: Queryable,
  mechanismId: string,
  filters: OversightFilters,
  now: Date,
  page: { limit: number; after: ListPosition | null },
): Promise<{ rows: CaseRow[]; total: number; next: ListPosition | null }> {
  const condition = listCondition(mechanismId, filters, now);
  let keyset = emptySql;
  if (page.after) {
    const { escalationLevel, redFlag, isOpen, filedAt, caseId } = page.after;
    keyset = sql`AND (f.escalation_level, f.red_flag, f.is_open, f.filed_at, f.case_id)
                  < (${escalationLevel}::int, ${redFlag}::boolean, ${isOpen}::boolean, ${filedAt}::timestamptz, ${caseId}::uuid)`;
  }
  const join = condition.needsCase ? sql`JOIN cases c ON c.id = f.case_id` : emptySql;
  // One after the other: both run on the snapshot's one connection.
  const total = await countList(db, mechanismId, filters, now);
  const places = await db.query<{ caseId: string; escalationLevel: number; redFlag: boolean; isOpen: boolean; filedAt: string }>(
    sql`SELECT f.case_id AS "caseId", f.escalation_level AS "escalationLevel", f.red_flag AS "redFlag", f.is_open AS "isOpen",
              to_char(f.filed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "filedAt"
       FROM case_figures f ${join}
       WHERE ${condition.where} ${keyset}
       ORDER BY ${rawSql(LIST_ORDER)} LIMIT ${page.limit + 1}`,
  );
  const shown = places.slice(0, page.limit);
  const rows = await findCasesInOrder(
    db,
    shown.map((p) => p.caseId),
  );
  const last = shown.at(-1);
  return { rows, total, next: places.length > page.limit && last ? last : null };
}
