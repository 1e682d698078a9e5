/**
 * The one way a case changes status. It locks the case, checks the lifecycle, the actor's role and
 * scope, writes the status and an append-only history event in one transaction, and pushes the change
 * to everyone allowed to see it after commit.
 */
import { offerRemedies } from '../learning/referralLadder';
import { targetsOf, transitionFor, type CaseAction, type CaseStatus, type Actor } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { InvalidTransition, NotFound, ValidationFailed, type FieldProblem } from '../errors';
import { lifecycleRole, type CaseActor } from '../policies/casePolicy';
import { authorize } from '../policies/authorize';
import { findCaseForUpdate, insertCaseEvent, updateCaseStatus, updatePetitionKind, type CaseRow } from '../repositories/cases';
import type { PetitionKind } from '../../shared/types/deadlines';
import type { NotificationKind } from '../../shared/types/notifications';
import { onStatusChanged } from '../deadlines/deadlineScheduler';
import { publishCaseUpdated } from '../realtime/caseRooms';
import { audienceIds, notify } from '../notifications/notifier';

/** What the caller asks for. */
export interface TransitionRequest {
  caseId: string;
  action: CaseAction;
  reason?: string;
  /** Where the case is referred (required by `not_admit` and `close_unresolved`). */
  referral?: { to: string; note?: string };
  /** Extra facts recorded with the event. */
  data?: Record<string, unknown>;
  /** For moves with alternatives (`Transition.alsoTo`): which status to go to; the main target otherwise. */
  to?: CaseStatus;
  /** `admit` only: the kind of petition, which sets the company's first-answer term (general if absent). */
  petitionKind?: PetitionKind;
  /** The notice the parties get instead of the plain status change (e.g. a withdrawal for want of an answer). */
  notice?: NotificationKind;
}

/** The role written in the history: an anonymous complainant acting through their receipt key stays anonymous. */
function historyRole(actor: CaseActor | null, c: CaseRow): Actor | 'anonymous' {
  if (!actor) return 'system';
  if (actor.role === 'tracker') return c.identityMode === 'anonymous' ? 'anonymous' : 'complainant';
  return lifecycleRole(actor);
}

/**
 * Moves a case by `action` on behalf of `actor` (null for the system) inside `tx`.
 * Throws NotFound when the actor may not see the case, InvalidTransition (409) when the move is not
 * allowed now, ValidationFailed when a required reason or referral is missing.
 */
export async function transitionCaseIn(ctx: AppContext, tx: Tx, actor: CaseActor | null, request: TransitionRequest): Promise<CaseRow> {
  const current = await findCaseForUpdate(tx, request.caseId);
  if (!current) throw new NotFound();
  const transition = transitionFor(request.action);
  // The system (deadline jobs) is no actor of the gate: the lifecycle table alone says what it may do.
  if (actor) authorize(actor, 'case.transition', { case: current, action: request.action });
  else if (!(transition.by.includes('system') && transition.from.includes(current.status))) throw new InvalidTransition(current.status);
  const reason = request.reason?.trim();
  const problems: FieldProblem[] = [];
  if (transition.requiresReason && !reason) problems.push({ field: 'reason', messageKey: 'validation.required' });
  if (transition.requiresReferral && !request.referral?.to.trim()) problems.push({ field: 'referral.to', messageKey: 'validation.referral_required' });
  if (request.petitionKind !== undefined && request.action !== 'admit')
    problems.push({ field: 'petitionKind', messageKey: 'validation.petition_kind_at_admission' });
  if (problems.length) throw new ValidationFailed(problems);

  const to = request.to ?? transition.to;
  // A bug, not a user error: commands choose the target from the lifecycle's own list.
  if (!targetsOf(request.action).includes(to)) throw new Error(`${request.action} cannot lead to ${to}`);

  const at = ctx.clock.now();
  await updateCaseStatus(tx, current.id, to, at);
  const petitionKind = request.action === 'admit' ? (request.petitionKind ?? 'general') : current.petitionKind;
  if (petitionKind !== current.petitionKind) await updatePetitionKind(tx, current.id, petitionKind);
  await insertCaseEvent(tx, {
    caseId: current.id,
    kind: `cases.${request.action}`,
    fromStatus: current.status,
    toStatus: to,
    actorUserId: actor && actor.role !== 'tracker' ? actor.id : null,
    actorRole: historyRole(actor, current),
    reason: reason ?? null,
    data: {
      ...request.data,
      ...(request.action === 'admit' ? { petitionKind } : {}),
      ...(request.referral && transition.requiresReferral ? { referral: request.referral } : {}),
      ...(actor?.role === 'tracker' ? { via: 'receipt_key' } : {}),
    },
    at,
  });
  // Not admitted or closed without agreement: the other remedies are offered with the move (the ladder).
  if (transition.requiresReferral) await offerRemedies(tx, current, actor && actor.role !== 'tracker' ? actor.id : null, at);
  // The parties hear of every status change in the same transaction (e-mail via the outbox).
  await notify(ctx, tx, {
    kind: request.notice ?? (to === 'agreement_proposed' ? 'agreement_proposed' : 'status_changed'),
    caseId: current.id,
    recipients: await audienceIds(tx, current, 'parties'),
    actorUserId: actor && actor.role !== 'tracker' ? actor.id : null,
    data: { reference: current.reference, status: to },
  });
  const updated: CaseRow = { ...current, status: to, petitionKind, updatedAt: at };
  await onStatusChanged(ctx, tx, current, updated);
  tx.afterCommit(() => {
    ctx.realtime.caseChanged(updated);
    // Open case pages (anonymous complainants' included, who are in no queue room) refetch too.
    publishCaseUpdated(ctx, updated);
  });
  return updated;
}

/** transitionCaseIn in a transaction of its own. */
export function transitionCase(ctx: AppContext, actor: CaseActor | null, request: TransitionRequest): Promise<CaseRow> {
  return ctx.db.transaction((tx) => transitionCaseIn(ctx, tx, actor, request));
}
