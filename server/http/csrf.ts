/**
 * CSRF protection for cookie-authenticated writes (synchronizer token): the token lives in the session
 * and every unsafe request must echo it in the `x-csrf-token` header, which another site cannot read.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's token, created on first use. */
export function csrfTokenFor(req: Request): string {
  req.session.csrfToken ??= crypto.randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function tokensMatch(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Whether `given` (e.g. a hidden field of a form drawn by the server, server/routes/plainForm) is the session's token. */
export function csrfTokenMatches(req: Request, given: string | undefined): boolean {
  return tokensMatch(req.session?.csrfToken, given);
}

/** Whether the request's header carries `sessionToken`, its session's token (requireCsrfToken's test). */
export function csrfHeaderMatches(req: Request, sessionToken: string | undefined): boolean {
  return tokensMatch(sessionToken, req.get('x-csrf-token'));
}

/** Middleware refusing unsafe requests whose header does not carry the session's token. */
export function requireCsrfToken(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  if (csrfHeaderMatches(req, req.session?.csrfToken)) return next();
  next(new AppError(403, 'csrf_failed'));
}

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
  }
}
