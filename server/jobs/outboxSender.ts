/**
 * Sends the e-mails waiting in the outbox, one at a time: each entry is claimed by itself (the claim
 * is a lease: `next_attempt_at` moves OUTBOX_LEASE_MS past the claim, so no other instance takes it),
 * sent outside any transaction — a slow mail server must never hold the database — and then marked
 * sent or given a later retry with backoff. Claiming one entry just before sending it, rather than a
 * batch whose lease runs while earlier ones are sent, is what keeps two servers and a slow mail server
 * from sending an e-mail twice; the mailer's timeouts (server/mail/mailer.ts) end a send well inside
 * the lease. After MAX_ATTEMPTS, or on a permanent refusal (SMTP 5xx), the entry is marked failed,
 * which the admin sees. A crash (or the database going away) between sending and marking resends
 * after the lease: at-least-once, with a stable Message-ID so receiving servers can drop the duplicate.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { renderEmail } from '../mail/emailTemplates';
import { outboxRecipient } from '../mail/mailer';
import { claimNextEmail, markEmailSent, markEmailUnsent } from '../repositories/outboxDelivery';

/** Retries wait longer each time: 1 min, 5 min, 15 min, 1 h, then 6 h. */
const BACKOFF_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000];
/** Attempts before an entry is given up as failed. */
export const MAX_ATTEMPTS = 8;

function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What one run did. */
export interface OutboxRunResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends up to `limit` due e-mails; safe to run from several instances at once. Stops after the entry
 * in hand once `signal` is aborted (shutdown). Throws when the database fails (the job runner backs
 * off); a failed send is the entry's own retry, not the run's failure.
 */
export async function sendDueEmails(ctx: AppContext, limit = 20, signal?: AbortSignal): Promise<OutboxRunResult> {
  const result: OutboxRunResult = { sent: 0, retried: 0, failed: 0 };
  for (let n = 0; n < limit && !signal?.aborted; n++) {
    const now = ctx.clock.now();
    const row = await claimNextEmail(ctx.db, now, new Date(now.getTime() + ctx.config.outboxLeaseMs));
    if (!row) break;
    const startedAt = Date.now();
    let sendError: unknown;
    try {
      const recipient = outboxRecipient(ctx.cipher, { sealId: row.seal_id, recipientCiphertext: row.to_address_ciphertext, toAddress: row.to_address });
      const data = recipient.recipientName === undefined ? row.data : { ...row.data, recipientName: recipient.recipientName };
      const message = renderEmail(row.template, row.language, recipient.to, data, ctx.config.publicUrl, row.mechanism_name ?? undefined);
      await ctx.mailer.send({ ...message, messageId: `<outbox-${row.id}@puente>` });
    } catch (err) {
      sendError = err;
    }
    const tookMs = Date.now() - startedAt;
    if (tookMs > ctx.config.outboxLeaseMs) {
      // Another instance may have claimed it meanwhile: say so, so the lease or the mailer's timeouts get fixed.
      logger.error('an e-mail took longer than its lease; it may be sent twice', { outboxId: row.id, tookMs, leaseMs: ctx.config.outboxLeaseMs });
    }
    if (sendError === undefined) {
      await markEmailSent(ctx.db, row.id, ctx.clock.now());
      result.sent += 1;
      continue;
    }
    const giveUp = isPermanent(sendError) || row.attempts >= MAX_ATTEMPTS;
    const retryAt = new Date(ctx.clock.now().getTime() + BACKOFF_MS[Math.min(row.attempts - 1, BACKOFF_MS.length - 1)]!);
    await markEmailUnsent(ctx.db, row.id, giveUp ? 'failed' : 'pending', retryAt, String((sendError as Error).message ?? sendError));
    logger.warn(giveUp ? 'e-mail given up' : 'e-mail will be retried', { outboxId: row.id, attempts: row.attempts, err: sendError });
    if (giveUp) result.failed += 1;
    else result.retried += 1;
  }
  return result;
}
