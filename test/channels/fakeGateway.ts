/**
 * A real HTTP server standing in for the SMS/WhatsApp gateways in tests: it posts signed webhooks to
 * Puente exactly as Twilio and the "SMS Gateway for Android" app do, records every outbound API call
 * Puente makes (with its credentials), serves media behind the gateway's basic auth, and can be taken
 * down. Puente itself is never mocked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import request from 'supertest';
import { twilioSignature } from '../../server/channels/twilioGateway';
import { androidSignature } from '../../server/channels/androidGateway';
import type { GatewayConfig } from '../../server/channels/gatewayConfig';

/** One outbound message Puente asked the gateway to send. */
export interface SentMessage {
  gateway: 'twilio' | 'android';
  /** E.164, without the whatsapp: prefix. */
  to: string;
  channel: 'sms' | 'whatsapp';
  body: string;
  /** The Android API's message id (Puente's idempotency key). */
  id?: string;
}

export const ACCOUNT_SID = `AC${'c0ffee'.repeat(5)}ab`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const SIGNING_KEY = 'android-signing-key-42';
export const ANDROID_USER = 'sms';
export const ANDROID_PASSWORD = 'gateway-password';
export const SMS_FROM = '+573150000000';
export const WHATSAPP_FROM = '+14155238886';

export class FakeGateway {
  private server?: http.Server;
  port = 0;
  sent: SentMessage[] = [];
  /** While true, the outbound API answers 503 (a gateway outage). */
  down = false;
  /** While true, the outbound API refuses messages for good (400, as for a number it cannot reach). */
  refusing = false;
  /** Files served at /media/<name>. */
  media = new Map<string, { type: string; bytes: Buffer }>();
  private counter = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server?.closeAllConnections();
  }

  /** The gateways to configure Puente with (CHANNEL_GATEWAYS). */
  configs(mechanism = 'cesar'): GatewayConfig[] {
    return [
      {
        id: 'cesar-twilio',
        kind: 'twilio',
        mechanism,
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        smsFrom: SMS_FROM,
        whatsappFrom: WHATSAPP_FROM,
        apiUrl: this.url,
      },
      {
        id: 'cesar-android',
        kind: 'android',
        mechanism,
        signingKey: SIGNING_KEY,
        apiUrl: `${this.url}/message`,
        username: ANDROID_USER,
        password: ANDROID_PASSWORD,
      },
    ];
  }

  /** Messages sent to `phone` (E.164) since the last call, oldest first. */
  takeFor(phone: string): SentMessage[] {
    const mine = this.sent.filter((m) => m.to === phone);
    this.sent = this.sent.filter((m) => m.to !== phone);
    return mine;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const auth = req.headers.authorization ?? '';
    const expect = (user: string, password: string) => auth === `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const url = req.url ?? '';
    if (req.method === 'GET' && url.startsWith('/media/')) {
      const file = this.media.get(url.slice('/media/'.length));
      if (!expect(ACCOUNT_SID, AUTH_TOKEN)) return reply(401, { message: 'Authenticate' });
      if (!file) return reply(404, { message: 'not found' });
      res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': String(file.bytes.length) });
      res.end(file.bytes);
      return;
    }
    if (this.down) return reply(503, { message: 'Service Unavailable' });
    if (this.refusing) return reply(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    if (req.method === 'POST' && url === `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`) {
      if (!expect(ACCOUNT_SID, AUTH_TOKEN)) return reply(401, { code: 20003, message: 'Authenticate' });
      const form = new URLSearchParams(body);
      const to = form.get('To') ?? '';
      const whatsapp = to.startsWith('whatsapp:');
      if (form.get('From') !== (whatsapp ? `whatsapp:${WHATSAPP_FROM}` : SMS_FROM)) return reply(400, { code: 21212, message: 'Invalid From Number' });
      this.sent.push({ gateway: 'twilio', to: to.replace('whatsapp:', ''), channel: whatsapp ? 'whatsapp' : 'sms', body: form.get('Body') ?? '' });
      return reply(201, { sid: `SM${crypto.randomBytes(16).toString('hex')}`, status: 'queued' });
    }
    if (req.method === 'POST' && url === '/message') {
      if (!expect(ANDROID_USER, ANDROID_PASSWORD)) return reply(401, { message: 'Unauthorized' });
      const json = JSON.parse(body) as { id: string; textMessage: { text: string }; phoneNumbers: string[] };
      for (const to of json.phoneNumbers) this.sent.push({ gateway: 'android', to, channel: 'sms', body: json.textMessage.text, id: json.id });
      return reply(202, { id: json.id, state: 'Pending' });
    }
    reply(404, { message: 'no such route' });
  }

  /** A signed Twilio webhook (SMS, or WhatsApp when `whatsapp`), as Twilio posts it. */
  async twilioInbound(
    puenteUrl: string,
    message: { from: string; body: string; whatsapp?: boolean; media?: { name: string; type: string }[]; sid?: string },
    options: { gatewayId?: string; signature?: string | null } = {},
  ): Promise<request.Response> {
    const path = `/api/channels/${options.gatewayId ?? 'cesar-twilio'}/inbound`;
    const address = (phone: string) => (message.whatsapp ? `whatsapp:${phone}` : phone);
    const params = new URLSearchParams({
      ToCountry: 'CO',
      SmsMessageSid: message.sid ?? `SM${(++this.counter).toString(16).padStart(32, '0')}`,
      NumMedia: String(message.media?.length ?? 0),
      From: address(message.from),
      To: address(message.whatsapp ? WHATSAPP_FROM : SMS_FROM),
      Body: message.body,
      AccountSid: ACCOUNT_SID,
      MessageSid: message.sid ?? `SM${this.counter.toString(16).padStart(32, '0')}`,
      ApiVersion: '2010-04-01',
    });
    (message.media ?? []).forEach((m, i) => {
      params.set(`MediaUrl${i}`, `${this.url}/media/${m.name}`);
      params.set(`MediaContentType${i}`, m.type);
    });
    const signature = options.signature === undefined ? twilioSignature(AUTH_TOKEN, `${puenteUrl}${path}`, params) : options.signature;
    let req = request(puenteUrl).post(path).type('form');
    if (signature !== null) req = req.set('X-Twilio-Signature', signature);
    return req.send(params.toString());
  }

  /** A signed `sms:received` webhook of the Android app, stamped `at` (the server's clock). */
  async androidInbound(
    puenteUrl: string,
    message: { from: string; body: string; id?: string },
    at: Date,
    options: { signingKey?: string } = {},
  ): Promise<request.Response> {
    const raw = JSON.stringify({
      deviceId: 'ffffffffceb0b1db0000018e937c815b',
      event: 'sms:received',
      id: message.id ?? `ev${++this.counter}`,
      payload: { messageId: 'abc123', message: message.body, phoneNumber: message.from, simNumber: 1, receivedAt: at.toISOString() },
      webhookId: 'wh-1',
    });
    const timestamp = String(Math.floor(at.getTime() / 1000));
    return request(puenteUrl)
      .post('/api/channels/cesar-android/inbound')
      .set('Content-Type', 'application/json')
      .set('X-Timestamp', timestamp)
      .set('X-Signature', androidSignature(options.signingKey ?? SIGNING_KEY, Buffer.from(raw), timestamp))
      .send(raw);
  }
}
