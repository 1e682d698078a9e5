/**
 * Sends the SMS and WhatsApp messages waiting in the channel outbox, with the e-mail outbox's design:
 * each message is claimed by itself just before it is sent (a lease: its next attempt moves
 * CHANNEL_LEASE_MS ahead, so no other instance takes it), sent outside any transaction — a slow gateway
 * never holds the database; each call is cut at GATEWAY_TIMEOUT_MS, far inside the lease — and then
 * marked sent, or given a later retry with backoff, or failed for good (a permanent refusal, or
 * MAX_ATTEMPTS), which the admin sees beside the e-mails. A message to a number that sent SALIR is
 * dropped, never sent. A crash between sending and marking resends after the lease (at-least-once;
 * the Android gateway drops the duplicate by the message id it is given).
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { gatewayFor, GatewayRefused, scrubNumbers } from '../channels/gateway';
import { phoneLogTag } from '../channels/phoneIdentity';
import { findContact } from '../repositories/channels';
import { claimNextChannelMessage, markChannelMessageSent, markChannelMessageUnsent } from '../repositories/channelOutbox';
import { channelContactPlace, channelMessagePlace } from '../crypto/sealedColumns';

/** How long a claimed message is left alone before another sender may retry it. */
export const CHANNEL_LEASE_MS = 2 * 60 * 1000;
/** Retries wait longer each time: 30 s, 2 min, 10 min, 30 min, then 2 h. */
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000];
/** Attempts before a message is given up as failed. */
export const MAX_CHANNEL_ATTEMPTS = 8;

/** What one run did. */
export interface ChannelOutboxRunResult {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

/**
 * Sends up to `limit` due messages; safe to run from several instances at once. Stops after the message
 * in hand once `signal` is aborted (shutdown).
 */
export async function sendDueChannelMessages(ctx: AppContext, limit = 20, signal?: AbortSignal): Promise<ChannelOutboxRunResult> {
  const result: ChannelOutboxRunResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  for (let n = 0; n < limit && !signal?.aborted; n++) {
    const row = await claimNextChannelMessage(ctx.db, ctx.clock.now(), CHANNEL_LEASE_MS);
    if (!row) break;
    const contact = await findContact(ctx.db, row.contactId);
    const tag = contact ? phoneLogTag(contact.phoneIndex) : null;
    if (!contact || (contact.optedOutAt && row.kind !== 'opt_out')) {
      await markChannelMessageUnsent(ctx.db, row.id, 'cancelled', ctx.clock.now(), 'opted out');
      result.cancelled += 1;
      continue;
    }
    let sendError: unknown;
    let gatewayMessageId: string | null = null;
    try {
      const gateway = gatewayFor(ctx.config, ctx.clock, row.gateway);
      if (!gateway) throw new GatewayRefused(`gateway ${row.gateway} is not configured`, true);
      gatewayMessageId = await gateway.send({
        channel: row.channel,
        to: ctx.cipher.open<string>(contact.phoneCiphertext, channelContactPlace(contact.phoneIndex)),
        body: ctx.cipher.open<string>(row.bodyCiphertext, channelMessagePlace(row.messageKey)),
        key: `puente-${row.id}`,
      });
    } catch (err) {
      sendError = err;
    }
    if (sendError === undefined) {
      await markChannelMessageSent(ctx.db, row.id, gatewayMessageId, ctx.clock.now());
      logger.info('channel message sent', { channelOutboxId: row.id, gateway: row.gateway, channel: row.channel, contact: tag });
      result.sent += 1;
      continue;
    }
    const giveUp = (sendError instanceof GatewayRefused && sendError.permanent) || row.attempts >= MAX_CHANNEL_ATTEMPTS;
    const retryAt = new Date(ctx.clock.now().getTime() + BACKOFF_MS[Math.min(row.attempts - 1, BACKOFF_MS.length - 1)]!);
    const message = scrubNumbers(sendError instanceof Error ? sendError.message : String(sendError));
    await markChannelMessageUnsent(ctx.db, row.id, giveUp ? 'failed' : 'pending', retryAt, message);
    // The gateway's answer names no number; the contact appears only as its tag.
    logger.warn(giveUp ? 'channel message given up' : 'channel message will be retried', {
      channelOutboxId: row.id,
      gateway: row.gateway,
      attempts: row.attempts,
      contact: tag,
      error: message,
    });
    if (giveUp) result.failed += 1;
    else result.retried += 1;
  }
  return result;
}
