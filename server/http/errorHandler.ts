/**
 * The one place errors become responses: known errors keep their status and code with a translated
 * message; anything unexpected is logged with context and answered with a generic 500.
 */
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from '../../shared/types/api';
import { AppError, ServiceUnavailable, TooManyAttempts } from '../errors';
import { DatabaseUnavailable } from '../db/database';
import type { TFunction } from 'i18next';
import { languageFromHeader, translatorFor } from '../i18n';
import { logger } from '../logger';

/** express.json() and friends signal their failures with these `type`s. */
function fromBodyParser(err: unknown): AppError | undefined {
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') return new AppError(400, 'malformed_json');
  if (type === 'entity.too.large') return new AppError(413, 'payload_too_large');
  return undefined;
}

/** Answers unknown /api routes with a JSON 404 instead of the client app. */
export function apiNotFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new AppError(404, 'route_not_found'));
}

/** Express error middleware (four arguments). */
export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  // The answer already went out whole (express-session reports a failed save after the body): cutting
  // the connection now could lose it, so only log. Half sent (a stream): Express can only cut it.
  if (res.writableEnded) {
    logger.warn('error after the answer was sent', { err, method: req.method, path: req.originalUrl.split('?')[0] });
    return;
  }
  if (res.headersSent) return next(err);
  const known = err instanceof AppError ? err : fromBodyParser(err);
  const t = req.t ?? translatorFor(languageFromHeader(req.get('accept-language')));
  if (!known) {
    logger.error('unexpected error', { err, method: req.method, path: req.originalUrl.split('?')[0], userId: req.user?.id });
    const body: ErrorBody = { error: { code: 'internal', message: t('errors:internal') } };
    res.status(500).json(body);
    return;
  }
  if (known instanceof TooManyAttempts || known instanceof ServiceUnavailable) res.set('Retry-After', String(known.retryAfterSeconds));
  // An outage answers every request 503 for a while: one warning each, with the database's own error.
  if (known instanceof DatabaseUnavailable) logger.warn('database unavailable', { err: known.reason, method: req.method, path: req.originalUrl.split('?')[0] });
  else if (known.status >= 500) logger.error('server error', { err, path: req.path });
  res.status(known.status).json(errorBodyOf(known, t));
}

/** The answer's body for a known error, in the language of `t` (also used where a library writes the response: resumable uploads). */
export function errorBodyOf(known: AppError, t: TFunction): ErrorBody {
  const body: ErrorBody = { error: { code: known.code, message: t(`errors:${known.code}`, known.params) } };
  if (known.fields.length) {
    body.error.fields = known.fields.map((f) => ({ field: f.field, message: t(`errors:${f.messageKey}`, f.params) }));
  }
  return body;
}
