/**
 * The one place errors become responses: known errors keep their status and code with a translated
 * message; anything unexpected is logged with context and answered with a generic 500.
 */
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from '../../shared/types/api';
import { AppError, TooManyAttempts } from '../errors';
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
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const known = err instanceof AppError ? err : fromBodyParser(err);
  const t = req.t ?? translatorFor(languageFromHeader(req.get('accept-language')));
  if (!known) {
    logger.error('unexpected error', { err, method: req.method, path: req.originalUrl.split('?')[0], userId: req.user?.id });
    const body: ErrorBody = { error: { code: 'internal', message: t('errors:internal') } };
    res.status(500).json(body);
    return;
  }
  if (known instanceof TooManyAttempts) res.set('Retry-After', String(known.retryAfterSeconds));
  if (known.status >= 500) logger.error('server error', { err, path: req.path });
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
