/**
 * Who may take which dialogue step — meetings, agreement versions, commitments, satisfaction,
 * reopening — in which state. Each rule answers with the reason it refuses (an `errors:` code for a
 * 409) or null when allowed; commands throw that reason, and the case page's allowed actions are the
 * steps whose answer is null, so the two can never disagree.
 */
import { bogotaDate } from '../../shared/calendar';
import { isOpenStatus, type CaseStatus } from '../../shared/caseLifecycle';
import type {
  AgreementAction,
  AgreementStatus,
  CommitmentAction,
  CommitmentOwner,
  CommitmentStatus,
  DialogueAllowedActions,
  MeetingAction,
} from '../../shared/types/dialogue';
import { actorUserId, canTakeAction, sideOf, type CaseAccessFacts, type CaseActor, type CaseSide } from './casePolicy';
import { writableVisibilities } from './messagePolicy';

/** Why a step is refused: an error code (409) whose message is in `errors:`. */
export type Refusal =
  | 'invalid_transition'
  | 'case_closed'
  | 'action_not_allowed'
  | 'agreement_not_pending'
  | 'agreement_already_decided'
  | 'commitment_not_yours'
  | 'commitment_wrong_state'
  | 'minutes_missing'
  | 'minutes_already_agreed'
  | 'already_rated'
  | 'appeal_window_passed';

/** Statuses in which the parties meet: once admitted and until the case ends. */
const MEETING_STATUSES: readonly CaseStatus[] = ['in_dialogue', 'agreement_proposed', 'in_mediation', 'in_implementation'];

/** The facts of an agreement version that decisions depend on. */
export interface AgreementFacts {
  status: AgreementStatus;
  duringMediation: boolean;
  complainantDecision: 'accepted' | 'rejected' | null;
  companyDecision: 'accepted' | 'rejected' | null;
}

/** The facts of a commitment that its steps depend on. */
export interface CommitmentFacts {
  owner: CommitmentOwner;
  status: CommitmentStatus;
}

/** The facts of a meeting that its steps depend on. */
export interface MeetingFacts {
  scheduledByUserId: string | null;
  minutes: string | null;
  minutesAgreedByComplainantAt: Date | null;
  minutesAgreedByCompanyAt: Date | null;
}

/** When a resolved or closed case may still be reopened. */
export interface AppealFacts {
  /** When the case reached its current final status (null while open). */
  closedAt: Date | null;
  windowDays: number;
}

/** The last calendar day (Bogota) of the appeal window, or null when the case is not resolved or closed. */
export function reopenUntil(c: CaseAccessFacts, appeal: AppealFacts): string | null {
  if (!appeal.closedAt || (c.status !== 'resolved' && c.status !== 'closed_unresolved')) return null;
  const start = new Date(`${bogotaDate(appeal.closedAt)}T12:00:00Z`);
  start.setUTCDate(start.getUTCDate() + appeal.windowDays);
  return start.toISOString().slice(0, 10);
}

/** Whether `actor` may propose a (new version of an) agreement; `pending` is the version under discussion. */
export function proposeRefusal(actor: CaseActor, c: CaseAccessFacts, pending: AgreementFacts | undefined): Refusal | null {
  if (!isOpenStatus(c.status)) return 'case_closed';
  const side = sideOf(actor, c);
  if (!canTakeAction(actor, c, 'propose_agreement')) return 'invalid_transition';
  // The ombudsman proposes only as mediator; in plain dialogue the parties write their own agreement.
  if (side === 'ombudsman') {
    const mediating = c.status === 'in_mediation' || (c.status === 'agreement_proposed' && pending?.duringMediation === true);
    if (!mediating) return 'action_not_allowed';
  }
  return null;
}

/** Whether `actor` may accept or reject this agreement version. */
export function decisionRefusal(actor: CaseActor, c: CaseAccessFacts, a: AgreementFacts): Refusal | null {
  if (!isOpenStatus(c.status)) return 'case_closed';
  const side = sideOf(actor, c);
  if (side !== 'complainant' && side !== 'company') return 'action_not_allowed';
  if (a.status !== 'proposed' || c.status !== 'agreement_proposed') return 'agreement_not_pending';
  const own = side === 'complainant' ? a.complainantDecision : a.companyDecision;
  if (own !== null) return 'agreement_already_decided';
  return null;
}

/** The side that confirms or disputes a commitment: the complainant's, or the company's for the complainant's own. */
export function confirmingSide(owner: CommitmentOwner): CaseSide {
  return owner === 'complainant' ? 'company' : 'complainant';
}

/** Whether `actor` may take `action` on a commitment of the agreement in force. */
export function commitmentRefusal(actor: CaseActor, c: CaseAccessFacts, k: CommitmentFacts, action: CommitmentAction): Refusal | null {
  if (!isOpenStatus(c.status)) return 'case_closed';
  if (c.status !== 'in_implementation') return 'invalid_transition';
  const side = sideOf(actor, c);
  switch (action) {
    case 'report':
      if (side !== k.owner) return 'commitment_not_yours';
      return k.status === 'pending' || k.status === 'disputed' ? null : 'commitment_wrong_state';
    case 'confirm':
    case 'dispute':
      if (side !== confirmingSide(k.owner)) return 'action_not_allowed';
      return k.status === 'reported' ? null : 'commitment_wrong_state';
    case 'verify':
      if (side !== 'ombudsman') return 'action_not_allowed';
      return k.status === 'reported' || k.status === 'confirmed' || k.status === 'disputed' ? null : 'commitment_wrong_state';
  }
}

/** Whether `actor` may schedule a meeting on the case now. */
export function scheduleMeetingRefusal(actor: CaseActor, c: CaseAccessFacts): Refusal | null {
  if (!isOpenStatus(c.status)) return 'case_closed';
  if (!sideOf(actor, c)) return 'action_not_allowed';
  return MEETING_STATUSES.includes(c.status) ? null : 'invalid_transition';
}

/** Whether `actor` may take `action` on a meeting. */
export function meetingRefusal(actor: CaseActor, c: CaseAccessFacts, m: MeetingFacts, action: MeetingAction): Refusal | null {
  if (!isOpenStatus(c.status)) return 'case_closed';
  const side = sideOf(actor, c);
  if (action === 'record_minutes') {
    return side === 'ombudsman' || (m.scheduledByUserId !== null && m.scheduledByUserId === actorUserId(actor)) ? null : 'action_not_allowed';
  }
  if (side !== 'complainant' && side !== 'company') return 'action_not_allowed';
  if (m.minutes === null) return 'minutes_missing';
  const agreedAt = side === 'complainant' ? m.minutesAgreedByComplainantAt : m.minutesAgreedByCompanyAt;
  return agreedAt ? 'minutes_already_agreed' : null;
}

/** Whether `actor` may say how satisfied they are with the resolution; `rated`: the current resolution has an answer. */
export function rateRefusal(actor: CaseActor, c: CaseAccessFacts, rated: boolean): Refusal | null {
  if (sideOf(actor, c) !== 'complainant') return 'action_not_allowed';
  if (c.status !== 'resolved') return 'invalid_transition';
  return rated ? 'already_rated' : null;
}

/** Whether `actor` may reopen the case at `now`. */
export function reopenRefusal(actor: CaseActor, c: CaseAccessFacts, appeal: AppealFacts, now: Date): Refusal | null {
  if (!canTakeAction(actor, c, 'reopen')) return 'invalid_transition';
  const until = reopenUntil(c, appeal);
  return until !== null && bogotaDate(now) <= until ? null : 'appeal_window_passed';
}

/** Everything the dialogue needs to compute the reader's case-level actions. */
export interface DialogueFacts {
  pending: AgreementFacts | undefined;
  rated: boolean;
  appeal: AppealFacts;
  now: Date;
}

/** The reader's dialogue actions on the case as a whole. */
export function dialogueActions(actor: CaseActor, c: CaseAccessFacts, facts: DialogueFacts): DialogueAllowedActions {
  return {
    postMessage: writableVisibilities(actor, c),
    proposeAgreement: proposeRefusal(actor, c, facts.pending) === null,
    scheduleMeeting: scheduleMeetingRefusal(actor, c) === null,
    rate: rateRefusal(actor, c, facts.rated) === null,
    reopen: reopenRefusal(actor, c, facts.appeal, facts.now) === null,
    startMediation: canTakeAction(actor, c, 'start_mediation'),
  };
}

/** The reader's actions on one agreement version. */
export function agreementActions(actor: CaseActor, c: CaseAccessFacts, a: AgreementFacts): AgreementAction[] {
  return decisionRefusal(actor, c, a) === null ? ['accept', 'reject'] : [];
}

/** The reader's actions on one commitment. */
export function commitmentActions(actor: CaseActor, c: CaseAccessFacts, k: CommitmentFacts): CommitmentAction[] {
  return (['report', 'confirm', 'dispute', 'verify'] as const).filter((action) => commitmentRefusal(actor, c, k, action) === null);
}

/** The reader's actions on one meeting. */
export function meetingActions(actor: CaseActor, c: CaseAccessFacts, m: MeetingFacts): MeetingAction[] {
  return (['record_minutes', 'agree_minutes'] as const).filter((action) => meetingRefusal(actor, c, m, action) === null);
}
