/** Case queues, one case, and everything done to it. Thin: validate → authorize (policies) → command → present. */
import { Router } from 'express';
import type { CaseListDto } from '../../../shared/types/api';
import { caseTransitionSchema, releaseRedFlagSchema, routeCaseSchema } from '../../../shared/validation/intake';
import type { AppContext } from '../../context';
import { currentUser } from '../../http/requestContext';
import { caseReaderOf } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { caseScope } from '../../policies/casePolicy';
import { authorize, NO_RECORD } from '../../policies/authorize';
import { presentCaseSummary } from '../../presenters/casePresenter';
import { listCases } from '../../repositories/cases';
import { transitionCase } from '../../commands/caseTransitioner';
import { readCase } from '../../commands/caseReader';
import { releaseRedFlag, routeCase } from '../../commands/caseRouter';
import { caseListQuery } from './caseSchemas';
import { deadlineClocks } from '../../presenters/deadlinePresenter';
import { mechanismCalendars } from '../../repositories/deadlines';

/** Routes under /api/cases. */
export function caseRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/cases', async (req, res) => {
    const user = currentUser(req);
    authorize(user, 'cases.list', NO_RECORD);
    const query = parseInput(caseListQuery, req.query);
    const { rows, total } = await listCases(ctx.db, caseScope(user), {
      status: query.status,
      companyId: query.companyId,
      categoryCode: query.category,
      municipalityId: query.municipalityId,
      identityMode: query.identityMode,
      text: query.q,
      limit: query.limit,
      unreadFor: user,
    });
    // An officer's queue may hold cases of the mechanisms granted to them: each counts by its own calendar.
    const clockOf = deadlineClocks(
      ctx.clock.now(),
      await mechanismCalendars(
        ctx.db,
        rows.map((row) => row.mechanismId),
      ),
    );
    const body: CaseListDto = { cases: rows.map((row) => presentCaseSummary(row, user, ctx.cipher, req.language, clockOf(row.mechanismId))), total };
    res.json(body);
  });

  router.get('/cases/:id', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    res.json(await readCase(ctx, reader, req.params.id, req.language, req.t));
  });

  router.post('/cases/:id/transitions', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(caseTransitionSchema, req.body);
    await transitionCase(ctx, reader, {
      caseId: req.params.id,
      action: body.action,
      reason: body.reason,
      referral: body.referral,
      petitionKind: body.petitionKind,
    });
    res.json(await readCase(ctx, reader, req.params.id, req.language, req.t));
  });

  router.post('/cases/:id/route', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(routeCaseSchema, req.body);
    await routeCase(ctx, reader, req.params.id, body.companyId, body.reason);
    res.json(await readCase(ctx, reader, req.params.id, req.language, req.t));
  });

  router.post('/cases/:id/release-red-flag', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const body = parseInput(releaseRedFlagSchema, req.body);
    await releaseRedFlag(ctx, reader, req.params.id, body.reason);
    res.json(await readCase(ctx, reader, req.params.id, req.language, req.t));
  });

  return router;
}
