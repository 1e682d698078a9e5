/** Files attached to cases (the bytes live in the storage module; rows say what and where). */
import type { Queryable } from '../db/database';
import type { AttachmentKind } from '../../shared/types/intake';
import type { Actor } from '../../shared/caseLifecycle';

/** What a file was uploaded for: the complaint itself, a message of the thread, or a commitment's evidence. */
export type AttachmentPurpose = 'case' | 'message' | 'evidence';

/** An attachment row. */
export interface AttachmentRecord {
  id: string;
  caseId: string;
  kind: AttachmentKind;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  purpose: AttachmentPurpose;
  /** The message it was sent with (purpose `message`), once posted. */
  messageId: number | null;
  /** The commitment it is evidence for (purpose `evidence`), once reported. */
  commitmentId: number | null;
  /** The key the sending device gave the file (the send queue's file id), if any. */
  clientKey: string | null;
  createdAt: Date;
}

const COLUMNS = `id, case_id AS "caseId", kind, mime, size, sha256, storage_key AS "storageKey", purpose,
  message_id AS "messageId", commitment_id AS "commitmentId", client_key AS "clientKey", created_at AS "createdAt"`;
const SELECT_ATTACHMENT = `SELECT ${COLUMNS} FROM attachments`;

/** The complaint's own files, oldest first (files of messages and evidence show where they were sent). */
export function listAttachments(db: Queryable, caseId: string): Promise<AttachmentRecord[]> {
  return db.query<AttachmentRecord>(`${SELECT_ATTACHMENT} WHERE case_id = $1 AND purpose = 'case' ORDER BY created_at, id`, [caseId]);
}

/** One attachment. */
export function findAttachment(db: Queryable, id: string): Promise<AttachmentRecord | undefined> {
  return db.maybeOne<AttachmentRecord>(`${SELECT_ATTACHMENT} WHERE id = $1`, [id]);
}

/**
 * How many files count against the case's limit for this purpose (count under the case's row lock so
 * the limit holds under concurrency): the complaint's own files, or dialogue files not yet sent, so
 * abandoned uploads cannot pile up while a long conversation still may carry many photos and voice notes.
 */
export async function countAttachments(db: Queryable, caseId: string, purpose: AttachmentPurpose = 'case'): Promise<number> {
  const sql =
    purpose === 'case'
      ? `SELECT count(*) AS n FROM attachments WHERE case_id = $1 AND purpose = 'case'`
      : `SELECT count(*) AS n FROM attachments WHERE case_id = $1 AND purpose <> 'case' AND message_id IS NULL AND commitment_id IS NULL`;
  return (await db.one<{ n: number }>(sql, [caseId])).n;
}

/**
 * Links files uploaded for a message or a report to it: only files of this case, for that purpose, not
 * yet linked, and uploaded by the same account (or, for `null`, without one: the receipt-key session).
 * Returns how many were linked; the caller refuses the step unless all were.
 */
export async function linkAttachments(
  tx: Queryable,
  ids: readonly string[],
  to: { caseId: string; uploadedByUserId: string | null } & ({ messageId: number } | { commitmentId: number }),
): Promise<number> {
  if (ids.length === 0) return 0;
  const [column, purpose, target] = 'messageId' in to ? ['message_id', 'message', to.messageId] : ['commitment_id', 'evidence', to.commitmentId];
  const rows = await tx.query(
    `UPDATE attachments SET ${column} = $1
     WHERE case_id = $2 AND id = ANY($3::uuid[]) AND purpose = $4 AND message_id IS NULL AND commitment_id IS NULL
       AND uploaded_by_user_id IS NOT DISTINCT FROM $5::uuid
     RETURNING id`,
    [target, to.caseId, ids, purpose, to.uploadedByUserId],
  );
  return rows.length;
}

/** What a backup needs of every stored file: its key, and what its bytes must hash to and weigh. */
export interface StoredFileRecord {
  storageKey: string;
  sha256: string;
  size: number;
}

/** Every attachment's file, in key order (backups copy and check each). */
export function allStoredFiles(db: Queryable): Promise<StoredFileRecord[]> {
  return db.query<StoredFileRecord>('SELECT storage_key AS "storageKey", sha256, size FROM attachments ORDER BY storage_key');
}

/** A new attachment row. */
export interface NewAttachment extends Pick<AttachmentRecord, 'caseId' | 'kind' | 'mime' | 'size' | 'sha256' | 'storageKey' | 'purpose'> {
  uploadedByUserId: string | null;
  uploadedByRole: Actor | 'anonymous';
  /** The sending device's key for this file (`?key=`), so a resend finds it instead of keeping it twice. */
  clientKey?: string | null;
  at: Date;
}

/** Records a stored file. */
export function insertAttachment(tx: Queryable, a: NewAttachment): Promise<AttachmentRecord> {
  return tx.one<AttachmentRecord>(
    `INSERT INTO attachments (case_id, kind, mime, size, sha256, storage_key, uploaded_by_user_id, uploaded_by_role, purpose, created_at, client_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING ${COLUMNS}`,
    [a.caseId, a.kind, a.mime, a.size, a.sha256, a.storageKey, a.uploadedByUserId, a.uploadedByRole, a.purpose, a.at, a.clientKey ?? null],
  );
}

/** The unique index that keeps one device key to one file of a case. */
export const ATTACHMENT_CLIENT_KEY_CONSTRAINT = 'attachments_client_key_key';

/** The file of case `caseId` that a device sent with `clientKey`, if it was kept. */
export function findAttachmentByClientKey(db: Queryable, caseId: string, clientKey: string): Promise<AttachmentRecord | undefined> {
  return db.maybeOne<AttachmentRecord>(`${SELECT_ATTACHMENT} WHERE case_id = $1 AND client_key = $2`, [caseId, clientKey]);
}

/**
 * Which of `keys` have a row (an attachment, whatever its purpose or link, or a file an SMS/WhatsApp
 * conversation received before its case exists): their files must be kept.
 */
export async function keysWithRows(db: Queryable, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.query<{ key: string }>(
    `SELECT storage_key AS key FROM attachments WHERE storage_key = ANY($1::text[])
     UNION SELECT storage_key FROM channel_media WHERE storage_key = ANY($1::text[])`,
    [keys],
  );
  return new Set(rows.map((r) => r.key));
}

/** This database's id for the uploads folder it owns, made on first use (see migration 0009). */
export async function storageOwnerId(db: Queryable, at: Date): Promise<string> {
  await db.query(`INSERT INTO storage_owner (id, claimed_at) VALUES (gen_random_uuid(), $1) ON CONFLICT (singleton) DO NOTHING`, [at]);
  return (await db.one<{ id: string }>(`SELECT id FROM storage_owner`)).id;
}
