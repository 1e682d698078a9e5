/**
 * Every kind of event a case history can hold, in one list, and the one way to name one for a person.
 * The server's `insertCaseEvent` only takes these kinds (the compiler refuses any other), so a command
 * that writes a new kind must add it here — and test/caseEvents.test.ts then fails until both
 * languages name it. Histories (the case page, the tracking page, the ombudsman's audit trail) word a
 * kind with `caseEventLabel`, never by printing it.
 */
import { CASE_ACTIONS } from './caseLifecycle';
import type { Translate } from './deadlineText';

/** Every kind of case history event the server writes. */
export const CASE_EVENT_KINDS = [
  'cases.filed',
  'cases.routed',
  'cases.red_flag_released',
  'cases.claimed',
  'cases.escalated',
  'cases.satisfaction_recorded',
  // The Decreto 1166 record of a complaint received verbally in field mode (VERBAL_PETITION_EVENT).
  'cases.verbal_petition',
  // Ley 1755: a formal information request to the complainant and its answer (informationRequester),
  // and the referral of a case not admitted to the competent body (referralRecorder).
  'cases.information_requested',
  'cases.information_answered',
  'cases.referral_sent',
  // Every status change is `cases.<action>` (caseTransitioner).
  ...CASE_ACTIONS.map((action) => `cases.${action}` as const),
  'meetings.scheduled',
  'meetings.minutes_recorded',
  'meetings.minutes_agreed',
  'agreements.accepted',
  'commitments.reported',
  'commitments.confirmed',
  'commitments.disputed',
  'commitments.verified',
  'deadlines.reminder',
  'deadlines.paused',
  'deadlines.resumed',
  'deadlines.extended',
  // Open deadlines moved by a change in the business-day calendar (deadlineRecalculator).
  'deadlines.recalculated',
  // Habeas data (server/habeas): an identity redacted on request or after the retention period, and
  // the sensitive answers (ethnicity, gender, disability, age band) erased when their consent is withdrawn.
  'cases.identity_redacted',
  'cases.identity_corrected',
  'cases.sensitive_data_withdrawn',
  // Learning (issue #17): root causes (causeTagger), linked issues (caseLinker), signatories (signatories).
  'cases.cause_tagged',
  'cases.cause_confirmed',
  'cases.cause_removed',
  'cases.linked',
  'cases.unlinked',
  'cases.signatory_joined',
  // Effectiveness and the referral ladder (issue #17 items 4–5): the consequence level assessed, and
  // what became of a referral to another remedy (server/learning/referralLadder.ts).
  'cases.consequence_assessed',
  'cases.referral_outcome',
] as const;

/** A kind of case history event. */
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** The translation key naming an event kind: `intake:event.<kind without its leading 'cases.'>`. */
export function caseEventLabelKey(kind: string): string {
  return `intake:event.${kind.replace(/^cases\./, '')}`;
}

/**
 * What a history line says happened. A kind no longer (or not yet) in this list — an old row, a newer
 * server — reads as a general "something happened", never as its raw key.
 */
export function caseEventLabel(t: Translate, kind: string): string {
  const key = caseEventLabelKey(kind);
  const label = t(key, { defaultValue: '' });
  return label && label !== key ? label : t('intake:event.other');
}
