/**
 * What the session's middleware, passport, the CSRF check and the text check would decide of a request by
 * a session this server read lately (PgSessionStore.recentSession), decided as they would on the session
 * as read, for a route answered ahead of them (a message: dialogueRoutes; a filing: intakeRoutes). Nothing
 * here is verified against the database: the statement that acts on it must.
 */
import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import type { RecentSession } from '../auth/sessionStore';
import { sessionUser } from '../auth/passport';
import { openUserFields } from '../repositories/users';
import { csrfHeaderMatches } from './csrf';
import { rejectUnstorableText } from './validate';

/** A recent session and who it is logged in as (undefined: a visitor). */
export interface RecentSessionRequest {
  recent: RecentSession;
  user: Express.User | undefined;
}

/**
 * The recent session `req` names, when the usual path would let the request reach its route: the session's
 * account (if any) still active as read, the CSRF header its token, every text storable. Undefined
 * otherwise (the usual path then decides, refusals included).
 */
export function recentSessionRequest(ctx: AppContext, req: Request, res: Response): RecentSessionRequest | undefined {
  const recent = ctx.sessions.recentSession(req);
  if (!recent) return undefined;
  const user = recent.user ? sessionUser(openUserFields(ctx.cipher, recent.user)) : false;
  if ((recent.userId !== null && !user) || !csrfHeaderMatches(req, recent.csrfToken) || !storable(req, res)) return undefined;
  return { recent, user: user || undefined };
}

/** Whether rejectUnstorableText lets the request through. */
function storable(req: Request, res: Response): boolean {
  let refused = false;
  rejectUnstorableText(req, res, (err?: unknown) => {
    refused = err !== undefined;
  });
  return !refused;
}
