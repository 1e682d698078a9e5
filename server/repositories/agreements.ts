/** A case's agreement versions, each proposed with its commitments (agreements). SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { AgreementStatus, AuthorRole, CommitmentOwner } from '../../shared/types/dialogue';

/** An agreement version as stored. */
export interface AgreementRow {
  id: number;
  caseId: string;
  version: number;
  proposedByUserId: string | null;
  proposedByRole: AuthorRole;
  duringMediation: boolean;
  text: string;
  status: AgreementStatus;
  complainantDecision: 'accepted' | 'rejected' | null;
  complainantDecidedAt: Date | null;
  companyDecision: 'accepted' | 'rejected' | null;
  companyDecidedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
}

const SELECT_AGREEMENT = `
  SELECT id, case_id AS "caseId", version, proposed_by_user_id AS "proposedByUserId", proposed_by_role AS "proposedByRole",
         during_mediation AS "duringMediation", text, status, complainant_decision AS "complainantDecision",
         complainant_decided_at AS "complainantDecidedAt", company_decision AS "companyDecision",
         company_decided_at AS "companyDecidedAt", rejection_reason AS "rejectionReason", created_at AS "createdAt"
  FROM agreements`;

/** Every version of a case's agreements, newest first. */
export function listAgreements(db: Queryable, caseId: string): Promise<AgreementRow[]> {
  return db.query<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 ORDER BY version DESC`, [caseId]);
}

/** One agreement version of one case. */
export function findAgreement(db: Queryable, caseId: string, id: number): Promise<AgreementRow | undefined> {
  return db.maybeOne<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 AND id = $2`, [caseId, id]);
}

/** The version under discussion, if any. */
export function findPendingAgreement(db: Queryable, caseId: string): Promise<AgreementRow | undefined> {
  return db.maybeOne<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 AND status = 'proposed'`, [caseId]);
}

/** The version in force (accepted most recently), if any. */
export function findAgreementInForce(db: Queryable, caseId: string): Promise<AgreementRow | undefined> {
  return db.maybeOne<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 AND status = 'accepted' ORDER BY version DESC LIMIT 1`, [caseId]);
}

/** A new version: supersedes any pending one, numbers itself after the last. */
export async function insertAgreementVersion(
  tx: Queryable,
  a: {
    caseId: string;
    byUserId: string | null;
    byRole: AuthorRole;
    duringMediation: boolean;
    text: string;
    commitments: { owner: CommitmentOwner; description: string; dueOn: string }[];
    at: Date;
  },
): Promise<{ agreement: AgreementRow; superseded: number | null }> {
  const superseded = await tx.maybeOne<{ version: number }>(
    `UPDATE agreements SET status = 'superseded' WHERE case_id = $1 AND status = 'proposed' RETURNING version`,
    [a.caseId],
  );
  const row = await tx.one<{ id: number }>(
    `INSERT INTO agreements (case_id, version, proposed_by_user_id, proposed_by_role, during_mediation, text, created_at)
     VALUES ($1, COALESCE((SELECT max(version) FROM agreements WHERE case_id = $1), 0) + 1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.caseId, a.byUserId, a.byRole, a.duringMediation, a.text, a.at],
  );
  for (const [position, k] of a.commitments.entries()) {
    await tx.query('INSERT INTO commitments (agreement_id, position, owner, description, due_on) VALUES ($1, $2, $3, $4, $5)', [
      row.id,
      position,
      k.owner,
      k.description,
      k.dueOn,
    ]);
  }
  return { agreement: (await findAgreement(tx, a.caseId, row.id))!, superseded: superseded?.version ?? null };
}

/** Records one side's decision on a version; returns the version as it is now. */
export async function recordDecision(
  tx: Queryable,
  a: AgreementRow,
  side: 'complainant' | 'company',
  decision: 'accepted' | 'rejected',
  byUserId: string | null,
  at: Date,
): Promise<AgreementRow> {
  const prefix = side === 'complainant' ? 'complainant' : 'company';
  await tx.query(`UPDATE agreements SET ${prefix}_decision = $2, ${prefix}_decided_at = $3, ${prefix}_decided_by_user_id = $4 WHERE id = $1`, [
    a.id,
    decision,
    at,
    byUserId,
  ]);
  return (await findAgreement(tx, a.caseId, a.id))!;
}

/** Closes a version as accepted or rejected. */
export async function closeAgreement(tx: Queryable, id: number, status: 'accepted' | 'rejected', rejectionReason: string | null): Promise<void> {
  await tx.query('UPDATE agreements SET status = $2, rejection_reason = $3 WHERE id = $1', [id, status, rejectionReason]);
}
