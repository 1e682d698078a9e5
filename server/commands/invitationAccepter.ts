/** Accepting an invitation: the invited person sets their name and password, and the account opens. */
import type { CommandDeps } from './accountDeps';
import { assertAcceptablePassword } from './accountDeps';
import { hashSecret } from '../auth/passwords';
import { hashToken, looksLikeToken } from '../auth/tokens';
import { AppError } from '../errors';
import { findInvitation, markInvitationUsed, type InvitationRow } from '../repositories/accounts';
import { setPassword } from '../repositories/users';
import { logger } from '../logger';
import { userPlace } from '../crypto/sealedColumns';

/** Why a link does not work, each with its own clear message. */
function assertUsable(invitation: InvitationRow | undefined, now: Date): asserts invitation is InvitationRow {
  if (!invitation) throw new AppError(404, 'invitation_invalid');
  if (invitation.usedAt) throw new AppError(410, 'invitation_used');
  if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError(410, 'invitation_expired');
}

/** The invitation behind a link, if it can still be used (for the acceptance page). */
export async function openInvitation(deps: CommandDeps, token: string): Promise<InvitationRow> {
  const invitation = looksLikeToken(token) ? await findInvitation(deps.db, deps.cipher, hashToken(token)) : undefined;
  assertUsable(invitation, deps.clock.now());
  return invitation;
}

/** Sets the password and name of the invited account, activates it and uses the link up. */
export async function acceptInvitation(deps: CommandDeps, token: string, input: { displayName: string; password: string }): Promise<string> {
  const preview = await openInvitation(deps, token);
  assertAcceptablePassword(input.password, preview.email);
  // argon2 runs before the transaction: the embedded database has a single session to share.
  const passwordHash = await hashSecret(input.password);
  const userId = await deps.db.transaction(async (tx) => {
    const at = deps.clock.now();
    const invitation = await findInvitation(tx, deps.cipher, hashToken(token), true);
    assertUsable(invitation, at);
    await setPassword(tx, invitation.userId, passwordHash, at, true);
    await tx.query('UPDATE users SET name_ciphertext = $2 WHERE id = $1', [invitation.userId, deps.cipher.seal(input.displayName, userPlace(invitation.userId, 'name'))]);
    await markInvitationUsed(tx, invitation.id, at);
    return invitation.userId;
  });
  logger.info('invitation accepted', { userId });
  return userId;
}
