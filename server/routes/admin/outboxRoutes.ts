/**
 * The administrator's view of the e-mail outbox, so a permanent delivery failure is visible and can be
 * sent again. Scoped by outboxPolicy: an admin sees and retries only their mechanisms' e-mails.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ChannelOutboxEntryDto, ChannelOutboxListDto, OutboxEntryDto, OutboxListDto, OutboxRetryAllDto } from '../../../shared/types/outbox';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { pathSerial } from '../../http/pathId';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { logger } from '../../logger';
import { outboxScopeOf } from '../../policies/outboxPolicy';
import { presentChannelOutboxEntry, presentOutboxEntry } from '../../presenters/outboxPresenter';
import { countOutbox, listOutbox, requeueFailed, type OutboxPosition } from '../../repositories/outbox';
import { countChannelOutbox, listChannelOutbox, requeueFailedChannelMessages } from '../../repositories/channelOutbox';
import { encodeOutboxCursor, outboxCursorField } from './outboxCursor';

/** Query of `GET /api/admin/outbox`. */
export const outboxQuery = z.strictObject({
  status: z.enum(['pending', 'sent', 'failed']).default('failed'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Narrows the list to one managed mechanism (the admin screens' mechanism picker). */
  mechanismId: z.uuid().optional(),
  /** Where the previous page ended (its `nextCursor`); the first page without it. */
  before: outboxCursorField.optional(),
});

/**
 * `GET /api/admin/outbox?status=failed[&before=<nextCursor>]` (a page and the total),
 * `POST /api/admin/outbox/:id/retry` and `POST /api/admin/outbox/retry-all`. A retried e-mail is pending again with no attempts and due now:
 * the sender (server/jobs/outboxSender.ts), which looks for due e-mails every OUTBOX_INTERVAL_MS, takes
 * it on its next look — the job runner has no separate wake-up, and none is needed at that interval.
 * The same three under `/api/admin/channel-outbox` for SMS and WhatsApp messages (without their text
 * or number); a failed message to a number that has since sent SALIR stays failed.
 */
/**
 * One page of a listing asked for with one row more than `limit`: that extra row only tells whether
 * another page follows (the e-mail and the channel outboxes page alike).
 */
function pageOf<Row extends { position: OutboxPosition }, Entry>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Entry,
): { entries: Entry[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { entries: page.map(present), nextCursor: rows.length > limit && last ? encodeOutboxCursor(last.position) : null };
}

export function outboxRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/admin/outbox', async (req, res) => {
    const user = currentUser(req);
    const query = parseInput(outboxQuery, req.query);
    const scope = outboxScopeOf(user, query.mechanismId);
    // One row more than the page tells whether another page follows, without a second query.
    const [rows, total] = await Promise.all([
      listOutbox(ctx.db, scope, query.status, query.limit + 1, query.before ?? null),
      countOutbox(ctx.db, scope, query.status),
    ]);
    const body: OutboxListDto = { ...pageOf(rows, query.limit, (row) => presentOutboxEntry(row, ctx.cipher)), total };
    res.json(body);
  });

  router.post('/admin/outbox/retry-all', async (req, res) => {
    const user = currentUser(req);
    const requeued = await requeueFailed(ctx.db, outboxScopeOf(user), null, ctx.clock.now());
    logger.info('failed e-mails queued again', { by: user.id, outboxIds: requeued.map((r) => r.id) });
    const body: OutboxRetryAllDto = { retried: requeued.length };
    res.json(body);
  });

  router.post('/admin/outbox/:id/retry', async (req, res) => {
    const user = currentUser(req);
    const scope = outboxScopeOf(user);
    const [entry] = await requeueFailed(ctx.db, scope, pathSerial(req.params.id), ctx.clock.now());
    if (!entry) throw new NotFound();
    logger.info('failed e-mail queued again', { by: user.id, outboxId: entry.id });
    const body: OutboxEntryDto = presentOutboxEntry(entry, ctx.cipher);
    res.json(body);
  });

  router.get('/admin/channel-outbox', async (req, res) => {
    const user = currentUser(req);
    const query = parseInput(outboxQuery, req.query);
    const scope = outboxScopeOf(user, query.mechanismId);
    const [rows, total] = await Promise.all([
      listChannelOutbox(ctx.db, scope, query.status, query.limit + 1, query.before ?? null),
      countChannelOutbox(ctx.db, scope, query.status),
    ]);
    const body: ChannelOutboxListDto = { ...pageOf(rows, query.limit, presentChannelOutboxEntry), total };
    res.json(body);
  });

  router.post('/admin/channel-outbox/retry-all', async (req, res) => {
    const user = currentUser(req);
    const requeued = await requeueFailedChannelMessages(ctx.db, outboxScopeOf(user), null, ctx.clock.now());
    logger.info('failed SMS/WhatsApp messages queued again', { by: user.id, channelOutboxIds: requeued.map((r) => r.id) });
    const body: OutboxRetryAllDto = { retried: requeued.length };
    res.json(body);
  });

  router.post('/admin/channel-outbox/:id/retry', async (req, res) => {
    const user = currentUser(req);
    const [entry] = await requeueFailedChannelMessages(ctx.db, outboxScopeOf(user), pathSerial(req.params.id), ctx.clock.now());
    if (!entry) throw new NotFound();
    logger.info('failed SMS/WhatsApp message queued again', { by: user.id, channelOutboxId: entry.id });
    const body: ChannelOutboxEntryDto = presentChannelOutboxEntry(entry);
    res.json(body);
  });

  return router;
}
