/**
 * Password reset by e-mail. Asking never reveals whether an address has an account: the route answers
 * the same either way, and this command does the same work either way (see requestPasswordReset).
 */
import type { AppContext } from '../context';
import { assertAcceptablePassword } from './accountDeps';
import { hashSecret } from '../auth/passwords';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens';
import { AppError } from '../errors';
import { enqueueEmail } from '../mail/mailer';
import { findPasswordResetAccount, findPasswordResetForUpdate, insertPasswordReset, markPasswordResetUsed } from '../repositories/accounts';
import { findComplainantByPhone, findUserByEmail, setPassword } from '../repositories/users';
import type { UserRecord } from '../repositories/users';
import type { EmailData } from '../mail/emailTemplates';
import { findMechanism } from '../repositories/mechanisms';
import { logger } from '../logger';
import { recordAdminChange } from '../audit/adminChanges';

/** How long a reset link works. */
export const RESET_MINUTES = 60;

/**
 * Sends a reset link when `email` belongs to an active account with a password. The argon2 hash of
 * the token is computed whether or not the account exists, so both answers take the same time.
 */
export async function requestPasswordReset(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>, email: string): Promise<void> {
  const { token, hash } = newToken();
  await hashSecret(token); // equal work for known and unknown addresses; the result is not needed
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, ctx.cipher, email);
    if (!user || !user.active || !user.hasPassword || !user.email) return;
    await insertPasswordReset(tx, { userId: user.id, tokenHash: hash, expiresAt: new Date(at.getTime() + RESET_MINUTES * 60 * 1000), at });
    const mechanism = await findMechanism(tx, user.mechanismId);
    const data: EmailData = {
      recipientName: user.displayName,
      path: `/restablecer/${token}`,
      mechanism: mechanism?.name,
      minutes: RESET_MINUTES,
      count: RESET_MINUTES,
    };
    await enqueueEmail(tx, ctx.cipher, { to: user.email, language: user.language, template: 'passwordReset', mechanismId: user.mechanismId, data }, at);
    logger.info('password reset requested', { userId: user.id });
  });
}

/** A recovery link an admin hands over in person, and whose account it opens. */
export interface RecoveryLink {
  displayName: string;
  path: string;
  expiresAt: Date;
}

/**
 * A reset link for a complainant who signed up with a phone number: there is no SMS gateway, so they
 * cannot receive one. They come to the Defensoría or the mechanism's office; an admin of the mechanism
 * checks who they are (the account's name is shown for that) and hands over the link, which works like
 * an e-mailed one: once, for RESET_MINUTES, ending every session of the account.
 */
export async function issueRecoveryLink(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>,
  admin: UserRecord,
  mechanismId: string,
  phone: string,
): Promise<RecoveryLink> {
  const { token, hash } = newToken();
  const at = ctx.clock.now();
  const expiresAt = new Date(at.getTime() + RESET_MINUTES * 60 * 1000);
  return ctx.db.transaction(async (tx) => {
    const user = await findComplainantByPhone(tx, ctx.cipher, mechanismId, phone);
    if (!user || !user.active) throw new AppError(404, 'recovery_account_not_found');
    await insertPasswordReset(tx, { userId: user.id, tokenHash: hash, expiresAt, at });
    await recordAdminChange(tx, {
      mechanismId,
      actor: admin,
      action: 'users.recovery_link',
      targetId: user.id,
      data: { expiresAt: expiresAt.toISOString() },
      at,
    });
    // Who opened whose account, for the record; never the phone number.
    logger.info('recovery link issued', { by: admin.id, userId: user.id, mechanismId });
    return { displayName: user.displayName, path: `/restablecer/${token}`, expiresAt };
  });
}

/** Sets a new password through a reset link and uses the link up; returns the account's id. */
export async function resetPassword(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>, token: string, password: string): Promise<string> {
  if (!looksLikeToken(token)) throw new AppError(404, 'reset_link_invalid');
  const peek = await findPasswordResetAccount(ctx.db, ctx.cipher, hashToken(token));
  if (!peek) throw new AppError(404, 'reset_link_invalid');
  assertAcceptablePassword(password, peek.email);
  const passwordHash = await hashSecret(password);
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const reset = await findPasswordResetForUpdate(tx, ctx.cipher, hashToken(token));
    if (!reset || !reset.active) throw new AppError(404, 'reset_link_invalid');
    if (reset.usedAt) throw new AppError(410, 'reset_link_used');
    if (reset.expiresAt.getTime() <= at.getTime()) throw new AppError(410, 'reset_link_expired');
    await setPassword(tx, reset.userId, passwordHash, at);
    await markPasswordResetUsed(tx, reset.id, at);
    logger.info('password reset', { userId: reset.userId });
    return reset.userId;
  });
}
