/**
 * Changes a staff member's role, company, activity or extra mechanisms (those the admin manages:
 * `extraMechanismIds` replaces the grants among them and keeps any other). Deactivation ends every
 * session and socket of the person at once; any other change disconnects their sockets so that the
 * reconnect joins the rooms they have now (the user is re-read on every request and handshake).
 */
import type { AppContext } from '../context';
import { AppError, NotFound, ValidationFailed } from '../errors';
import { endPendingInvitations, findStaff, updateStaff, type AdminUserRow } from '../repositories/accounts';
import { findActiveCompanyName } from '../repositories/companies';
import { setExtraMechanisms } from '../repositories/adminConfig';
import type { UserRecord } from '../repositories/users';
import type { Role } from '../../shared/roles';
import { logger } from '../logger';
import { recordAdminChange } from '../audit/adminChanges';

/** What the admin asks to change. */
export interface StaffUpdate {
  role?: 'liaison' | 'ombudsman' | 'admin';
  companyId?: string | null;
  active?: boolean;
  extraMechanismIds?: string[];
}

/** Applies `change` to staff member `userId` of `mechanismId` on behalf of `admin`. */
export async function updateStaffMember(ctx: AppContext, admin: UserRecord, mechanismId: string, userId: string, change: StaffUpdate): Promise<AdminUserRow> {
  // Admins cannot lock themselves out or lower their own role: another admin must do it.
  if (userId === admin.id && (change.active === false || (change.role && change.role !== 'admin'))) {
    throw new AppError(409, 'cannot_change_self');
  }
  const at = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const current = await findStaff(tx, ctx.cipher, mechanismId, userId);
    if (!current) throw new NotFound();
    const role: Role = change.role ?? current.role;
    if (change.role && (current.role === 'complainant' || current.role === 'facilitator')) {
      throw new ValidationFailed([{ field: 'role', messageKey: 'validation.invalid_value' }]);
    }
    const companyId = role === 'liaison' ? (change.companyId !== undefined ? change.companyId : current.companyId) : null;
    if (role === 'liaison') {
      const company = companyId ? await findActiveCompanyName(tx, mechanismId, companyId) : undefined;
      if (company === undefined)
        throw new ValidationFailed([{ field: 'companyId', messageKey: companyId ? 'validation.invalid_value' : 'validation.required' }]);
    } else if (change.companyId) {
      throw new ValidationFailed([{ field: 'companyId', messageKey: 'validation.company_only_liaison' }]);
    }
    const asked = change.extraMechanismIds?.filter((id) => id !== mechanismId);
    if (role !== 'ombudsman' && role !== 'admin') {
      // Only officers who act in several mechanisms hold grants; any other role loses them all.
      if (asked && asked.length > 0) throw new ValidationFailed([{ field: 'extraMechanismIds', messageKey: 'validation.invalid_value' }]);
      await setExtraMechanisms(tx, userId, [], admin.id, at);
    } else if (asked) {
      // Only mechanisms this admin manages may be granted or withdrawn; grants of mechanisms another
      // admin manages are theirs to change and are kept as they are.
      if (asked.some((id) => !admin.mechanismIds.includes(id))) {
        throw new ValidationFailed([{ field: 'extraMechanismIds', messageKey: 'validation.invalid_value' }]);
      }
      const kept = current.extraMechanismIds.filter((id) => !admin.mechanismIds.includes(id));
      await setExtraMechanisms(tx, userId, [...new Set([...kept, ...asked])], admin.id, at);
    }
    await updateStaff(tx, userId, { role, companyId, active: change.active }, at);
    // A deactivated person's pending invitation must not reopen the account.
    if (change.active === false) await endPendingInvitations(tx, userId, at);
    const updated = await findStaff(tx, ctx.cipher, mechanismId, userId);
    await recordAdminChange(tx, {
      mechanismId,
      actor: admin,
      action: 'users.update',
      targetId: userId,
      data: { role: updated!.role, companyId: updated!.companyId, status: updated!.status, extraMechanismIds: updated!.extraMechanismIds },
      at,
    });
    return { before: current, after: updated! };
  });
  if (change.active === false && result.before.status !== 'inactive') {
    const sids = await ctx.sessions.destroyForUser(userId);
    ctx.realtime.endSessions(sids, 'deactivated');
    ctx.realtime.endUser(userId, 'deactivated');
    logger.info('account deactivated', { userId, by: admin.id, sessions: sids.length });
  } else if (
    result.before.role !== result.after.role ||
    result.before.companyId !== result.after.companyId ||
    JSON.stringify(result.before.extraMechanismIds) !== JSON.stringify(result.after.extraMechanismIds)
  ) {
    ctx.realtime.endUser(userId, 'changed');
    logger.info('account scope changed', { userId, by: admin.id, role: result.after.role });
  }
  return result.after;
}
