/**
 * The one way a message to a phone is written: folded for its channel (GSM-7 for SMS), cut into parts a
 * gateway accepts, its segments counted, encrypted, and written to the channel outbox in the caller's
 * transaction under a key that makes it exist once. The sender (jobs/channelOutboxSender.ts) delivers it.
 */
import type { AppContext } from '../context';
import type { Queryable } from '../db/database';
import { insertChannelMessage } from '../repositories/channelOutbox';
import type { Channel } from './phoneIdentity';
import { forChannel, segmentsOf, splitForChannel } from './smsText';
import { channelMessagePlace } from '../crypto/sealedColumns';

/**
 * What a message is, for the admin's list: a step of the conversation, a filing receipt, a status answer,
 * … `opt_out` is the one confirmation of SALIR, the only message sent to a number that opted out.
 */
export type ChannelMessageKind = 'conversation' | 'receipt' | 'status' | 'reply_received' | 'relay' | 'notice' | 'opt_out';

/** Every kind, in the order the admin's screen names them. */
export const CHANNEL_MESSAGE_KINDS: readonly ChannelMessageKind[] = ['conversation', 'receipt', 'status', 'reply_received', 'relay', 'notice', 'opt_out'];

/** A message for one number on one gateway and channel. */
export interface OutboundRequest {
  /** Unique per logical message (`<what>:<gateway message or case message id>:…`): writing it twice sends it once. */
  key: string;
  gateway: string;
  channel: Channel;
  contactId: string;
  mechanismId: string | null;
  kind: ChannelMessageKind;
  text: string;
}

/** Writes `request` to the outbox inside `q`'s transaction. */
export async function enqueueChannelMessage(ctx: AppContext, q: Queryable, request: OutboundRequest, at: Date): Promise<void> {
  const parts = splitForChannel(forChannel(request.text, request.channel), request.channel);
  for (const [i, body] of parts.entries()) {
    const messageKey = parts.length === 1 ? request.key : `${request.key}#${i + 1}`;
    await insertChannelMessage(
      q,
      {
        messageKey,
        gateway: request.gateway,
        channel: request.channel,
        contactId: request.contactId,
        mechanismId: request.mechanismId,
        kind: request.kind,
        bodyCiphertext: ctx.cipher.seal(body, channelMessagePlace(messageKey)),
        segments: segmentsOf(body, request.channel),
      },
      // Parts of one message keep their order: each is due a millisecond after the one before.
      new Date(at.getTime() + i),
    );
  }
}
