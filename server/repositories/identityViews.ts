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
export async function recordIdentityViews(
  db: Queryable,
  viewerUserId: string,
  caseIds: readonly string[],
  purpose: IdentityViewPurpose,
  at: Date,
): Promise<void> {
  if (caseIds.length === 0) return;
  await db.query(
    `INSERT INTO identity_views (case_id, user_id, viewed_at, context)
     SELECT id, $2, $3, $4 FROM unnest($1::uuid[]) AS id ORDER BY id`,
    [caseIds, viewerUserId, at, purpose],
  );
}

/** A look at a case's protected identity as the audit page lists it. */
export interface IdentityViewRow {
  id: number;
  viewerName: string | null;
  viewerRole: string | null;
  purpose: string;
  viewedAt: Date;
  /** For a reveal: the reason the officer gave (identity_reveals). */
  reason: string | null;
  /** For a reveal a second officer approved: that officer's name. */
  approvedBy: string | null;
}

/**
 * Every look at a case's protected identity, oldest first, with who looked and, for a reveal, the reason
 * given and who approved it. A reveal's log row is written in the transaction that granted it, at the
 * grant's instant (identityRevealer), which is how the row finds its request.
 */
export async function listIdentityViews(db: Queryable, cipher: FieldCipher, caseId: string): Promise<IdentityViewRow[]> {
  const rows = await db.query<Omit<IdentityViewRow, 'approvedBy'> & { viewerId: string | null; approverId: string | null; approverName: string | null }>(
    `SELECT v.id, u.id AS "viewerId", u.name_ciphertext AS "viewerName", u.role AS "viewerRole", v.context AS purpose, v.viewed_at AS "viewedAt",
            r.reason, a.id AS "approverId", a.name_ciphertext AS "approverName"
     FROM identity_views v
     LEFT JOIN users u ON u.id = v.user_id
     LEFT JOIN LATERAL (
       SELECT reason, decided_by_user_id FROM identity_reveals
       WHERE v.context = 'reveal' AND case_id = v.case_id AND requested_by_user_id = v.user_id AND status = 'granted' AND decided_at = v.viewed_at
       ORDER BY id LIMIT 1
     ) r ON true
     LEFT JOIN users a ON a.id = r.decided_by_user_id AND r.decided_by_user_id <> v.user_id
     WHERE v.case_id = $1 ORDER BY v.viewed_at, v.id`,
    [caseId],
  );
  return rows.map(({ viewerId, approverId, approverName, ...row }) => ({
    ...row,
    viewerName: openUserName(cipher, viewerId, row.viewerName),
    approvedBy: approverId ? openUserName(cipher, approverId, approverName) : null,
  }));
}
