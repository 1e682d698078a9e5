/**
 * Who may do what with a case's root causes, its links and its signatories (issue #17 items 1–2). Built
 * on casePolicy: nobody acts on a case they may not see, and what is forbidden looks missing (404).
 */
import { isOpenStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import { canViewCase, isComplainantSide, sideOf, sideSeesIdentity, type CaseAccessFacts, type CaseActor } from './casePolicy';

/** The case facts these decisions add to CaseAccessFacts. */
export interface LearningFacts extends CaseAccessFacts {
  isCollective: boolean;
}

/**
 * Whether `actor` may tag the case's causes: the ombudsman always (confirmed at once); the company's
 * liaison only when the mechanism lets companies propose causes (a proposal until confirmed). A
 * withdrawn case has nothing left to learn from.
 */
export function canTagCauses(actor: CaseActor, c: CaseAccessFacts, companyProposes: boolean): boolean {
  if (!canViewCase(actor, c) || c.status === 'withdrawn') return false;
  return actor.role === 'ombudsman' || (actor.role === 'liaison' && companyProposes);
}

/** Whether `actor` may confirm or remove a case's causes: only the ombudsman. */
export function canConfirmCauses(actor: CaseActor, c: CaseAccessFacts): boolean {
  return actor.role === 'ombudsman' && canViewCase(actor, c);
}

/** Whether `actor` may see related cases and link the case into an issue: only the ombudsman. */
export function canLinkCases(actor: CaseActor, c: CaseAccessFacts): boolean {
  return actor.role === 'ombudsman' && canViewCase(actor, c);
}

/** Whether `actor` may list (or stop listing) a collective case publicly for others to join: its promoters or the ombudsman. */
export function canOpenToSignatories(actor: CaseActor, c: LearningFacts): boolean {
  if (!c.isCollective || !isOpenStatus(c.status) || c.redFlag) return false;
  return actor.role === 'ombudsman' ? canViewCase(actor, c) : isComplainantSide(actor, c);
}

/** Whether a person may join the collective case as a signatory now (open, collective, not a hidden red flag). */
export function acceptsSignatories(c: LearningFacts & { redFlagRaised: boolean }): boolean {
  return c.isCollective && isOpenStatus(c.status) && !c.redFlagRaised;
}

/**
 * Whether `actor` may know who a signatory is: the company and the ombudsman when they joined named;
 * one who joined confidentially is protected as a confidential complainant is (docs/custody.md), shown
 * to an ombudsman officer only while a reveal granted to them on the case lasts (`revealed`, logged once
 * when granted); the complainant's side never (they see how many, not who).
 */
export function canSeeSignatory(actor: CaseActor, c: CaseAccessFacts, mode: IdentityMode, revealed: boolean): boolean {
  const side = sideOf(actor, c);
  if (side === null || side === 'complainant') return false;
  return sideSeesIdentity(side, mode) || (revealed && side === 'ombudsman' && mode === 'confidential');
}

/**
 * Whether `actor` may read a case's referral ladder and take its referral packet, and say what became of
 * a referral: the complainant's side (their own remedies) and the ombudsman; never the company, whose
 * complainant's next steps are not its business.
 */
export function canUseReferralLadder(actor: CaseActor, c: CaseAccessFacts): boolean {
  return actor.role === 'ombudsman' ? canViewCase(actor, c) : isComplainantSide(actor, c);
}

/** Whether `actor` may assess how grave the harm of a case is (its consequence level): only the ombudsman. */
export function canAssessConsequence(actor: CaseActor, c: CaseAccessFacts): boolean {
  return actor.role === 'ombudsman' && canViewCase(actor, c);
}
