/**
 * The one way a case changes status. It locks the case, checks the lifecycle, the actor's role and
 * scope, writes the status and an append-only history event in one transaction, and pushes the change
 * to everyone allowed to see it after commit.
 */
import { targetsOf, transitionFor, type CaseAction, type CaseStatus, type Actor } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { InvalidTransition, NotFound, ValidationFailed } from '../errors';
import { canTakeAction, canViewCase } from '../policies/casePolicy';
import { findCaseForUpdate, insertCaseEvent, updateCaseStatus, type CaseRow } from '../repositories/cases';
import type { UserRecord } from '../repositories/users';

/** What the caller asks for. */
export interface TransitionRequest {
  caseId: string;
  action: CaseAction;
  reason?: string;
  /** Extra facts recorded with the event (e.g. the referral for a non-admitted case). */
  data?: Record<string, unknown>;
  /** For moves with alternatives (`Transition.alsoTo`): which status to go to; the main target otherwise. */
  to?: CaseStatus;
}

/**
 * Moves a case by `action` on behalf of `actor` (null for the system) inside `tx`.
 * Throws NotFound when the actor may not see the case, InvalidTransition (409) when the move is not
 * allowed now, ValidationFailed when a required reason is missing.
 */
export async function transitionCaseIn(
  ctx: AppContext,
  tx: Tx,
  actor: UserRecord | null,
  request: TransitionRequest,
): Promise<CaseRow> {
  const current = await findCaseForUpdate(tx, request.caseId);
  if (!current || (actor && !canViewCase(actor, current))) throw new NotFound();
  const transition = transitionFor(request.action);
  const actorRole: Actor = actor ? actor.role : 'system';
  const allowed = actor ? canTakeAction(actor, current, request.action) : transition.by.includes('system') && transition.from.includes(current.status);
  if (!allowed) throw new InvalidTransition(current.status);
  const reason = request.reason?.trim();
  if (transition.requiresReason && !reason) throw new ValidationFailed([{ field: 'reason', messageKey: 'validation.required' }]);

  const to = request.to ?? transition.to;
  // A bug, not a user error: commands choose the target from the lifecycle's own list.
  if (!targetsOf(request.action).includes(to)) throw new Error(`${request.action} cannot lead to ${to}`);

  const at = ctx.clock.now();
  await updateCaseStatus(tx, current.id, to, at);
  await insertCaseEvent(tx, {
    caseId: current.id,
    kind: `cases.${request.action}`,
    fromStatus: current.status,
    toStatus: to,
    actorUserId: actor?.id ?? null,
    actorRole,
    reason: reason ?? null,
    data: request.data,
    at,
  });
  const updated: CaseRow = { ...current, status: to, updatedAt: at };
  tx.afterCommit(() => ctx.realtime.caseChanged(updated));
  return updated;
}

/** transitionCaseIn in a transaction of its own. */
export function transitionCase(ctx: AppContext, actor: UserRecord | null, request: TransitionRequest): Promise<CaseRow> {
  return ctx.db.transaction((tx) => transitionCaseIn(ctx, tx, actor, request));
}
