/** The e-mail outbox as the admin sees and repairs it: SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { OutboxScope } from '../policies/outboxPolicy';
import type { OutboxStatus } from '../../shared/types/outbox';
import { countOutboxRows, listOutboxPage, requeueFailedRows, type OutboxDeliveryState, type OutboxPosition, type OutboxTable } from './outboxListing';

export type { OutboxPosition } from './outboxListing';

/** An outbox row without its message data (which may name a case). */
export interface OutboxRow extends OutboxDeliveryState {
  /** Plaintext only in rows from before the outbox was encrypted; else null (see sealId). */
  toAddress: string | null;
  sealId: string | null;
  recipientCiphertext: string | null;
  template: string;
}

// Read from `o` (the outbox, or the rows an UPDATE returned) joined to its mechanism `m`.
const COLUMNS = `o.id, o.to_address AS "toAddress", o.seal_id AS "sealId", o.to_address_ciphertext AS "recipientCiphertext", o.template, o.status, o.attempts, o.last_error AS "lastError",
  o.created_at AS "createdAt", o.next_attempt_at AS "nextAttemptAt", o.sent_at AS "sentAt",
  o.mechanism_id AS "mechanismId", m.name AS "mechanismName"`;

/** An outbox row as the list returns it: with its position, the cursor of the page after it. */
export interface OutboxListedRow extends OutboxRow {
  position: OutboxPosition;
}

const EMAILS: OutboxTable = { table: 'outbox', columns: COLUMNS, joins: 'LEFT JOIN mechanisms m ON m.id = o.mechanism_id' };

/** The newest e-mails in `status` within `scope`, keyset-paged (see listOutboxPage). */
export function listOutbox(
  db: Queryable,
  scope: OutboxScope,
  status: OutboxStatus,
  limit: number,
  before: OutboxPosition | null = null,
): Promise<OutboxListedRow[]> {
  return listOutboxPage<OutboxRow>(db, EMAILS, scope, status, limit, before);
}

/** How many e-mails within `scope` are in `status` (the list's total; the overview's failed count). */
export function countOutbox(db: Queryable, scope: OutboxScope, status: OutboxStatus): Promise<number> {
  return countOutboxRows(db, 'outbox', scope, status);
}

/**
 * Queues failed e-mails within `scope` again — one (`id`) or all (`id` null) — as if new: pending,
 * no attempts, due at `at`. Returns the rows queued; none when `id` is not a failed e-mail in scope.
 */
export function requeueFailed(db: Queryable, scope: OutboxScope, id: number | null, at: Date): Promise<OutboxRow[]> {
  return requeueFailedRows<OutboxRow>(db, EMAILS, scope, id, at);
}
