/**
 * Twilio's Programmable Messaging, for SMS and WhatsApp. Inbound: form-encoded webhooks (`From`, `To`,
 * `Body`, `NumMedia`, `MediaUrl0…`, `MediaContentType0…`, `MessageSid`) signed in `X-Twilio-Signature`:
 * base64 HMAC-SHA1, keyed with the auth token, of the full URL followed by every POST parameter's name
 * and value in name order. Outbound: `POST {apiUrl}/2010-04-01/Accounts/{sid}/Messages.json` with
 * basic auth. WhatsApp addresses are `whatsapp:+57…`. Checked against Twilio's own `validateRequest`
 * and its documented example (server/channels/twilioGateway.test.ts).
 */
import crypto from 'node:crypto';
import type { Response } from 'express';
import {
  basicAuth,
  ForgedWebhook,
  GATEWAY_TIMEOUT_MS,
  GatewayRefused,
  isPermanentStatus,
  postToGateway,
  type Gateway,
  type InboundMedia,
  type InboundMessage,
  type OutboundMessage,
  type WebhookRequest,
} from './gateway';
import type { TwilioGatewayConfig } from './gatewayConfig';
import { normalizePhone, type Channel } from './phoneIdentity';

/** The expected `X-Twilio-Signature` of a request to `url` with these POST parameters. */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  // A repeated name signs each distinct value in order (as Twilio's libraries do).
  const data = names.reduce(
    (acc, name) =>
      acc +
      [...new Set(params.getAll(name))]
        .sort()
        .map((v) => name + v)
        .join(''),
    url,
  );
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** `url` without its port, and with the scheme's default port: Twilio may have signed either. */
function portVariants(url: string): string[] {
  const match = /^(https?:\/\/)([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, host, port, rest] = match as unknown as [string, string, string, string | undefined, string];
  const standard = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return [url, `${scheme}${host}${rest}`, `${scheme}${host}${port ?? standard}${rest}`];
}

/** Whether `signature` is Twilio's for a request to one of `urls` with `params`. */
export function isTwilioSignatureValid(authToken: string, signature: string | undefined, urls: string[], params: URLSearchParams): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature);
  return urls.flatMap(portVariants).some((url) => {
    const expected = Buffer.from(twilioSignature(authToken, url, params));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

/** A Twilio account as a gateway. */
export class TwilioGateway implements Gateway {
  readonly channels: readonly Channel[];

  constructor(readonly config: TwilioGatewayConfig) {
    this.channels = [...(config.smsFrom ? ['sms' as const] : []), ...(config.whatsappFrom ? ['whatsapp' as const] : [])];
  }

  readInbound(request: WebhookRequest): InboundMessage | null {
    const params = new URLSearchParams(request.rawBody.toString('utf8'));
    if (!isTwilioSignatureValid(this.config.authToken, request.header('x-twilio-signature'), request.urls, params)) {
      throw new ForgedWebhook('X-Twilio-Signature missing or wrong');
    }
    if (params.get('AccountSid') !== this.config.accountSid) throw new ForgedWebhook('another account');
    const sid = params.get('MessageSid') ?? params.get('SmsMessageSid');
    const fromRaw = params.get('From');
    const from = fromRaw ? normalizePhone(fromRaw) : null;
    if (!sid || !from) return null;
    const count = Math.min(Number.parseInt(params.get('NumMedia') ?? '0', 10) || 0, 10);
    const media: InboundMedia[] = [];
    for (let i = 0; i < count; i++) {
      const url = params.get(`MediaUrl${i}`);
      if (url) media.push({ url, contentType: params.get(`MediaContentType${i}`) ?? '' });
    }
    return { externalId: sid, channel: fromRaw!.startsWith('whatsapp:') ? 'whatsapp' : 'sms', from, body: params.get('Body') ?? '', media };
  }

  acknowledge(res: Response): void {
    // An empty TwiML answer: replies go out through the outbox and the REST API, never inline.
    res.status(200).type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  }

  async send(message: OutboundMessage): Promise<string | null> {
    const from = message.channel === 'whatsapp' ? this.config.whatsappFrom : this.config.smsFrom;
    if (!from) throw new GatewayRefused(`no ${message.channel} sender configured`, true);
    const address = (phone: string) => (message.channel === 'whatsapp' ? `whatsapp:${phone}` : phone);
    const url = `${this.config.apiUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${this.config.accountSid}/Messages.json`;
    const answer = await postToGateway<{ sid?: string; code?: number; message?: string }>(
      url,
      { user: this.config.accountSid, password: this.config.authToken },
      {
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ To: address(message.to), From: address(from), Body: message.body }).toString(),
      },
      (status, refused) => `Twilio ${status}${refused.code ? ` (${refused.code})` : ''}: ${refused.message ?? 'no detail'}`,
    );
    return answer.sid ?? null;
  }

  async fetchMedia(media: InboundMedia): Promise<globalThis.Response> {
    return fetchWithCredentials(media.url, this.config.apiUrl, basicAuth(this.config.accountSid, this.config.authToken));
  }
}

/**
 * GETs `url` with `authorization`, only when it is on the gateway's own origin (a webhook cannot make
 * the server fetch anything else), following up to three redirects (Twilio hands media to its CDN)
 * without the credentials once the origin changes.
 */
export async function fetchWithCredentials(url: string, apiUrl: string, authorization: string): Promise<globalThis.Response> {
  const origin = new URL(apiUrl).origin;
  let target = new URL(url);
  if (target.origin !== origin) throw new GatewayRefused('media URL outside the gateway', true);
  for (let hop = 0; hop < 4; hop++) {
    const response = await fetch(target, {
      headers: target.origin === origin ? { Authorization: authorization } : {},
      redirect: 'manual',
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      target = new URL(location, target);
      if (target.protocol !== 'https:' && target.origin !== origin) throw new GatewayRefused('media redirected to plain http', true);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new GatewayRefused(`media ${response.status}`, isPermanentStatus(response.status));
    }
    return response;
  }
  throw new GatewayRefused('media redirected too often', true);
}
