/**
 * What the channel layer needs from an SMS/WhatsApp gateway, whatever its make: check and read an
 * inbound webhook, answer it, send one message, and fetch a file a person sent. The two makes Puente
 * speaks are in twilioGateway.ts and androidGateway.ts; gatewayFor() builds the one configured under an id.
 */
import type { Response } from 'express';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { GatewayConfig } from './gatewayConfig';
import type { Channel } from './phoneIdentity';
import { TwilioGateway } from './twilioGateway';
import { AndroidGateway } from './androidGateway';

/** A webhook request as it arrived: the URL it was sent to, its headers and its raw body. */
export interface WebhookRequest {
  /** Candidate full URLs of the request (as received, and as PUBLIC_URL names it behind a proxy). */
  urls: string[];
  header(name: string): string | undefined;
  rawBody: Buffer;
}

/** A file a person sent with a message, still at the gateway. */
export interface InboundMedia {
  url: string;
  contentType: string;
}

/** One message a person sent, read from a verified webhook. */
export interface InboundMessage {
  /** The gateway's own id of the message (or of the webhook event): each is handled once. */
  externalId: string;
  channel: Channel;
  /** The sender, E.164. */
  from: string;
  body: string;
  media: InboundMedia[];
}

/** One message to send. */
export interface OutboundMessage {
  channel: Channel;
  /** E.164. */
  to: string;
  body: string;
  /** Stable per outbox entry, for gateways that can drop a duplicate. */
  key: string;
}

/** A webhook whose signature does not check out (or is missing): answered 403, nothing kept. */
export class ForgedWebhook extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ForgedWebhook';
  }
}

/** A gateway's refusal to send; `permanent` ones are not retried (the admin sees them failed). */
export class GatewayRefused extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'GatewayRefused';
  }
}

/** A gateway Puente talks to. */
export interface Gateway {
  readonly config: GatewayConfig;
  /** The channels it can send on. */
  readonly channels: readonly Channel[];
  /**
   * Checks the webhook's signature (throws ForgedWebhook) and reads the message it brings, or null for
   * an event that is not a person's message (a delivery report, a ping).
   */
  readInbound(request: WebhookRequest): InboundMessage | null;
  /** Answers the webhook once it is handled (an empty TwiML, a 200). */
  acknowledge(res: Response): void;
  /** Sends a message; returns the gateway's id for it. Throws GatewayRefused or a network error. */
  send(message: OutboundMessage): Promise<string | null>;
  /** Opens a file a person sent, with the gateway's credentials; refuses URLs off the gateway. */
  fetchMedia(media: InboundMedia): Promise<globalThis.Response>;
}

/** The gateway configured under `id`, or undefined (the channel routes answer 404). */
export function gatewayFor(config: Pick<Config, 'channelGateways'>, clock: Clock, id: string): Gateway | undefined {
  const found = config.channelGateways.find((g) => g.id === id);
  if (!found) return undefined;
  return found.kind === 'twilio' ? new TwilioGateway(found) : new AndroidGateway(found, clock);
}

/** How long one call to a gateway may take: far inside the outbox lease, so a slow gateway never causes a double send. */
export const GATEWAY_TIMEOUT_MS = 20_000;

/** Whether an HTTP status from a gateway means "do not try again" (a 4xx other than timeout and throttling). */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Basic authentication header value. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * Sends a message through a gateway's HTTP API: POSTs `request.body` with basic authentication, cut at
 * GATEWAY_TIMEOUT_MS, and reads the JSON answer (`{}` when there is none). An answer other than 2xx is
 * a GatewayRefused saying `refusal(status, answer)`, permanent by isPermanentStatus.
 */
export async function postToGateway<Answer extends object>(
  url: string,
  credentials: { user: string; password: string },
  request: { contentType: string; body: string },
  refusal: (status: number, answer: Answer) => string,
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: basicAuth(credentials.user, credentials.password), 'Content-Type': request.contentType },
    body: request.body,
    signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
  });
  const answer = (await response.json().catch(() => ({}))) as Answer;
  if (!response.ok) throw new GatewayRefused(refusal(response.status, answer), isPermanentStatus(response.status));
  return answer;
}

/** A gateway's error text with anything that looks like a phone number masked (it may quote the recipient). */
export function scrubNumbers(text: string): string {
  return text.replace(/(?:whatsapp:)?\+?\d[\d\s-]{5,}\d/g, '•••');
}
