/** How deadlines leave the server: countdowns counted in business days from the Bogota date of ctx.clock. */
import { bogotaDate, businessDaysBetween, type CalendarOptions } from '../../shared/calendar';
import type { CaseDeadlineDto, CaseDeadlinesDto, DeadlineBadgeDto, DeadlineResponsible, DeadlineStage, PetitionKind } from '../../shared/types/deadlines';
import { clockActions, deadlineActions } from '../policies/deadlinePolicy';
import { isComplainantSide, type CaseAccessFacts, type CaseActor } from '../policies/casePolicy';
import type { DeadlineRow } from '../repositories/deadlines';
import type { InformationRequestRow } from '../repositories/informationRequests';

/** "Today" for countdowns: the instant, its Bogota date and the mechanism's holidays. */
export interface DeadlineClock {
  now: Date;
  today: string;
  calendar: CalendarOptions;
}

/** A DeadlineClock for `now`. */
export function deadlineClock(now: Date, calendar: CalendarOptions): DeadlineClock {
  return { now, today: bogotaDate(now), calendar };
}

/**
 * One DeadlineClock per mechanism, for lists whose cases may belong to several: each case counts its
 * days with its own mechanism's calendar. `calendars` must hold every mechanism asked for.
 */
export function deadlineClocks(now: Date, calendars: Map<string, CalendarOptions>): (mechanismId: string) => DeadlineClock {
  const clocks = new Map([...calendars].map(([id, calendar]) => [id, deadlineClock(now, calendar)]));
  return (mechanismId) => {
    const clock = clocks.get(mechanismId);
    if (!clock) throw new Error(`No calendar loaded for mechanism ${mechanismId}`);
    return clock;
  };
}

/** What a countdown needs about a deadline. */
export interface BadgeFacts {
  stage: DeadlineStage;
  dueOn: string;
  responsible: DeadlineResponsible;
  pausedAt: Date | string | null;
}

/**
 * Business days left until `dueOn`: 0 on the day itself, negative once past (at least −1 from the
 * day after, even over a weekend). A paused clock is frozen at the day it stopped.
 */
export function businessDaysLeft(d: BadgeFacts, clock: DeadlineClock): number {
  const from = d.pausedAt ? bogotaDate(new Date(d.pausedAt)) : clock.today;
  const left = businessDaysBetween(from, d.dueOn, clock.calendar);
  return from > d.dueOn ? Math.min(-1, left) : left;
}

/** The countdown badge of one deadline. */
export function presentDeadlineBadge(d: BadgeFacts, clock: DeadlineClock): DeadlineBadgeDto {
  return { stage: d.stage, dueOn: d.dueOn, businessDaysLeft: businessDaysLeft(d, clock), responsible: d.responsible, paused: d.pausedAt !== null };
}

/** What a case's clock shows besides its deadlines. */
export interface ClockFacts {
  /** The open information request, if any. */
  request: InformationRequestRow | undefined;
  /** Where a not-admitted case is referred, if it was not admitted. */
  referralTo: string | null;
  informationWaitMonths: number;
}

/**
 * A case's deadlines for `reader`, with what they may do with each and with the clock. A tracker
 * (complainant without an account) reads them — the open information request included, which they
 * answer in the thread — but never stops or extends them.
 */
export function presentCaseDeadlines(
  rows: DeadlineRow[],
  c: CaseAccessFacts & { petitionKind: PetitionKind },
  reader: CaseActor,
  clock: DeadlineClock,
  facts: ClockFacts,
): CaseDeadlinesDto {
  const open = rows.filter((d) => d.satisfiedAt === null && d.cancelledAt === null);
  const paused = open.some((d) => d.pausedAt !== null);
  const request = facts.request;
  const deadlines: CaseDeadlineDto[] = rows.map((d) => ({
    ...presentDeadlineBadge(d, clock),
    id: d.id,
    state: d.satisfiedAt ? 'satisfied' : d.cancelledAt ? 'cancelled' : 'open',
    startedOn: d.startedOn,
    baseDays: d.baseDays,
    extendedDays: d.extendedDays,
    pausedBusinessDays: d.pausedBusinessDays,
    extensionLeft: Math.max(0, d.baseDays - d.extendedDays),
    reminded: d.remindedAt !== null,
    escalated: d.escalatedAt !== null,
    allowedActions: deadlineActions(reader, c, d, clock.now, d.dueAt),
  }));
  return {
    deadlines,
    paused,
    pausedBy: !paused ? null : request?.pausedClock ? 'information_request' : 'ombudsman',
    informationRequest: request
      ? {
          id: request.id,
          question: request.question,
          askedByRole: request.askedByRole,
          askedAt: request.askedAt.toISOString(),
          lapsesOn: request.lapsesOn,
          answerable: isComplainantSide(reader, c),
        }
      : null,
    informationWaitMonths: facts.informationWaitMonths,
    petitionKind: c.petitionKind,
    referralTo: facts.referralTo,
    allowedActions: clockActions(reader, c, open, request),
  };
}
