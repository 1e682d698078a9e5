/**
 * Who may stop a case's clock, ask the complainant for information, extend a deadline and record a
 * referral, as Ley 1755 de 2015 allows it:
 * - the clock stops only while the complainant has been formally asked for information (art. 17) —
 *   by the company or the ombudsman — or when the ombudsman stops it with a reason; a company never
 *   stops its own clock otherwise, and the complainant never stops the clock that protects them;
 * - an extension is announced before the due date by the party who must act or the ombudsman (art. 14);
 * - the referral of a case the mechanism is not competent for is the ombudsman's (art. 21).
 * Each rule answers with the reason it refuses (an `errors:` code for a 409) or null when allowed;
 * commands throw that reason and the allowed actions are the steps whose answer is null.
 */
import { isOpenStatus, type CaseStatus } from '../../shared/caseLifecycle';
import type { CaseClockAction, DeadlineAction, DeadlineResponsible, DeadlineStage } from '../../shared/types/deadlines';
import type { UserRecord } from '../repositories/users';
import { canViewCase, sideOf, type CaseAccessFacts, type CaseActor } from './casePolicy';

/** The facts of a deadline that decide what may be done with it. */
export interface DeadlineAccessFacts {
  stage: DeadlineStage;
  responsible: DeadlineResponsible;
  satisfiedAt: Date | null;
  cancelledAt: Date | null;
  escalatedAt: Date | null;
  pausedAt: Date | null;
}

/** Why a clock step is refused: an `errors:` code answered with 409. */
export type ClockRefusal =
  'clock_ombudsman_only' | 'information_request_not_allowed' | 'information_request_open' | 'information_request_status' | 'case_closed';

/** Statuses in which the complainant may be asked for information: from receipt until an agreement is in force. */
export const INFORMATION_REQUEST_STATUSES: readonly CaseStatus[] = ['received', 'acknowledged', 'in_dialogue', 'agreement_proposed', 'in_mediation'];

/**
 * Statuses in which the company owes the complainant something (acknowledging, its answer, an
 * agreement) and so may ask them for what it needs; while the ombudsman decides admissibility or
 * mediates, only the ombudsman asks.
 */
const COMPANY_REQUEST_STATUSES: readonly CaseStatus[] = ['received', 'in_dialogue', 'agreement_proposed'];

function isOpen(d: DeadlineAccessFacts): boolean {
  return d.satisfiedAt === null && d.cancelledAt === null;
}

/** Whether `user` answers for deadlines with this `responsible` on a case they can see. */
export function actsFor(user: UserRecord, c: CaseAccessFacts, responsible: DeadlineResponsible): boolean {
  if (!canViewCase(user, c)) return false;
  switch (user.role) {
    case 'ombudsman':
      return true;
    case 'liaison':
      return responsible === 'company' || responsible === 'parties';
    case 'complainant':
    case 'facilitator':
      return responsible === 'complainant';
    case 'admin':
      return false;
  }
}

/**
 * Whether `user` may extend this deadline now: open, not yet expired (the extension is announced
 * before the due date), running, and theirs to meet. A referral has no extension (art. 21 sets it).
 * The double-term limit is the command's, which can say how many days remain.
 */
export function canExtendDeadline(user: UserRecord, c: CaseAccessFacts, d: DeadlineAccessFacts, now: Date, dueAt: Date): boolean {
  return (
    d.stage !== 'referral' && isOpen(d) && d.escalatedAt === null && now.getTime() <= dueAt.getTime() && d.pausedAt === null && actsFor(user, c, d.responsible)
  );
}

/** Whether `user` may record that the case was sent to the competent body (an open referral deadline). */
export function canRecordReferral(user: UserRecord, c: CaseAccessFacts, d: DeadlineAccessFacts): boolean {
  return d.stage === 'referral' && isOpen(d) && user.role === 'ombudsman' && canViewCase(user, c);
}

/**
 * Whether `actor` (who can see the case) may pause or resume its clock: only the ombudsman, while the
 * case is open (a not-admitted case's referral runs on). Anyone else who sees the case is refused with
 * a 409 that says how the clock may stop instead.
 */
export function clockRefusal(actor: CaseActor, c: CaseAccessFacts): ClockRefusal | null {
  if (!isOpenStatus(c.status)) return 'case_closed';
  return actor.role === 'ombudsman' ? null : 'clock_ombudsman_only';
}

/** The facts of an open information request that decide what may be done now. */
export interface InformationRequestFacts {
  closedAt: Date | null;
}

/**
 * Whether `actor` may formally ask the complainant for information now: the ombudsman while the case is
 * being decided, answered or mediated; the company while it owes something; one open request at a time.
 */
export function informationRequestRefusal(actor: CaseActor, c: CaseAccessFacts, open: InformationRequestFacts | undefined): ClockRefusal | null {
  const side = sideOf(actor, c);
  if (side !== 'company' && side !== 'ombudsman') return 'information_request_not_allowed';
  if (!isOpenStatus(c.status)) return 'case_closed';
  if (!INFORMATION_REQUEST_STATUSES.includes(c.status)) return 'information_request_status';
  if (side === 'company' && !COMPANY_REQUEST_STATUSES.includes(c.status)) return 'information_request_status';
  if (open && open.closedAt === null) return 'information_request_open';
  return null;
}

/**
 * Clock actions `actor` may take now: the ombudsman pauses while something runs and resumes while
 * paused; the ombudsman and the company ask for information while no request is open. A tracker and
 * the complainant's side get none.
 */
export function clockActions(
  actor: CaseActor,
  c: CaseAccessFacts,
  open: DeadlineAccessFacts[],
  request: InformationRequestFacts | undefined,
): CaseClockAction[] {
  if (!canViewCase(actor, c)) return [];
  const live = open.filter(isOpen);
  const actions: CaseClockAction[] = [];
  if (clockRefusal(actor, c) === null) {
    if (live.some((d) => d.pausedAt !== null)) actions.push('resume');
    else if (live.some((d) => d.escalatedAt === null)) actions.push('pause');
  }
  if (informationRequestRefusal(actor, c, request) === null) actions.push('request_information');
  return actions;
}

/** Actions `actor` may take on one deadline. */
export function deadlineActions(actor: CaseActor, c: CaseAccessFacts, d: DeadlineAccessFacts, now: Date, dueAt: Date): DeadlineAction[] {
  if (actor.role === 'tracker') return [];
  const actions: DeadlineAction[] = [];
  if (canExtendDeadline(actor, c, d, now, dueAt)) actions.push('extend');
  if (canRecordReferral(actor, c, d)) actions.push('record_referral');
  return actions;
}
