/**
 * Invites a liaison, an ombudsman officer or an admin: the account exists at once (inactive, without
 * a password) and an e-mail with a single-use link that expires in 7 days goes through the outbox in
 * the same transaction. Inviting an address again while the invitation is pending sends a new link
 * and ends the old one.
 */
import type { AppContext } from '../context';
import { newToken } from '../auth/tokens';
import { ValidationFailed } from '../errors';
import { enqueueEmail } from '../mail/mailer';
import { insertInvitation, lockInvitedAddress } from '../repositories/accounts';
import { findActiveCompanyName } from '../repositories/companies';
import { findMechanism } from '../repositories/mechanisms';
import { findUserByEmail, insertUser, updateInvitedUser } from '../repositories/users';
import type { EmailData } from '../mail/emailTemplates';
import type { Language } from '../../shared/roles';
import { logger } from '../logger';
import { recordAdminChange } from '../audit/adminChanges';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/** Who is invited, and to what. */
export interface Invitation {
  email: string;
  displayName: string;
  role: 'liaison' | 'ombudsman' | 'admin';
  companyId?: string | null;
  language: Language;
}

/** The invited account, when its link expires, and the link (printed by the CLI, never by the API). */
export interface InvitationResult {
  userId: string;
  expiresAt: Date;
  link: string;
}

/** Invites `input` into mechanism `mechanismId` on behalf of `inviter` (null from the CLI). */
export async function inviteUser(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>,
  inviter: { id: string } | null,
  mechanismId: string,
  input: Invitation,
): Promise<InvitationResult> {
  const at = ctx.clock.now();
  const expiresAt = new Date(at.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  const { token, hash } = newToken();
  const path = `/invitacion/${token}`;
  const link = `${ctx.config.publicUrl}${path}`;
  const companyId = input.role === 'liaison' ? (input.companyId ?? null) : null;
  const userId = await ctx.db.transaction(async (tx) => {
    const mechanism = await findMechanism(tx, mechanismId);
    if (!mechanism) throw new ValidationFailed([{ field: 'mechanism', messageKey: 'validation.invalid_value' }]);
    let companyName: string | null = null;
    if (input.role === 'liaison') {
      const company = companyId ? await findActiveCompanyName(tx, mechanismId, companyId) : undefined;
      if (company === undefined)
        throw new ValidationFailed([{ field: 'companyId', messageKey: companyId ? 'validation.invalid_value' : 'validation.required' }]);
      companyName = company;
    }
    // Lock the address: two admins inviting the same person at once end with one account.
    await lockInvitedAddress(tx, input.email);
    const existing = await findUserByEmail(tx, ctx.cipher, input.email);
    let id: string;
    if (existing) {
      const pending = !existing.hasPassword && !existing.active && existing.mechanismId === mechanismId;
      if (!pending) throw new ValidationFailed([{ field: 'email', messageKey: 'validation.email_taken' }]);
      id = existing.id;
      await updateInvitedUser(tx, ctx.cipher, id, { role: input.role, companyId, displayName: input.displayName, language: input.language }, at);
    } else {
      id = await insertUser(tx, ctx.cipher, {
        mechanismId,
        role: input.role,
        email: input.email,
        displayName: input.displayName,
        passwordHash: null,
        language: input.language,
        companyId,
        active: false,
      });
    }
    await recordAdminChange(tx, { mechanismId, actor: inviter ?? null, action: 'users.invite', targetId: id, data: { role: input.role, companyId }, at });
    await insertInvitation(tx, { userId: id, tokenHash: hash, invitedBy: inviter?.id ?? null, expiresAt, at });
    const data: EmailData = {
      recipientName: input.displayName,
      path,
      mechanism: mechanism.name,
      role: input.role,
      days: INVITATION_DAYS,
      count: INVITATION_DAYS,
      // i18next picks `invitation.body_company` for liaisons, who are invited on behalf of a company.
      ...(companyName ? { company: companyName, context: 'company' } : {}),
    };
    await enqueueEmail(tx, ctx.cipher, { to: input.email, language: input.language, template: 'invitation', mechanismId, data }, at);
    return id;
  });
  logger.info('invitation sent', { userId, role: input.role, mechanismId, by: inviter?.id ?? 'cli' });
  return { userId, expiresAt, link };
}
