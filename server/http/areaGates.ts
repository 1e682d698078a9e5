/**
 * Middleware and helpers that put whole areas of the API behind the one gate (policies/authorize.ts):
 * the administration and the oversight answer 404 to everyone else, so their existence leaks nothing.
 */
import type { NextFunction, Request, Response } from 'express';
import { authorize, NO_RECORD } from '../policies/authorize';
import { currentUser } from './requestContext';
import { pathId } from './pathId';

/** Admin routes: 401 without a login, 404 to anyone but an admin. */
export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  authorize(currentUser(req), 'admin.enter', NO_RECORD);
  next();
}

/** Oversight routes: 404 to everyone but the ombudsman, anonymous visitors included. */
export function requireOmbudsman(req: Request, _res: Response, next: NextFunction): void {
  authorize(req.user, 'oversight.enter', NO_RECORD);
  next();
}

/**
 * The mechanism named in the path (`:mechanismId`), if this admin manages it; otherwise 404. Every
 * admin route under `/admin/mechanisms/:mechanismId/...` calls it, in whichever router it lives.
 */
export function managedMechanism(req: Request): string {
  const admin = currentUser(req);
  const mechanismId = pathId(req.params.mechanismId);
  authorize(admin, 'mechanism.administer', { mechanismId });
  return mechanismId;
}
