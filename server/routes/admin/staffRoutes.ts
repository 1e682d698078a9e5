/**
 * The people of a mechanism an admin manages: its staff, invitations, changes to an account, and the
 * recovery link a complainant without e-mail asks for in person.
 */
import { Router } from 'express';
import type { InvitationSent, RecoveryLinkDto } from '../../../shared/types/admin';
import { invitationSchema, recoveryLinkSchema, userUpdateSchema } from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { managedMechanism } from '../../http/areaGates';
import { pathId } from '../../http/pathId';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { issueRecoveryLink } from '../../commands/passwordResetter';
import { updateStaffMember } from '../../commands/staffUpdater';
import { inviteUser } from '../../commands/userInviter';
import { presentStaff } from '../../presenters/adminPresenter';
import { findStaff, listStaff } from '../../repositories/accounts';
import { MANAGED } from './recordedChange';

/** Routes under /api/admin/mechanisms/:mechanismId/{users,invitations,recovery-links} (behind requireAdmin, server/routes/admin/adminRoutes.ts). */
export function staffRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(`${MANAGED}/users`, async (req, res) => {
    res.json((await listStaff(ctx.db, ctx.cipher, managedMechanism(req))).map(presentStaff));
  });

  router.post(`${MANAGED}/invitations`, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const input = parseInput(invitationSchema, req.body);
    const result = await inviteUser(ctx, admin, mechanismId, input);
    const user = await findStaff(ctx.db, ctx.cipher, mechanismId, result.userId);
    const body: InvitationSent = { user: presentStaff(user!), expiresAt: result.expiresAt.toISOString() };
    res.status(201).json(body);
  });

  router.patch(`${MANAGED}/users/:id`, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const id = pathId(req.params.id);
    const change = parseInput(userUpdateSchema, req.body);
    res.json(presentStaff(await updateStaffMember(ctx, admin, mechanismId, id, change)));
  });

  // A complainant without e-mail who lost their password asks in person (no SMS gateway to send it).
  router.post(`${MANAGED}/recovery-links`, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const { phone } = parseInput(recoveryLinkSchema, req.body);
    const issued = await issueRecoveryLink(ctx, admin, mechanismId, phone);
    const body: RecoveryLinkDto = { displayName: issued.displayName, link: `${ctx.config.publicUrl}${issued.path}`, expiresAt: issued.expiresAt.toISOString() };
    res.status(201).json(body);
  });

  return router;
}
