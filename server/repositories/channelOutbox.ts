/**
 * The outbox of SMS and WhatsApp messages (migration 0020): a sibling of the e-mail outbox with the same
 * statuses, the same claim by lease and the same admin list. SQL in one place; plain objects out.
 */
import type { Queryable } from '../db/database';
import type { OutboxScope } from '../policies/outboxPolicy';
import type { OutboxStatus } from '../../shared/types/outbox';
import type { Channel } from '../channels/phoneIdentity';
import { countOutboxRows, listOutboxPage, requeueFailedRows, type OutboxDeliveryState, type OutboxPosition, type OutboxTable } from './outboxListing';

/** A message to write to the outbox, already folded for its channel and encrypted. */
export interface NewChannelMessage {
  messageKey: string;
  gateway: string;
  channel: Channel;
  contactId: string;
  mechanismId: string | null;
  kind: string;
  bodyCiphertext: string;
  segments: number;
}

/** Writes a message in the caller's transaction, once per `messageKey` (a second write of the same key is ignored). */
export async function insertChannelMessage(q: Queryable, m: NewChannelMessage, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO channel_outbox (message_key, gateway, channel, contact_id, mechanism_id, kind, body_ciphertext, segments, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (message_key) DO NOTHING`,
    [m.messageKey, m.gateway, m.channel, m.contactId, m.mechanismId, m.kind, m.bodyCiphertext, m.segments, at],
  );
}

/** A message claimed for sending. */
export interface ClaimedChannelMessage {
  id: number;
  gateway: string;
  channel: Channel;
  contactId: string;
  kind: string;
  bodyCiphertext: string;
  /** The body's ciphertext is bound to it. */
  messageKey: string;
  attempts: number;
}

/**
 * Claims the next due message for one lease (its next attempt moves `leaseMs` ahead, so no other
 * instance takes it meanwhile), or nothing. One at a time, claimed just before it is sent.
 */
export function claimNextChannelMessage(q: Queryable, now: Date, leaseMs: number): Promise<ClaimedChannelMessage | undefined> {
  return q.maybeOne<ClaimedChannelMessage>(
    `UPDATE channel_outbox SET attempts = attempts + 1, next_attempt_at = $2
     WHERE id = (SELECT id FROM channel_outbox WHERE status = 'pending' AND next_attempt_at <= $1
                 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, gateway, channel, contact_id AS "contactId", kind, body_ciphertext AS "bodyCiphertext", message_key AS "messageKey", attempts`,
    [now, new Date(now.getTime() + leaseMs)],
  );
}

/** Marks a message delivered to the gateway. */
export async function markChannelMessageSent(q: Queryable, id: number, gatewayMessageId: string | null, at: Date): Promise<void> {
  await q.query(`UPDATE channel_outbox SET status = 'sent', sent_at = $2, gateway_message_id = $3, last_error = NULL WHERE id = $1`, [
    id,
    at,
    gatewayMessageId,
  ]);
}

/** Gives a message a later retry, or gives it up (`failed`), or drops it (`cancelled`: the number sent SALIR). */
export async function markChannelMessageUnsent(
  q: Queryable,
  id: number,
  status: 'pending' | 'failed' | 'cancelled',
  retryAt: Date,
  error: string,
): Promise<void> {
  await q.query(`UPDATE channel_outbox SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`, [id, status, retryAt, error.slice(0, 500)]);
}

/** Drops every message still waiting for a number (it sent SALIR). */
export async function cancelPendingFor(q: Queryable, contactId: string): Promise<number> {
  const rows = await q.query(
    `UPDATE channel_outbox SET status = 'cancelled', last_error = 'opted out' WHERE contact_id = $1 AND status = 'pending' RETURNING id`,
    [contactId],
  );
  return rows.length;
}

/** A channel outbox row as the admin sees it: never the text nor the number. */
export interface ChannelOutboxRow extends OutboxDeliveryState {
  channel: Channel;
  /** The first characters of the number's blind index: tells rows of one number apart, names nobody. */
  contactTag: string;
  kind: string;
  segments: number;
}

const COLUMNS = `o.id, o.channel, left(k.phone_index, 8) AS "contactTag", o.kind, o.segments, o.status, o.attempts, o.last_error AS "lastError",
  o.created_at AS "createdAt", o.next_attempt_at AS "nextAttemptAt", o.sent_at AS "sentAt",
  o.mechanism_id AS "mechanismId", m.name AS "mechanismName"`;

const FROM = `JOIN channel_contacts k ON k.id = o.contact_id LEFT JOIN mechanisms m ON m.id = o.mechanism_id`;

const MESSAGES: OutboxTable = { table: 'channel_outbox', columns: COLUMNS, joins: FROM };

// The message's number has sent SALIR.
const OPTED_OUT = 'EXISTS (SELECT 1 FROM channel_contacts c WHERE c.id = o.contact_id AND c.opted_out_at IS NOT NULL)';

/** The newest messages in `status` within `scope`, keyset-paged like the e-mails (see listOutboxPage). */
export function listChannelOutbox(
  db: Queryable,
  scope: OutboxScope,
  status: OutboxStatus,
  limit: number,
  before: OutboxPosition | null = null,
): Promise<(ChannelOutboxRow & { position: OutboxPosition })[]> {
  return listOutboxPage<ChannelOutboxRow>(db, MESSAGES, scope, status, limit, before);
}

/** How many messages within `scope` are in `status`. */
export function countChannelOutbox(db: Queryable, scope: OutboxScope, status: OutboxStatus): Promise<number> {
  return countOutboxRows(db, 'channel_outbox', scope, status);
}

/**
 * Queues failed messages within `scope` again — one (`id`) or all — as if new, unless their number has
 * sent SALIR since (those stay failed: nothing is sent to it again).
 */
export function requeueFailedChannelMessages(db: Queryable, scope: OutboxScope, id: number | null, at: Date): Promise<ChannelOutboxRow[]> {
  return requeueFailedRows<ChannelOutboxRow>(db, MESSAGES, scope, id, at, OPTED_OUT);
}
