/**
 * The SMS and WhatsApp gateways a deployment connects (docs/channels.md), read from CHANNEL_GATEWAYS:
 * a JSON list, one entry per gateway, each naming the mechanism its complaints are filed into. Without
 * it the channels are off and their routes answer 404.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a gateway id is 1–40 lowercase letters, digits or dashes');
const mechanism = z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'the slug of a mechanism');
const phone = z.string().regex(/^\+\d{6,15}$/, 'an E.164 number such as +573001234567');

/** A Twilio account (SMS and/or WhatsApp): signed form webhooks in, its REST API out. */
export const twilioGatewaySchema = z.strictObject({
  id,
  kind: z.literal('twilio'),
  mechanism,
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID (AC followed by 32 hex digits)'),
  authToken: z.string().min(16),
  /** The number SMS are sent from. */
  smsFrom: phone.optional(),
  /** The WhatsApp sender, as `whatsapp:+14155238886` or just the number. */
  whatsappFrom: z
    .string()
    .transform((v) => v.replace(/^whatsapp:/, ''))
    .pipe(phone)
    .optional(),
  /** Base URL of the REST API (a test's fake gateway, a regional edge). */
  apiUrl: z.url().default('https://api.twilio.com'),
});

/**
 * An Android phone running "SMS Gateway for Android" (capcom6/android-sms-gateway): `sms:received`
 * webhooks signed with the app's signing key, and its HTTP API (local server `…:8080/message`, or the
 * cloud/private server's `…/3rdparty/v1/messages`) with the app's basic-auth credentials.
 */
export const androidGatewaySchema = z.strictObject({
  id,
  kind: z.literal('android'),
  mechanism,
  /** Settings → Webhooks → Signing Key in the app. */
  signingKey: z.string().min(8),
  /** The full URL messages are POSTed to. */
  apiUrl: z.url(),
  username: z.string().min(1),
  password: z.string().min(1),
});

/** One configured gateway. */
export const gatewayConfigSchema = z.discriminatedUnion('kind', [twilioGatewaySchema, androidGatewaySchema]);

/** A configured gateway, as the server runs with it. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
/** A configured Twilio gateway. */
export type TwilioGatewayConfig = z.output<typeof twilioGatewaySchema>;
/** A configured Android gateway. */
export type AndroidGatewayConfig = z.output<typeof androidGatewaySchema>;

/** CHANNEL_GATEWAYS: a JSON list of gateways with distinct ids. */
export const gatewayListSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'CHANNEL_GATEWAYS must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(gatewayConfigSchema))
  .refine((list) => new Set(list.map((g) => g.id)).size === list.length, 'gateway ids must be distinct');
