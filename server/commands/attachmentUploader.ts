/**
 * Attaches received files to a case: every file's type is checked by its content, the per-case count
 * is checked under the case's row lock, and either all files are kept with their rows or none is.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError, NotFound } from '../errors';
import { discardAll, type ReceivedFile } from '../http/multipart';
import { lifecycleRole, type CaseActor } from '../policies/casePolicy';
import { authorize } from '../policies/authorize';
import {
  ATTACHMENT_CLIENT_KEY_CONSTRAINT,
  countAttachments,
  findAttachmentByClientKey,
  insertAttachment,
  keysWithRows,
  type AttachmentPurpose,
  type AttachmentRecord,
} from '../repositories/attachments';
import { isUniqueViolation } from '../db/database';
import { findCase, findCaseForUpdate } from '../repositories/cases';
import { sniff, type SniffedType } from '../../shared/fileType';
import { logger } from '../logger';
import { receivedWithoutMetadata } from '../storage/fileMetadata';

/**
 * Throws unless `actor` may attach files to the case now. Checked before the bytes are read, so a
 * refused upload costs little, and again under the row lock when the files are kept.
 */
export async function assertMayAttach(ctx: AppContext, actor: CaseActor, caseId: string): Promise<void> {
  const current = await findCase(ctx.db, caseId);
  if (!current) throw new NotFound();
  authorize(actor, 'case.attach', current);
}

/** 415 for a file whose content is not an accepted type, naming it as the phone does before sending (client/src/media/fileCheck.ts). */
export function unsupportedFile(clientName: string): AppError {
  return new AppError(415, 'unsupported_file_type', {}, [{ field: 'file', messageKey: 'validation.unsupported_file', params: { name: clientName } }]);
}

/**
 * Keeps `files` as attachments of the case, or discards them all and throws. Files for a message or
 * a commitment report (`purpose`) wait, unreadable, until that step links them. With a device's
 * `clientKey` (one file), a file already kept under that key is answered instead of kept twice.
 * `alsoInTransaction` runs after the rows are written, under the same lock and commit (a resumable
 * upload records what it became); when it throws, nothing is kept. It does not run when a file kept
 * before under the same `clientKey` is answered instead.
 */
export async function attachFiles(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  files: ReceivedFile[],
  purpose: AttachmentPurpose = 'case',
  clientKey: string | null = null,
  alsoInTransaction?: (tx: Tx, rows: AttachmentRecord[]) => Promise<void>,
): Promise<AttachmentRecord[]> {
  if (clientKey !== null && files.length !== 1) {
    await discardAll(files);
    throw new AppError(400, 'validation_failed', {}, [{ field: 'file', messageKey: 'validation.one_file_per_key' }]);
  }
  try {
    return await keepFiles(ctx, actor, caseId, files, purpose, clientKey, alsoInTransaction);
  } catch (err) {
    // The same file sent twice at once (its first answer was lost): the loser answers with the winner's row.
    const kept =
      clientKey !== null && isUniqueViolation(err, ATTACHMENT_CLIENT_KEY_CONSTRAINT) ? await findAttachmentByClientKey(ctx.db, caseId, clientKey) : undefined;
    if (kept) return [kept];
    throw err;
  }
}

async function keepFiles(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  files: ReceivedFile[],
  purpose: AttachmentPurpose,
  clientKey: string | null,
  alsoInTransaction: ((tx: Tx, rows: AttachmentRecord[]) => Promise<void>) | undefined,
): Promise<AttachmentRecord[]> {
  const keptKeys: string[] = [];
  try {
    const typed: { file: ReceivedFile; type: SniffedType }[] = [];
    for (const [i, file] of files.entries()) {
      const type = sniff(file.head);
      if (!type) throw unsupportedFile(file.clientName);
      // Photos, audio and PDFs are kept only without their metadata (a GPS position above all): see storage/fileMetadata.ts.
      const cleaned = await receivedWithoutMetadata(ctx.storage, file, type.mime).catch((err: unknown) => {
        logger.warn('photo could not be read to remove its metadata; refused', { caseId, mime: type.mime, err });
        throw unsupportedFile(file.clientName);
      });
      files[i] = cleaned;
      typed.push({ file: cleaned, type });
    }
    return await ctx.db.transaction(async (tx) => {
      const current = await findCaseForUpdate(tx, caseId);
      if (!current) throw new NotFound();
      authorize(actor, 'case.attach', current);
      const max = ctx.config.uploadMaxFilesPerCase;
      if ((await countAttachments(tx, caseId, purpose)) + files.length > max) throw new AppError(409, 'too_many_files', { maximum: max, count: max });
      const at = ctx.clock.now();
      const rows: AttachmentRecord[] = [];
      for (const { file, type } of typed) {
        const key = await file.incoming.keep();
        keptKeys.push(key);
        rows.push(
          await insertAttachment(tx, {
            caseId,
            kind: type.kind,
            mime: type.mime,
            size: file.size,
            sha256: file.sha256,
            storageKey: key,
            uploadedByUserId: actor.role === 'tracker' ? null : actor.id,
            uploadedByRole: actor.role === 'tracker' && current.identityMode === 'anonymous' ? 'anonymous' : lifecycleRole(actor),
            purpose,
            clientKey,
            at,
          }),
        );
      }
      await alsoInTransaction?.(tx, rows);
      tx.afterCommit(() => {
        logger.info('attachments stored', { caseId, purpose, files: rows.map((r) => ({ id: r.id, mime: r.mime, size: r.size })) });
        // Dialogue files change nothing anyone sees until their message or report is sent.
        if (purpose === 'case') ctx.realtime.caseChanged(current);
      });
      return rows;
    });
  } catch (err) {
    await discardAll(files);
    if (keptKeys.length > 0) await removeUnrecorded(ctx, caseId, purpose, keptKeys, err);
    throw err;
  }
}

/**
 * After the transaction failed, deletes the files it had kept. Only those without a row: an error
 * raised by COMMIT itself (a dropped connection) may come after the rows were in fact written, and a
 * file with a row must never go. What cannot be deleted or checked now is left to the orphan-file sweep
 * (jobs/orphanFileSweeper.ts), which deletes it a day later if it still has no row. Never throws: the
 * caller reports the transaction's own error.
 */
async function removeUnrecorded(ctx: AppContext, caseId: string, purpose: AttachmentPurpose, keys: string[], cause: unknown): Promise<void> {
  try {
    const recorded = await keysWithRows(ctx.db, keys);
    const orphans = keys.filter((key) => !recorded.has(key));
    const removals = await Promise.allSettled(orphans.map((key) => ctx.storage.remove(key)));
    const failed = removals.flatMap((r, i) => (r.status === 'rejected' ? [{ storageKey: orphans[i], err: r.reason as unknown }] : []));
    logger.warn('upload rolled back; its kept files were deleted', {
      caseId,
      purpose,
      err: cause,
      deleted: orphans.length - failed.length,
      recorded: recorded.size,
    });
    for (const f of failed)
      logger.error('file of a rolled-back upload not deleted; the orphan sweep will retry', { caseId, storageKey: f.storageKey, err: f.err });
  } catch (checkErr) {
    logger.error('upload rolled back; its files are left to the orphan sweep', { caseId, purpose, err: checkErr, keys: keys.length });
  }
}
