/**
 * Writes the notices and e-mails of messages whose server stopped between committing the message and
 * writing them (migration 0051): a message's notices are written right after its push, in a transaction
 * of their own (commands/messagePoster.ts), so a crash or a database outage in between leaves the
 * message's note in message_notices_pending. Notes younger than MESSAGE_NOTICE_GRACE_MS are left to the
 * server that took the message. Safe on several servers: whoever deletes a note writes its notices, the
 * other writes nothing (repositories/notifications.insertNotificationsWithEmails).
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { writeMessageNotices } from '../notifications/notifier';
import { findCase } from '../repositories/cases';
import { messagesWithPendingNotices } from '../repositories/messages';

/** How often the job looks for notes left behind. */
export const MESSAGE_NOTICE_INTERVAL_MS = 30_000;

/** How old a note must be before the job takes it: the server that took the message writes its notices within milliseconds. */
export const MESSAGE_NOTICE_GRACE_MS = 60_000;

/** One run: writes the notices of up to `limit` messages left pending; returns how many messages it finished. */
export async function writeLateMessageNotices(ctx: AppContext, signal?: AbortSignal, limit = 100): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - MESSAGE_NOTICE_GRACE_MS);
  const pending = await messagesWithPendingNotices(ctx.db, before, limit);
  let finished = 0;
  for (const message of pending) {
    if (signal?.aborted) break;
    // Who hears is decided on the case as it is now, as for any notice written late.
    const c = await findCase(ctx.db, message.caseId);
    if (!c) continue;
    await writeMessageNotices(ctx, message, c);
    finished++;
  }
  if (finished > 0) logger.info('notices of messages written late', { messages: finished });
  return finished;
}
