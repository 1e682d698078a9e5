/**
 * The one gate (as Outline's `authorize(user, verb, record)` and Immich's `requireAccess`): every
 * route, socket event, export and job that decides "may this actor do this to that" asks here, by a
 * domain verb, and gets either nothing (allowed), a NotFound (forbidden looks like missing, so ids leak
 * nothing) or a 409 naming why the record's state refuses it now. `can` answers the same question
 * without throwing, for the allowed actions sent with the data.
 *
 * Each verb is a row of RULES: `who` may do it to the record at all (else 404), and `when` the record's
 * state allows it (else 409 with that code). The rows are built from the named predicates of
 * casePolicy, messagePolicy and learningPolicy, so the rules stay pure (no database, no request).
 */
import { canTransition, isOpenStatus, type CaseAction } from '../../shared/caseLifecycle';
import { AppError, InvalidTransition, NotFound } from '../errors';
import type { UserRecord } from '../repositories/users';
import {
  canAssessReprisalRisk,
  canOverseeMechanism,
  canReportReprisal,
  canRevealIdentity,
  canSeeContact,
  canViewCase,
  lifecycleRole,
  type CaseAccessFacts,
  type CaseActor,
} from './casePolicy';
import { canAssessConsequence, canConfirmCauses, canLinkCases, canUseReferralLadder } from './learningPolicy';
import { canReadFile, readerViewOf, type FileFacts } from './messagePolicy';
import type { MessageVisibility } from '../../shared/types/dialogue';

/** A mechanism as the gate sees it: only its id matters. */
export interface MechanismFacts {
  mechanismId: string;
}

/** A stored file with its case and, for a file sent in the thread, its message's visibility. */
export interface FileAccessFacts {
  case: CaseAccessFacts;
  file: FileFacts;
  entry: { visibility: MessageVisibility; internalOrg: string | null } | undefined;
}

/** A lifecycle move asked of a case. */
export interface TransitionFacts {
  case: CaseAccessFacts;
  action: CaseAction;
}

/** Stands for "no record": verbs about an area of the product rather than one row. */
export const NO_RECORD = null;

/** Every verb of the gate and the record it is decided on. */
export interface Verbs {
  /** Enter the administration (configuration, never case contents). */
  'admin.enter': null;
  /** Configure one mechanism: an admin who manages it (their own or one granted to them). */
  'mechanism.administer': MechanismFacts;
  /** Enter the oversight (dashboard, queues, effectiveness, recurrence). */
  'oversight.enter': null;
  /** Run the oversight of one mechanism: an officer who sees its cases. */
  'mechanism.oversee': MechanismFacts;
  /** List one's case queue: everyone with an account but admins, who never read case contents. */
  'cases.list': null;
  /** Claim an anonymous case into one's own account with its receipt key. */
  'case.claim': null;
  /** Sign a public collective complaint: a visitor or a complainant's account; staff sign nothing. */
  'collective.join': null;
  /** See the case at all. */
  'case.read': CaseAccessFacts;
  /** Take a lifecycle step (acknowledge, admit, withdraw, …). */
  'case.transition': TransitionFacts;
  /** Send the case to a company: the ombudsman, while it is open. */
  'case.route': CaseAccessFacts;
  /** Let the company see a red-flag case: the ombudsman, while it is flagged. */
  'case.release_red_flag': CaseAccessFacts;
  /** Add files to the case: anyone who sees it, while it is open. */
  'case.attach': CaseAccessFacts;
  /** Hold the case's protected identity in custody (custody panel, ask and decide reveals): its ombudsman officers. */
  'case.custody': CaseAccessFacts;
  /** Ask to see the protected identity: an officer of the case, in a confidential case. */
  'case.reveal_identity': CaseAccessFacts;
  /** See contact details, document number and map point (never the company). */
  'case.see_contact': CaseAccessFacts;
  /** Report retaliation: the complainant's side. */
  'case.report_reprisal': CaseAccessFacts;
  /** Assess the reprisal risk: the Defensoría. */
  'case.assess_reprisal_risk': CaseAccessFacts;
  /** Confirm or remove root causes: the ombudsman. */
  'case.confirm_causes': CaseAccessFacts;
  /** See related cases and link them: the ombudsman. */
  'case.link': CaseAccessFacts;
  /** Read the referral ladder and packet: the complainant's side and the ombudsman. */
  'case.referral_ladder': CaseAccessFacts;
  /** Assess how grave the harm is: the ombudsman. */
  'case.assess_consequence': CaseAccessFacts;
  /** Download a stored file: as private as its case, or as its message for a file sent in the thread. */
  'file.read': FileAccessFacts;
}

/** A verb of the gate. */
export type Verb = keyof Verbs;

/** Who acts: a user, an anonymous session tracking cases, or nobody logged in (undefined). */
export type GateActor = CaseActor | undefined;

interface Rule<R> {
  /** Whether the actor may do this to the record at all; false answers 404. */
  who: (actor: GateActor, record: R) => boolean;
  /** Why the record's state refuses it now (a 409), or undefined when it allows it. */
  when?: (record: R, actor: CaseActor) => AppError | undefined;
}

const user = (actor: GateActor): UserRecord | undefined => (actor && actor.role !== 'tracker' ? actor : undefined);
const ombudsmanOf = (actor: GateActor, c: CaseAccessFacts) => actor?.role === 'ombudsman' && canViewCase(actor, c);
const sees = (actor: GateActor, c: CaseAccessFacts) => actor !== undefined && canViewCase(actor, c);
const onCase = (allowed: (actor: CaseActor, c: CaseAccessFacts) => boolean) => (actor: GateActor, c: CaseAccessFacts) =>
  actor !== undefined && allowed(actor, c);

const RULES: { [V in Verb]: Rule<Verbs[V]> } = {
  'admin.enter': { who: (a) => user(a)?.role === 'admin' },
  'mechanism.administer': { who: (a, m) => user(a)?.role === 'admin' && user(a)!.mechanismIds.includes(m.mechanismId) },
  'oversight.enter': { who: (a) => user(a)?.role === 'ombudsman' },
  'mechanism.oversee': { who: (a, m) => user(a) !== undefined && canOverseeMechanism(user(a)!, m.mechanismId) },
  'cases.list': { who: (a) => user(a) !== undefined && user(a)!.role !== 'admin' },
  'case.claim': { who: (a) => user(a)?.role === 'complainant' },
  'collective.join': { who: (a) => a === undefined || a.role === 'tracker' || a.role === 'complainant' },
  'case.read': { who: sees },
  'case.transition': {
    who: (a, t) => sees(a, t.case),
    when: (t, a) => (canTransition(t.case.status, t.action, lifecycleRole(a)) ? undefined : new InvalidTransition(t.case.status)),
  },
  'case.route': { who: ombudsmanOf, when: (c) => (isOpenStatus(c.status) ? undefined : new AppError(409, 'case_closed', { status: c.status })) },
  'case.release_red_flag': { who: ombudsmanOf, when: (c) => (c.redFlag ? undefined : new AppError(409, 'not_red_flag')) },
  'case.attach': { who: sees, when: (c) => (isOpenStatus(c.status) ? undefined : new AppError(409, 'case_closed', { status: c.status })) },
  'case.custody': { who: ombudsmanOf },
  'case.reveal_identity': { who: onCase(canRevealIdentity) },
  'case.see_contact': { who: onCase(canSeeContact) },
  'case.report_reprisal': { who: onCase(canReportReprisal) },
  'case.assess_reprisal_risk': { who: onCase(canAssessReprisalRisk) },
  'case.confirm_causes': { who: onCase(canConfirmCauses) },
  'case.link': { who: onCase(canLinkCases) },
  'case.referral_ladder': { who: onCase(canUseReferralLadder) },
  'case.assess_consequence': { who: onCase(canAssessConsequence) },
  'file.read': {
    who: (a, f) => {
      const view = a && readerViewOf(a, f.case);
      return Boolean(view) && canReadFile(view!, f.file, f.entry);
    },
  },
};

/** Why `actor` may not `verb` the record: a NotFound, a 409, or undefined when it is allowed. */
export function refusal<V extends Verb>(actor: GateActor, verb: V, record: Verbs[V]): AppError | undefined {
  const rule = RULES[verb] as Rule<Verbs[V]>;
  if (!rule.who(actor, record)) return new NotFound();
  // `who` never admits an undefined actor to a verb with a `when`: those are all about a case someone sees.
  return rule.when && actor ? rule.when(record, actor) : undefined;
}

/** Whether `actor` may `verb` the record now (the same answer authorize gives, without throwing). */
export function can<V extends Verb>(actor: GateActor, verb: V, record: Verbs[V]): boolean {
  return refusal(actor, verb, record) === undefined;
}

/**
 * Lets `actor` `verb` the record or throws: NotFound when they may not (forbidden looks like missing),
 * a 409 when the record's state refuses it now.
 */
export function authorize<V extends Verb>(actor: GateActor, verb: V, record: Verbs[V]): void {
  const refused = refusal(actor, verb, record);
  if (refused) throw refused;
}
