/**
 * Claiming an anonymous case into a complainant's account with its reference and secret receipt key.
 * The case stays anonymous to everyone else (identity_mode does not change); the account simply
 * follows it from now on. A wrong key and an unknown reference get the same answer and take the same
 * time.
 */
import type { AppContext } from '../context';
import { verifyAgainstDecoy, verifySecret } from '../auth/passwords';
import { AppError } from '../errors';
import { insertCaseEvent } from '../repositories/cases';
import type { UserRecord } from '../repositories/users';
import { logger } from '../logger';

/** Links the case to `user` and records it in the case history; returns the case id. */
export async function claimCase(ctx: AppContext, user: UserRecord, reference: string, receiptKey: string): Promise<string> {
  const found = await ctx.db.maybeOne<{ id: string; hash: string | null; mechanismId: string; claimedBy: string | null }>(
    `SELECT id, receipt_key_hash AS hash, mechanism_id AS "mechanismId", complainant_user_id AS "claimedBy"
     FROM cases WHERE reference = $1`,
    [reference],
  );
  const ok = found?.hash ? await verifySecret(found.hash, receiptKey) : await verifyAgainstDecoy(receiptKey);
  // A case of another mechanism, or one already followed by an account, is claimed by nobody else.
  if (!found || !ok || found.mechanismId !== user.mechanismId || (found.claimedBy && found.claimedBy !== user.id)) {
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
