/**
 * Who may stop a case's clock and who may extend a deadline: the ombudsman, or the party who must act
 * (a company for its own stages). The complainant never stops the clock that protects them.
 */
import type { CaseClockAction, DeadlineAction, DeadlineResponsible } from '../../shared/types/deadlines';
import type { UserRecord } from '../repositories/users';
import { canViewCase, type CaseAccessFacts } from './casePolicy';

/** The facts of a deadline that decide what may be done with it. */
export interface DeadlineAccessFacts {
  responsible: DeadlineResponsible;
  satisfiedAt: Date | null;
  cancelledAt: Date | null;
  escalatedAt: Date | null;
  pausedAt: Date | null;
}

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

/** Whether `user` may extend this deadline now (open and not yet expired; the term limit is the command's). */
export function canExtendDeadline(user: UserRecord, c: CaseAccessFacts, d: DeadlineAccessFacts, now: Date, dueAt: Date): boolean {
  return isOpen(d) && d.escalatedAt === null && now.getTime() <= dueAt.getTime() && d.pausedAt === null && actsFor(user, c, d.responsible);
}

/** Whether `user` may stop or restart the clock of a case whose open deadlines are `open`. */
export function canControlClock(user: UserRecord, c: CaseAccessFacts, open: DeadlineAccessFacts[]): boolean {
  if (!canViewCase(user, c)) return false;
  if (user.role === 'ombudsman') return true;
  if (user.role !== 'liaison') return false;
  return open.some((d) => isOpen(d) && actsFor(user, c, d.responsible));
}

/** Clock actions `user` may take now: pause while something runs, resume while paused. */
export function clockActions(user: UserRecord, c: CaseAccessFacts, open: DeadlineAccessFacts[]): CaseClockAction[] {
  const live = open.filter(isOpen);
  if (!canControlClock(user, c, live)) return [];
  if (live.some((d) => d.pausedAt !== null)) return ['resume'];
  return live.some((d) => d.escalatedAt === null) ? ['pause'] : [];
}

/** Actions `user` may take on one deadline. */
export function deadlineActions(user: UserRecord, c: CaseAccessFacts, d: DeadlineAccessFacts, now: Date, dueAt: Date): DeadlineAction[] {
  return canExtendDeadline(user, c, d, now, dueAt) ? ['extend'] : [];
}
