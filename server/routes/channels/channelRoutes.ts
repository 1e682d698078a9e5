/**
 * The webhooks SMS and WhatsApp gateways call (docs/channels.md): `POST /api/channels/:gatewayId/inbound`,
 * one URL per configured gateway. No session and no CSRF token: the gateway's signature is the only
 * credential, checked on the raw body before anything is read; a forged or unsigned request is a 403
 * and nothing is stored. A gateway that is not configured (or no gateway at all) is a 404.
 */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { logger } from '../../logger';
import { ForgedWebhook, gatewayFor, type InboundMessage, type WebhookRequest } from '../../channels/gateway';
import { receiveChannelMessage } from '../../channels/channelInbox';

/** Largest webhook body read: a message of a few thousand characters and its media links fit many times over. */
const WEBHOOK_LIMIT = '64kb';

/** The gateway webhooks (mounted at /api/channels, before the session and CSRF middleware). */
export function channelRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/:gatewayId/inbound', express.raw({ type: () => true, limit: WEBHOOK_LIMIT }), async (req, res) => {
    const gateway = gatewayFor(ctx.config, ctx.clock, req.params.gatewayId);
    if (!gateway) throw new AppError(404, 'route_not_found');
    const request: WebhookRequest = {
      // The gateway signed the URL it called: as this server received it, or as PUBLIC_URL names it behind a proxy.
      urls: [`${req.protocol}://${req.get('host')}${req.originalUrl}`, `${ctx.config.publicUrl}${req.originalUrl}`],
      header: (name) => req.get(name),
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    };
    let message: InboundMessage | null;
    try {
      message = gateway.readInbound(request);
    } catch (err) {
      if (!(err instanceof ForgedWebhook)) throw err;
      logger.warn('gateway webhook refused', { gateway: gateway.config.id, reason: err.message, ip: req.ip });
      throw new AppError(403, 'webhook_signature_invalid');
    }
    if (message) await receiveChannelMessage(ctx, gateway, message);
    gateway.acknowledge(res);
  });
  return router;
}
