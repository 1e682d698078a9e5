/**
 * Who may see which case and take which action, decided from role, mechanism, company scope, identity
 * mode and the case's state. Every case route and socket room asks here; nothing else decides access.
 * Besides users there is one more kind of actor: a *tracker*, an anonymous session that filed a case or
 * opened it with its receipt key; it may see that case as its complainant and withdraw it.
 */
import { actionsFor, canTransition, isOpenStatus, type Actor, type CaseAction, type CaseStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import type { CaseOperation } from '../../shared/types/intake';
import type { UserRecord } from '../repositories/users';
import { withheldFromCompanySql } from './caseAudience';
import { rawSql, sql, type SqlFragment } from '../db/sql';

/** The facts about a case that access depends on. */
export interface CaseAccessFacts {
  id: string;
  mechanismId: string;
  companyId: string | null;
  status: CaseStatus;
  identityMode: IdentityMode;
  /** True while the case is hidden from the company: a red flag the ombudsman has not released. */
  redFlag: boolean;
  complainantUserId: string | null;
  filedByUserId: string | null;
}

/** A session without an account that holds the cases it filed or opened with a receipt key. */
export interface TrackerActor {
  role: 'tracker';
  trackedCaseIds: readonly string[];
}

/** Anyone a case decision is made for. */
export type CaseActor = UserRecord | TrackerActor;

/** The account behind an actor, or null for an anonymous tracker (who acts without one). */
export function actorUserId(actor: CaseActor): string | null {
  return actor.role === 'tracker' ? null : actor.id;
}

/** A SQL condition (over alias `c`) selecting the cases `user` may see, its values carried with it (server/db/sql.ts). */
export type ScopeCondition = SqlFragment;

/** The mechanisms whose cases an ombudsman officer sees: their own plus those granted to them. */
export function ombudsmanMechanisms(user: UserRecord): string[] {
  return user.mechanismIds.includes(user.mechanismId) ? user.mechanismIds : [user.mechanismId, ...user.mechanismIds];
}

/**
 * Whether `user` may run the oversight (dashboard, scorecards, lists, export) of a mechanism: only
 * ombudsman officers, and only for the mechanisms whose cases they see.
 */
export function canOverseeMechanism(user: UserRecord, mechanismId: string): boolean {
  return user.role === 'ombudsman' && ombudsmanMechanisms(user).includes(mechanismId);
}

/**
 * The cases a user may see, as a SQL condition. Red-flag cases stay hidden from the company until the
 * ombudsman releases them; admins see no case contents at all.
 */
export function caseScope(user: UserRecord): ScopeCondition {
  switch (user.role) {
    case 'ombudsman':
      // Their own mechanism and any other an admin granted them (user_mechanisms); nobody else crosses.
      return sql`c.mechanism_id = ANY(${ombudsmanMechanisms(user)}::uuid[])`;
    case 'liaison':
      return sql`c.company_id = ${user.companyId} AND NOT ${rawSql(withheldFromCompanySql('c'))}`;
    case 'complainant':
      return sql`c.complainant_user_id = ${user.id}`;
    case 'facilitator':
      return sql`c.filed_by_user_id = ${user.id}`;
    case 'admin':
      return sql`false`;
  }
}

/** Whether `actor` may see the case at all (the same rule as caseScope, for one loaded case). */
export function canViewCase(actor: CaseActor, c: CaseAccessFacts): boolean {
  switch (actor.role) {
    case 'ombudsman':
      return ombudsmanMechanisms(actor).includes(c.mechanismId);
    case 'liaison':
      return c.companyId !== null && c.companyId === actor.companyId && !c.redFlag;
    case 'complainant':
      return c.complainantUserId === actor.id;
    case 'facilitator':
      return c.filedByUserId === actor.id;
    case 'admin':
      return false;
    case 'tracker':
      return actor.trackedCaseIds.includes(c.id);
  }
}

/**
 * Who reads the case for this request: the logged-in user when they may see it, else the session as
 * tracker when it holds the case, else nobody (the route answers 404, or 401 without any session).
 */
export function caseReaderFor(user: UserRecord | undefined, trackedCaseIds: readonly string[], c: CaseAccessFacts): CaseActor | undefined {
  if (user && canViewCase(user, c)) return user;
  const tracker: TrackerActor = { role: 'tracker', trackedCaseIds };
  return canViewCase(tracker, c) ? tracker : undefined;
}

/** Whether the actor stands on the complainant's side of the case (own, filed for, or tracked). */
export function isComplainantSide(actor: CaseActor, c: CaseAccessFacts): boolean {
  return (actor.role === 'complainant' || actor.role === 'facilitator' || actor.role === 'tracker') && canViewCase(actor, c);
}

/** The role the lifecycle knows the actor by: a tracker acts as the complainant. */
export function lifecycleRole(actor: CaseActor): Actor {
  return actor.role === 'tracker' ? 'complainant' : actor.role;
}

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
    case 'tracker':
      return 'complainant';
    case 'admin':
      return null;
  }
}

/**
 * Whether a side is shown who the complainant is without asking for it (queues, thread entries, live
 * pushes): the complainant's own side unless the case is anonymous; the company and the ombudsman only
 * in named cases. A confidential identity is protected: the ombudsman sees it only through a reveal
 * (canRevealIdentity), asked with a reason and logged once.
 */
export function sideSeesIdentity(side: CaseSide, identityMode: IdentityMode): boolean {
  if (side === 'complainant') return identityMode !== 'anonymous';
  return identityMode === 'named';
}

/** Whether `actor` may know who the complainant is at all: the company only in named cases, the ombudsman through a reveal too. */
export function canSeeIdentity(actor: CaseActor, c: CaseAccessFacts): boolean {
  const side = sideOf(actor, c);
  return side !== null && (sideSeesIdentity(side, c.identityMode) || canRevealIdentity(actor, c));
}

/** Whether `actor` may ask to see the case's protected identity: an ombudsman officer of the case, in a confidential case. */
export function canRevealIdentity(actor: CaseActor, c: CaseAccessFacts): boolean {
  return actor.role === 'ombudsman' && c.identityMode === 'confidential' && canViewCase(actor, c);
}

/**
 * Whether this response shows `actor` the identity: without asking where their side sees it, else
 * only while a reveal granted to them lasts (`revealed`). Lists and exports pass false.
 */
export function identityShown(actor: CaseActor, c: CaseAccessFacts, revealed: boolean): boolean {
  const side = sideOf(actor, c);
  if (side === null) return false;
  return sideSeesIdentity(side, c.identityMode) || (revealed && canRevealIdentity(actor, c));
}

/**
 * Whether `actor` may decide (approve or refuse) another officer's request to see the identity: an
 * ombudsman officer of the case who did not ask for it themselves.
 */
export function canDecideReveal(actor: CaseActor, c: CaseAccessFacts, requestedByUserId: string): boolean {
  return canRevealIdentity(actor, c) && actorUserId(actor) !== requestedByUserId;
}

/** Whether `actor` may see the contact details, document number and map point (never companies). */
export function canSeeContact(actor: CaseActor, c: CaseAccessFacts): boolean {
  return canViewCase(actor, c) && (actor.role === 'ombudsman' || isComplainantSide(actor, c));
}

/** Whether `actor` may take `action` on the case now: lifecycle, scope and per-action guards. */
export function canTakeAction(actor: CaseActor, c: CaseAccessFacts, action: CaseAction): boolean {
  if (!canViewCase(actor, c)) return false;
  // A liaison can only confirm receipt once the case is routed to their company, which canViewCase ensures.
  return canTransition(c.status, action, lifecycleRole(actor));
}

/** Every status action `actor` may take on the case now; sent with the case so the client never guesses. */
export function allowedActions(actor: CaseActor, c: CaseAccessFacts): CaseAction[] {
  if (!canViewCase(actor, c)) return [];
  return actionsFor(c.status, lifecycleRole(actor)).filter((action) => canTakeAction(actor, c, action));
}

/** Whether `actor` may take a non-status action on the case now. */
export function canOperate(actor: CaseActor, c: CaseAccessFacts, operation: CaseOperation): boolean {
  if (!canViewCase(actor, c)) return false;
  switch (operation) {
    case 'route':
      return actor.role === 'ombudsman' && isOpenStatus(c.status);
    case 'release_red_flag':
      return actor.role === 'ombudsman' && c.redFlag;
    case 'attach':
      return isOpenStatus(c.status);
  }
}

/** Every non-status action `actor` may take on the case now. */
export function allowedOperations(actor: CaseActor, c: CaseAccessFacts): CaseOperation[] {
  return (['route', 'release_red_flag', 'attach'] as const).filter((op) => canOperate(actor, c, op));
}

/**
 * Whether `user` (or an anonymous visitor, `undefined`) may file a complaint. Companies and admins file
 * nothing. An ombudsman officer files only a verbal petition received in field mode (`fieldInterview`),
 * for someone else (docs/offline-intake.md); without the body, whether the role may file at all.
 */
export function canFileComplaint(user: UserRecord | undefined, input?: { fieldInterview?: unknown }): boolean {
  if (!user || user.role === 'complainant' || user.role === 'facilitator') return true;
  if (user.role !== 'ombudsman') return false;
  return input === undefined || input.fieldInterview !== undefined;
}

/** Whether `actor` may report retaliation on the case: the complainant's own side (account, facilitator, receipt key). */
export function canReportReprisal(actor: CaseActor, c: CaseAccessFacts): boolean {
  return isComplainantSide(actor, c);
}

/** Whether `actor` may assess the reprisal risk and record protective measures: the Defensoría only. */
export function canAssessReprisalRisk(actor: CaseActor, c: CaseAccessFacts): boolean {
  return actor.role === 'ombudsman' && canViewCase(actor, c);
}
