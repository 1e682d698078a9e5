/** Accounts: SQL for the users table in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { Language, Role } from '../../shared/roles';
import type { EmailPreferences } from '../../shared/types/accounts';
import { normalizePhone } from '../../shared/validation/accounts';

/** A user as the server reasons about them (never sent as is: see presenters/userPresenter.ts). */
export interface UserRecord {
  id: string;
  mechanismId: string;
  /**
   * Every mechanism the user acts in: their own, plus those granted in user_mechanisms to ombudsman
   * officers and admins. Everyone else has exactly their own.
   */
  mechanismIds: string[];
  role: Role;
  /** Null only for complainants who signed up with a phone number. */
  email: string | null;
  phone: string | null;
  displayName: string;
  language: Language;
  companyId: string | null;
  companyName: string | null;
  active: boolean;
  emailPreferences: EmailPreferences;
}

const SELECT_USER = `
  SELECT u.id, u.mechanism_id AS "mechanismId", u.role, u.email, u.phone, u.display_name AS "displayName",
         u.language, u.company_id AS "companyId", c.name AS "companyName", u.active,
         u.email_preferences AS "emailPreferences",
         CASE WHEN u.role IN ('ombudsman', 'admin')
              THEN (SELECT json_agg(m.id ORDER BY m.id = u.mechanism_id DESC, m.created_at)
                    FROM mechanisms m
                    WHERE m.id = u.mechanism_id
                       OR m.id IN (SELECT um.mechanism_id FROM user_mechanisms um WHERE um.user_id = u.id))
              ELSE json_build_array(u.mechanism_id) END AS "mechanismIds"
  FROM users u LEFT JOIN companies c ON c.id = u.company_id`;

/** The user with this id, active or not. */
export function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  return db.maybeOne<UserRecord>(`${SELECT_USER} WHERE u.id = $1`, [id]);
}

/**
 * The user with this e-mail (case-insensitive) or, for accounts signed up by phone, this phone number,
 * with their password hash, for logging in.
 */
export function findUserForLogin(
  db: Queryable,
  login: string,
): Promise<(UserRecord & { passwordHash: string | null }) | undefined> {
  const phone = normalizePhone(login);
  return db.maybeOne(
    `SELECT x.*, u.password_hash AS "passwordHash" FROM (${SELECT_USER} WHERE lower(u.email) = lower($1) OR (u.phone IS NOT NULL AND u.phone = $2)) x
     JOIN users u ON u.id = x.id`,
    [login, phone ?? ''],
  );
}


/** The complainant account of this mechanism that logs in with this (normalised) phone number. */
export function findComplainantByPhone(db: Queryable, mechanismId: string, phone: string): Promise<UserRecord | undefined> {
  return db.maybeOne<UserRecord>(`${SELECT_USER} WHERE u.role = 'complainant' AND u.mechanism_id = $1 AND u.phone = $2`, [mechanismId, phone]);
}

/** Remembers a successful login. */
export async function recordLogin(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE users SET last_login_at = $2 WHERE id = $1', [id, at]);
}

/** Stores the interface language a person chose. */
export async function setUserLanguage(db: Queryable, id: string, language: Language, at: Date): Promise<void> {
  await db.query('UPDATE users SET language = $2, updated_at = $3 WHERE id = $1', [id, language, at]);
}

/** Fields needed to create an account. */
export interface NewUser {
  mechanismId: string;
  role: Role;
  email: string | null;
  phone?: string | null;
  displayName: string;
  passwordHash: string | null;
  language?: Language;
  companyId?: string | null;
  /** False for invited people until they set a password. */
  active?: boolean;
}

/** Creates an account and returns its id. */
export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO users (mechanism_id, role, email, phone, display_name, password_hash, language, company_id, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      user.mechanismId,
      user.role,
      user.email?.toLowerCase() ?? null,
      user.phone ?? null,
      user.displayName,
      user.passwordHash,
      user.language ?? 'es',
      user.companyId ?? null,
      user.active ?? true,
    ],
  );
  return row.id;
}

/** The user with this e-mail (case-insensitive), with whether a password is set. */
export function findUserByEmail(db: Queryable, email: string): Promise<(UserRecord & { hasPassword: boolean }) | undefined> {
  return db.maybeOne(
    `SELECT x.*, u.password_hash IS NOT NULL AS "hasPassword" FROM (${SELECT_USER} WHERE lower(u.email) = lower($1)) x
     JOIN users u ON u.id = x.id`,
    [email],
  );
}

/** The stored password hash of a user (null until one is set). */
export async function passwordHashOf(db: Queryable, id: string): Promise<string | null> {
  const row = await db.maybeOne<{ hash: string | null }>('SELECT password_hash AS hash FROM users WHERE id = $1', [id]);
  return row?.hash ?? null;
}

/** Sets a password (already hashed) and, when asked, activates the account. */
export async function setPassword(db: Queryable, id: string, hash: string, at: Date, activate = false): Promise<void> {
  await db.query(
    'UPDATE users SET password_hash = $2, updated_at = $3, active = CASE WHEN $4 THEN true ELSE active END WHERE id = $1',
    [id, hash, at, activate],
  );
}

/** What a person may change about themselves. */
export interface ProfileChange {
  displayName?: string;
  language?: Language;
  emailPreferences?: EmailPreferences;
}

/** Applies a profile change. */
export async function updateProfile(db: Queryable, id: string, change: ProfileChange, at: Date): Promise<void> {
  await db.query(
    `UPDATE users SET display_name = COALESCE($2, display_name), language = COALESCE($3, language),
       email_preferences = COALESCE($4::jsonb, email_preferences), updated_at = $5
     WHERE id = $1`,
    [id, change.displayName ?? null, change.language ?? null, change.emailPreferences ? JSON.stringify(change.emailPreferences) : null, at],
  );
}

/**
 * Redacts an account (habeas data, docs/habeas-data.md): no name, e-mail, phone or password is left,
 * and it can no longer log in. The row stays so the messages and history it wrote keep their author.
 */
export async function redactUser(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE users SET display_name = '', email = NULL, phone = NULL, password_hash = NULL, active = false, redacted_at = $2, updated_at = $2
     WHERE id = $1`,
    [id, at],
  );
}
