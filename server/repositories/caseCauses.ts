/**
 * The root causes tagged on cases (`case_root_causes`): a company's proposals and the ombudsman's
 * tags and confirmations. SQL in one place; plain objects out (the taxonomy is rootCauses.ts').
 */
import type { Queryable } from '../db/database';
import type { LocalizedText } from '../../shared/types/learning';

/** A cause tagged on a case, with its category and the company's site, as the case page lists it. */
export interface CaseCauseRow {
  id: string;
  code: string;
  name: LocalizedText;
  category: { code: string; name: LocalizedText };
  site: { id: string; name: string } | null;
  stage: 'admission' | 'closure';
  taggedBy: 'ombudsman' | 'liaison';
  confirmed: boolean;
}

/** The causes tagged on a case, confirmed first, then by category and cause position. */
export function listCaseCauses(db: Queryable, caseId: string): Promise<CaseCauseRow[]> {
  return db.query<CaseCauseRow>(
    `SELECT r.id, r.code, r.name, json_build_object('code', cat.code, 'name', cat.name) AS category,
            CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'name', s.name) END AS site,
            t.stage, t.tagged_by_role AS "taggedBy", t.confirmed_at IS NOT NULL AS confirmed
     FROM case_root_causes t JOIN root_causes r ON r.id = t.root_cause_id JOIN categories cat ON cat.id = r.category_id
     LEFT JOIN company_sites s ON s.id = t.site_id
     WHERE t.case_id = $1 ORDER BY confirmed DESC, cat.position, r.position`,
    [caseId],
  );
}

/** A tag about to be written; an ombudsman's is confirmed as it is made. */
export interface NewCaseCause {
  caseId: string;
  rootCauseId: string;
  siteId: string | null;
  stage: 'admission' | 'closure';
  taggedByUserId: string | null;
  taggedByRole: string;
  at: Date;
  confirmed: boolean;
}

/** Tags a cause on a case; false when the case has that cause already. */
export async function insertCaseCause(tx: Queryable, tag: NewCaseCause): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO case_root_causes (case_id, root_cause_id, site_id, stage, tagged_by_user_id, tagged_by_role, tagged_at, confirmed_at, confirmed_by_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (case_id, root_cause_id) DO NOTHING RETURNING case_id`,
    [
      tag.caseId,
      tag.rootCauseId,
      tag.siteId,
      tag.stage,
      tag.taggedByUserId,
      tag.taggedByRole,
      tag.at,
      tag.confirmed ? tag.at : null,
      tag.confirmed ? tag.taggedByUserId : null,
    ],
  );
  return inserted.length > 0;
}

/** Whether a cause tagged on a case is confirmed, with the cause's code; undefined when it is not tagged. */
export function findCaseCause(db: Queryable, caseId: string, rootCauseId: string): Promise<{ confirmed: boolean; code: string } | undefined> {
  return db.maybeOne(
    `SELECT t.confirmed_at IS NOT NULL AS confirmed, r.code FROM case_root_causes t JOIN root_causes r ON r.id = t.root_cause_id
     WHERE t.case_id = $1 AND t.root_cause_id = $2`,
    [caseId, rootCauseId],
  );
}

/** Confirms a cause tagged on a case. */
export async function confirmCaseCause(tx: Queryable, caseId: string, rootCauseId: string, byUserId: string | null, at: Date): Promise<void> {
  await tx.query('UPDATE case_root_causes SET confirmed_at = $3, confirmed_by_user_id = $4 WHERE case_id = $1 AND root_cause_id = $2', [
    caseId,
    rootCauseId,
    at,
    byUserId,
  ]);
}

/** Removes a cause from a case and returns the cause's code; undefined when it was not tagged. */
export async function deleteCaseCause(tx: Queryable, caseId: string, rootCauseId: string): Promise<string | undefined> {
  const removed = await tx.maybeOne<{ code: string }>(
    `DELETE FROM case_root_causes t USING root_causes r
     WHERE t.case_id = $1 AND t.root_cause_id = $2 AND r.id = t.root_cause_id RETURNING r.code`,
    [caseId, rootCauseId],
  );
  return removed?.code;
}
