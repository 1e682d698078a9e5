/**
 * The one way a case changes status. It locks the case, checks the lifecycle, the actor's role and
 * scope, writes the status and an append-only history event in one transaction, and pushes the change
 * to everyone allowed to see it after commit.
 */
import { transitionFor, type CaseAction, type Actor } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { InvalidTransition, NotFound, ValidationFailed } from '../errors';
import { canTakeAction, canViewCase } from '../policies/casePolicy';
import { findCaseForUpdate, insertCaseEvent, updateCaseStatus, type CaseRow } from '../repositories/cases';
import type { UserRecord } from '../repositories/users';
import { casePartyIds, notify } from '../notifications/notifier';

/** What the caller asks for. */
export interface TransitionRequest {
  caseId: string;
  action: CaseAction;
  reason?: string;
  /** Extra facts recorded with the event (e.g. the referral for a non-admitted case). */
  data?: Record<string, unknown>;
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

  const at = ctx.clock.now();
  await updateCaseStatus(tx, current.id, transition.to, at);
  await insertCaseEvent(tx, {
    caseId: current.id,
    kind: `cases.${request.action}`,
    fromStatus: current.status,
    toStatus: transition.to,
    actorUserId: actor?.id ?? null,
    actorRole,
    reason: reason ?? null,
    data: request.data,
    at,
  });
  // The parties hear of every status change in the same transaction (e-mail via the outbox).
  await notify(ctx, tx, {
    kind: transition.to === 'agreement_proposed' ? 'agreement_proposed' : 'status_changed',
    caseId: current.id,
    recipients: await casePartyIds(tx, current),
    actorUserId: actor?.id ?? null,
    data: { reference: current.reference, status: transition.to },
  });
  const updated: CaseRow = { ...current, status: transition.to, updatedAt: at };
  tx.afterCommit(() => ctx.realtime.caseChanged(updated));
  return updated;
}

/** transitionCaseIn in a transaction of its own. */
export function transitionCase(ctx: AppContext, actor: UserRecord | null, request: TransitionRequest): Promise<CaseRow> {
  return ctx.db.transaction((tx) => transitionCaseIn(ctx, tx, actor, request));
}
