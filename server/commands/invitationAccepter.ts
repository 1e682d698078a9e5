/** Accepting an invitation: the invited person sets their name and password, and the account opens. */
import type { AppContext } from '../context';
import { assertAcceptablePassword } from './accountDeps';
import { hashSecret } from '../auth/passwords';
import { hashToken, looksLikeToken } from '../auth/tokens';
import { AppError } from '../errors';
import { findInvitation, markInvitationUsed, type InvitationRow } from '../repositories/accounts';
import { setPassword, setUserName } from '../repositories/users';
import { logger } from '../logger';

/** Why a link does not work, each with its own clear message. */
function assertUsable(invitation: InvitationRow | undefined, now: Date): asserts invitation is InvitationRow {
  if (!invitation) throw new AppError(404, 'invitation_invalid');
  if (invitation.usedAt) throw new AppError(410, 'invitation_used');
  if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError(410, 'invitation_expired');
}

/** The invitation behind a link, if it can still be used (for the acceptance page). */
export async function openInvitation(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>, token: string): Promise<InvitationRow> {
  const invitation = looksLikeToken(token) ? await findInvitation(ctx.db, ctx.cipher, hashToken(token)) : undefined;
  assertUsable(invitation, ctx.clock.now());
  return invitation;
}

/** Sets the password and name of the invited account, activates it and uses the link up. */
export async function acceptInvitation(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>,
  token: string,
  input: { displayName: string; password: string },
): Promise<string> {
  const preview = await openInvitation(ctx, token);
  assertAcceptablePassword(input.password, preview.email);
  // argon2 runs before the transaction: the embedded database has a single session to share.
  const passwordHash = await hashSecret(input.password);
  const userId = await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const invitation = await findInvitation(tx, ctx.cipher, hashToken(token), true);
    assertUsable(invitation, at);
    await setPassword(tx, invitation.userId, passwordHash, at, true);
    await setUserName(tx, ctx.cipher, invitation.userId, input.displayName);
    await markInvitationUsed(tx, invitation.id, at);
    return invitation.userId;
  });
  logger.info('invitation accepted', { userId });
  return userId;
}
