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
import type { Queryable, Tx } from '../db/database';
import { NotFound } from '../errors';
import { actorUserId, lifecycleRole, type CaseActor } from '../policies/casePolicy';
import { canUseReferralLadder } from '../policies/learningPolicy';
import { findCaseForUpdate, insertCaseEvent, type CaseRow } from '../repositories/cases';

/** One remedy a case was offered, and what became of it. */
export interface CaseReferral {
  remedy: ReferralRemedy;
  offeredAt: Date;
  outcome: ReferralOutcome;
  outcomeNote: string | null;
  outcomeAt: Date | null;
}

/**
 * Offers the case the remedies that fit it, inside the transaction that closes it or does not admit it.
 * A case closed again after a reopening keeps what it was offered and what became of it.
 */
export async function offerRemedies(tx: Tx, c: Pick<CaseRow, 'id' | 'companyId'>, offeredBy: string | null, at: Date): Promise<void> {
  const company = c.companyId
    ? await tx.maybeOne<{ dutchLinked: boolean; ifcFinanced: boolean }>(
        'SELECT dutch_linked AS "dutchLinked", ifc_financed AS "ifcFinanced" FROM companies WHERE id = $1',
        [c.companyId],
      )
    : undefined;
  const remedies = remediesFor(company ?? null);
  await tx.query(
    `INSERT INTO case_referrals (case_id, remedy, offered_at, offered_by_user_id)
     SELECT $1, r, $3, $4 FROM unnest($2::text[]) r ON CONFLICT (case_id, remedy) DO NOTHING`,
    [c.id, remedies, at, offeredBy],
  );
}

/** The remedies a case was offered, in the ladder's order. */
export async function caseReferrals(db: Queryable, caseId: string): Promise<CaseReferral[]> {
  return db.query<CaseReferral>(
    `SELECT remedy, offered_at AS "offeredAt", outcome, outcome_note AS "outcomeNote", outcome_at AS "outcomeAt"
     FROM case_referrals WHERE case_id = $1
     ORDER BY array_position(ARRAY['competent_body', 'pnc_colombia', 'ncp_netherlands', 'cao', 'personeria', 'tutela'], remedy)`,
    [caseId],
  );
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
    const updated = await tx.query(
      `UPDATE case_referrals SET outcome = $3, outcome_note = $4, outcome_at = $5, outcome_by_user_id = $6
       WHERE case_id = $1 AND remedy = $2 RETURNING case_id`,
      [c.id, remedy, input.outcome, input.note || null, at, actorUserId(actor)],
    );
    if (updated.length === 0) throw new NotFound();
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
