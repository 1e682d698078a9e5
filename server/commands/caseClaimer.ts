/**
 * Claiming an anonymous case into a complainant's account once its receipt key was checked
 * (receiptKeyChecker.ts). The case stays anonymous to everyone else (identity_mode does not change);
 * the account simply follows it from now on. A case of another mechanism or already followed by
 * another account answers like a wrong key.
 */
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { insertCaseEvent } from '../repositories/cases';
import type { UserRecord } from '../repositories/users';
import { logger } from '../logger';

/** Links case `caseId` (whose key the caller checked) to `user` and records it in the case history; returns the case id. */
export async function claimCase(ctx: AppContext, user: UserRecord, caseId: string): Promise<string> {
  const found = await ctx.db.maybeOne<{ id: string; mechanismId: string; claimedBy: string | null }>(
    `SELECT id, mechanism_id AS "mechanismId", complainant_user_id AS "claimedBy" FROM cases WHERE id = $1`,
    [caseId],
  );
  // A case of another mechanism, or one already followed by an account, is claimed by nobody else.
  if (!found || found.mechanismId !== user.mechanismId || (found.claimedBy && found.claimedBy !== user.id)) {
    throw new AppError(404, 'claim_failed');
  }
  await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const updated = await tx.query(
      `UPDATE cases SET complainant_user_id = $2, updated_at = $3
       WHERE id = $1 AND (complainant_user_id IS NULL OR complainant_user_id = $2) RETURNING id`,
      [found.id, user.id, at],
    );
    if (updated.length !== 1) throw new AppError(404, 'claim_failed');
    await insertCaseEvent(tx, { caseId: found.id, kind: 'cases.claimed', actorUserId: user.id, actorRole: 'complainant', at });
  });
  logger.info('case claimed into an account', { caseId: found.id, userId: user.id });
  return found.id;
}
