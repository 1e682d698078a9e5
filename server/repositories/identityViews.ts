/**
 * The log of every look at a protected identity (table from migration 0002, append-only by trigger):
 * one row per reveal, bulk rows for an export that asked for identities, and the reading side for the audit trail.
 */
import type { Queryable } from '../db/database';
import type { FieldCipher } from '../crypto/fieldCipher';
import { openUserName } from './users';

/**
 * Why an identity was shown: a reveal asked for with a reason (identity_reveals), or a CSV export that
 * asked for identities. (`case_list`, `case_detail` and `audit` were written per render before identities
 * were masked by default; older rows keep them.)
 */
export type IdentityViewPurpose = 'reveal' | 'export';

/**
 * Records that `viewerUserId` saw the identity of each case in `caseIds`. In case order: each row locks its
 * case's chain head (docs/audit.md), and two lists locking heads in different orders could deadlock.
 */
export async function recordIdentityViews(db: Queryable, viewerUserId: string, caseIds: readonly string[], purpose: IdentityViewPurpose, at: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await db.query(
    `INSERT INTO identity_views (case_id, user_id, viewed_at, context)
     SELECT id, $2, $3, $4 FROM unnest($1::uuid[]) AS id ORDER BY id`,
    [caseIds, viewerUserId, at, purpose],
  );
}

/** Every look at a case's protected identity, oldest first, with who looked. */
export async function listIdentityViews(
  db: Queryable,
  cipher: FieldCipher,
  caseId: string,
): Promise<{ id: number; viewerName: string | null; viewerRole: string | null; purpose: string; viewedAt: Date }[]> {
  const rows = await db.query<{ id: number; viewerId: string | null; viewerName: string | null; viewerRole: string | null; purpose: string; viewedAt: Date }>(
    `SELECT v.id, u.id AS "viewerId", u.name_ciphertext AS "viewerName", u.role AS "viewerRole", v.context AS purpose, v.viewed_at AS "viewedAt"
     FROM identity_views v LEFT JOIN users u ON u.id = v.user_id
     WHERE v.case_id = $1 ORDER BY v.viewed_at, v.id`,
    [caseId],
  );
  return rows.map(({ viewerId, ...row }) => ({ ...row, viewerName: openUserName(cipher, viewerId, row.viewerName) }));
}
