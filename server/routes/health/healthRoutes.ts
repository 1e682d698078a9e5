/**
 * What a load balancer, a container runtime and Prometheus ask the server:
 * - `GET /api/health/live` — liveness: the process answers HTTP. Never touches the database, so a
 *   database outage does not get every instance restarted.
 * - `GET /api/health/ready` — readiness: 200 while the database answers and no shutdown has begun,
 *   503 otherwise (with Retry-After), so the balancer sends requests elsewhere meanwhile.
 * - `GET /api/health` — the original check (kept for existing probes): 200 when the database answers.
 * - `GET /api/metrics` — Prometheus text, only with `Authorization: Bearer <METRICS_TOKEN>`; without
 *   the setting, or with a wrong token, it does not exist (404), like anything forbidden.
 */
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { ReadinessDto } from '../../../shared/types/api';
import type { AppContext } from '../../context';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../db/database';
import { NotFound } from '../../errors';
import { probeDatabase } from '../../repositories/operations';

/** A readiness probe waits at most this long for the database; balancers time out at a few seconds. */
const READINESS_PROBE_MS = 2000;

function sha256(value: string): Buffer {
  return crypto.createHash('sha256').update(value).digest();
}

/** Whether the request carries the metrics token (compared in constant time). */
function hasMetricsToken(req: Request, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
  return Boolean(match) && crypto.timingSafeEqual(sha256(match![1]!), sha256(token));
}

/** Health, readiness and metrics routes. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    await probeDatabase(ctx.db);
    res.json({ status: 'ok', database: ctx.db.kind });
  });

  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/health/ready', async (_req, res) => {
    const draining = ctx.lifecycle.isDraining();
    const databaseUp = await ctx.db.ping(READINESS_PROBE_MS);
    const body: ReadinessDto = { ready: databaseUp && !draining, database: databaseUp ? 'up' : 'down', draining };
    if (!body.ready) res.status(503).set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.json(body);
  });

  router.get('/metrics', async (req, res) => {
    const token = ctx.config.metricsToken;
    if (!token || !ctx.metrics || !hasMetricsToken(req, token)) throw new NotFound();
    const { contentType, body } = await ctx.metrics.render();
    res.type(contentType).send(body);
  });
  return router;
}
