/**
 * Learning on a case page and in the oversight (issue #17 items 1–3): a case's root causes, its likely
 * related cases and the issue it is linked in, its signatories, and recurrence figures. Thin: validate →
 * load and authorize (casePolicy, learningPolicy) → command → present. What a reader may not see or do
 * answers 404, as everywhere.
 */
import { Router } from 'express';
import { pathId } from '../../http/pathId';
import { bogotaDate } from '../../../shared/calendar';
import type { RelatedCasesDto } from '../../../shared/types/learning';
import { linkCaseSchema, openToSignatoriesSchema, recurrenceQuery, tagCauseSchema } from '../../../shared/validation/learning';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { caseReaderOf } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { canOverseeMechanism } from '../../policies/casePolicy';
import { canLinkCases, canOpenToSignatories } from '../../policies/learningPolicy';
import { findCase } from '../../repositories/cases';
import { resolveMechanism } from '../../http/mechanismResolver';
import { caseLearning } from '../../learning/caseLearning';
import { confirmCause, removeCause, tagCause } from '../../learning/causeTagger';
import { linkCase, unlinkCase } from '../../learning/caseLinker';
import { RELATED_WINDOW_DAYS, relatedCases } from '../../learning/relatedCases';
import { listSignatories } from '../../learning/signatories';
import { setOpenToSignatories } from '../../repositories/signatories';
import { recurrence } from '../../learning/recurrence';
import { requireOmbudsman } from '../../http/areaGates';

const DAY_MS = 86_400_000;

/** Routes under /api/cases/:id (learning) and /api/oversight/recurrence. */
export function learningRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The case and who reads it, or 404. */
  const loaded = async (req: Parameters<typeof caseReaderOf>[1], id: string) => {
    const reader = await caseReaderOf(ctx, req, id);
    const row = await findCase(ctx.db, id);
    if (!row) throw new NotFound();
    return { reader, row };
  };
  const panel = async (req: Parameters<typeof caseReaderOf>[1], id: string) => {
    const { reader, row } = await loaded(req, id);
    return caseLearning(ctx.db, reader, row, req.language);
  };

  router.get('/cases/:id/learning', async (req, res) => {
    res.json(await panel(req, req.params.id));
  });

  router.post('/cases/:id/causes', async (req, res) => {
    const { reader } = await loaded(req, req.params.id);
    const input = parseInput(tagCauseSchema, req.body);
    await tagCause(ctx, reader, req.params.id, input);
    res.status(201).json(await panel(req, req.params.id));
  });

  router.post('/cases/:id/causes/:causeId/confirm', async (req, res) => {
    const { reader } = await loaded(req, req.params.id);
    await confirmCause(ctx, reader, req.params.id, pathId(req.params.causeId));
    res.json(await panel(req, req.params.id));
  });

  router.delete('/cases/:id/causes/:causeId', async (req, res) => {
    const { reader } = await loaded(req, req.params.id);
    await removeCause(ctx, reader, req.params.id, pathId(req.params.causeId));
    res.json(await panel(req, req.params.id));
  });

  router.get('/cases/:id/related', async (req, res) => {
    const { reader, row } = await loaded(req, req.params.id);
    if (!canLinkCases(reader, row)) throw new NotFound();
    const body: RelatedCasesDto = { related: await relatedCases(ctx.db, row.id, req.language), windowDays: RELATED_WINDOW_DAYS };
    res.json(body);
  });

  router.post('/cases/:id/link', async (req, res) => {
    const { reader } = await loaded(req, req.params.id);
    const { leadCaseId } = parseInput(linkCaseSchema, req.body);
    await linkCase(ctx, reader, req.params.id, leadCaseId);
    res.json(await panel(req, req.params.id));
  });

  router.delete('/cases/:id/link', async (req, res) => {
    const { reader } = await loaded(req, req.params.id);
    await unlinkCase(ctx, reader, req.params.id);
    res.json(await panel(req, req.params.id));
  });

  router.get('/cases/:id/signatories', async (req, res) => {
    const { reader, row } = await loaded(req, req.params.id);
    if (!row.isCollective) throw new NotFound();
    res.json(await listSignatories(ctx, reader, row));
  });

  router.put('/cases/:id/signatories/open', async (req, res) => {
    const { reader, row } = await loaded(req, req.params.id);
    if (!canOpenToSignatories(reader, row)) throw new NotFound();
    const { open } = parseInput(openToSignatoriesSchema, req.body);
    await setOpenToSignatories(ctx.db, row.id, open);
    res.json(await panel(req, req.params.id));
  });

  router.get('/oversight/recurrence', requireOmbudsman, async (req, res) => {
    const user = currentUser(req);
    const query = parseInput(recurrenceQuery, req.query);
    const mechanism = await resolveMechanism(ctx.db, { named: query.mechanism, own: user.mechanismId });
    if (!canOverseeMechanism(user, mechanism.id)) throw new NotFound();
    const now = ctx.clock.now();
    const to = query.to ?? bogotaDate(now);
    const from = query.from ?? bogotaDate(new Date(now.getTime() - 365 * DAY_MS));
    res.json(await recurrence(ctx.db, mechanism.id, { from, to }, req.language));
  });

  return router;
}
