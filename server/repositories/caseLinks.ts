/**
 * Cases linked into one issue under a lead case (`case_links`, one level deep: a member's lead is never
 * itself a member). SQL in one place; plain objects out.
 */
import type { Queryable } from '../db/database';
import type { LinkedCaseDto } from '../../shared/types/learning';

/** The lead case `caseId` is linked under; undefined when it is not a member of an issue. */
export async function findLeadCaseId(db: Queryable, caseId: string): Promise<string | undefined> {
  const row = await db.maybeOne<{ leadId: string }>('SELECT lead_case_id AS "leadId" FROM case_links WHERE case_id = $1', [caseId]);
  return row?.leadId;
}

/** The lead of the issue `caseId` is in: its own lead when a member, itself when it leads one; undefined otherwise. */
export async function findIssueLeadId(db: Queryable, caseId: string): Promise<string | undefined> {
  const row = await db.maybeOne<{ leadId: string | null }>(
    `SELECT COALESCE((SELECT lead_case_id FROM case_links WHERE case_id = $1),
                     (SELECT $1::uuid WHERE EXISTS (SELECT 1 FROM case_links WHERE lead_case_id = $1))) AS "leadId"`,
    [caseId],
  );
  return row?.leadId ?? undefined;
}

/** A case of an issue, with what deciding who may see it takes. */
export type IssueCaseRow = LinkedCaseDto & {
  isLead: boolean;
  mechanismId: string;
  companyId: string | null;
  redFlag: boolean;
  complainantUserId: string | null;
  filedByUserId: string | null;
};

/** The lead `leadId` and its members, the lead first, then by filing. */
export function listIssueCases(db: Queryable, leadId: string): Promise<IssueCaseRow[]> {
  return db.query<IssueCaseRow>(
    `SELECT c.id, c.reference, c.status, c.identity_mode AS "identityMode", c.id = $1 AS "isLead", c.mechanism_id AS "mechanismId",
            c.company_id AS "companyId", (c.red_flag AND c.red_flag_released_at IS NULL) AS "redFlag",
            c.complainant_user_id AS "complainantUserId", c.filed_by_user_id AS "filedByUserId"
     FROM cases c WHERE c.id = $1 OR c.id IN (SELECT case_id FROM case_links WHERE lead_case_id = $1)
     ORDER BY c.id = $1 DESC, c.created_at`,
    [leadId],
  );
}

/** Moves the members of lead `fromLeadId` under `toLeadId`; returns the moved cases' ids. */
export async function moveIssueMembers(tx: Queryable, fromLeadId: string, toLeadId: string): Promise<string[]> {
  const moved = await tx.query<{ caseId: string }>('UPDATE case_links SET lead_case_id = $2 WHERE lead_case_id = $1 RETURNING case_id AS "caseId"', [
    fromLeadId,
    toLeadId,
  ]);
  return moved.map((m) => m.caseId);
}

/** Links `caseId` under `leadCaseId`, replacing any link it had. */
export async function saveCaseLink(tx: Queryable, link: { caseId: string; leadCaseId: string; byUserId: string | null; at: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO case_links (case_id, lead_case_id, linked_by_user_id, linked_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id) DO UPDATE SET lead_case_id = EXCLUDED.lead_case_id, linked_by_user_id = EXCLUDED.linked_by_user_id, linked_at = EXCLUDED.linked_at`,
    [link.caseId, link.leadCaseId, link.byUserId, link.at],
  );
}

/** Takes `caseId` out of its issue and returns the lead it was under; undefined when it was in none. */
export async function deleteCaseLink(tx: Queryable, caseId: string): Promise<string | undefined> {
  const removed = await tx.maybeOne<{ leadId: string }>('DELETE FROM case_links WHERE case_id = $1 RETURNING lead_case_id AS "leadId"', [caseId]);
  return removed?.leadId;
}
