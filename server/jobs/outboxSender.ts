/**
 * Sends the e-mails waiting in the outbox. Each round claims due rows with FOR UPDATE SKIP LOCKED and
 * leases them for a while (so two server instances never send the same row), sends them outside any
 * transaction, then marks each sent or schedules a retry with exponential backoff. A row that keeps
 * failing ends as `failed` and is logged; nothing is deleted.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { renderEmail, rendersTemplate } from '../emails/templates';
import type { Language } from '../../shared/roles';

const BATCH = 20;
// Long enough for a slow SMTP server; a crashed sender's rows become due again after it.
const LEASE_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 60 * 1000;

interface DueEmail {
  id: number;
  to: string;
  language: Language;
  template: string;
  data: Record<string, unknown>;
  attempts: number;
}

/** Sends every due e-mail once; returns how many were sent. */
export async function sendDueEmails(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db.query<DueEmail>(
    `UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1
     WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING id, to_address AS "to", language, template, data, attempts`,
    [now, new Date(now.getTime() + LEASE_MS)],
  );
  let sent = 0;
  for (const email of due) {
    // Templates of other features are sent by their own senders; leave them untouched.
    if (!rendersTemplate(email.template)) {
      await ctx.db.query('UPDATE outbox SET next_attempt_at = $2, attempts = attempts - 1 WHERE id = $1', [email.id, now]);
      continue;
    }
    try {
      await ctx.mailer.send({ to: email.to, ...renderEmail(email.template, email.language, email.data) });
      await ctx.db.query(`UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [email.id, ctx.clock.now()]);
      sent += 1;
    } catch (err) {
      const giveUp = email.attempts >= MAX_ATTEMPTS;
      const retryAt = new Date(ctx.clock.now().getTime() + BASE_BACKOFF_MS * 2 ** (email.attempts - 1));
      await ctx.db.query(
        `UPDATE outbox SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`,
        [email.id, giveUp ? 'failed' : 'pending', retryAt, (err as Error).message?.slice(0, 500) ?? 'unknown'],
      );
      logger[giveUp ? 'error' : 'warn']('e-mail not sent', { outboxId: email.id, template: email.template, attempts: email.attempts, err });
    }
  }
  return sent;
}

/** A running sender; `stop` waits for the round in progress. */
export interface OutboxSender {
  stop(): Promise<void>;
}

/**
 * Polls the outbox every `intervalMs`. The interval only decides when to look: what is due is decided
 * by the rows' own next_attempt_at, so a restart loses and doubles nothing.
 */
export function startOutboxSender(ctx: AppContext, intervalMs = 5000): OutboxSender {
  let running: Promise<void> | undefined;
  let stopped = false;
  const round = () => {
    if (stopped || running) return;
    running = sendDueEmails(ctx)
      .then(() => undefined)
      .catch((err: unknown) => logger.error('outbox round failed', { err }))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
