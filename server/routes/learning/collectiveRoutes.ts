/**
 * Joining a collective complaint (issue #17 item 2), for anyone: see a joinable collective case by its
 * reference, list those whose promoters opened them to signatories, and join one with one's own
 * identity mode. Nothing here answers who complained or who joined.
 */
import { Router } from 'express';
import { OPEN_STATUSES } from '../../../shared/caseLifecycle';
import type { PublicCollectiveListDto } from '../../../shared/types/learning';
import { collectiveListQuery, joinCollectiveSchema, referenceParam } from '../../../shared/validation/learning';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { consumeRateLimit } from '../../http/rateLimit';
import { parseInput } from '../../http/validate';
import { resolveMechanism } from '../../http/mechanismResolver';
import { joinCollective, publicCollective, publicCollectives } from '../../learning/signatories';

const HOUR_MS = 3_600_000;

/** Routes under /api/collective. */
export function collectiveRoutes(ctx: AppContext): Router {
  const router = Router();

  const reference = (value: unknown): string => {
    const parsed = referenceParam.safeParse(value);
    if (!parsed.success) throw new NotFound();
    return parsed.data;
  };

  router.get('/collective', async (req, res) => {
    const { mechanism: slug } = parseInput(collectiveListQuery, req.query);
    const mechanism = await resolveMechanism(ctx.db, { named: slug });
    const body: PublicCollectiveListDto = { collectives: await publicCollectives(ctx.db, mechanism.id, req.language, OPEN_STATUSES) };
    res.json(body);
  });

  router.get('/collective/:reference', async (req, res) => {
    const found = await publicCollective(ctx.db, reference(req.params.reference), req.language, OPEN_STATUSES);
    if (!found) throw new NotFound();
    res.json(found);
  });

  router.post('/collective/:reference/signatories', async (req, res) => {
    const ref = reference(req.params.reference);
    const input = parseInput(joinCollectiveSchema, req.body);
    // Joining counts against the same hourly allowance per address as filing: both add people to a case.
    await consumeRateLimit(ctx.db, `join:${req.ip}`, { max: ctx.config.filingsPerHourPerIp, windowMs: HOUR_MS }, ctx.clock.now());
    res.status(201).json(await joinCollective(ctx, req, ref, input));
  });

  return router;
}
