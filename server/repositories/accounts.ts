/**
 * Accounts as the admin manages them, invitations and password resets. Tokens are stored only as
 * hashes (server/auth/tokens.ts); a token is used by setting used_at, in the same transaction as the
 * password it sets, so it works exactly once.
 */
import type { Queryable } from '../db/database';
import type { AccountStatus } from '../../shared/types/admin';
import type { Language, Role } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
import { userPlace } from '../crypto/sealedColumns';
import { openUserFields } from './users';

/** A person as the admin list shows them. */
export interface AdminUserRow {
  id: string;
  displayName: string;
  email: string | null;
  role: Role;
  companyId: string | null;
  companyName: string | null;
  language: Language;
  status: AccountStatus;
  extraMechanismIds: string[];
  lastLoginAt: Date | null;
  /** The person's home mechanism (another one when they are listed through a grant). */
  mechanismId: string;
  mechanismName: string;
}

const SELECT_ADMIN_USER = `
  SELECT u.id, u.name_ciphertext AS "displayName", u.email_ciphertext AS "email", u.role, u.company_id AS "companyId", co.name AS "companyName",
         u.language, u.mechanism_id AS "mechanismId", hm.name AS "mechanismName", u.last_login_at AS "lastLoginAt",
         CASE WHEN u.password_hash IS NULL AND NOT u.active THEN 'invited' WHEN u.active THEN 'active' ELSE 'inactive' END AS status,
         COALESCE((SELECT json_agg(um.mechanism_id ORDER BY um.granted_at) FROM user_mechanisms um WHERE um.user_id = u.id), '[]'::json) AS "extraMechanismIds"
  FROM users u JOIN mechanisms hm ON hm.id = u.mechanism_id LEFT JOIN companies co ON co.id = u.company_id`;

/**
 * The staff of a mechanism (liaisons, ombudsman officers, admins, facilitators) and the ombudsman
 * officers of other mechanisms granted access to it. Complainants are not staff: the admin manages
 * configuration, and a list of complainants would reveal who complains.
 */
export async function listStaff(db: Queryable, cipher: FieldCipher, mechanismId: string): Promise<AdminUserRow[]> {
  const rows = await db.query<AdminUserRow>(
    `${SELECT_ADMIN_USER}
     WHERE u.role <> 'complainant'
       AND (u.mechanism_id = $1 OR u.id IN (SELECT user_id FROM user_mechanisms WHERE mechanism_id = $1))`,
    [mechanismId],
  );
  // Names are ciphertext in the database: sorted here, by role then name.
  return rows
    .map((row) => openUserFields(cipher, row))
    .sort((a, b) => (a.role === b.role ? a.displayName.localeCompare(b.displayName, 'es') : a.role < b.role ? -1 : 1));
}

/** One staff member whose home is this mechanism (admins change only people of their mechanisms). */
export async function findStaff(db: Queryable, cipher: FieldCipher, mechanismId: string, id: string): Promise<AdminUserRow | undefined> {
  const row = await db.maybeOne<AdminUserRow>(`${SELECT_ADMIN_USER} WHERE u.role <> 'complainant' AND u.mechanism_id = $1 AND u.id = $2`, [mechanismId, id]);
  return row && openUserFields(cipher, row);
}

/** Role, company and activity changes of a staff member. */
export interface StaffChange {
  role?: Role;
  companyId?: string | null;
  active?: boolean;
}

/** Applies a staff change. */
export async function updateStaff(db: Queryable, id: string, change: StaffChange, at: Date): Promise<void> {
  await db.query(
    `UPDATE users SET role = COALESCE($2, role),
       company_id = CASE WHEN $3 THEN $4::uuid ELSE company_id END,
       active = COALESCE($5, active), updated_at = $6
     WHERE id = $1`,
    [id, change.role ?? null, change.companyId !== undefined, change.companyId ?? null, change.active ?? null, at],
  );
}

/** Stores a new invitation for a user and ends any earlier one still open (only the newest link works). */
export async function insertInvitation(
  tx: Queryable,
  invite: { userId: string; tokenHash: string; invitedBy: string | null; expiresAt: Date; at: Date },
): Promise<void> {
  await tx.query('UPDATE invitations SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [invite.userId, invite.at]);
  await tx.query('INSERT INTO invitations (user_id, token_hash, invited_by, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [
    invite.userId,
    invite.tokenHash,
    invite.invitedBy,
    invite.expiresAt,
    invite.at,
  ]);
}

/** An invitation found by its token hash, with what the acceptance page shows. */
export interface InvitationRow {
  id: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  email: string;
  displayName: string;
  role: Role;
  language: Language;
  mechanismName: string;
  companyName: string | null;
}

/** The invitation with this token hash; locked when `forUpdate`, so it can be used only once. */
export async function findInvitation(db: Queryable, cipher: FieldCipher, tokenHash: string, forUpdate = false): Promise<InvitationRow | undefined> {
  const row = await db.maybeOne<InvitationRow & { id: string }>(
    `SELECT i.id, i.user_id AS "userId", i.expires_at AS "expiresAt", i.used_at AS "usedAt", u.email_ciphertext AS email,
            u.name_ciphertext AS "displayName", u.role, u.language, m.name AS "mechanismName", co.name AS "companyName"
     FROM invitations i JOIN users u ON u.id = i.user_id JOIN mechanisms m ON m.id = u.mechanism_id
     LEFT JOIN companies co ON co.id = u.company_id
     WHERE i.token_hash = $1 ${forUpdate ? 'FOR UPDATE OF i' : ''}`,
    [tokenHash],
  );
  return (
    row && {
      ...row,
      displayName: cipher.open<string>(row.displayName, userPlace(row.userId, 'name')),
      email: cipher.open<string>(row.email, userPlace(row.userId, 'email')),
    }
  );
}

/** Marks an invitation or reset link used. */
export async function markInvitationUsed(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE invitations SET used_at = $2 WHERE id = $1', [id, at]);
}

/** Stores a password-reset link and ends any earlier one still open. */
export async function insertPasswordReset(tx: Queryable, reset: { userId: string; tokenHash: string; expiresAt: Date; at: Date }): Promise<void> {
  await tx.query('UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [reset.userId, reset.at]);
  await tx.query('INSERT INTO password_resets (user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)', [
    reset.userId,
    reset.tokenHash,
    reset.expiresAt,
    reset.at,
  ]);
}

/** A reset link by its token hash, locked so it can be used once. */
export async function findPasswordResetForUpdate(
  tx: Queryable,
  cipher: FieldCipher,
  tokenHash: string,
): Promise<{ id: string; userId: string; expiresAt: Date; usedAt: Date | null; email: string | null; active: boolean } | undefined> {
  const row = await tx.maybeOne<{ id: string; userId: string; expiresAt: Date; usedAt: Date | null; email: string | null; active: boolean }>(
    `SELECT r.id, r.user_id AS "userId", r.expires_at AS "expiresAt", r.used_at AS "usedAt", u.email_ciphertext AS email, u.active
     FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1 FOR UPDATE OF r`,
    [tokenHash],
  );
  return row && { ...row, email: cipher.openNullable<string>(row.email, userPlace(row.userId, 'email')) };
}

/** Marks a reset link used. */
export async function markPasswordResetUsed(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE password_resets SET used_at = $2 WHERE id = $1', [id, at]);
}

/** Ends the pending invitations of an account (a deactivated person's link must not reopen it). */
export async function endPendingInvitations(tx: Queryable, userId: string, at: Date): Promise<void> {
  await tx.query('UPDATE invitations SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [userId, at]);
}

/**
 * Serialises invitations of one address until the transaction ends: two admins inviting the same
 * person at once end with one account.
 */
export async function lockInvitedAddress(tx: Queryable, email: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`invite:${email.toLowerCase()}`]);
}

/** The account a reset link belongs to and its e-mail (opened), read before the link is locked; undefined for an unknown link. */
export async function findPasswordResetAccount(
  db: Queryable,
  cipher: FieldCipher,
  tokenHash: string,
): Promise<{ id: string; email: string | null } | undefined> {
  const row = await db.maybeOne<{ id: string; email: string | null }>(
    'SELECT u.id, u.email_ciphertext AS email FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1',
    [tokenHash],
  );
  return row && { id: row.id, email: cipher.openNullable<string>(row.email, userPlace(row.id, 'email')) };
}
