/** The administrator's view of the e-mail outbox, so a permanent delivery failure is visible. */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { parseInput } from '../../http/validate';
import { listOutbox } from '../../repositories/notifications';
import { requireAdmin } from './adminRoutes';

/** Query of `GET /api/admin/outbox`. */
export const outboxQuery = z.strictObject({
  status: z.enum(['pending', 'sent', 'failed']).default('failed'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/admin/outbox?status=failed`: addresses, templates, attempts and errors — no message content. */
export function outboxRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/admin/outbox', requireAdmin, async (req, res) => {
    const query = parseInput(outboxQuery, req.query);
    const entries = await listOutbox(ctx.db, query.status, query.limit);
    res.json({
      entries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), nextAttemptAt: e.nextAttemptAt.toISOString() })),
    });
  });
  return router;
}
