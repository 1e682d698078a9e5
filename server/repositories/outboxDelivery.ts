/**
 * The e-mail outbox as the sender works through it (jobs/outboxSender.ts): claim one due entry by
 * lease, then mark it sent or give it a later retry. The admin's list is repositories/outbox.ts.
 */
import type { Queryable } from '../db/database';
import type { Language } from '../../shared/roles';
import type { EmailData } from '../mail/emailTemplates';

/** An e-mail claimed for sending: its recipient (sealed, or plaintext in old rows), template and data. */
export interface ClaimedEmail {
  id: number;
  to_address: string | null;
  seal_id: string | null;
  to_address_ciphertext: string | null;
  language: Language;
  template: string;
  data: EmailData;
  attempts: number;
  /** The e-mail's mechanism as it is called now, which the footer names. */
  mechanism_name: string | null;
}

/** Claims the next entry due at `now` until `leaseUntil` (no other instance takes it meanwhile), or nothing. */
export function claimNextEmail(q: Queryable, now: Date, leaseUntil: Date): Promise<ClaimedEmail | undefined> {
  return q.maybeOne<ClaimedEmail>(
    `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2
     WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
                 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, to_address, seal_id, to_address_ciphertext, language, template, data, attempts,
               (SELECT name FROM mechanisms WHERE mechanisms.id = outbox.mechanism_id) AS mechanism_name`,
    [now, leaseUntil],
  );
}

/** Marks an e-mail sent. */
export async function markEmailSent(q: Queryable, id: number, at: Date): Promise<void> {
  await q.query(`UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [id, at]);
}

/** Gives an e-mail a later retry (`pending`) or gives it up (`failed`), keeping the error's first 500 characters. */
export async function markEmailUnsent(q: Queryable, id: number, status: 'pending' | 'failed', retryAt: Date, error: string): Promise<void> {
  await q.query(`UPDATE outbox SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`, [id, status, retryAt, error.slice(0, 500)]);
}
