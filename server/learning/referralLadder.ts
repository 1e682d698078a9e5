/**
 * The referral ladder (issue #17 item 5). When the ombudsman does not admit a case or closes it without
 * agreement, the case is offered the other remedies that fit it (shared/referralRemedies.ts: the
 * competent body named in the decision, Colombia's OECD National Contact Point, the Dutch NCP and the
 * CAO where the company is linked to them, the personería and the tutela), in the same transaction as
 * the move. The complainant's side reads them with a printable referral packet; they or the ombudsman
 * record what became of each when known, which feeds the effectiveness report's "referrals".
 */
import { remediesFor, type ReferralOutcome, type ReferralRemedy } from '../../shared/referralRemedies';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { NotFound } from '../errors';
import { actorUserId, lifecycleRole, type CaseActor } from '../policies/casePolicy';
import { canUseReferralLadder } from '../policies/learningPolicy';
import { findCaseForUpdate, insertCaseEvent, type CaseRow } from '../repositories/cases';
import { findCompanyRemedyLinks } from '../repositories/companies';
import { insertReferrals, updateReferralOutcome } from '../repositories/referrals';

/**
 * Offers the case the remedies that fit it, inside the transaction that closes it or does not admit it.
 * A case closed again after a reopening keeps what it was offered and what became of it.
 */
export async function offerRemedies(tx: Tx, c: Pick<CaseRow, 'id' | 'companyId'>, offeredBy: string | null, at: Date): Promise<void> {
  const company = c.companyId ? await findCompanyRemedyLinks(tx, c.companyId) : undefined;
  await insertReferrals(tx, c.id, remediesFor(company ?? null), offeredBy, at);
}

/**
 * Records what became of the referral of the case to `remedy`, by the complainant's side or the
 * ombudsman. 404 when the case was not offered that remedy or the actor may not use its ladder.
 */
export async function recordReferralOutcome(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  remedy: ReferralRemedy,
  input: { outcome: ReferralOutcome; note?: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canUseReferralLadder(actor, c)) throw new NotFound();
    const at = ctx.clock.now();
    const recorded = await updateReferralOutcome(tx, c.id, remedy, { outcome: input.outcome, note: input.note || null, at, byUserId: actorUserId(actor) });
    if (!recorded) throw new NotFound();
    await insertCaseEvent(tx, {
      caseId: c.id,
      kind: 'cases.referral_outcome',
      actorUserId: actorUserId(actor),
      actorRole: actor.role === 'tracker' ? (c.identityMode === 'anonymous' ? 'anonymous' : 'complainant') : lifecycleRole(actor),
      data: { remedy, outcome: input.outcome },
      at,
    });
  });
}
