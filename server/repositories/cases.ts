/** Cases and their history: SQL in one place; plain objects out. Access is decided by policies/. */
import { withheldFromCompanySql } from '../policies/caseAudience';
import type { UserRecord } from './users';
import { namedStatement, type Queryable } from '../db/database';
import { joinSql, rawSql, sql, type SqlFragment } from '../db/sql';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import type { Actor } from '../../shared/caseLifecycle';
import type { CaseEventKind } from '../../shared/caseEvents';
import type { CaseAccessFacts, ScopeCondition } from '../policies/casePolicy';
import { unreadCountSql } from './messages';
import type { DeadlineResponsible, DeadlineStage, PetitionKind } from '../../shared/types/deadlines';

/** A case row as queues need it; the identity is still encrypted. */
export interface CaseRow extends CaseAccessFacts {
  id: string;
  reference: string;
  companyName: string | null;
  municipality: string;
  identityCiphertext: string | null;
  isCollective: boolean;
  escalationLevel: number;
  /** The kind of petition (Ley 1755, art. 14): sets the company's first-answer term. */
  petitionKind: PetitionKind;
  /** Whether a red-flag category was chosen (stays true after release; `redFlag` says "still hidden"). */
  redFlagRaised: boolean;
  /** The language it was filed in when not Spanish: the Defensoría arranges an interpreter (migration 0032). */
  filingLanguage: string | null;
  summary: string;
  categories: { code: string; icon: string; name: Record<string, string> }[];
  createdAt: Date;
  updatedAt: Date;
  /** Thread entries the reader has not read; only queues compute it (CaseListFilters.unreadFor). */
  unreadCount?: number;
  /** The most urgent open deadline (earliest due), for countdown badges. */
  openDeadline: OpenDeadlineFacts | null;
}

/** An open deadline as a case row carries it (`pausedAt` is an ISO string inside JSON). */
export interface OpenDeadlineFacts {
  stage: DeadlineStage;
  dueOn: string;
  responsible: DeadlineResponsible;
  pausedAt: string | null;
}

/** SQL for "the company may not see this case yet" (the policy's rule: caseAudience.withheldFromCompanySql). */
export function redFlagHiddenSql(alias: string): string {
  return withheldFromCompanySql(alias);
}

const CASE_BASE_COLUMNS = `
  c.id, c.reference, c.status, c.mechanism_id AS "mechanismId", c.company_id AS "companyId",
         co.name AS "companyName", mu.name AS municipality, c.identity_mode AS "identityMode",
         c.identity_ciphertext AS "identityCiphertext", c.is_collective AS "isCollective",
         ${redFlagHiddenSql('c')} AS "redFlag", c.red_flag AS "redFlagRaised", c.filing_language AS "filingLanguage",
         c.escalation_level AS "escalationLevel", c.petition_kind AS "petitionKind",
         c.complainant_user_id AS "complainantUserId", c.filed_by_user_id AS "filedByUserId",
         left(c.description, 220) AS summary, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/** A category as a case row carries it (CaseRow.categories), over `categories cat`. */
const CATEGORY_JSON = `json_build_object('code', cat.code, 'icon', cat.icon, 'name', cat.name)`;
/** The open deadline as a case row carries it (CaseRow.openDeadline), over `case_deadlines d`. */
const OPEN_DEADLINE_JSON = `json_build_object('stage', d.stage, 'dueOn', d.due_on, 'responsible', d.responsible, 'pausedAt', d.paused_at)`;

const CASE_COLUMNS = `${CASE_BASE_COLUMNS},
         COALESCE((SELECT json_agg(${CATEGORY_JSON} ORDER BY cat.position)
                   FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                   WHERE cc.case_id = c.id), '[]'::json) AS categories,
         (SELECT ${OPEN_DEADLINE_JSON}
          FROM case_deadlines d WHERE d.case_id = c.id AND d.satisfied_at IS NULL AND d.cancelled_at IS NULL
          ORDER BY d.due_on, d.id LIMIT 1) AS "openDeadline"`;

const CASE_FROM = `
  FROM cases c
  LEFT JOIN companies co ON co.id = c.company_id
  JOIN municipalities mu ON mu.id = c.municipality_id`;

const SELECT_CASE = `SELECT ${CASE_COLUMNS} ${CASE_FROM}`;
// Every step on a case starts with it (a message's transaction, every transition): parsed and planned once per connection.
const LOCK_CASE = namedStatement('case_lock', `${SELECT_CASE} WHERE c.id = $1 FOR UPDATE OF c`);

/** Filters of a case queue. */
export interface CaseListFilters {
  status?: CaseStatus;
  companyId?: string;
  categoryCode?: string;
  municipalityId?: string;
  identityMode?: IdentityMode;
  /** Matched against the reference and the text of the complaint. */
  text?: string;
  limit: number;
  /** Count, per case, the thread entries this reader may see and has not read (CaseRow.unreadCount). */
  unreadFor?: UserRecord;
}

/** The condition (over alias `c`) of a case filed under the category with this code. */
export function hasCategorySql(code: string): SqlFragment {
  return sql`EXISTS (SELECT 1 FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id WHERE cc.case_id = c.id AND cat.code = ${code})`;
}

/**
 * The cases inside `scope`, most urgent first: escalated, then red-flagged, then open before closed,
 * newest first within each.
 */
export async function listCases(db: Queryable, scope: ScopeCondition, filters: CaseListFilters): Promise<{ rows: CaseRow[]; total: number }> {
  const where = [scope];
  if (filters.status) where.push(sql`c.status = ${filters.status}`);
  if (filters.companyId) where.push(sql`c.company_id = ${filters.companyId}`);
  if (filters.categoryCode) where.push(hasCategorySql(filters.categoryCode));
  if (filters.municipalityId) where.push(sql`c.municipality_id = ${filters.municipalityId}`);
  if (filters.identityMode) where.push(sql`c.identity_mode = ${filters.identityMode}`);
  if (filters.text) {
    const pattern = `%${filters.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(sql`(c.reference ILIKE ${pattern} OR c.description ILIKE ${pattern})`);
  }
  const condition = joinSql(where, ' AND ');
  const total = await db.one<{ count: number }>(sql`SELECT count(*) AS count FROM cases c WHERE ${condition}`);
  const unreadColumn = filters.unreadFor ? unreadCountSql(filters.unreadFor) : sql`0`;
  const rows = await db.query<CaseRow>(
    sql`SELECT ${rawSql(CASE_COLUMNS)}, ${unreadColumn} AS "unreadCount" ${rawSql(CASE_FROM)} WHERE ${condition}
     ORDER BY c.escalation_level DESC, c.red_flag DESC,
              (c.status IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved')) ASC,
              c.created_at DESC
     LIMIT ${filters.limit}`,
  );
  return { rows, total: total.count };
}

/** The cases with these ids, in the order given (a page another query chose and ordered). */
export async function findCasesInOrder(db: Queryable, ids: string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<CaseRow>(`${SELECT_CASE} WHERE c.id = ANY($1::uuid[])`, [ids]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One case, locked for the rest of the transaction so concurrent changes queue behind each other. */
export function findCaseForUpdate(tx: Queryable, id: string): Promise<CaseRow | undefined> {
  return tx.maybeOne<CaseRow>(LOCK_CASE, [id]);
}

// The same lock with the row's version: a digest of the whole `cases` row, so equal versions mean equal
// facts whatever wrote them (a transaction id, xmin, could repeat across a restore or a failover).
const LOCK_CASE_VERSIONED = namedStatement(
  'case_lock_versioned',
  `SELECT ${CASE_COLUMNS}, md5(c::text) AS "rowVersion" ${CASE_FROM} WHERE c.id = $1 FOR UPDATE OF c`,
);

/** A case row and the version of its `cases` row it was read from. */
export interface VersionedCase {
  c: CaseRow;
  version: string;
}

/**
 * One case locked as findCaseForUpdate does, with its row's version: a step decided on this row may later
 * be written only while the row is still this version (a thread entry's `caseVersion`).
 */
export async function findCaseForUpdateWithVersion(tx: Queryable, id: string): Promise<VersionedCase | undefined> {
  const row = await tx.maybeOne<CaseRow & { rowVersion: string }>(LOCK_CASE_VERSIONED, [id]);
  if (!row) return undefined;
  const { rowVersion, ...c } = row;
  return { c, version: rowVersion };
}

/** One case by id. */
export function findCase(db: Queryable, id: string): Promise<CaseRow | undefined> {
  return db.maybeOne<CaseRow>(`${SELECT_CASE} WHERE c.id = $1`, [id]);
}

/** Sets a case's status. */
export async function updateCaseStatus(tx: Queryable, id: string, status: CaseStatus, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET status = $2, updated_at = $3 WHERE id = $1', [id, status, at]);
}

/** Sets the kind of petition the ombudsman chose at admission. */
export async function updatePetitionKind(tx: Queryable, id: string, kind: PetitionKind): Promise<void> {
  await tx.query('UPDATE cases SET petition_kind = $2 WHERE id = $1', [id, kind]);
}

/**
 * Where the ombudsman decided to refer a case they did not admit (the `referral` recorded with the
 * latest `cases.not_admit` event), or undefined when the case was never not admitted.
 */
export async function findReferralDecision(db: Queryable, caseId: string): Promise<{ to: string; note?: string } | undefined> {
  const row = await db.maybeOne<{ referral: { to: string; note?: string } | null }>(
    `SELECT data->'referral' AS referral FROM case_events WHERE case_id = $1 AND kind = 'cases.not_admit' ORDER BY id DESC LIMIT 1`,
    [caseId],
  );
  return row?.referral ?? undefined;
}

/** A new entry in a case's append-only history. */
export interface NewCaseEvent {
  caseId: string;
  /** One of shared/caseEvents.ts's kinds, so every kind written has its words in both languages. */
  kind: CaseEventKind;
  fromStatus?: CaseStatus | null;
  toStatus?: CaseStatus | null;
  actorUserId: string | null;
  actorRole: Actor | 'anonymous';
  reason?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Appends to a case's history; call inside the transaction that makes the change. */
export async function insertCaseEvent(tx: Queryable, event: NewCaseEvent): Promise<number> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      event.caseId,
      event.kind,
      event.fromStatus ?? null,
      event.toStatus ?? null,
      event.actorUserId,
      event.actorRole,
      event.reason ?? null,
      JSON.stringify(event.data ?? {}),
      event.at,
    ],
  );
  return row.id;
}

/** Everything a case page shows, besides history and attachments. Identity and equity stay encrypted. */
export interface CaseDetailRow extends CaseRow {
  municipalityId: string;
  vereda: { id: string; name: string; kind: 'vereda' | 'corregimiento' } | null;
  placeDetail: string | null;
  /** The map point, sealed to the case (casePlace 'location'). */
  locationCiphertext: string | null;
  occurredOn: string | null;
  description: string;
  hopedOutcome: string | null;
  contactPreference: 'phone' | 'whatsapp' | 'email' | 'facilitator' | 'none' | null;
  groupName: string | null;
  groupKind: string | null;
  groupSize: number | null;
  consentPolicyVersion: string | null;
  /** The client key of the voice note that is the account of what happened; null for a written account. */
  voiceNoteKey: string | null;
}

/** One case with everything its page shows. */
export function findCaseDetail(db: Queryable, id: string): Promise<CaseDetailRow | undefined> {
  return db.maybeOne<CaseDetailRow>(
    `SELECT ${CASE_COLUMNS}, c.municipality_id AS "municipalityId",
            CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object('id', v.id, 'name', v.name, 'kind', v.kind) END AS vereda,
            c.place_detail AS "placeDetail", c.location_ciphertext AS "locationCiphertext", c.occurred_on AS "occurredOn",
            c.description, c.hoped_outcome AS "hopedOutcome", c.contact_preference AS "contactPreference",
            c.group_name AS "groupName", c.group_kind AS "groupKind", c.group_size AS "groupSize",
            c.consent_policy_version AS "consentPolicyVersion", c.voice_note_key AS "voiceNoteKey"
     ${CASE_FROM} LEFT JOIN veredas v ON v.id = c.vereda_id
     WHERE c.id = $1`,
    [id],
  );
}

/** The id and receipt-key hash of the case with this reference, for the tracking page. */
export function findCaseKeyByReference(db: Queryable, reference: string): Promise<{ id: string; receiptKeyHash: string | null } | undefined> {
  return db.maybeOne(`SELECT id, receipt_key_hash AS "receiptKeyHash" FROM cases WHERE reference = $1`, [reference]);
}

/**
 * The id and receipt-key hash of the case a device receipt names: its provisional code (not unique) and
 * the fingerprint of its device-made key (unique), for the tracking page before the person knows the reference.
 */
export function findCaseKeyByProvisionalCode(
  db: Queryable,
  provisionalCode: string,
  keyFingerprint: string,
): Promise<{ id: string; receiptKeyHash: string | null } | undefined> {
  return db.maybeOne(`SELECT id, receipt_key_hash AS "receiptKeyHash" FROM cases WHERE receipt_key_fingerprint = $1 AND provisional_code = $2`, [
    keyFingerprint,
    provisionalCode,
  ]);
}

/** Replaces a case's receipt-key hash with another of the same key, unless it changed meanwhile. */
export async function replaceReceiptKeyHash(db: Queryable, caseId: string, was: string, now: string): Promise<void> {
  await db.query('UPDATE cases SET receipt_key_hash = $3 WHERE id = $1 AND receipt_key_hash = $2', [caseId, was, now]);
}

/** One entry of a case's history as stored. */
export interface CaseEventRecord {
  id: number;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actorUserId: string | null;
  actorRole: Actor | 'anonymous';
  reason: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** A case's history, oldest first. */
export function listCaseEvents(db: Queryable, caseId: string): Promise<CaseEventRecord[]> {
  return db.query<CaseEventRecord>(
    `SELECT id, kind, from_status AS "fromStatus", to_status AS "toStatus", actor_user_id AS "actorUserId",
            actor_role AS "actorRole", reason, data, created_at AS "createdAt"
     FROM case_events WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
}

/** The unique constraint that makes filing idempotent. */
export const IDEMPOTENCY_CONSTRAINT = 'cases_idempotency_key_key';

/** The unique index that keeps a device-made receipt key to one case. */
export const RECEIPT_FINGERPRINT_CONSTRAINT = 'cases_receipt_key_fingerprint_key';

/** What a retried filing needs to answer with the case it already made. */
export interface FiledCaseRecord {
  id: string;
  reference: string;
  status: CaseStatus;
  identityMode: IdentityMode;
  filingFingerprint: string | null;
  receiptKeyCiphertext: string | null;
  /** Set when the device made the receipt (its key is then never kept in any form the server can read). */
  provisionalCode: string | null;
}

/** The case made with this idempotency key, with the kept receipt-key copy if it has not expired. */
export function findCaseByIdempotencyKey(db: Queryable, key: string, now: Date): Promise<FiledCaseRecord | undefined> {
  return db.maybeOne<FiledCaseRecord>(
    `SELECT c.id, c.reference, c.status, c.identity_mode AS "identityMode", c.filing_fingerprint AS "filingFingerprint",
            fr.receipt_key_ciphertext AS "receiptKeyCiphertext", c.provisional_code AS "provisionalCode"
     FROM cases c LEFT JOIN filing_receipts fr ON fr.idempotency_key = c.idempotency_key AND fr.expires_at > $2
     WHERE c.idempotency_key = $1`,
    [key, now],
  );
}

/** Points a case at another company (routing by the ombudsman). */
export async function updateCaseCompany(tx: Queryable, id: string, companyId: string, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET company_id = $2, updated_at = $3 WHERE id = $1', [id, companyId, at]);
}

/** Lets the company see a red-flag case. */
export async function releaseCaseRedFlag(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET red_flag_released_at = $2, updated_at = $2 WHERE id = $1', [id, at]);
}

/** How grave the ombudsman assessed a case's harm (1 minor … 3 serious), null when not assessed. */
export async function findConsequenceLevel(db: Queryable, id: string): Promise<1 | 2 | 3 | null> {
  return (await db.one<{ level: 1 | 2 | 3 | null }>('SELECT consequence_level AS level FROM cases WHERE id = $1', [id])).level;
}

/** Sets (or, with null, clears) a case's consequence level; false when it was that already. */
export async function updateConsequenceLevel(tx: Queryable, id: string, level: 1 | 2 | 3 | null): Promise<boolean> {
  const changed = await tx.query('UPDATE cases SET consequence_level = $2 WHERE id = $1 AND consequence_level IS DISTINCT FROM $2 RETURNING id', [id, level]);
  return changed.length > 0;
}

/** How many cases the database holds (a restored backup is checked against its manifest with it). */
export async function countAllCases(db: Queryable): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM cases')).n;
}

export type { IdentityMode };
