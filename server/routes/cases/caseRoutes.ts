/** Case queues and status changes. Thin: validate → authorize (policies) → command → present. */
import { Router } from 'express';
import type { CaseListDto } from '../../../shared/types/api';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { caseScope } from '../../policies/casePolicy';
import { presentCaseSummary } from '../../presenters/casePresenter';
import { findCase, listCases } from '../../repositories/cases';
import { transitionCase } from '../../commands/caseTransitioner';
import { recordIdentityLooks } from '../../commands/identityViewRecorder';
import { caseIdParam, caseListQuery, transitionBody } from './caseSchemas';

/** Routes under /api/cases. */
export function caseRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/cases', async (req, res) => {
    const user = currentUser(req);
    // Administrators configure the mechanism; they never read case contents.
    if (user.role === 'admin') throw new NotFound();
    const query = parseInput(caseListQuery, req.query);
    const { rows, total } = await listCases(ctx.db, caseScope(user), { status: query.status, text: query.q, limit: query.limit });
    const body: CaseListDto = { cases: rows.map((row) => presentCaseSummary(row, user, ctx.cipher, req.language)), total };
    await recordIdentityLooks(ctx.db, user, rows, body.cases, 'case_list', ctx.clock.now());
    res.json(body);
  });

  router.post('/cases/:id/transitions', async (req, res) => {
    const user = currentUser(req);
    const id = caseIdParam.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const body = parseInput(transitionBody, req.body);
    await transitionCase(ctx, user, { caseId: id.data, action: body.action, reason: body.reason });
    const updated = await findCase(ctx.db, id.data);
    res.json(presentCaseSummary(updated!, user, ctx.cipher, req.language));
  });

  return router;
}
