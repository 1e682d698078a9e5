/**
 * Sends the e-mails waiting in the outbox. A batch is claimed in a short transaction (the claim is a
 * lease: `next_attempt_at` moves past the sending time, so no other instance takes the same rows), sent
 * outside any transaction — a slow mail server must never hold the database — and then marked sent or
 * given a later retry with backoff. After MAX_ATTEMPTS, or on a permanent refusal (SMTP 5xx), the entry
 * is marked failed, which the admin sees. A crash between sending and marking resends after the lease:
 * at-least-once, with a stable Message-ID so receiving servers can drop the duplicate.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import type { Language } from '../../shared/roles';
import { renderEmail, type EmailData } from '../mail/emailTemplates';

/** How long a claimed entry is left alone before another sender may retry it. */
const LEASE_MS = 5 * 60 * 1000;
/** Retries wait longer each time: 1 min, 5 min, 15 min, 1 h, then 6 h. */
const BACKOFF_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000];
/** Attempts before an entry is given up as failed. */
export const MAX_ATTEMPTS = 8;

interface OutboxRow {
  id: number;
  to_address: string;
  language: Language;
  template: string;
  data: EmailData;
  attempts: number;
  mechanism_id: string | null;
}

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

/** Sends up to `limit` due e-mails; safe to run from several instances at once. */
export async function sendDueEmails(ctx: AppContext, limit = 20): Promise<OutboxRunResult> {
  const now = ctx.clock.now();
  const claimed = await ctx.db.transaction((tx) =>
    tx.query<OutboxRow>(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2
       WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
                    ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address, language, template, data, attempts, mechanism_id`,
      [now, new Date(now.getTime() + LEASE_MS), limit],
    ),
  );
  const result: OutboxRunResult = { sent: 0, retried: 0, failed: 0 };
  // The footer names each e-mail's mechanism as it is called now.
  const mechanismIds = [...new Set(claimed.map((row) => row.mechanism_id).filter((id): id is string => id !== null))];
  const names = new Map(
    mechanismIds.length === 0
      ? []
      : (await ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM mechanisms WHERE id = ANY($1::uuid[])', [mechanismIds])).map((m) => [m.id, m.name]),
  );
  for (const row of claimed.sort((a, b) => a.id - b.id)) {
    try {
      const message = renderEmail(row.template, row.language, row.to_address, row.data, ctx.config.publicUrl, row.mechanism_id ? names.get(row.mechanism_id) : undefined);
      await ctx.mailer.send({ ...message, messageId: `<outbox-${row.id}@puente>` });
      await ctx.db.query(`UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [row.id, ctx.clock.now()]);
      result.sent += 1;
    } catch (err) {
      const giveUp = isPermanent(err) || row.attempts >= MAX_ATTEMPTS;
      const retryAt = new Date(ctx.clock.now().getTime() + BACKOFF_MS[Math.min(row.attempts - 1, BACKOFF_MS.length - 1)]!);
      await ctx.db.query(`UPDATE outbox SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`, [
        row.id,
        giveUp ? 'failed' : 'pending',
        retryAt,
        String((err as Error).message ?? err).slice(0, 500),
      ]);
      logger.warn(giveUp ? 'e-mail given up' : 'e-mail will be retried', { outboxId: row.id, attempts: row.attempts, err });
      if (giveUp) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}
