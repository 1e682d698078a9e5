/** Cases and their history: SQL in one place; plain objects out. Access is decided by policies/. */
import type { Queryable } from '../db/database';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import type { Actor } from '../../shared/caseLifecycle';
import type { CaseAccessFacts, ScopeCondition } from '../policies/casePolicy';

/** A case row as queues need it; the identity is still encrypted. */
export interface CaseRow extends CaseAccessFacts {
  id: string;
  reference: string;
  companyName: string | null;
  municipality: string;
  identityCiphertext: string | null;
  isCollective: boolean;
  escalationLevel: number;
  summary: string;
  categories: { code: string; icon: string; name: Record<string, string> }[];
  createdAt: Date;
  updatedAt: Date;
}

const SELECT_CASE = `
  SELECT c.id, c.reference, c.status, c.mechanism_id AS "mechanismId", c.company_id AS "companyId",
         co.name AS "companyName", mu.name AS municipality, c.identity_mode AS "identityMode",
         c.identity_ciphertext AS "identityCiphertext", c.is_collective AS "isCollective",
         c.red_flag AS "redFlag", c.escalation_level AS "escalationLevel",
         c.complainant_user_id AS "complainantUserId", c.filed_by_user_id AS "filedByUserId",
         left(c.description, 220) AS summary, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         COALESCE((SELECT json_agg(json_build_object('code', cat.code, 'icon', cat.icon, 'name', cat.name) ORDER BY cat.position)
                   FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                   WHERE cc.case_id = c.id), '[]'::json) AS categories
  FROM cases c
  LEFT JOIN companies co ON co.id = c.company_id
  JOIN municipalities mu ON mu.id = c.municipality_id`;

/** Filters of a case queue. */
export interface CaseListFilters {
  status?: CaseStatus;
  /** Matched against the reference and the text of the complaint. */
  text?: string;
  limit: number;
}

/**
 * The cases inside `scope`, most urgent first: escalated, then red-flagged, then open before closed,
 * newest first within each.
 */
export async function listCases(
  db: Queryable,
  scope: ScopeCondition,
  filters: CaseListFilters,
): Promise<{ rows: CaseRow[]; total: number }> {
  const params: unknown[] = [...scope.params];
  const where = [scope.sql];
  if (filters.status) {
    params.push(filters.status);
    where.push(`c.status = $${params.length}`);
  }
  if (filters.text) {
    params.push(`%${filters.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(c.reference ILIKE $${params.length} OR c.description ILIKE $${params.length})`);
  }
  const condition = where.join(' AND ');
  const total = await db.one<{ count: number }>(`SELECT count(*) AS count FROM cases c WHERE ${condition}`, params);
  params.push(filters.limit);
  const rows = await db.query<CaseRow>(
    `${SELECT_CASE} WHERE ${condition}
     ORDER BY c.escalation_level DESC, c.red_flag DESC,
              (c.status IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved')) ASC,
              c.created_at DESC
     LIMIT $${params.length}`,
    params,
  );
  return { rows, total: total.count };
}

/** One case, locked for the rest of the transaction so concurrent changes queue behind each other. */
export function findCaseForUpdate(tx: Queryable, id: string): Promise<CaseRow | undefined> {
  return tx.maybeOne<CaseRow>(`${SELECT_CASE} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
}

/** One case by id. */
export function findCase(db: Queryable, id: string): Promise<CaseRow | undefined> {
  return db.maybeOne<CaseRow>(`${SELECT_CASE} WHERE c.id = $1`, [id]);
}

/** Sets a case's status. */
export async function updateCaseStatus(tx: Queryable, id: string, status: CaseStatus, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET status = $2, updated_at = $3 WHERE id = $1', [id, status, at]);
}

/** A new entry in a case's append-only history. */
export interface NewCaseEvent {
  caseId: string;
  kind: string;
  fromStatus?: CaseStatus | null;
  toStatus?: CaseStatus | null;
  actorUserId: string | null;
  actorRole: Actor | 'anonymous';
  reason?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Appends to a case's history; call inside the transaction that makes the change. */
export async function insertCaseEvent(tx: Queryable, event: NewCaseEvent): Promise<number> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      event.caseId,
      event.kind,
      event.fromStatus ?? null,
      event.toStatus ?? null,
      event.actorUserId,
      event.actorRole,
      event.reason ?? null,
      JSON.stringify(event.data ?? {}),
      event.at,
    ],
  );
  return row.id;
}

export type { IdentityMode };
