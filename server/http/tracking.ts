/**
 * The cases a session follows without an account (filed from it, or opened with a receipt key), and
 * the one way a case route finds who is reading: the logged-in user or this session as tracker.
 */
import type { Request } from 'express';
import type { AppContext } from '../context';
import { NotFound, Unauthenticated } from '../errors';
import { caseReaderFor, type CaseAccessFacts, type CaseActor } from '../policies/casePolicy';
import { findCase } from '../repositories/cases';
import { pathId } from './pathId';
import type { CaseFollower } from '../commands/caseCreator';

declare module 'express-session' {
  interface SessionData {
    /** Cases this browser may follow as their complainant without logging in. */
    trackedCaseIds?: string[];
  }
}

// A shared phone may follow a handful of cases; the oldest fall off beyond this.
const MAX_TRACKED = 20;

/** Lets this session follow the case. */
export function rememberTrackedCase(req: Request, caseId: string): void {
  req.session.trackedCaseIds = trackedWith(req.session.trackedCaseIds, caseId);
}

/** The cases a session follows once it follows `caseId` too (the last, the oldest falling off). */
export function trackedWith(tracked: readonly string[] | undefined, caseId: string): string[] {
  const followed = (tracked ?? []).filter((id) => id !== caseId);
  followed.push(caseId);
  return followed.slice(-MAX_TRACKED);
}

/**
 * How a visitor's filing makes their session follow the new case in the filing's own statement (one
 * statement and commit less a filing, docs/scaling.md "Session 14"): the session's row with the case
 * added as `rememberTrackedCase` adds it, and, once written, the store told so, so that the answer's own
 * write of the same session is skipped (or, if the session was ended meanwhile, never brings it back).
 * Undefined for a logged-in filer, who follows their cases by account. The caller still calls
 * `rememberTrackedCase` after the filing, as for any other way of filing.
 */
export function filedCaseFollower(ctx: AppContext, req: Request): CaseFollower | undefined {
  const session = req.session;
  if (req.user || !session) return undefined;
  return {
    rowFor(caseId) {
      const before = session.trackedCaseIds;
      rememberTrackedCase(req, caseId);
      const row = ctx.sessions.rowOf(req.sessionID, session);
      // Put back as it was: the filing may yet fail, and then the session follows nothing new.
      if (before === undefined) delete session.trackedCaseIds;
      else session.trackedCaseIds = before;
      return row;
    },
    written: (row, found) => ctx.sessions.markWrittenElsewhere(req, session, row, found),
  };
}

/** The cases this session follows. */
export function trackedCaseIds(req: Request): string[] {
  return req.session?.trackedCaseIds ?? [];
}

/**
 * Who reads case `caseId` in this request. 401 when there is neither a user nor any tracked case;
 * 404 (the same for missing and forbidden) when neither may see it.
 */
export async function caseReaderOf(ctx: AppContext, req: Request, caseId: string): Promise<CaseActor> {
  const readerFor = caseReaderResolver(req);
  const row = await findCase(ctx.db, pathId(caseId));
  const reader = row && readerFor(row);
  if (!reader) throw new NotFound();
  return reader;
}

/**
 * Who in this request may read a case, told from a case row the caller holds (a command that locks the
 * case first: one read of it, not two): the logged-in user, or this session as tracker, or undefined. 401
 * at once when there is neither a user nor any tracked case.
 */
export function caseReaderResolver(req: Request): (c: CaseAccessFacts) => CaseActor | undefined {
  return sessionCaseReader(req.user, trackedCaseIds(req));
}

/** caseReaderResolver for a session's user (undefined: nobody logged in) and followed cases. */
export function sessionCaseReader(user: Express.User | undefined, tracked: string[]): (c: CaseAccessFacts) => CaseActor | undefined {
  if (!user && tracked.length === 0) throw new Unauthenticated();
  return (c) => caseReaderFor(user, tracked, c);
}
