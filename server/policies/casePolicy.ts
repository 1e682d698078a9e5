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

/** The mechanisms whose cases an ombudsman officer sees: their own plus those granted to them. */
export function ombudsmanMechanisms(user: UserRecord): string[] {
  return user.mechanismIds.includes(user.mechanismId) ? user.mechanismIds : [user.mechanismId, ...user.mechanismIds];
}

/**
 * The cases a user may see, as SQL, numbering parameters from `$<firstParam>`. Red-flag cases stay
 * hidden from the company until the ombudsman decides; admins see no case contents at all.
 */
export function caseScope(user: UserRecord, firstParam = 1): ScopeCondition {
  const p = (offset: number) => `$${firstParam + offset}`;
  switch (user.role) {
    case 'ombudsman':
      // Their own mechanism and any other an admin granted them (user_mechanisms); nobody else crosses.
      return { sql: `c.mechanism_id = ANY(${p(0)}::uuid[])`, params: [ombudsmanMechanisms(user)] };
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
      return ombudsmanMechanisms(user).includes(c.mechanismId);
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

/** Whether `user` may know who the complainant is: companies only in named cases. */
export function canSeeIdentity(user: UserRecord, c: CaseAccessFacts): boolean {
  if (!canViewCase(user, c)) return false;
  if (user.role === 'liaison') return c.identityMode === 'named';
  return c.identityMode !== 'anonymous';
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
