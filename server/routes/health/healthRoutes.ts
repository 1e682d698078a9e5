/** Liveness for load balancers and the container health check: answers only when the database does. */
import { Router } from 'express';
import type { AppContext } from '../../context';

/** `GET /api/health`. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    await ctx.db.query('SELECT 1');
    res.json({ status: 'ok', database: ctx.db.kind });
  });
  return router;
}
