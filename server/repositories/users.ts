/** Accounts: SQL for the users table in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { Language, Role } from '../../shared/roles';

/** A user as the server reasons about them (never sent as is: see presenters/userPresenter.ts). */
export interface UserRecord {
  id: string;
  mechanismId: string;
  role: Role;
  email: string;
  displayName: string;
  language: Language;
  companyId: string | null;
  companyName: string | null;
  active: boolean;
}

const SELECT_USER = `
  SELECT u.id, u.mechanism_id AS "mechanismId", u.role, u.email, u.display_name AS "displayName",
         u.language, u.company_id AS "companyId", c.name AS "companyName", u.active
  FROM users u LEFT JOIN companies c ON c.id = u.company_id`;

/** The user with this id, active or not. */
export function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  return db.maybeOne<UserRecord>(`${SELECT_USER} WHERE u.id = $1`, [id]);
}

/** The user with this e-mail (case-insensitive) and their password hash, for logging in. */
export function findUserForLogin(
  db: Queryable,
  email: string,
): Promise<(UserRecord & { passwordHash: string | null }) | undefined> {
  return db.maybeOne(
    `SELECT x.*, u.password_hash AS "passwordHash" FROM (${SELECT_USER} WHERE lower(u.email) = lower($1)) x
     JOIN users u ON u.id = x.id`,
    [email],
  );
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
  email: string;
  displayName: string;
  passwordHash: string | null;
  language?: Language;
  companyId?: string | null;
}

/** Creates an account and returns its id. */
export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO users (mechanism_id, role, email, display_name, password_hash, language, company_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [user.mechanismId, user.role, user.email.toLowerCase(), user.displayName, user.passwordHash, user.language ?? 'es', user.companyId ?? null],
  );
  return row.id;
}
