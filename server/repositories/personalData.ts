/**
 * What Puente holds about one person as a data subject (Ley 1581, habeas data): the cases their account
 * filed, and the complainant's columns of a case that a request reads, corrects or erases (identity,
 * sensitive answers, map point, consent). SQL only; who may do what is decided in server/habeas/.
 */
import type { Queryable } from '../db/database';
import { rawSql, sql } from '../db/sql';

/** A case as a request names it: its id and its mechanism. */
export interface SubjectCase {
  id: string;
  mechanismId: string;
}

const FILED_ORDER = {
  // As the person filed them (what they are shown and given).
  filing: 'created_at, id',
  // By id: the order every writer locks cases in.
  id: 'id',
} as const;

/** The ids of the cases an account filed as complainant, in filing order or (to lock them) in id order. */
export async function caseIdsFiledBy(db: Queryable, userId: string | null, order: keyof typeof FILED_ORDER): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`SELECT id FROM cases WHERE complainant_user_id = ${userId} ORDER BY ${rawSql(FILED_ORDER[order])}`);
  return rows.map((r) => r.id);
}

/** The case among `caseIds` whose reference is `reference` (in any letter case). */
export function findCaseByReferenceAmong(db: Queryable, reference: string, caseIds: readonly string[]): Promise<SubjectCase | undefined> {
  return db.maybeOne<SubjectCase>('SELECT id, mechanism_id AS "mechanismId" FROM cases WHERE upper(reference) = upper($1) AND id = ANY($2::uuid[])', [
    reference,
    caseIds,
  ]);
}

/** A case's id and mechanism. */
export function findSubjectCase(db: Queryable, caseId: string): Promise<SubjectCase | undefined> {
  return db.maybeOne<SubjectCase>('SELECT id, mechanism_id AS "mechanismId" FROM cases WHERE id = $1', [caseId]);
}

/** Whether `userId` filed the case as its complainant. */
export async function isComplainantOf(db: Queryable, caseId: string, userId: string): Promise<boolean> {
  return (await db.maybeOne('SELECT 1 FROM cases WHERE id = $1 AND complainant_user_id = $2', [caseId, userId])) !== undefined;
}

/** The columns of a case the download adds to its detail: sensitive answers (sealed), consent time, redaction time. */
export function findCasePrivacy(db: Queryable, caseId: string): Promise<{ equity: string | null; consentAt: Date | null; redactedAt: Date | null }> {
  return db.one('SELECT equity_ciphertext AS equity, consent_at AS "consentAt", identity_redacted_at AS "redactedAt" FROM cases WHERE id = $1', [caseId]);
}

/** The sealed identity of a case's complainant and the language the case was filed in (where to write to them). */
export function findCaseContact(db: Queryable, caseId: string): Promise<{ identity: string | null; language: string | null } | undefined> {
  return db.maybeOne('SELECT identity_ciphertext AS identity, filing_language AS language FROM cases WHERE id = $1', [caseId]);
}

/** When an account was made and last logged in. */
export function findAccountDates(db: Queryable, userId: string): Promise<{ createdAt: Date; lastLoginAt: Date | null }> {
  return db.one('SELECT created_at AS "createdAt", last_login_at AS "lastLoginAt" FROM users WHERE id = $1', [userId]);
}

/** Erases a case's sensitive answers; false when it held none. */
export async function clearSensitiveAnswers(tx: Queryable, caseId: string): Promise<boolean> {
  const cleared = await tx.query('UPDATE cases SET equity_ciphertext = NULL WHERE id = $1 AND equity_ciphertext IS NOT NULL RETURNING id', [caseId]);
  return cleared.length > 0;
}

/** Replaces a case's sealed complainant identity. */
export async function setCaseIdentity(tx: Queryable, caseId: string, identityCiphertext: string): Promise<void> {
  await tx.query('UPDATE cases SET identity_ciphertext = $2 WHERE id = $1', [caseId, identityCiphertext]);
}

/**
 * Erases a case's identity, sensitive answers and map point, stops publishing its description and marks
 * it redacted at `at`; false when it was redacted already.
 */
export async function redactCaseColumns(tx: Queryable, caseId: string, at: Date): Promise<boolean> {
  const updated = await tx.query(
    // The open-data feed masks the name in a published description with the identity it decrypts; with
    // the identity gone it could no longer mask it, so the description stops being published.
    `UPDATE cases SET identity_ciphertext = NULL, equity_ciphertext = NULL, location_ciphertext = NULL, publish_description = false,
       identity_redacted_at = $2
     WHERE id = $1 AND identity_redacted_at IS NULL RETURNING id`,
    [caseId, at],
  );
  return updated.length > 0;
}
