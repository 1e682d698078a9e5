/** A mechanism's data policy as its admin publishes it: each publication is a new version; earlier consent keeps its version. */
import { Router } from 'express';
import { dataPolicySchema } from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { managedMechanism } from '../../http/areaGates';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { logger } from '../../logger';
import { recordAdminChange } from '../../audit/adminChanges';
import { presentDataPolicy } from '../../presenters/adminPresenter';
import { listDataPolicies, nextDataPolicyVersion } from '../../repositories/adminConfig';
import { insertDataPolicy } from '../../repositories/dataPolicies';
import { MANAGED } from './recordedChange';

/** Routes under /api/admin/mechanisms/:mechanismId/data-policies (behind requireAdmin, server/routes/admin/adminRoutes.ts). */
export function dataPolicyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(`${MANAGED}/data-policies`, async (req, res) => {
    res.json((await listDataPolicies(ctx.db, managedMechanism(req))).map(presentDataPolicy));
  });

  router.post(`${MANAGED}/data-policies`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const { text, summary } = parseInput(dataPolicySchema, req.body);
    const at = ctx.clock.now();
    const version = await ctx.db.transaction(async (tx) => {
      const next = await nextDataPolicyVersion(tx, mechanismId, at);
      await insertDataPolicy(tx, mechanismId, { version: next, text, ...(summary ? { summary } : {}) }, at);
      await recordAdminChange(tx, { mechanismId, actor: currentUser(req), action: 'data_policies.publish', targetId: next, data: { version: next }, at });
      return next;
    });
    logger.info('data policy published', { mechanismId, version, by: req.user!.id });
    const [latest] = await listDataPolicies(ctx.db, mechanismId);
    res.status(201).json(presentDataPolicy(latest!));
  });

  return router;
}
