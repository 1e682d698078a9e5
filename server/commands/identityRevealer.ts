/**
 * The identity custodian (issue #15 §2, as GlobaLeaks does it). A confidential complainant's identity
 * is masked for everyone outside their own side, the ombudsman included; an officer who needs it asks
 * with a reason. Where the mechanism requires it, a second officer approves or refuses the request
 * first (never the requester). A granted reveal shows the identity to its requester for
 * REVEAL_MINUTES and is written to the identity log once, when granted — not at each page render.
 */
import type { IdentityCustodyDto } from '../../shared/types/custody';
import type { AppContext } from '../context';
import { AppError, NotFound } from '../errors';
import { canDecideReveal, canRevealIdentity, type CaseAccessFacts, type CaseActor } from '../policies/casePolicy';
import { authorize } from '../policies/authorize';
import { presentIdentityCustody } from '../presenters/custodyPresenter';
import { findCase, findCaseForUpdate } from '../repositories/cases';
import { activeReveal, decideRevealRow, insertReveal, listReveals, lockReveal, pendingRevealOf, revealNeedsApproval } from '../repositories/custody';
import { recordIdentityViews } from '../repositories/identityViews';
import type { UserRecord } from '../repositories/users';
import { logger } from '../logger';
import { audienceIds } from '../notifications/notifier';
import { notifyAudience } from '../notifications/notifier';

/** How long a granted reveal shows the identity to its requester. */
export const REVEAL_MINUTES = 15;

function revealEnd(at: Date): Date {
  return new Date(at.getTime() + REVEAL_MINUTES * 60_000);
}

/** The officer behind a custody action on case `c`, or NotFound: only ombudsman officers of the case hold identities in custody. */
function custodian(actor: CaseActor, c: CaseAccessFacts): UserRecord {
  authorize(actor, 'case.custody', c);
  // The gate admitted an ombudsman officer: an account, never a tracker.
  return actor as UserRecord;
}

/** The custody panel of a case for `actor`: whether it is protected, their reveal and every request. */
export async function readIdentityCustody(ctx: AppContext, actor: CaseActor, caseId: string): Promise<IdentityCustodyDto> {
  const c = await findCase(ctx.db, caseId);
  if (!c) throw new NotFound();
  const officer = custodian(actor, c);
  const now = ctx.clock.now();
  const [requiresApproval, requests, active] = await Promise.all([
    revealNeedsApproval(ctx.db, c.mechanismId),
    canRevealIdentity(officer, c) ? listReveals(ctx.db, ctx.cipher, c.id) : Promise.resolve([]),
    canRevealIdentity(officer, c) ? activeReveal(ctx.db, c.id, officer.id, now) : Promise.resolve(undefined),
  ]);
  return presentIdentityCustody(c, officer, { requiresApproval, requests, active, cipher: ctx.cipher });
}

/**
 * Asks to see the case's protected identity, with `reason`. Granted at once (and logged) unless the
 * mechanism requires a second officer's approval; then it waits, one request per officer at a time.
 */
export async function requestReveal(ctx: AppContext, actor: CaseActor, caseId: string, reason: string): Promise<IdentityCustodyDto> {
  await ctx.db.transaction(async (tx) => {
    // Locking the case queues two requests of one officer, so the second finds the first.
    const c = await findCaseForUpdate(tx, caseId);
    if (!c) throw new NotFound();
    const officer = custodian(actor, c);
    if (!canRevealIdentity(officer, c) || !c.identityCiphertext) throw new AppError(409, 'identity_not_protected');
    const at = ctx.clock.now();
    if (await revealNeedsApproval(tx, c.mechanismId)) {
      if (await pendingRevealOf(tx, c.id, officer.id)) throw new AppError(409, 'reveal_pending');
      await insertReveal(tx, { caseId: c.id, userId: officer.id, reason, at, expiresAt: null });
      // The other officers of the case decide it: they are told (the requester is not).
      const others = (await audienceIds(tx, c, 'ombudsman')).filter((id) => id !== officer.id);
      await notifyAudience(
        ctx,
        tx,
        (work) => tx.afterCommit(work),
        { mechanismId: c.mechanismId, ombudsman: false, companyId: null, userIds: others },
        {
          caseId: c.id,
          kind: 'identity.reveal_requested',
          data: { reference: c.reference },
          at,
        },
      );
      logger.info('identity reveal requested', { caseId: c.id, by: officer.id });
      return;
    }
    await insertReveal(tx, { caseId: c.id, userId: officer.id, reason, at, expiresAt: revealEnd(at) });
    await recordIdentityViews(tx, officer.id, [c.id], 'reveal', at);
    logger.info('identity revealed', { caseId: c.id, by: officer.id });
  });
  return readIdentityCustody(ctx, actor, caseId);
}

/**
 * A second officer approves or refuses another's pending request. An approval starts the requester's
 * reveal and logs their look; the requester can never decide their own request.
 */
export async function decideReveal(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  revealId: number,
  decision: 'approve' | 'refuse',
): Promise<IdentityCustodyDto> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCase(tx, caseId);
    if (!c) throw new NotFound();
    const officer = custodian(actor, c);
    const request = await lockReveal(tx, ctx.cipher, c.id, revealId);
    if (!request || !canRevealIdentity(officer, c)) throw new NotFound();
    if (!canDecideReveal(officer, c, request.requestedByUserId)) throw new AppError(409, 'reveal_own_request');
    if (request.status !== 'pending') throw new AppError(409, 'reveal_not_pending');
    const at = ctx.clock.now();
    const expiresAt = decision === 'approve' ? revealEnd(at) : null;
    await decideRevealRow(tx, request.id, { by: officer.id, at, expiresAt });
    if (expiresAt) await recordIdentityViews(tx, request.requestedByUserId, [c.id], 'reveal', at);
    logger.info('identity reveal decided', { caseId: c.id, revealId: request.id, decision, by: officer.id });
  });
  return readIdentityCustody(ctx, actor, caseId);
}
