/** Resumable uploads in progress or recently finished (migration 0017); the bytes live in server/storage/resumableStore.ts. */
import type { Queryable } from '../db/database';
import type { AttachmentPurpose } from './attachments';

/** One resumable upload. */
export interface ResumableUploadRecord {
  id: string;
  caseId: string;
  purpose: AttachmentPurpose;
  /** 'user:<uuid>' or 'session:<sha256>'; see uploadOwner() in server/http/resumableUploads.ts. */
  owner: string;
  size: number;
  /** The send queue's key for the file, if it came from the queue. */
  clientKey: string | null;
  createdAt: Date;
  /** The attachment it became, once finished. */
  attachmentId: string | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, case_id AS "caseId", purpose, owner, size, client_key AS "clientKey", created_at AS "createdAt", attachment_id AS "attachmentId", finished_at AS "finishedAt"`;

/** A new upload. */
export interface NewResumableUpload extends Pick<ResumableUploadRecord, 'id' | 'caseId' | 'purpose' | 'owner' | 'size' | 'clientKey'> {
  at: Date;
  /** An upload recorded finished at once: a keyed file resent after it was kept. */
  attachmentId?: string;
}

/** Records an upload as it is created. */
export async function insertResumableUpload(db: Queryable, u: NewResumableUpload): Promise<void> {
  await db.query(
    `INSERT INTO resumable_uploads (id, case_id, purpose, owner, size, client_key, created_at, attachment_id, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid, CASE WHEN $8::uuid IS NULL THEN NULL ELSE $7::timestamptz END)`,
    [u.id, u.caseId, u.purpose, u.owner, u.size, u.clientKey, u.at, u.attachmentId ?? null],
  );
}

/** The unfinished upload of a keyed file that `owner` began in the case, if any (the newest). */
export function findOpenUploadByKey(db: Queryable, caseId: string, clientKey: string, owner: string): Promise<ResumableUploadRecord | undefined> {
  return db.maybeOne<ResumableUploadRecord>(
    `SELECT ${COLUMNS} FROM resumable_uploads WHERE case_id = $1 AND client_key = $2 AND owner = $3 AND attachment_id IS NULL ORDER BY created_at DESC, id LIMIT 1`,
    [caseId, clientKey, owner],
  );
}

/** One upload by id. */
export function findResumableUpload(db: Queryable, id: string): Promise<ResumableUploadRecord | undefined> {
  return db.maybeOne<ResumableUploadRecord>(`SELECT ${COLUMNS} FROM resumable_uploads WHERE id = $1`, [id]);
}

/** Unfinished uploads into the case (they hold disk space; their number is capped like the files a case may hold). */
export async function countOpenUploads(db: Queryable, caseId: string): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM resumable_uploads WHERE case_id = $1 AND attachment_id IS NULL`, [caseId])).n;
}

/**
 * Marks the upload finished as `attachmentId`, inside the transaction that wrote the attachment row.
 * False when it was finished already (a concurrent request won) or is gone: the caller rolls back.
 */
export async function markUploadFinished(tx: Queryable, id: string, attachmentId: string, at: Date): Promise<boolean> {
  const rows = await tx.query(`UPDATE resumable_uploads SET attachment_id = $2, finished_at = $3 WHERE id = $1 AND attachment_id IS NULL RETURNING id`, [
    id,
    attachmentId,
    at,
  ]);
  return rows.length === 1;
}

/** Forgets an unfinished upload (refused, cancelled or abandoned); a finished one stays. True when it was deleted. */
export async function deleteOpenUpload(db: Queryable, id: string): Promise<boolean> {
  return (await db.query(`DELETE FROM resumable_uploads WHERE id = $1 AND attachment_id IS NULL RETURNING id`, [id])).length === 1;
}

/** Which of `ids` have a row (finished or not). */
export async function uploadIdsWithRows(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(`SELECT id FROM resumable_uploads WHERE id = ANY($1::text[])`, [ids]);
  return new Set(rows.map((r) => r.id));
}

/** Unfinished uploads created before `before`, in creation order, from after `cursor` (the last row of the previous page). */
export function openUploadsCreatedBefore(
  db: Queryable,
  before: Date,
  limit: number,
  cursor?: { createdAt: Date; id: string },
): Promise<ResumableUploadRecord[]> {
  return db.query<ResumableUploadRecord>(
    `SELECT ${COLUMNS} FROM resumable_uploads
     WHERE attachment_id IS NULL AND created_at < $1 AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::text))
     ORDER BY created_at, id LIMIT $2`,
    [before, limit, cursor?.createdAt ?? null, cursor?.id ?? null],
  );
}

/** Deletes the records of uploads finished before `before`; returns how many. */
export async function deleteFinishedUploadsBefore(db: Queryable, before: Date): Promise<number> {
  return (await db.query(`DELETE FROM resumable_uploads WHERE finished_at < $1 RETURNING id`, [before])).length;
}
