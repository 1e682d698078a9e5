/**
 * Who may see which case and take which action, decided from role, mechanism, company scope, identity
 * mode and the case's state. Every case route and socket room asks here; nothing else decides access.
 */
import { actionsFor, canTransition, type CaseAction, type CaseStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import type { UserRecord } from '../repositories/users';

/** The facts about a case that access depends on. */
export interface CaseAccessFacts {
  mechanismId: string;
  companyId: string | null;
  status: CaseStatus;
  identityMode: IdentityMode;
  redFlag: boolean;
  complainantUserId: string | null;
  filedByUserId: string | null;
}

/** A SQL condition (over alias `c`) selecting the cases `user` may see, with its parameters. */
export interface ScopeCondition {
  sql: string;
  params: unknown[];
}

/**
 * The cases a user may see, as SQL, numbering parameters from `$<firstParam>`. Red-flag cases stay
 * hidden from the company until the ombudsman decides; admins see no case contents at all.
 */
export function caseScope(user: UserRecord, firstParam = 1): ScopeCondition {
  const p = (offset: number) => `$${firstParam + offset}`;
  switch (user.role) {
    case 'ombudsman':
      return { sql: `c.mechanism_id = ${p(0)}`, params: [user.mechanismId] };
    case 'liaison':
      return { sql: `c.company_id = ${p(0)} AND NOT c.red_flag`, params: [user.companyId] };
    case 'complainant':
      return { sql: `c.complainant_user_id = ${p(0)}`, params: [user.id] };
    case 'facilitator':
      return { sql: `c.filed_by_user_id = ${p(0)}`, params: [user.id] };
    case 'admin':
      return { sql: 'false', params: [] };
  }
}

/** Whether `user` may see the case at all (the same rule as caseScope, for one loaded case). */
export function canViewCase(user: UserRecord, c: CaseAccessFacts): boolean {
  switch (user.role) {
    case 'ombudsman':
      return c.mechanismId === user.mechanismId;
    case 'liaison':
      return c.companyId !== null && c.companyId === user.companyId && !c.redFlag;
    case 'complainant':
      return c.complainantUserId === user.id;
    case 'facilitator':
      return c.filedByUserId === user.id;
    case 'admin':
      return false;
  }
}

/**
 * Who acts on a case. Today a logged-in user; the anonymous complainant following a case with a
 * receipt key becomes a second member of this union (see sideOf and canViewCase), and every dialogue
 * check follows from those two functions.
 */
export type CaseActor = UserRecord;

/** The three sides of a case's dialogue: the complainant's (with facilitators), the company's, the ombudsman's. */
export type CaseSide = 'complainant' | 'company' | 'ombudsman';

/** Which side `actor` speaks for in this case, or null when they may not see it. */
export function sideOf(actor: CaseActor, c: CaseAccessFacts): CaseSide | null {
  if (!canViewCase(actor, c)) return null;
  return sideInScope(actor);
}

/**
 * The side `actor` speaks for in every case of their scope (caseScope): queues use it to decide, in
 * SQL, which messages count as unread. Null for people who take part in no case (admins).
 */
export function sideInScope(actor: CaseActor): CaseSide | null {
  switch (actor.role) {
    case 'ombudsman':
      return 'ombudsman';
    case 'liaison':
      return 'company';
    case 'complainant':
    case 'facilitator':
      return 'complainant';
    case 'admin':
      return null;
  }
}

/** Whether a side may know who the complainant is: the company only in named cases, nobody in anonymous ones. */
export function sideSeesIdentity(side: CaseSide, identityMode: IdentityMode): boolean {
  if (side === 'company') return identityMode === 'named';
  return identityMode !== 'anonymous';
}

/** Whether `user` may know who the complainant is: companies only in named cases. */
export function canSeeIdentity(user: UserRecord, c: CaseAccessFacts): boolean {
  const side = sideOf(user, c);
  return side !== null && sideSeesIdentity(side, c.identityMode);
}

/** Whether `user` may take `action` on the case now: lifecycle, scope and per-action guards. */
export function canTakeAction(user: UserRecord, c: CaseAccessFacts, action: CaseAction): boolean {
  if (!canViewCase(user, c)) return false;
  if (!canTransition(c.status, action, user.role)) return false;
  // A liaison can only confirm receipt once the case is routed to their company, which canViewCase ensures.
  return true;
}

/** Every status action `user` may take on the case now; sent with the case so the client never guesses. */
export function allowedActions(user: UserRecord, c: CaseAccessFacts): CaseAction[] {
  if (!canViewCase(user, c)) return [];
  return actionsFor(c.status, user.role).filter((action) => canTakeAction(user, c, action));
}
