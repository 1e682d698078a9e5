/**
 * The identity custodian and the reprisal-risk protocol (issue #15 §2, §5). Thin: validate → find the
 * reader (caseReaderOf: 404 for missing and forbidden alike) → command, which asks the policies.
 */
import { Router } from 'express';
import {
  identityCustodySettingSchema,
  identityRevealSchema,
  protectiveMeasureSchema,
  reprisalReportSchema,
  reprisalRiskSchema,
  revealDecisionSchema,
} from '../../../shared/validation/custody';
import type { AppContext } from '../../context';
import { pathSerial } from '../../http/pathId';
import { currentUser } from '../../http/requestContext';
import { caseReaderOf } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { decideReveal, readIdentityCustody, requestReveal } from '../../commands/identityRevealer';
import { assessReprisalRisk, readReprisalFile, recordProtectiveMeasure, reportReprisal } from '../../commands/reprisalRecorder';
import { setRevealApproval } from '../../repositories/custody';
import { recordAdminChange } from '../../audit/adminChanges';
import { managedMechanism, requireAdmin } from '../../http/areaGates';

/** Routes under /api/cases/:id for custody and reprisal risk, and the admin's custody setting. */
export function custodyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/cases/:id/identity-custody', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    res.json(await readIdentityCustody(ctx, reader, req.params.id));
  });

  router.post('/cases/:id/identity-reveals', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(identityRevealSchema, req.body);
    res.status(201).json(await requestReveal(ctx, reader, req.params.id, body.reason));
  });

  router.post('/cases/:id/identity-reveals/:revealId/decision', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const revealId = pathSerial(req.params.revealId);
    const body = parseInput(revealDecisionSchema, req.body);
    res.json(await decideReveal(ctx, reader, req.params.id, revealId, body.decision));
  });

  router.get('/cases/:id/reprisal', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    res.json(await readReprisalFile(ctx, reader, req.params.id));
  });

  router.post('/cases/:id/reprisal-risk', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(reprisalRiskSchema, req.body);
    res.status(201).json(await assessReprisalRisk(ctx, reader, req.params.id, body));
  });

  router.post('/cases/:id/protective-measures', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(protectiveMeasureSchema, req.body);
    res.status(201).json(await recordProtectiveMeasure(ctx, reader, req.params.id, body));
  });

  router.post('/cases/:id/reprisal-reports', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(reprisalReportSchema, req.body);
    res.status(201).json(await reportReprisal(ctx, reader, req.params.id, body.account));
  });

  router.put('/admin/mechanisms/:mechanismId/identity-custody', requireAdmin, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const body = parseInput(identityCustodySettingSchema, req.body);
    await ctx.db.transaction(async (tx) => {
      await setRevealApproval(tx, mechanismId, body.requireApproval);
      await recordAdminChange(tx, {
        mechanismId,
        actor: currentUser(req),
        action: 'mechanisms.identity_custody',
        targetId: mechanismId,
        data: body,
        at: ctx.clock.now(),
      });
    });
    res.json({ requireApproval: body.requireApproval });
  });

  return router;
}
