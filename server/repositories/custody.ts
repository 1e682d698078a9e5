/**
 * The identity custodian's and the reprisal-risk protocol's tables (migration 0028): requests to see a
 * protected identity, risk assessments, retaliation reports and protective measures. SQL only; who may
 * do what is decided in policies/casePolicy.
 */
import type { Queryable } from '../db/database';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { FieldCipher } from '../crypto/fieldCipher';
import { openUserName } from './users';

/** A request to see a protected identity, as stored. */
export interface RevealRow {
  id: number;
  caseId: string;
  requestedByUserId: string;
  requestedByName: string | null;
  reason: string;
  requestedAt: Date;
  status: 'pending' | 'granted' | 'refused';
  decidedByUserId: string | null;
  decidedAt: Date | null;
  expiresAt: Date | null;
}

const REVEAL_COLUMNS = `r.id, r.case_id AS "caseId", r.requested_by_user_id AS "requestedByUserId", u.name_ciphertext AS "requestedByName",
  r.reason, r.requested_at AS "requestedAt", r.status, r.decided_by_user_id AS "decidedByUserId", r.decided_at AS "decidedAt",
  r.expires_at AS "expiresAt"`;

/** Whether the mechanism makes a second officer approve every reveal. */
export async function revealNeedsApproval(db: Queryable, mechanismId: string): Promise<boolean> {
  const row = await db.maybeOne<{ approval: boolean }>('SELECT identity_reveal_approval AS approval FROM mechanisms WHERE id = $1', [mechanismId]);
  return row?.approval ?? false;
}

/** Sets whether reveals need a second officer's approval in the mechanism. */
export async function setRevealApproval(db: Queryable, mechanismId: string, required: boolean): Promise<void> {
  await db.query('UPDATE mechanisms SET identity_reveal_approval = $2 WHERE id = $1', [mechanismId, required]);
}

/** Every request about a case's identity, newest first. */
export async function listReveals(db: Queryable, cipher: FieldCipher, caseId: string): Promise<RevealRow[]> {
  const rows = await db.query<RevealRow>(
    `SELECT ${REVEAL_COLUMNS} FROM identity_reveals r LEFT JOIN users u ON u.id = r.requested_by_user_id WHERE r.case_id = $1 ORDER BY r.id DESC`,
    [caseId],
  );
  return rows.map((r) => ({ ...r, requestedByName: openUserName(cipher, r.requestedByUserId, r.requestedByName) }));
}

/** One request of a case, locked for its decision. */
export async function lockReveal(db: Queryable, cipher: FieldCipher, caseId: string, id: number): Promise<RevealRow | undefined> {
  const row = await db.maybeOne<RevealRow>(
    `SELECT ${REVEAL_COLUMNS} FROM identity_reveals r LEFT JOIN users u ON u.id = r.requested_by_user_id
     WHERE r.case_id = $1 AND r.id = $2 FOR UPDATE OF r`,
    [caseId, id],
  );
  return row && { ...row, requestedByName: openUserName(cipher, row.requestedByUserId, row.requestedByName) };
}

/** The reveal granted to `userId` on the case that still lasts at `now`, if any. */
export function activeReveal(db: Queryable, caseId: string, userId: string, now: Date): Promise<{ expiresAt: Date } | undefined> {
  return db.maybeOne<{ expiresAt: Date }>(
    `SELECT expires_at AS "expiresAt" FROM identity_reveals
     WHERE case_id = $1 AND requested_by_user_id = $2 AND status = 'granted' AND expires_at > $3
     ORDER BY expires_at DESC LIMIT 1`,
    [caseId, userId, now],
  );
}

/** The pending request of `userId` on the case, if any (one at a time). */
export function pendingRevealOf(db: Queryable, caseId: string, userId: string): Promise<{ id: number } | undefined> {
  return db.maybeOne<{ id: number }>(`SELECT id FROM identity_reveals WHERE case_id = $1 AND requested_by_user_id = $2 AND status = 'pending'`, [
    caseId,
    userId,
  ]);
}

/** Stores a request; granted at once (`expiresAt`) when no approval is needed, else pending. */
export async function insertReveal(db: Queryable, r: { caseId: string; userId: string; reason: string; at: Date; expiresAt: Date | null }): Promise<number> {
  const row = await db.one<{ id: number }>(
    `INSERT INTO identity_reveals (case_id, requested_by_user_id, reason, requested_at, status, decided_by_user_id, decided_at, expires_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::timestamptz IS NULL THEN 'pending' ELSE 'granted' END,
             CASE WHEN $5::timestamptz IS NULL THEN NULL ELSE $2::uuid END, CASE WHEN $5::timestamptz IS NULL THEN NULL ELSE $4::timestamptz END, $5)
     RETURNING id`,
    [r.caseId, r.userId, r.reason, r.at, r.expiresAt],
  );
  return row.id;
}

/** Records a second officer's decision on a pending request. */
export async function decideRevealRow(db: Queryable, id: number, d: { by: string; at: Date; expiresAt: Date | null }): Promise<void> {
  await db.query(
    `UPDATE identity_reveals SET status = CASE WHEN $4::timestamptz IS NULL THEN 'refused' ELSE 'granted' END,
       decided_by_user_id = $2, decided_at = $3, expires_at = $4 WHERE id = $1 AND status = 'pending'`,
    [id, d.by, d.at, d.expiresAt],
  );
}

/** Appends a risk assessment at the case's current stage. */
export async function insertRiskAssessment(
  db: Queryable,
  a: { caseId: string; level: string; stage: CaseStatus; note: string | null; by: string; at: Date },
): Promise<void> {
  await db.query(`INSERT INTO reprisal_risk_assessments (case_id, level, stage, note, assessed_by_user_id, assessed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    a.caseId,
    a.level,
    a.stage,
    a.note,
    a.by,
    a.at,
  ]);
}

/** A case's risk assessments, newest first. */
export async function listRiskAssessments(
  db: Queryable,
  cipher: FieldCipher,
  caseId: string,
): Promise<{ level: 'low' | 'medium' | 'high'; stage: CaseStatus; note: string | null; assessedBy: string | null; assessedAt: Date }[]> {
  const rows = await db.query<{
    level: 'low' | 'medium' | 'high';
    stage: CaseStatus;
    note: string | null;
    userId: string | null;
    assessedBy: string | null;
    assessedAt: Date;
  }>(
    `SELECT a.level, a.stage, a.note, u.id AS "userId", u.name_ciphertext AS "assessedBy", a.assessed_at AS "assessedAt"
     FROM reprisal_risk_assessments a LEFT JOIN users u ON u.id = a.assessed_by_user_id WHERE a.case_id = $1 ORDER BY a.id DESC`,
    [caseId],
  );
  return rows.map(({ userId, ...r }) => ({ ...r, assessedBy: openUserName(cipher, userId, r.assessedBy) }));
}

/** Appends a retaliation report (its account already encrypted). */
export async function insertReprisalReport(
  db: Queryable,
  r: { caseId: string; mechanismId: string; accountCiphertext: string; role: 'complainant' | 'facilitator' | 'anonymous'; at: Date },
): Promise<void> {
  await db.query(`INSERT INTO reprisal_reports (case_id, mechanism_id, account_ciphertext, reported_by_role, reported_at) VALUES ($1, $2, $3, $4, $5)`, [
    r.caseId,
    r.mechanismId,
    r.accountCiphertext,
    r.role,
    r.at,
  ]);
}

/** A case's retaliation reports, newest first. */
export function listReprisalReports(
  db: Queryable,
  caseId: string,
): Promise<{ id: number; caseId: string; accountCiphertext: string; reportedByRole: 'complainant' | 'facilitator' | 'anonymous'; reportedAt: Date }[]> {
  return db.query(
    `SELECT id, case_id AS "caseId", account_ciphertext AS "accountCiphertext", reported_by_role AS "reportedByRole", reported_at AS "reportedAt"
     FROM reprisal_reports WHERE case_id = $1 ORDER BY id DESC`,
    [caseId],
  );
}

/** How many retaliation reports a mechanism received between two Bogotá days, both included (null bounds: open). */
export async function countReprisalReports(db: Queryable, mechanismId: string, from: string | null = null, to: string | null = null): Promise<number> {
  const row = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM reprisal_reports
     WHERE mechanism_id = $1
       AND ($2::date IS NULL OR (reported_at AT TIME ZONE 'America/Bogota')::date >= $2::date)
       AND ($3::date IS NULL OR (reported_at AT TIME ZONE 'America/Bogota')::date <= $3::date)`,
    [mechanismId, from, to],
  );
  return row.n;
}

/** Appends a protective measure agreed with the person. */
export async function insertProtectiveMeasure(db: Queryable, m: { caseId: string; measure: string; consentHow: string; by: string; at: Date }): Promise<void> {
  await db.query(`INSERT INTO protective_measures (case_id, measure, consent_how, recorded_by_user_id, recorded_at) VALUES ($1, $2, $3, $4, $5)`, [
    m.caseId,
    m.measure,
    m.consentHow,
    m.by,
    m.at,
  ]);
}

/** A case's protective measures, newest first. */
export async function listProtectiveMeasures(
  db: Queryable,
  cipher: FieldCipher,
  caseId: string,
): Promise<{ measure: string; consentHow: 'written' | 'verbal' | 'recorded'; recordedBy: string | null; recordedAt: Date }[]> {
  const rows = await db.query<{
    measure: string;
    consentHow: 'written' | 'verbal' | 'recorded';
    userId: string | null;
    recordedBy: string | null;
    recordedAt: Date;
  }>(
    `SELECT p.measure, p.consent_how AS "consentHow", u.id AS "userId", u.name_ciphertext AS "recordedBy", p.recorded_at AS "recordedAt"
     FROM protective_measures p LEFT JOIN users u ON u.id = p.recorded_by_user_id WHERE p.case_id = $1 ORDER BY p.id DESC`,
    [caseId],
  );
  return rows.map(({ userId, ...r }) => ({ ...r, recordedBy: openUserName(cipher, userId, r.recordedBy) }));
}
