/** API shapes of deadlines: the mechanism's policy, a case's stage deadlines and the queue badge. */

/** The stages that carry a deadline (DESIGN.md, deadlines and escalation). */
export const DEADLINE_STAGES = ['acknowledge', 'admissibility', 'first_answer', 'agreement', 'commitment'] as const;

/** A stage with a deadline. */
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

/** Who must act before a deadline: `parties` is the complainant and the company together. */
export const DEADLINE_RESPONSIBLES = ['company', 'ombudsman', 'complainant', 'parties'] as const;

/** Who must act before a deadline. */
export type DeadlineResponsible = (typeof DEADLINE_RESPONSIBLES)[number];

/** A mechanism's terms, in business days (días hábiles). */
export interface DeadlinePolicyDto {
  acknowledgeDays: number;
  admissibilityDays: number;
  firstAnswerDays: number;
  agreementDays: number;
  reminderDaysBefore: number;
  /** Business days after closing in which the complainant may ask to reopen. */
  appealDays: number;
}

/** A holiday the mechanism added (a decree) or removed (agreed to work) on top of the national list. */
export interface MechanismHolidayDto {
  date: string;
  kind: 'added' | 'removed';
  reason: string;
}

/**
 * Answer of `GET /api/deadline-policy` (the rules of the caller's own mechanism, which every party may
 * read) and of the admin's `…/admin/mechanisms/:mechanismId/deadline-policy` routes.
 */
export interface DeadlinePolicyInfoDto {
  policy: DeadlinePolicyDto;
  holidays: MechanismHolidayDto[];
}

/** The most urgent open deadline of a case, as queues show it. */
export interface DeadlineBadgeDto {
  stage: DeadlineStage;
  /** `YYYY-MM-DD`, Bogota date; due until the end of that day. */
  dueOn: string;
  /** Business days until the due date: 0 on the day itself, negative once it has passed. */
  businessDaysLeft: number;
  responsible: DeadlineResponsible;
  /** The clock is stopped while the case waits on the complainant; the count is frozen. */
  paused: boolean;
}

/** What a reader may do with one deadline. */
export type DeadlineAction = 'extend';

/** What a reader may do with a case's clock. */
export type CaseClockAction = 'pause' | 'resume';

/** One stage deadline of a case. */
export interface CaseDeadlineDto extends DeadlineBadgeDto {
  id: string;
  state: 'open' | 'satisfied' | 'cancelled';
  startedOn: string;
  baseDays: number;
  extendedDays: number;
  pausedBusinessDays: number;
  /** Most business days an extension may still add (never beyond double the base term). */
  extensionLeft: number;
  reminded: boolean;
  escalated: boolean;
  allowedActions: DeadlineAction[];
}

/** Answer of `GET /api/cases/:id/deadlines` and of the pause, resume and extend routes. */
export interface CaseDeadlinesDto {
  deadlines: CaseDeadlineDto[];
  paused: boolean;
  allowedActions: CaseClockAction[];
}
