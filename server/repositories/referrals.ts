/**
 * The remedies a case was offered when it was not admitted or closed without agreement, and what became
 * of each (`case_referrals`), and the history lines a referral packet shows. SQL in one place; plain
 * objects out.
 */
import type { Queryable } from '../db/database';
import type { ReferralOutcome, ReferralRemedy } from '../../shared/referralRemedies';

/** One remedy a case was offered, and what became of it. */
export interface CaseReferral {
  remedy: ReferralRemedy;
  offeredAt: Date;
  outcome: ReferralOutcome;
  outcomeNote: string | null;
  outcomeAt: Date | null;
}

/** Offers the case `remedies`; one it was offered before keeps its offer and outcome. */
export async function insertReferrals(tx: Queryable, caseId: string, remedies: readonly ReferralRemedy[], offeredBy: string | null, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO case_referrals (case_id, remedy, offered_at, offered_by_user_id)
     SELECT $1, r, $3, $4 FROM unnest($2::text[]) r ON CONFLICT (case_id, remedy) DO NOTHING`,
    [caseId, remedies, at, offeredBy],
  );
}

/** The remedies a case was offered, in the ladder's order. */
export function listCaseReferrals(db: Queryable, caseId: string): Promise<CaseReferral[]> {
  return db.query<CaseReferral>(
    `SELECT remedy, offered_at AS "offeredAt", outcome, outcome_note AS "outcomeNote", outcome_at AS "outcomeAt"
     FROM case_referrals WHERE case_id = $1
     ORDER BY array_position(ARRAY['competent_body', 'pnc_colombia', 'ncp_netherlands', 'cao', 'personeria', 'tutela'], remedy)`,
    [caseId],
  );
}

/** Records what became of the case's referral to `remedy`; false when the case was not offered it. */
export async function updateReferralOutcome(
  tx: Queryable,
  caseId: string,
  remedy: ReferralRemedy,
  change: { outcome: ReferralOutcome; note: string | null; at: Date; byUserId: string | null },
): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE case_referrals SET outcome = $3, outcome_note = $4, outcome_at = $5, outcome_by_user_id = $6
     WHERE case_id = $1 AND remedy = $2 RETURNING case_id`,
    [caseId, remedy, change.outcome, change.note, change.at, change.byUserId],
  );
  return updated.length > 0;
}

/** A history line of a referral packet: a status change, with the role (never the name) and the stated reason. */
export interface PacketHistoryLine {
  kind: string;
  at: Date;
  role: string;
  reason: string | null;
  referralTo: string | null;
}

/** The history lines a referral packet shows: the case's status changes, oldest first. */
export function packetHistory(db: Queryable, caseId: string): Promise<PacketHistoryLine[]> {
  return db.query<PacketHistoryLine>(
    `SELECT kind, created_at AS at, actor_role AS role, reason, data->'referral'->>'to' AS "referralTo"
     FROM case_events WHERE case_id = $1 AND to_status IS NOT NULL ORDER BY id`,
    [caseId],
  );
}
