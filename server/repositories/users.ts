/** Accounts: SQL for the users table in one place; plain objects out. */
import crypto from 'node:crypto';
import type { Queryable } from '../db/database';
import type { FieldCipher } from '../crypto/fieldCipher';
import { userPlace } from '../crypto/sealedColumns';
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

/** The columns of a UserRecord, ciphertexts sealed (open them with openUserFields), from `users u`: add a WHERE. */
export const SELECT_USER = `
  SELECT u.id, u.mechanism_id AS "mechanismId", u.role, u.email_ciphertext AS "email", u.phone_ciphertext AS "phone",
         u.name_ciphertext AS "displayName",
         u.language, u.company_id AS "companyId", c.name AS "companyName", u.active,
         u.email_preferences AS "emailPreferences",
         CASE WHEN u.role IN ('ombudsman', 'admin')
              THEN (SELECT json_agg(m.id ORDER BY m.id = u.mechanism_id DESC, m.created_at)
                    FROM mechanisms m
                    WHERE m.id = u.mechanism_id
                       OR m.id IN (SELECT um.mechanism_id FROM user_mechanisms um WHERE um.user_id = u.id))
              ELSE json_build_array(u.mechanism_id) END AS "mechanismIds"
  FROM users u LEFT JOIN companies c ON c.id = u.company_id`;

/**
 * A digest of a session row `s` (sessions) and of its user as SELECT_USER reads them: who it is, its data
 * (CSRF token, followed cases) and the account (active, role, company, mechanisms). Equal digests, equal
 * facts for every decision on a request (PgSessionStore.recentSession); the expiry is left out, compared apart.
 */
export const SESSION_DIGEST = sessionDigestOf(`(SELECT to_json(su) FROM (${SELECT_USER} WHERE u.id = s.user_id) su)`);

/** SESSION_DIGEST where the statement has already read the user as SELECT_USER reads it: `userJson` is that row as JSON. */
export function sessionDigestOf(userJson: string): string {
  return `md5(row(s.user_id, s.data, ${userJson})::text)`;
}

/** Blind-index purposes (FieldCipher.fingerprint) of account e-mails and phones. */
const EMAIL_INDEX = 'users.email';
const PHONE_INDEX = 'users.phone';

/** The blind index of an account e-mail (lower-cased, trimmed): how accounts are found by e-mail. */
export function emailIndexOf(cipher: FieldCipher, email: string): string {
  return cipher.fingerprint(EMAIL_INDEX, email.trim().toLowerCase());
}

/** The blind index of an account phone number (already normalised, shared/validation/accounts.ts). */
export function phoneIndexOf(cipher: FieldCipher, phone: string): string {
  return cipher.fingerprint(PHONE_INDEX, phone);
}

/** The account's name, e-mail and phone opened from their ciphertexts (selected under their own names). */
export function openUserFields<T extends { id: string; displayName: string; email: string | null; phone?: string | null }>(cipher: FieldCipher, row: T): T {
  return {
    ...row,
    displayName: cipher.open<string>(row.displayName, userPlace(row.id, 'name')),
    email: cipher.openNullable<string>(row.email, userPlace(row.id, 'email')),
    ...(row.phone !== undefined ? { phone: cipher.openNullable<string>(row.phone, userPlace(row.id, 'phone')) } : {}),
  };
}

/** How many accounts' opened name and e-mail openedAccount keeps (all forgotten when full). */
const ACCOUNTS_KEPT = 1000;
/** Accounts' name and e-mail as opened, by cipher and by what was opened (the account and its ciphertexts). */
const keptOpen = new WeakMap<FieldCipher, Map<string, { displayName: string; email: string | null }>>();

/**
 * An account's name and e-mail opened as openUserFields does, for the accounts told of cases again and again
 * (a filing's liaisons, a message's hundreds of recipients): what was opened is kept, keyed by the account and
 * the ciphertexts themselves, so a changed name or address is a new ciphertext, opened afresh.
 */
export function openedAccount<T extends { id: string; displayName: string; email: string | null }>(cipher: FieldCipher, row: T): T {
  let kept = keptOpen.get(cipher);
  if (!kept) keptOpen.set(cipher, (kept = new Map()));
  const key = `${row.id} ${row.displayName} ${row.email ?? ''}`;
  let opened = kept.get(key);
  if (!opened) {
    const { displayName, email } = openUserFields(cipher, row);
    if (kept.size >= ACCOUNTS_KEPT) kept.clear();
    kept.set(key, (opened = { displayName, email }));
  }
  return { ...row, displayName: opened.displayName, email: opened.email };
}

/** An account's name as stored: ciphertext opened, for lists that join users (authors, actors, viewers). */
export function openUserName(cipher: FieldCipher, userId: string | null, nameCiphertext: string | null): string | null {
  return userId === null || nameCiphertext === null ? null : cipher.open<string>(nameCiphertext, userPlace(userId, 'name'));
}

function opened<T extends { id: string; displayName: string; email: string | null; phone?: string | null }>(
  cipher: FieldCipher,
  row: T | undefined,
): T | undefined {
  return row && openUserFields(cipher, row);
}

/** The user with this id, active or not. */
export async function findUserById(db: Queryable, cipher: FieldCipher, id: string): Promise<UserRecord | undefined> {
  return opened(cipher, await db.maybeOne<UserRecord>(`${SELECT_USER} WHERE u.id = $1`, [id]));
}

/**
 * The user with this e-mail (case-insensitive) or, for accounts signed up by phone, this phone number,
 * with their password hash, for logging in.
 */
export async function findUserForLogin(db: Queryable, cipher: FieldCipher, login: string): Promise<(UserRecord & { passwordHash: string | null }) | undefined> {
  const phone = normalizePhone(login);
  return opened(
    cipher,
    await db.maybeOne<UserRecord & { passwordHash: string | null }>(
      `SELECT x.*, u.password_hash AS "passwordHash" FROM (${SELECT_USER} WHERE u.email_index = $1 OR u.phone_index = $2) x
       JOIN users u ON u.id = x.id`,
      [emailIndexOf(cipher, login), phone ? phoneIndexOf(cipher, phone) : ''],
    ),
  );
}

/** The complainant account of this mechanism that logs in with this (normalised) phone number. */
export async function findComplainantByPhone(db: Queryable, cipher: FieldCipher, mechanismId: string, phone: string): Promise<UserRecord | undefined> {
  return opened(
    cipher,
    await db.maybeOne<UserRecord>(`${SELECT_USER} WHERE u.role = 'complainant' AND u.mechanism_id = $1 AND u.phone_index = $2`, [
      mechanismId,
      phoneIndexOf(cipher, phone),
    ]),
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
  email: string | null;
  phone?: string | null;
  displayName: string;
  passwordHash: string | null;
  language?: Language;
  companyId?: string | null;
  /** False for invited people until they set a password. */
  active?: boolean;
}

/**
 * The columns of an account's name, e-mail and phone: ciphertexts bound to the account, blind indexes of
 * the e-mail and phone. Exported for the start-up sealing of accounts written before encryption.
 */
export function sealedUserColumns(cipher: FieldCipher, id: string, user: { displayName: string; email: string | null; phone: string | null }) {
  const email = user.email?.trim().toLowerCase() ?? null;
  return {
    nameCiphertext: cipher.seal(user.displayName, userPlace(id, 'name')),
    emailCiphertext: email === null ? null : cipher.seal(email, userPlace(id, 'email')),
    emailIndex: email === null ? null : emailIndexOf(cipher, email),
    phoneCiphertext: user.phone === null ? null : cipher.seal(user.phone, userPlace(id, 'phone')),
    phoneIndex: user.phone === null ? null : phoneIndexOf(cipher, user.phone),
  };
}

/** Creates an account and returns its id. */
export async function insertUser(db: Queryable, cipher: FieldCipher, user: NewUser): Promise<string> {
  const id = crypto.randomUUID();
  const sealed = sealedUserColumns(cipher, id, { displayName: user.displayName, email: user.email, phone: user.phone ?? null });
  await db.query(
    `INSERT INTO users (id, mechanism_id, role, name_ciphertext, email_ciphertext, email_index, phone_ciphertext, phone_index,
       password_hash, language, company_id, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      user.mechanismId,
      user.role,
      sealed.nameCiphertext,
      sealed.emailCiphertext,
      sealed.emailIndex,
      sealed.phoneCiphertext,
      sealed.phoneIndex,
      user.passwordHash,
      user.language ?? 'es',
      user.companyId ?? null,
      user.active ?? true,
    ],
  );
  return id;
}

/** The user with this e-mail (case-insensitive), with whether a password is set. */
export async function findUserByEmail(db: Queryable, cipher: FieldCipher, email: string): Promise<(UserRecord & { hasPassword: boolean }) | undefined> {
  return opened(
    cipher,
    await db.maybeOne<UserRecord & { hasPassword: boolean }>(
      `SELECT x.*, u.password_hash IS NOT NULL AS "hasPassword" FROM (${SELECT_USER} WHERE u.email_index = $1) x
       JOIN users u ON u.id = x.id`,
      [emailIndexOf(cipher, email)],
    ),
  );
}

/** The stored password hash of a user (null until one is set). */
export async function passwordHashOf(db: Queryable, id: string): Promise<string | null> {
  const row = await db.maybeOne<{ hash: string | null }>('SELECT password_hash AS hash FROM users WHERE id = $1', [id]);
  return row?.hash ?? null;
}

/** Sets a password (already hashed) and, when asked, activates the account. */
export async function setPassword(db: Queryable, id: string, hash: string, at: Date, activate = false): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, updated_at = $3, active = CASE WHEN $4 THEN true ELSE active END WHERE id = $1', [
    id,
    hash,
    at,
    activate,
  ]);
}

/** What a person may change about themselves. */
export interface ProfileChange {
  displayName?: string;
  language?: Language;
  emailPreferences?: EmailPreferences;
}

/** Applies a profile change. */
export async function updateProfile(db: Queryable, cipher: FieldCipher, id: string, change: ProfileChange, at: Date): Promise<void> {
  await db.query(
    `UPDATE users SET name_ciphertext = COALESCE($2, name_ciphertext), language = COALESCE($3, language),
       email_preferences = COALESCE($4::jsonb, email_preferences), updated_at = $5
     WHERE id = $1`,
    [
      id,
      change.displayName === undefined ? null : cipher.seal(change.displayName, userPlace(id, 'name')),
      change.language ?? null,
      change.emailPreferences ? JSON.stringify(change.emailPreferences) : null,
      at,
    ],
  );
}

/**
 * Redacts an account (habeas data, docs/habeas-data.md): no name, e-mail, phone or password is left,
 * and it can no longer log in. The row stays so the messages and history it wrote keep their author.
 * The name becomes the empty string sealed to the row (as every name is); e-mail and phone lose their
 * ciphertexts and blind indexes, so nothing finds the account by them again.
 */
export async function redactUser(db: Queryable, cipher: FieldCipher, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE users SET display_name = NULL, name_ciphertext = $3, email = NULL, phone = NULL,
       email_ciphertext = NULL, email_index = NULL, phone_ciphertext = NULL, phone_index = NULL,
       password_hash = NULL, active = false, redacted_at = $2, updated_at = $2
     WHERE id = $1`,
    [id, at, cipher.seal('', userPlace(id, 'name'))],
  );
}

/** Sets an account's name (sealed). */
export async function setUserName(db: Queryable, cipher: FieldCipher, id: string, displayName: string): Promise<void> {
  await db.query('UPDATE users SET name_ciphertext = $2 WHERE id = $1', [id, cipher.seal(displayName, userPlace(id, 'name'))]);
}

/** What an invitation sent again to a pending account sets anew. */
export interface Reinvitation {
  role: Role;
  companyId: string | null;
  displayName: string;
  language: Language;
}

/** Gives a pending (invited, not yet accepted) account the role, company, name and language of a new invitation. */
export async function updateInvitedUser(db: Queryable, cipher: FieldCipher, id: string, change: Reinvitation, at: Date): Promise<void> {
  await db.query('UPDATE users SET role = $2, company_id = $3, name_ciphertext = $4, language = $5, updated_at = $6 WHERE id = $1', [
    id,
    change.role,
    change.companyId,
    cipher.seal(change.displayName, userPlace(id, 'name')),
    change.language,
    at,
  ]);
}
