/** The commitments of a case's agreements and their follow-up (commitments). SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { AgreementStatus, CommitmentOwner, CommitmentStatus } from '../../shared/types/dialogue';
import { linkedFilesSql, type LinkedFile } from './linkedFiles';

/** A commitment as stored, with the case it belongs to. */
export interface CommitmentRow {
  id: number;
  agreementId: number;
  caseId: string;
  agreementStatus: AgreementStatus;
  position: number;
  owner: CommitmentOwner;
  description: string;
  dueOn: string;
  status: CommitmentStatus;
  evidence: string | null;
  reportedAt: Date | null;
  confirmedAt: Date | null;
  disputedReason: string | null;
  disputedAt: Date | null;
  verifiedAt: Date | null;
  evidenceAttachments: LinkedFile[];
}

const SELECT_COMMITMENT = `
  SELECT k.id, k.agreement_id AS "agreementId", a.case_id AS "caseId", a.status AS "agreementStatus", k.position, k.owner,
         k.description, k.due_on AS "dueOn", k.status, k.evidence, k.reported_at AS "reportedAt", k.confirmed_at AS "confirmedAt",
         k.disputed_reason AS "disputedReason", k.disputed_at AS "disputedAt", k.verified_at AS "verifiedAt",
         ${linkedFilesSql('commitment_id', 'k.id')} AS "evidenceAttachments"
  FROM commitments k JOIN agreements a ON a.id = k.agreement_id`;

/** Commitments of every version of a case, by agreement and position. */
export function listCommitments(db: Queryable, caseId: string): Promise<CommitmentRow[]> {
  return db.query<CommitmentRow>(`${SELECT_COMMITMENT} WHERE a.case_id = $1 ORDER BY k.agreement_id, k.position`, [caseId]);
}

/** One commitment of one case. */
export function findCommitment(db: Queryable, caseId: string, id: number): Promise<CommitmentRow | undefined> {
  return db.maybeOne<CommitmentRow>(`${SELECT_COMMITMENT} WHERE a.case_id = $1 AND k.id = $2`, [caseId, id]);
}

/** Moves a commitment to its next status with the facts of that step. */
export async function updateCommitment(
  tx: Queryable,
  id: number,
  change:
    | { status: 'reported'; evidence: string; byUserId: string | null; at: Date }
    | { status: 'confirmed'; at: Date }
    | { status: 'disputed'; reason: string; at: Date }
    | { status: 'verified'; byUserId: string | null; at: Date },
): Promise<void> {
  switch (change.status) {
    case 'reported':
      await tx.query(`UPDATE commitments SET status = 'reported', evidence = $2, reported_at = $3, reported_by_user_id = $4 WHERE id = $1`, [
        id,
        change.evidence,
        change.at,
        change.byUserId,
      ]);
      return;
    case 'confirmed':
      await tx.query(`UPDATE commitments SET status = 'confirmed', confirmed_at = $2 WHERE id = $1`, [id, change.at]);
      return;
    case 'disputed':
      await tx.query(`UPDATE commitments SET status = 'disputed', disputed_reason = $2, disputed_at = $3 WHERE id = $1`, [id, change.reason, change.at]);
      return;
    case 'verified':
      await tx.query(`UPDATE commitments SET status = 'verified', verified_at = $2, verified_by_user_id = $3 WHERE id = $1`, [id, change.at, change.byUserId]);
  }
}

/** Commitments of an agreement not yet verified. */
export async function countUnverified(tx: Queryable, agreementId: number): Promise<number> {
  const row = await tx.one<{ n: number }>(`SELECT count(*) AS n FROM commitments WHERE agreement_id = $1 AND status <> 'verified'`, [agreementId]);
  return row.n;
}
