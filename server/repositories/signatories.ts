/**
 * The people who joined collective complaints (`case_signatories`, identities sealed to their row) and
 * what the public page lists of collective cases. SQL in one place; plain objects out.
 */
import type { Queryable } from '../db/database';
import type { IdentityMode } from '../../shared/types/api';
import type { PublicCollectiveDto } from '../../shared/types/learning';

/** The group size a collective case declared, whether it is listed publicly, and how many joined. */
export function findCollectiveSize(db: Queryable, caseId: string): Promise<{ declared: number | null; open: boolean; joined: number }> {
  return db.one(
    `SELECT group_size AS declared, open_to_signatories AS open,
            (SELECT count(*)::int FROM case_signatories s WHERE s.case_id = c.id) AS joined
     FROM cases c WHERE c.id = $1`,
    [caseId],
  );
}

/** A signatory about to be stored; the identity sealed to `id` already (null when they joined anonymously). */
export interface NewSignatory {
  id: string;
  caseId: string;
  identityMode: IdentityMode;
  identityCiphertext: string | null;
  userId: string | null;
  joinFingerprint: string;
  at: Date;
}

/** The unique constraint that refuses joining a case twice (same fingerprint). */
export const SIGNED_ONCE_CONSTRAINT = 'case_signatories_once';

/** Stores a signatory; fails on SIGNED_ONCE_CONSTRAINT when the same person joined already. */
export async function insertSignatory(tx: Queryable, s: NewSignatory): Promise<void> {
  await tx.query(
    `INSERT INTO case_signatories (id, case_id, identity_mode, identity_ciphertext, user_id, join_fingerprint, joined_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.id, s.caseId, s.identityMode, s.identityCiphertext, s.userId, s.joinFingerprint, s.at],
  );
}

/** A signatory as stored (identity still sealed). */
export interface SignatoryRow {
  id: string;
  identityMode: IdentityMode;
  identityCiphertext: string | null;
  joinedAt: Date;
}

/** The signatories of a case, in the order they joined. */
export function listSignatoryRows(db: Queryable, caseId: string): Promise<SignatoryRow[]> {
  return db.query<SignatoryRow>(
    `SELECT id, identity_mode AS "identityMode", identity_ciphertext AS "identityCiphertext", joined_at AS "joinedAt"
     FROM case_signatories WHERE case_id = $1 ORDER BY joined_at, id`,
    [caseId],
  );
}

/** Lists (or stops listing) a collective case on the public page. */
export async function setOpenToSignatories(db: Queryable, caseId: string, open: boolean): Promise<void> {
  await db.query('UPDATE cases SET open_to_signatories = $2 WHERE id = $1', [caseId, open]);
}

/** A collective case as the public page reads it. */
export interface PublicCollectiveRow {
  id: string;
  reference: string;
  groupName: string | null;
  groupKind: string;
  open: boolean;
  categories: Record<string, string>[];
  municipality: string;
  status: PublicCollectiveDto['status'];
}

const PUBLIC_SELECT = `
  SELECT c.id, c.reference, c.group_name AS "groupName", c.group_kind AS "groupKind", c.open_to_signatories AS open,
         mu.name AS municipality, c.status,
         COALESCE((SELECT json_agg(cat.name ORDER BY cat.position) FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                   WHERE cc.case_id = c.id), '[]'::json) AS categories
  FROM cases c JOIN municipalities mu ON mu.id = c.municipality_id
  WHERE c.is_collective AND NOT c.red_flag AND c.status = ANY($1::text[])`;

/** The collective case with this reference, when it is in one of `statuses` and not a red flag. */
export function findPublicCollective(db: Queryable, reference: string, statuses: readonly string[]): Promise<PublicCollectiveRow | undefined> {
  return db.maybeOne<PublicCollectiveRow>(`${PUBLIC_SELECT} AND c.reference = $2`, [statuses, reference]);
}

/** The collective cases of a mechanism listed publicly and in one of `statuses`, newest first (50 at most). */
export function listPublicCollectives(db: Queryable, mechanismId: string, statuses: readonly string[]): Promise<PublicCollectiveRow[]> {
  return db.query<PublicCollectiveRow>(`${PUBLIC_SELECT} AND c.open_to_signatories AND c.mechanism_id = $2 ORDER BY c.created_at DESC LIMIT 50`, [
    statuses,
    mechanismId,
  ]);
}
