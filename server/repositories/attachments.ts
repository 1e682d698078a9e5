/** Files attached to cases (the bytes live in the storage module; rows say what and where). */
import type { Queryable } from '../db/database';
import type { AttachmentKind } from '../../shared/types/intake';
import type { Actor } from '../../shared/caseLifecycle';

/** An attachment row. */
export interface AttachmentRecord {
  id: string;
  caseId: string;
  kind: AttachmentKind;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

const SELECT_ATTACHMENT = `SELECT id, case_id AS "caseId", kind, mime, size, sha256, storage_key AS "storageKey", created_at AS "createdAt" FROM attachments`;

/** A case's attachments, oldest first. */
export function listAttachments(db: Queryable, caseId: string): Promise<AttachmentRecord[]> {
  return db.query<AttachmentRecord>(`${SELECT_ATTACHMENT} WHERE case_id = $1 ORDER BY created_at, id`, [caseId]);
}

/** One attachment. */
export function findAttachment(db: Queryable, id: string): Promise<AttachmentRecord | undefined> {
  return db.maybeOne<AttachmentRecord>(`${SELECT_ATTACHMENT} WHERE id = $1`, [id]);
}

/** How many files a case holds (count under the case's row lock so the limit holds under concurrency). */
export async function countAttachments(db: Queryable, caseId: string): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*) AS n FROM attachments WHERE case_id = $1', [caseId])).n;
}

/** A new attachment row. */
export interface NewAttachment {
  caseId: string;
  kind: AttachmentKind;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedByUserId: string | null;
  uploadedByRole: Actor | 'anonymous';
  at: Date;
}

/** Records a stored file. */
export function insertAttachment(tx: Queryable, a: NewAttachment): Promise<AttachmentRecord> {
  return tx.one<AttachmentRecord>(
    `INSERT INTO attachments (case_id, kind, mime, size, sha256, storage_key, uploaded_by_user_id, uploaded_by_role, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING id, case_id AS "caseId", kind, mime, size, sha256, storage_key AS "storageKey", created_at AS "createdAt"`,
    [a.caseId, a.kind, a.mime, a.size, a.sha256, a.storageKey, a.uploadedByUserId, a.uploadedByRole, a.at],
  );
}
