/**
 * An Android phone running "SMS Gateway for Android" (capcom6/android-sms-gateway), how deployments
 * without an operator contract receive SMS. Inbound: its `sms:received` webhook, JSON
 * `{ deviceId, event, id, payload: { messageId, message, phoneNumber, simNumber, receivedAt }, webhookId }`,
 * signed in `X-Signature` as hex HMAC-SHA256, keyed with the app's signing key, of the raw body followed
 * by the `X-Timestamp` header (Unix seconds; older than five minutes is refused as a replay).
 * Outbound: its HTTP API, `POST` JSON `{ id, textMessage: { text }, phoneNumbers: [...] }` with basic
 * auth, to the device's local server (`http://<phone>:8080/message`) or the cloud/private server
 * (`…/3rdparty/v1/messages`). SMS only: the app carries no photos.
 */
import crypto from 'node:crypto';
import type { Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import {
  ForgedWebhook,
  GatewayRefused,
  postToGateway,
  type Gateway,
  type InboundMedia,
  type InboundMessage,
  type OutboundMessage,
  type WebhookRequest,
} from './gateway';
import type { AndroidGatewayConfig } from './gatewayConfig';
import { normalizePhone, type Channel } from './phoneIdentity';

/** How far a webhook's timestamp may be from the server's clock. */
const REPLAY_WINDOW_S = 5 * 60;

/** The signature the app puts in X-Signature for `rawBody` sent at `timestamp`. */
export function androidSignature(signingKey: string, rawBody: Buffer, timestamp: string): string {
  return crypto
    .createHmac('sha256', signingKey)
    .update(Buffer.concat([rawBody, Buffer.from(timestamp, 'utf8')]))
    .digest('hex');
}

const webhookSchema = z.object({
  event: z.string(),
  id: z.string().min(1).max(100),
  payload: z.object({ message: z.string().default(''), phoneNumber: z.string() }).partial({ message: true }),
});

/** The Android app as a gateway. */
export class AndroidGateway implements Gateway {
  readonly channels: readonly Channel[] = ['sms'];

  constructor(
    readonly config: AndroidGatewayConfig,
    private readonly clock: Clock,
  ) {}

  readInbound(request: WebhookRequest): InboundMessage | null {
    const signature = request.header('x-signature') ?? '';
    const timestamp = request.header('x-timestamp') ?? '';
    if (!/^[0-9a-f]{64}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) throw new ForgedWebhook('X-Signature or X-Timestamp missing');
    const expected = Buffer.from(androidSignature(this.config.signingKey, request.rawBody, timestamp));
    if (!crypto.timingSafeEqual(expected, Buffer.from(signature.toLowerCase()))) throw new ForgedWebhook('X-Signature wrong');
    if (Math.abs(this.clock.now().getTime() / 1000 - Number(timestamp)) > REPLAY_WINDOW_S) throw new ForgedWebhook('X-Timestamp outside the replay window');
    let parsed: z.infer<typeof webhookSchema>;
    try {
      parsed = webhookSchema.parse(JSON.parse(request.rawBody.toString('utf8')));
    } catch {
      return null;
    }
    if (parsed.event !== 'sms:received') return null;
    const from = normalizePhone(parsed.payload.phoneNumber);
    if (!from) return null;
    return { externalId: parsed.id, channel: 'sms', from, body: parsed.payload.message ?? '', media: [] };
  }

  acknowledge(res: Response): void {
    res.status(200).json({ ok: true });
  }

  async send(message: OutboundMessage): Promise<string | null> {
    if (message.channel !== 'sms') throw new GatewayRefused('the Android gateway sends SMS only', true);
    const answer = await postToGateway<{ id?: string; message?: string }>(
      this.config.apiUrl,
      { user: this.config.username, password: this.config.password },
      // The id makes the phone's queue hold one message per outbox entry.
      { contentType: 'application/json', body: JSON.stringify({ id: message.key, textMessage: { text: message.body }, phoneNumbers: [message.to] }) },
      (status, refused) => `Android gateway ${status}: ${refused.message ?? 'no detail'}`,
    );
    return answer.id ?? message.key;
  }

  fetchMedia(_media: InboundMedia): Promise<globalThis.Response> {
    return Promise.reject(new GatewayRefused('the Android gateway carries no files', true));
  }
}
