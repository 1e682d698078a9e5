/**
 * SQL of the ombudsman's oversight and the public transparency figures, in one place. Everything that
 * can be counted is counted in PostgreSQL; only business-day medians leave as small grouped tables
 * (filing date × milestone date × count) because días hábiles are defined by shared/calendar.ts.
 */
import type { Queryable } from '../db/database';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { OversightFilters } from '../../shared/validation/oversight';
import { addBusinessDays, bogotaDate, endOfBogotaDay, startOfBogotaDay } from '../../shared/calendar';
import type { ScopeCondition } from '../policies/casePolicy';

/** The Bogotá calendar date of a timestamptz column, in SQL (Colombia is UTC−5 all year). */
export function bogotaDateSql(column: string): string {
  return `((${column} AT TIME ZONE 'UTC') - interval '5 hours')::date`;
}

/** Business days a case may wait for acknowledgement and for the admissibility decision (DESIGN.md). */
const ACKNOWLEDGE_DAYS = 3;
const ADMISSIBILITY_DAYS = 10;

/**
 * The latest filing date whose deadline of `days` business days has already passed on `today`: a
 * deadline "by day X" passes once day X is over, so the case is overdue when X < today.
 */
export function lastFilingDateOverdue(today: string, days: number): string {
  let filed = today;
  // addBusinessDays is monotonic in the start date; a few weeks back always reaches a passed deadline.
  while (addBusinessDays(filed, days) >= today) filed = previousDay(filed);
  return filed;
}

function previousDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * "Overdue", as a SQL condition over alias `c`.
 * Interim rule until the deadlines branch's `case_deadlines` lands (then: any deadline past due and not
 * yet satisfied): a case still `received` after 3 business days, or still `acknowledged` (no
 * admissibility decision) after 10, counted from filing in Bogotá days.
 */
function overdueCondition(now: Date, params: unknown[]): string {
  const today = bogotaDate(now);
  params.push(endOfBogotaDay(lastFilingDateOverdue(today, ACKNOWLEDGE_DAYS)));
  const ack = `$${params.length}`;
  params.push(endOfBogotaDay(lastFilingDateOverdue(today, ADMISSIBILITY_DAYS)));
  const admit = `$${params.length}`;
  return `((c.status = 'received' AND c.created_at <= ${ack}) OR (c.status = 'acknowledged' AND c.created_at <= ${admit}))`;
}

/** The cases of `mechanismId` matching `filters`, as a SQL condition over alias `c` (a ScopeCondition). */
export function oversightCondition(mechanismId: string, filters: OversightFilters, now: Date): ScopeCondition {
  const params: unknown[] = [mechanismId];
  const where = ['c.mechanism_id = $1'];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.company === 'none') where.push('c.company_id IS NULL');
  else if (filters.company) where.push(`c.company_id = ${add(filters.company)}`);
  if (filters.status) where.push(`c.status = ${add(filters.status)}`);
  if (filters.category) {
    where.push(`EXISTS (SELECT 1 FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                        WHERE cc.case_id = c.id AND cat.code = ${add(filters.category)})`);
  }
  if (filters.municipality) where.push(`c.municipality_id = ${add(filters.municipality)}`);
  if (filters.identityMode) where.push(`c.identity_mode = ${add(filters.identityMode)}`);
  if (filters.escalation !== undefined) where.push(`c.escalation_level = ${add(filters.escalation)}`);
  if (filters.queue === 'escalated') where.push('c.escalation_level > 0');
  // Red flags still waiting for the ombudsman's decision to let the company see them.
  if (filters.queue === 'red_flag') where.push('(c.red_flag AND c.red_flag_released_at IS NULL)');
  if (filters.queue === 'overdue') where.push(overdueCondition(now, params));
  if (filters.from) where.push(`c.created_at >= ${add(startOfBogotaDay(filters.from))}`);
  if (filters.to) where.push(`c.created_at <= ${add(endOfBogotaDay(filters.to))}`);
  if (filters.q) {
    const pattern = add(`%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(c.reference ILIKE ${pattern} OR c.description ILIKE ${pattern})`);
  }
  return { sql: where.join(' AND '), params };
}

/** Counts per status and municipality with the three queues, in one pass over the cases. */
export async function statusAndQueueCounts(
  db: Queryable,
  scope: ScopeCondition,
  now: Date,
): Promise<{ status: CaseStatus; municipalityId: string; count: number; overdue: number; escalated: number; redFlag: number }[]> {
  const params = [...scope.params];
  const overdue = overdueCondition(now, params);
  return db.query(
    `SELECT c.status, c.municipality_id AS "municipalityId", count(*) AS count,
            count(*) FILTER (WHERE ${overdue}) AS overdue,
            count(*) FILTER (WHERE c.escalation_level > 0) AS escalated,
            count(*) FILTER (WHERE c.red_flag AND c.red_flag_released_at IS NULL) AS "redFlag"
     FROM cases c WHERE ${scope.sql} GROUP BY 1, 2`,
    params,
  );
}

/** The municipalities of a mechanism. */
export function municipalitiesOf(db: Queryable, mechanismId: string): Promise<{ id: string; name: string; daneCode: string }[]> {
  return db.query('SELECT id, name, dane_code AS "daneCode" FROM municipalities WHERE mechanism_id = $1 ORDER BY name', [mechanismId]);
}

/** A milestone of a case's history: its first acknowledgement, its agreement taking effect, its resolution. */
export type Milestone = 'acknowledged' | 'in_implementation' | 'resolved';

/** What a grouped milestone row is keyed by besides the dates. */
export type MilestoneDimension = 'none' | 'company' | 'municipality' | 'category';

/** Cases grouped by filing date and the date they first reached a milestone (null: not yet). */
export interface MilestoneGroup {
  key: string | null;
  filed: string;
  reached: string | null;
  count: number;
}

const DIMENSION_SQL: Record<MilestoneDimension, { key: string; join: string }> = {
  none: { key: 'NULL::text', join: '' },
  company: { key: 'c.company_id::text', join: '' },
  municipality: { key: 'c.municipality_id::text', join: '' },
  category: { key: 'cc.category_id::text', join: 'JOIN case_categories cc ON cc.case_id = c.id' },
};

const MILESTONE_COLUMN: Record<Milestone, string> = {
  acknowledged: 'c.first_acknowledged_at',
  in_implementation: 'c.first_agreement_at',
  resolved: 'c.first_resolved_at',
};

/**
 * The cases of `scope` grouped by (dimension key, filing date, date the milestone was first reached).
 * The first dates are copied from case_events by a trigger (migration 0006), so this is one scan; the
 * result is a few thousand rows even for 100,000 cases, because dates repeat.
 */
export function milestoneGroups(db: Queryable, scope: ScopeCondition, milestone: Milestone, dimension: MilestoneDimension = 'none'): Promise<MilestoneGroup[]> {
  const dim = DIMENSION_SQL[dimension];
  return db.query(
    `SELECT ${dim.key} AS key, ${bogotaDateSql('c.created_at')} AS filed, ${bogotaDateSql(MILESTONE_COLUMN[milestone])} AS reached, count(*) AS count
     FROM cases c ${dim.join}
     WHERE ${scope.sql}
     GROUP BY 1, 2, 3`,
    scope.params,
  );
}

/** Counts per dimension value for the public tables: filed, resolved and closed without agreement. */
export function outcomeCounts(
  db: Queryable,
  scope: ScopeCondition,
  dimension: Exclude<MilestoneDimension, 'none'> | 'quarter' | 'total',
): Promise<{ key: string | null; filed: number; resolved: number; closedUnresolved: number }[]> {
  const key =
    dimension === 'quarter'
      ? `to_char(${bogotaDateSql('c.created_at')}, 'YYYY-"Q"Q')`
      : dimension === 'total'
        ? 'NULL::text'
        : DIMENSION_SQL[dimension].key;
  const join = dimension === 'category' ? DIMENSION_SQL.category.join : '';
  return db.query(
    `SELECT ${key} AS key, count(*) AS filed,
            count(*) FILTER (WHERE c.status = 'resolved') AS resolved,
            count(*) FILTER (WHERE c.status = 'closed_unresolved') AS "closedUnresolved"
     FROM cases c ${join} WHERE ${scope.sql} GROUP BY 1 ORDER BY 1`,
    scope.params,
  );
}

/** The companies of a mechanism. */
export function companiesOf(db: Queryable, mechanismId: string): Promise<{ id: string; name: string; slug: string }[]> {
  return db.query('SELECT id, name, slug FROM companies WHERE mechanism_id = $1 ORDER BY name', [mechanismId]);
}

/** The categories of a mechanism with their translated names. */
export function categoriesOf(db: Queryable, mechanismId: string): Promise<{ id: string; code: string; name: Record<string, string> }[]> {
  return db.query('SELECT id, code, name FROM categories WHERE mechanism_id = $1 ORDER BY position', [mechanismId]);
}

/** A case's whole history with the actor's name and role. */
export function caseEventsWithActors(
  db: Queryable,
  caseId: string,
): Promise<
  {
    id: number;
    kind: string;
    fromStatus: CaseStatus | null;
    toStatus: CaseStatus | null;
    actorRole: string;
    actorName: string | null;
    reason: string | null;
    data: Record<string, unknown>;
    createdAt: Date;
  }[]
> {
  return db.query(
    `SELECT e.id, e.kind, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.actor_role AS "actorRole",
            u.display_name AS "actorName", e.reason, e.data, e.created_at AS "createdAt"
     FROM case_events e LEFT JOIN users u ON u.id = e.actor_user_id
     WHERE e.case_id = $1 ORDER BY e.created_at, e.id`,
    [caseId],
  );
}

/** The mechanism a public slug names. */
export function mechanismBySlug(db: Queryable, slug: string): Promise<{ id: string; slug: string; name: string } | undefined> {
  return db.maybeOne('SELECT id, slug, name FROM mechanisms WHERE slug = $1', [slug]);
}

/** The only mechanism, when a deployment runs exactly one (the public page then needs no slug). */
export async function soleMechanism(db: Queryable): Promise<{ id: string; slug: string; name: string } | undefined> {
  const rows = await db.query<{ id: string; slug: string; name: string }>('SELECT id, slug, name FROM mechanisms ORDER BY created_at LIMIT 2');
  return rows.length === 1 ? rows[0] : undefined;
}
