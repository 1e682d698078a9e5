/** API shapes of deadlines: the mechanism's policy, a case's stage deadlines and the queue badge. */

/** The stages that carry a deadline (DESIGN.md, deadlines and escalation). */
export const DEADLINE_STAGES = ['acknowledge', 'admissibility', 'first_answer', 'agreement', 'commitment', 'referral'] as const;

/** A stage with a deadline. */
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

/** Who must act before a deadline: `parties` is the complainant and the company together. */
export const DEADLINE_RESPONSIBLES = ['company', 'ombudsman', 'complainant', 'parties'] as const;

/** Who must act before a deadline. */
export type DeadlineResponsible = (typeof DEADLINE_RESPONSIBLES)[number];

/**
 * Kinds of petition (Ley 1755 de 2015, art. 14), chosen by the ombudsman at admission: each gives the
 * company's first substantive answer its own term. `general` until chosen.
 */
export const PETITION_KINDS = ['general', 'documents', 'consultation'] as const;

/** A petition's kind. */
export type PetitionKind = (typeof PETITION_KINDS)[number];

/** A mechanism's terms, in business days (días hábiles) unless said otherwise. */
export interface DeadlinePolicyDto {
  acknowledgeDays: number;
  admissibilityDays: number;
  /** The company's first substantive answer to a general petition (art. 14: 15). */
  firstAnswerDays: number;
  /** … to a petition for documents or information (art. 14.1: 10). */
  documentsAnswerDays: number;
  /** … to a consultation (art. 14.2: 30). */
  consultationAnswerDays: number;
  agreementDays: number;
  /** Referring a case the mechanism is not competent for to the competent body (art. 21: 5). */
  referralDays: number;
  /** Calendar months the complainant has to answer an information request before the case is closed as withdrawn (art. 17: 1). */
  informationWaitMonths: number;
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

/** What a reader may do with one deadline: extend it, or (a referral) record that the case was sent. */
export type DeadlineAction = 'extend' | 'record_referral';

/**
 * What a reader may do with a case's clock: the ombudsman pauses and resumes it with a reason; the
 * company or the ombudsman asks the complainant for information, which stops it until they answer.
 */
export type CaseClockAction = 'pause' | 'resume' | 'request_information';

/** Why a case's clock stands still. */
export type PauseCause = 'information_request' | 'ombudsman';

/** The formal request for information the complainant has not answered yet (art. 17). */
export interface InformationRequestDto {
  id: string;
  question: string;
  askedByRole: 'liaison' | 'ombudsman';
  askedAt: string;
  /** Last Bogota day to answer (`YYYY-MM-DD`); after it the case is closed as withdrawn. */
  lapsesOn: string;
  /** Whether the reader is the one asked: the complainant's side answers by writing in the thread. */
  answerable: boolean;
}

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

/** Answer of `GET /api/cases/:id/deadlines` and of the routes that change a case's clock. */
export interface CaseDeadlinesDto {
  deadlines: CaseDeadlineDto[];
  paused: boolean;
  /** Why the clock stands still (null while it runs). */
  pausedBy: PauseCause | null;
  /** The open information request, shown to every party until it is answered. */
  informationRequest: InformationRequestDto | null;
  /** Months an information request waits for an answer in this case's mechanism. */
  informationWaitMonths: number;
  /** The kind of petition, which sets the company's first-answer term. */
  petitionKind: PetitionKind;
  /** The competent body a not-admitted case is referred to (from the decision), else null. */
  referralTo: string | null;
  allowedActions: CaseClockAction[];
}
