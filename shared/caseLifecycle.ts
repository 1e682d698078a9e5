/**
 * The lifecycle of a case as data: the single source of truth for which action moves a case from which
 * status to which, and who may take it. The server's transitioner enforces it; the client only displays
 * the allowed actions the server computed from it. See ../../shared/DESIGN.md (Lifecycle).
 */
import type { Role } from './roles';

/** Every status a case can be in. */
export const CASE_STATUSES = [
  'received',
  'acknowledged',
  'in_dialogue',
  'agreement_proposed',
  'in_mediation',
  'in_implementation',
  'resolved',
  'not_admitted',
  'withdrawn',
  'closed_unresolved',
] as const;

/** A case's status. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which the case is still being worked on (deadlines run, the complainant may withdraw). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'acknowledged', 'in_dialogue', 'agreement_proposed', 'in_mediation', 'in_implementation'];

/** Statuses that end a case; only `resolved` and `closed_unresolved` can be reopened (appeal window). */
export const FINAL_STATUSES: readonly CaseStatus[] = ['resolved', 'not_admitted', 'withdrawn', 'closed_unresolved'];

/** Whether a status still expects someone to act. */
export function isOpenStatus(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Every action that changes a case's status. */
export const CASE_ACTIONS = [
  'acknowledge',
  'admit',
  'not_admit',
  'propose_agreement',
  'reject_agreement',
  'accept_agreement',
  'start_mediation',
  'resolve',
  'withdraw',
  'deem_withdrawn',
  'close_unresolved',
  'reopen',
] as const;

/** An action on a case's status. */
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who takes an action: a role, or `system` for moves the server makes itself (all commitments verified). */
export type Actor = Role | 'system';

/** One allowed move: from which statuses, to which status, by whom, and whether a reason is required. */
export interface Transition {
  readonly action: CaseAction;
  readonly from: readonly CaseStatus[];
  /** The status after the move, unless the caller picks one of `alsoTo`. */
  readonly to: CaseStatus;
  /**
   * Other statuses the move may lead to, chosen by the command that takes it: `reopen` goes back to
   * dialogue or mediation as the complainant asks; `reject_agreement` returns to mediation when the
   * rejected proposal was made during mediation.
   */
  readonly alsoTo?: readonly CaseStatus[];
  readonly by: readonly Actor[];
  /** A reason is written into the case history and shown to the parties. */
  readonly requiresReason: boolean;
  /** A referral to the competent body or to other remedies is recorded with the move (DESIGN.md). */
  readonly requiresReferral?: boolean;
}

const PARTY_SIDE: readonly Actor[] = ['complainant', 'facilitator'];

/** The state machine of DESIGN.md. */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'acknowledge', from: ['received'], to: 'acknowledged', by: ['liaison', 'ombudsman'], requiresReason: false },
  { action: 'admit', from: ['acknowledged'], to: 'in_dialogue', by: ['ombudsman'], requiresReason: false },
  { action: 'not_admit', from: ['received', 'acknowledged'], to: 'not_admitted', by: ['ombudsman'], requiresReason: true, requiresReferral: true },
  {
    action: 'propose_agreement',
    // From agreement_proposed: a changed proposal is a new version that supersedes the pending one.
    from: ['in_dialogue', 'in_mediation', 'agreement_proposed'],
    to: 'agreement_proposed',
    by: ['complainant', 'facilitator', 'liaison', 'ombudsman'],
    requiresReason: false,
  },
  {
    action: 'reject_agreement',
    from: ['agreement_proposed'],
    to: 'in_dialogue',
    alsoTo: ['in_mediation'],
    by: ['complainant', 'facilitator', 'liaison'],
    requiresReason: true,
  },
  {
    action: 'accept_agreement',
    from: ['agreement_proposed'],
    to: 'in_implementation',
    by: ['system'],
    requiresReason: false,
  },
  {
    action: 'start_mediation',
    from: ['in_dialogue', 'agreement_proposed'],
    to: 'in_mediation',
    by: ['ombudsman'],
    requiresReason: true,
  },
  { action: 'resolve', from: ['in_implementation'], to: 'resolved', by: ['system'], requiresReason: false },
  { action: 'withdraw', from: OPEN_STATUSES, to: 'withdrawn', by: PARTY_SIDE, requiresReason: false },
  // Ley 1755 de 2015, art. 17: the complainant did not answer a request for information in time.
  { action: 'deem_withdrawn', from: OPEN_STATUSES, to: 'withdrawn', by: ['system'], requiresReason: false },
  {
    action: 'close_unresolved',
    from: OPEN_STATUSES,
    to: 'closed_unresolved',
    by: ['ombudsman'],
    requiresReason: true,
    requiresReferral: true,
  },
  { action: 'reopen', from: ['resolved', 'closed_unresolved'], to: 'in_dialogue', alsoTo: ['in_mediation'], by: PARTY_SIDE, requiresReason: true },
];

/**
 * Actions that carry more than a status change (an agreement's text, a decision on a version, the
 * appeal window): only their own dialogue routes take them, never the generic transitions route.
 */
export const ACTIONS_WITH_OWN_COMMAND: readonly CaseAction[] = [
  'propose_agreement',
  'reject_agreement',
  'accept_agreement',
  'resolve',
  'reopen',
  'deem_withdrawn',
];

/** The statuses `action` may lead to: its main target first, then any alternatives. */
export function targetsOf(action: CaseAction): readonly CaseStatus[] {
  const t = transitionFor(action);
  return [t.to, ...(t.alsoTo ?? [])];
}

/** The transition an action names, if that action exists. */
export function transitionFor(action: CaseAction): Transition {
  const found = TRANSITIONS.find((t) => t.action === action);
  if (!found) throw new Error(`Unknown case action ${action}`);
  return found;
}

/** Whether the lifecycle allows `actor` to take `action` on a case in `status` (scope is checked elsewhere). */
export function canTransition(status: CaseStatus, action: CaseAction, actor: Actor): boolean {
  const t = transitionFor(action);
  return t.from.includes(status) && t.by.includes(actor);
}

/** Actions the lifecycle allows `actor` on a case in `status`, before scope and identity checks. */
export function actionsFor(status: CaseStatus, actor: Actor): CaseAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && t.by.includes(actor)).map((t) => t.action);
}
