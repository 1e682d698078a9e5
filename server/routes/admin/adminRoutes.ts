/**
 * The administrator's screens: mechanisms, their configuration and their people — never case
 * contents. Every route answers 404 to anyone who is not an admin (the gate below, which also covers
 * the /admin routes mounted after this router in server/app.ts), and an admin reaches only the
 * mechanisms they manage (their own and those granted to them, e.g. one they created): every route
 * under `/admin/mechanisms/:mechanismId` calls managedMechanism (server/http/areaGates.ts).
 *
 * One file per thing administered: managedMechanismRoutes.ts, companyRoutes.ts, categoryRoutes.ts,
 * placeRoutes.ts, dataPolicyRoutes.ts, staffRoutes.ts; the overview is here.
 */
import { Router } from 'express';
import type { AdminOverviewDto } from '../../../shared/types/api';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { requireAdmin } from '../../http/areaGates';
import { findMechanism } from '../../repositories/mechanisms';
import { casesByStatus, overviewCompanies, overviewUsers } from '../../repositories/adminOverview';
import { countOutbox } from '../../repositories/outbox';
import { outboxScopeOf } from '../../policies/outboxPolicy';
import { managedMechanismRoutes } from './managedMechanismRoutes';
import { companyRoutes } from './companyRoutes';
import { categoryRoutes } from './categoryRoutes';
import { placeRoutes } from './placeRoutes';
import { dataPolicyRoutes } from './dataPolicyRoutes';
import { staffRoutes } from './staffRoutes';

/** Routes under /api/admin. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin', requireAdmin);

  router.get('/admin/overview', async (req, res) => {
    const admin = currentUser(req);
    const mechanism = await findMechanism(ctx.db, admin.mechanismId);
    if (!mechanism) throw new NotFound();
    const [companies, users, byStatus, failedEmails] = await Promise.all([
      overviewCompanies(ctx.db, mechanism.id),
      overviewUsers(ctx.db, ctx.cipher, mechanism.id),
      casesByStatus(ctx.db, mechanism.id),
      countOutbox(ctx.db, outboxScopeOf(admin), 'failed'),
    ]);
    const body: AdminOverviewDto = {
      mechanism: { id: mechanism.id, name: mechanism.name, referencePrefix: mechanism.referencePrefix },
      companies,
      users,
      casesByStatus: byStatus,
      failedEmails,
    };
    res.json(body);
  });

  router.use(managedMechanismRoutes(ctx));
  router.use(companyRoutes(ctx));
  router.use(categoryRoutes(ctx));
  router.use(placeRoutes(ctx));
  router.use(dataPolicyRoutes(ctx));
  router.use(staffRoutes(ctx));
  return router;
}
