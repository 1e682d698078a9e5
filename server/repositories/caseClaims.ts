/** Which complainant account follows a case (claims of anonymous cases by their receipt key). */
import type { Queryable } from '../db/database';

/** A case's mechanism and the account that already follows it, if any. */
export function findCaseClaim(db: Queryable, caseId: string): Promise<{ id: string; mechanismId: string; claimedBy: string | null } | undefined> {
  return db.maybeOne(`SELECT id, mechanism_id AS "mechanismId", complainant_user_id AS "claimedBy" FROM cases WHERE id = $1`, [caseId]);
}

/** Links case `caseId` to account `userId` unless another account follows it already; returns whether it is now theirs. */
export async function claimCaseFor(tx: Queryable, caseId: string, userId: string, at: Date): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE cases SET complainant_user_id = $2, updated_at = $3
     WHERE id = $1 AND (complainant_user_id IS NULL OR complainant_user_id = $2) RETURNING id`,
    [caseId, userId, at],
  );
  return updated.length === 1;
}
