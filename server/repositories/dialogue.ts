/** A case's dialogue: thread, reads, meetings, agreements, commitments, satisfaction. SQL in one place; plain objects out. */
import type { UserRecord } from './users';
import type { Queryable } from '../db/database';
import type {
  AgreementStatus,
  AuthorRole,
  CommitmentOwner,
  CommitmentStatus,
  MessageVisibility,
  ThreadEntryKind,
} from '../../shared/types/dialogue';
import type { CaseActor } from '../policies/casePolicy';
import { visibleEntriesSql } from '../policies/messagePolicy';

/** A file linked to a message or a commitment, as the JSON the queries build (dates as text). */
export interface LinkedFile {
  id: string;
  kind: 'photo' | 'audio' | 'document';
  mime: string;
  size: number;
  createdAt: string;
}

/** SQL for the files linked through `column` to the row `ref`, as a JSON array (oldest first). */
function linkedFilesSql(column: 'message_id' | 'commitment_id', ref: string): string {
  return `COALESCE((SELECT json_agg(json_build_object('id', f.id, 'kind', f.kind, 'mime', f.mime, 'size', f.size, 'createdAt', f.created_at)
    ORDER BY f.created_at, f.id) FROM attachments f WHERE f.${column} = ${ref}), '[]'::json)`;
}

/** A thread entry as stored, with its author's display name (ciphertext: the presenter opens it). */
export interface MessageRow {
  id: number;
  caseId: string;
  kind: ThreadEntryKind;
  authorUserId: string | null;
  authorNameCiphertext: string | null;
  authorRole: AuthorRole;
  visibility: MessageVisibility;
  internalOrg: string | null;
  body: string | null;
  data: Record<string, unknown>;
  duringMediation: boolean;
  clientKey: string | null;
  attachments: LinkedFile[];
  createdAt: Date;
}

/** The columns of a thread entry read from `m` (a table or a CTE of case_messages rows) with its author `u`. */
const MESSAGE_COLUMNS = `
  SELECT m.id, m.case_id AS "caseId", m.kind, m.author_user_id AS "authorUserId",
         -- A redacted identity (server/habeas/identityRedactor.ts) names no author: the message stays, by role.
         CASE WHEN u.redacted_at IS NOT NULL
                OR (m.author_role = 'complainant' AND EXISTS (SELECT 1 FROM cases rc WHERE rc.id = m.case_id AND rc.identity_redacted_at IS NOT NULL))
              THEN NULL ELSE u.name_ciphertext END AS "authorNameCiphertext",
         m.author_role AS "authorRole", m.visibility, m.internal_org AS "internalOrg", m.body, m.data,
         m.during_mediation AS "duringMediation", m.client_key AS "clientKey", m.created_at AS "createdAt",
         ${linkedFilesSql('message_id', 'm.id')} AS attachments`;

const SELECT_MESSAGE = `${MESSAGE_COLUMNS} FROM case_messages m LEFT JOIN users u ON u.id = m.author_user_id`;

/** A new thread entry. */
export interface NewThreadEntry {
  caseId: string;
  kind: ThreadEntryKind;
  authorUserId: string | null;
  authorRole: AuthorRole;
  visibility: MessageVisibility;
  internalOrg: string | null;
  body: string | null;
  data?: Record<string, unknown>;
  duringMediation: boolean;
  clientKey: string | null;
  at: Date;
}

/** Appends to a thread; call with the case row locked so ids commit in order within the case. */
export async function insertThreadEntry(tx: Queryable, entry: NewThreadEntry): Promise<MessageRow> {
  // Inserted and read back with its author in one statement (a round trip less on every post).
  return tx.one<MessageRow>(
    `WITH m AS (
       INSERT INTO case_messages (case_id, kind, author_user_id, author_role, visibility, internal_org, body, data, during_mediation, client_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *)
     ${MESSAGE_COLUMNS} FROM m LEFT JOIN users u ON u.id = m.author_user_id`,
    [
      entry.caseId,
      entry.kind,
      entry.authorUserId,
      entry.authorRole,
      entry.visibility,
      entry.internalOrg,
      entry.body,
      JSON.stringify(entry.data ?? {}),
      entry.duringMediation,
      entry.clientKey,
      entry.at,
    ],
  );
}

/** One thread entry by id (after files were linked to it). */
export function findThreadEntry(db: Queryable, id: number): Promise<MessageRow | undefined> {
  return db.maybeOne<MessageRow>(`${SELECT_MESSAGE} WHERE m.id = $1`, [id]);
}

/** Who may read an entry: its case, visibility and organisation (for files sent with it). */
export function findEntryVisibility(db: Queryable, id: number): Promise<{ caseId: string; visibility: MessageVisibility; internalOrg: string | null } | undefined> {
  return db.maybeOne(`SELECT case_id AS "caseId", visibility, internal_org AS "internalOrg" FROM case_messages WHERE id = $1`, [id]);
}

/** The message an author already posted with this client key in this case (a retried POST). */
export function findMessageByClientKey(
  db: Queryable,
  caseId: string,
  author: { authorUserId: string | null; authorRole: AuthorRole },
  clientKey: string,
): Promise<MessageRow | undefined> {
  // The same key as the unique index: the account, or the role for an anonymous author.
  return db.maybeOne<MessageRow>(
    `${SELECT_MESSAGE} WHERE m.case_id = $1 AND COALESCE(m.author_user_id::text, m.author_role) = $2 AND m.client_key = $3`,
    [caseId, author.authorUserId ?? author.authorRole, clientKey],
  );
}

/** Entries of a case after `after` that `reader` may see, oldest first. */
export function listVisibleEntries(db: Queryable, reader: CaseActor, caseId: string, after: number, limit: number): Promise<MessageRow[]> {
  const visible = visibleEntriesSql(reader, 4);
  return db.query<MessageRow>(`${SELECT_MESSAGE} WHERE m.case_id = $1 AND m.id > $2 AND ${visible.sql} ORDER BY m.id LIMIT $3`, [
    caseId,
    after,
    limit,
    ...visible.params,
  ]);
}

/** The newest entry of a case `reader` may see, or 0. */
export async function lastVisibleEntryId(db: Queryable, reader: CaseActor, caseId: string): Promise<number> {
  const visible = visibleEntriesSql(reader, 2);
  const row = await db.one<{ id: number | null }>(`SELECT max(m.id) AS id FROM case_messages m WHERE m.case_id = $1 AND ${visible.sql}`, [caseId, ...visible.params]);
  return row.id ?? 0;
}

/**
 * SQL (over the cases alias `c`) counting the entries of each case that `reader` may see, did not
 * write and has not read yet; for queues. Parameters are numbered from `$<firstParam>`.
 */
export function unreadCountSql(reader: UserRecord, firstParam: number): { sql: string; params: unknown[] } {
  const visible = visibleEntriesSql(reader, firstParam + 1);
  return {
    sql: `(SELECT count(*) FROM case_messages m
           WHERE m.case_id = c.id AND m.author_user_id IS DISTINCT FROM $${firstParam}::uuid AND ${visible.sql}
             AND m.id > COALESCE((SELECT r.last_read_message_id FROM case_reads r WHERE r.case_id = c.id AND r.user_id = $${firstParam}::uuid), 0))`,
    params: [reader.id, ...visible.params],
  };
}

/** How far `userId` has read the case's thread (0 when never). */
export async function lastReadEntryId(db: Queryable, userId: string, caseId: string): Promise<number> {
  const row = await db.maybeOne<{ id: number }>('SELECT last_read_message_id AS id FROM case_reads WHERE user_id = $1 AND case_id = $2', [userId, caseId]);
  return row?.id ?? 0;
}

/** Moves the read mark forward (never back: two tabs may report out of order); returns the mark. */
export async function markRead(db: Queryable, userId: string, caseId: string, upTo: number, at: Date): Promise<number> {
  const row = await db.one<{ id: number }>(
    `INSERT INTO case_reads (user_id, case_id, last_read_message_id, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, case_id) DO UPDATE
       SET last_read_message_id = GREATEST(case_reads.last_read_message_id, EXCLUDED.last_read_message_id), updated_at = EXCLUDED.updated_at
     RETURNING last_read_message_id AS id`,
    [userId, caseId, upTo, at],
  );
  return row.id;
}

/** A meeting as stored. */
export interface MeetingRow {
  id: number;
  caseId: string;
  scheduledAt: Date;
  place: string;
  agenda: string;
  scheduledByUserId: string | null;
  scheduledByRole: AuthorRole;
  attendees: string[];
  minutes: string | null;
  minutesRecordedAt: Date | null;
  minutesAgreedByComplainantAt: Date | null;
  minutesAgreedByCompanyAt: Date | null;
}

const SELECT_MEETING = `
  SELECT id, case_id AS "caseId", scheduled_at AS "scheduledAt", place, agenda, scheduled_by_user_id AS "scheduledByUserId",
         scheduled_by_role AS "scheduledByRole", attendees, minutes, minutes_recorded_at AS "minutesRecordedAt",
         minutes_agreed_by_complainant_at AS "minutesAgreedByComplainantAt", minutes_agreed_by_company_at AS "minutesAgreedByCompanyAt"
  FROM case_meetings`;

/** The meetings of a case, in date order. */
export function listMeetings(db: Queryable, caseId: string): Promise<MeetingRow[]> {
  return db.query<MeetingRow>(`${SELECT_MEETING} WHERE case_id = $1 ORDER BY scheduled_at, id`, [caseId]);
}

/** One meeting of one case. */
export function findMeeting(db: Queryable, caseId: string, id: number): Promise<MeetingRow | undefined> {
  return db.maybeOne<MeetingRow>(`${SELECT_MEETING} WHERE case_id = $1 AND id = $2`, [caseId, id]);
}

/** Schedules a meeting; returns it. */
export async function insertMeeting(
  tx: Queryable,
  m: { caseId: string; scheduledAt: Date; place: string; agenda: string; byUserId: string | null; byRole: AuthorRole; at: Date },
): Promise<MeetingRow> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO case_meetings (case_id, scheduled_at, place, agenda, scheduled_by_user_id, scheduled_by_role, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [m.caseId, m.scheduledAt, m.place, m.agenda, m.byUserId, m.byRole, m.at],
  );
  return (await findMeeting(tx, m.caseId, row.id))!;
}

/** Records attendees and minutes; earlier approvals no longer hold for changed minutes. */
export async function recordMinutes(tx: Queryable, id: number, attendees: string[], minutes: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE case_meetings SET attendees = $2, minutes = $3, minutes_recorded_at = $4,
       minutes_agreed_by_complainant_at = NULL, minutes_agreed_by_company_at = NULL WHERE id = $1`,
    [id, attendees, minutes, at],
  );
}

/** Marks the minutes as agreed by one side. */
export async function agreeMinutes(tx: Queryable, id: number, side: 'complainant' | 'company', at: Date): Promise<void> {
  const column = side === 'complainant' ? 'minutes_agreed_by_complainant_at' : 'minutes_agreed_by_company_at';
  await tx.query(`UPDATE case_meetings SET ${column} = $2 WHERE id = $1`, [id, at]);
}

/** An agreement version as stored. */
export interface AgreementRow {
  id: number;
  caseId: string;
  version: number;
  proposedByUserId: string | null;
  proposedByRole: AuthorRole;
  duringMediation: boolean;
  text: string;
  status: AgreementStatus;
  complainantDecision: 'accepted' | 'rejected' | null;
  complainantDecidedAt: Date | null;
  companyDecision: 'accepted' | 'rejected' | null;
  companyDecidedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
}

const SELECT_AGREEMENT = `
  SELECT id, case_id AS "caseId", version, proposed_by_user_id AS "proposedByUserId", proposed_by_role AS "proposedByRole",
         during_mediation AS "duringMediation", text, status, complainant_decision AS "complainantDecision",
         complainant_decided_at AS "complainantDecidedAt", company_decision AS "companyDecision",
         company_decided_at AS "companyDecidedAt", rejection_reason AS "rejectionReason", created_at AS "createdAt"
  FROM agreements`;

/** Every version of a case's agreements, newest first. */
export function listAgreements(db: Queryable, caseId: string): Promise<AgreementRow[]> {
  return db.query<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 ORDER BY version DESC`, [caseId]);
}

/** One agreement version of one case. */
export function findAgreement(db: Queryable, caseId: string, id: number): Promise<AgreementRow | undefined> {
  return db.maybeOne<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 AND id = $2`, [caseId, id]);
}

/** The version under discussion, if any. */
export function findPendingAgreement(db: Queryable, caseId: string): Promise<AgreementRow | undefined> {
  return db.maybeOne<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 AND status = 'proposed'`, [caseId]);
}

/** The version in force (accepted most recently), if any. */
export function findAgreementInForce(db: Queryable, caseId: string): Promise<AgreementRow | undefined> {
  return db.maybeOne<AgreementRow>(`${SELECT_AGREEMENT} WHERE case_id = $1 AND status = 'accepted' ORDER BY version DESC LIMIT 1`, [caseId]);
}

/** A new version: supersedes any pending one, numbers itself after the last. */
export async function insertAgreementVersion(
  tx: Queryable,
  a: {
    caseId: string;
    byUserId: string | null;
    byRole: AuthorRole;
    duringMediation: boolean;
    text: string;
    commitments: { owner: CommitmentOwner; description: string; dueOn: string }[];
    at: Date;
  },
): Promise<{ agreement: AgreementRow; superseded: number | null }> {
  const superseded = await tx.maybeOne<{ version: number }>(
    `UPDATE agreements SET status = 'superseded' WHERE case_id = $1 AND status = 'proposed' RETURNING version`,
    [a.caseId],
  );
  const row = await tx.one<{ id: number }>(
    `INSERT INTO agreements (case_id, version, proposed_by_user_id, proposed_by_role, during_mediation, text, created_at)
     VALUES ($1, COALESCE((SELECT max(version) FROM agreements WHERE case_id = $1), 0) + 1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.caseId, a.byUserId, a.byRole, a.duringMediation, a.text, a.at],
  );
  for (const [position, k] of a.commitments.entries()) {
    await tx.query('INSERT INTO commitments (agreement_id, position, owner, description, due_on) VALUES ($1, $2, $3, $4, $5)', [
      row.id,
      position,
      k.owner,
      k.description,
      k.dueOn,
    ]);
  }
  return { agreement: (await findAgreement(tx, a.caseId, row.id))!, superseded: superseded?.version ?? null };
}

/** Records one side's decision on a version; returns the version as it is now. */
export async function recordDecision(
  tx: Queryable,
  a: AgreementRow,
  side: 'complainant' | 'company',
  decision: 'accepted' | 'rejected',
  byUserId: string | null,
  at: Date,
): Promise<AgreementRow> {
  const prefix = side === 'complainant' ? 'complainant' : 'company';
  await tx.query(`UPDATE agreements SET ${prefix}_decision = $2, ${prefix}_decided_at = $3, ${prefix}_decided_by_user_id = $4 WHERE id = $1`, [
    a.id,
    decision,
    at,
    byUserId,
  ]);
  return (await findAgreement(tx, a.caseId, a.id))!;
}

/** Closes a version as accepted or rejected. */
export async function closeAgreement(tx: Queryable, id: number, status: 'accepted' | 'rejected', rejectionReason: string | null): Promise<void> {
  await tx.query('UPDATE agreements SET status = $2, rejection_reason = $3 WHERE id = $1', [id, status, rejectionReason]);
}

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

/** When the case reached its current status, and the mechanism's appeal window. */
export async function appealFacts(db: Queryable, caseId: string, status: string): Promise<{ closedAt: Date | null; windowDays: number; statusEventId: number | null }> {
  return db.one(
    `SELECT e.created_at AS "closedAt", e.id AS "statusEventId", mech.appeal_window_days AS "windowDays"
     FROM cases c JOIN mechanisms mech ON mech.id = c.mechanism_id
     LEFT JOIN LATERAL (SELECT id, created_at FROM case_events WHERE case_id = c.id AND to_status = $2 ORDER BY id DESC LIMIT 1) e ON true
     WHERE c.id = $1`,
    [caseId, status],
  );
}

/** A complainant's answer about a resolution. */
export interface SatisfactionRow {
  resolvedEventId: number;
  score: number;
  comment: string | null;
  createdAt: Date;
}

/** The answer about one resolution, if given. */
export function findSatisfaction(db: Queryable, caseId: string, resolvedEventId: number): Promise<SatisfactionRow | undefined> {
  return db.maybeOne<SatisfactionRow>(
    `SELECT resolved_event_id AS "resolvedEventId", score, comment, created_at AS "createdAt" FROM case_satisfaction WHERE case_id = $1 AND resolved_event_id = $2`,
    [caseId, resolvedEventId],
  );
}

/** The newest answer about any resolution of the case, if given. */
export function latestSatisfaction(db: Queryable, caseId: string): Promise<SatisfactionRow | undefined> {
  return db.maybeOne<SatisfactionRow>(
    `SELECT resolved_event_id AS "resolvedEventId", score, comment, created_at AS "createdAt" FROM case_satisfaction WHERE case_id = $1 ORDER BY resolved_event_id DESC LIMIT 1`,
    [caseId],
  );
}

/** Stores the answer about one resolution. */
export async function insertSatisfaction(
  tx: Queryable,
  s: { caseId: string; resolvedEventId: number; score: number; comment: string | null; byUserId: string | null; byRole: AuthorRole; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO case_satisfaction (case_id, resolved_event_id, score, comment, by_user_id, by_role, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.caseId, s.resolvedEventId, s.score, s.comment, s.byUserId, s.byRole, s.at],
  );
}
