/**
 * Turns a complete resumable upload into an attachment, exactly once. The assembled file is sniffed
 * first (a refused type never reaches the attachment storage), then copied into the attachment storage
 * and kept through attachFiles — the same checks, row lock and per-case limit as a multipart upload —
 * while the same transaction records which attachment the upload became. A refusal forgets the upload
 * (row and bytes: nothing is stored); an unexpected failure keeps its bytes so a retry can finish it.
 */
import type { AppContext } from '../context';
import { AppError, NotFound } from '../errors';
import { receiveStream } from '../http/multipart';
import { logger } from '../logger';
import type { CaseActor } from '../policies/casePolicy';
import { findAttachment, type AttachmentRecord } from '../repositories/attachments';
import { deleteOpenUpload, findResumableUpload, markUploadFinished, type ResumableUploadRecord } from '../repositories/resumableUploads';
import { sniff, SNIFF_BYTES } from '../../shared/fileType';
import { attachFiles, unsupportedFile } from './attachmentUploader';

/** Another request finished the same upload first (a retried last chunk beside a GET, two tabs). */
class FinishedElsewhere extends Error {}

/** The attachment of an upload already finished, or NotFound when the upload is gone. */
async function attachmentOf(ctx: AppContext, uploadId: string): Promise<AttachmentRecord> {
  const upload = await findResumableUpload(ctx.db, uploadId);
  const attachment = upload?.attachmentId ? await findAttachment(ctx.db, upload.attachmentId) : undefined;
  if (!attachment) throw new NotFound();
  return attachment;
}

/**
 * Forgets an upload that can never become an attachment: its row, then its bytes (a part left behind
 * by a failed delete has no row any more, and the sweep removes it).
 */
export async function forgetUpload(ctx: AppContext, upload: ResumableUploadRecord, why: string): Promise<void> {
  await deleteOpenUpload(ctx.db, upload.id);
  try {
    await ctx.resumable.remove(upload.id);
  } catch (err) {
    logger.error('part of a refused upload not deleted; the resumable-upload sweep will retry', { caseId: upload.caseId, uploadId: upload.id, err });
  }
  logger.info('resumable upload refused', { caseId: upload.caseId, uploadId: upload.id, why });
}

/**
 * The attachment `upload` became, finishing it now when all its bytes are in. `clientName` only names
 * the file in a refusal. Throws 409 `upload_incomplete` while bytes are missing, and the refusals of
 * attachFiles (415, 409 `too_many_files`/`case_closed`, 404).
 */
export async function finishResumableUpload(ctx: AppContext, actor: CaseActor, upload: ResumableUploadRecord, clientName: string): Promise<AttachmentRecord> {
  if (upload.attachmentId) return attachmentOf(ctx, upload.id);
  const offset = await ctx.resumable.offset(upload.id);
  if (offset === undefined) {
    // Its bytes are gone: finished by a concurrent request a moment ago, or swept.
    return attachmentOf(ctx, upload.id);
  }
  if (offset !== upload.size) throw new AppError(409, 'upload_incomplete', { offset });

  if (!sniff(await ctx.resumable.head(upload.id, SNIFF_BYTES))) {
    await forgetUpload(ctx, upload, 'unsupported_file_type');
    throw unsupportedFile(clientName);
  }
  const received = await receiveStream(await ctx.resumable.read(upload.id), ctx.storage, clientName);
  let rows: AttachmentRecord[];
  let recorded = false;
  try {
    rows = await attachFiles(ctx, actor, upload.caseId, [received], upload.purpose, upload.clientKey, async (tx, written) => {
      if (!(await markUploadFinished(tx, upload.id, written[0]!.id, ctx.clock.now()))) throw new FinishedElsewhere();
      recorded = true;
    });
    // A keyed file kept meanwhile by another upload (sent twice at once): this one ends as that attachment.
    if (!recorded && !(await markUploadFinished(ctx.db, upload.id, rows[0]!.id, ctx.clock.now()))) return attachmentOf(ctx, upload.id);
  } catch (err) {
    if (err instanceof FinishedElsewhere) return attachmentOf(ctx, upload.id);
    if (err instanceof AppError && err.status < 500) await forgetUpload(ctx, upload, err.code);
    throw err;
  }
  try {
    await ctx.resumable.remove(upload.id);
  } catch (err) {
    logger.error('part of a finished upload not deleted; the resumable-upload sweep will retry', { caseId: upload.caseId, uploadId: upload.id, err });
  }
  return rows[0]!;
}
