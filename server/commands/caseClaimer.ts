/**
 * Claiming an anonymous case into a complainant's account once its receipt key was checked
 * (receiptKeyChecker.ts). The case stays anonymous to everyone else (identity_mode does not change);
 * the account simply follows it from now on. A case of another mechanism or already followed by
 * another account answers like a wrong key.
 */
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { insertCaseEvent } from '../repositories/cases';
import { claimCaseFor, findCaseClaim } from '../repositories/caseClaims';
import type { UserRecord } from '../repositories/users';
import { logger } from '../logger';

/** Links case `caseId` (whose key the caller checked) to `user` and records it in the case history; returns the case id. */
export async function claimCase(ctx: AppContext, user: UserRecord, caseId: string): Promise<string> {
  const found = await findCaseClaim(ctx.db, caseId);
  // A case of another mechanism, or one already followed by an account, is claimed by nobody else.
  if (!found || found.mechanismId !== user.mechanismId || (found.claimedBy && found.claimedBy !== user.id)) {
    throw new AppError(404, 'claim_failed');
  }
  await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    if (!(await claimCaseFor(tx, found.id, user.id, at))) throw new AppError(404, 'claim_failed');
    await insertCaseEvent(tx, { caseId: found.id, kind: 'cases.claimed', actorUserId: user.id, actorRole: 'complainant', at });
  });
  logger.info('case claimed into an account', { caseId: found.id, userId: user.id });
  return found.id;
}
