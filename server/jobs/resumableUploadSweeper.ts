/**
 * The twin of the orphan-file sweep for resumable uploads: deletes the parts of uploads nobody has
 * added to for a week (the phone gave up, or the file was chosen again on another phone) with their
 * rows, parts left behind without an open row (a delete that failed after a refusal or a finish), rows
 * whose part never appeared, and, after a month, the records of finished uploads. Its own folder per
 * database (storage/resumableStore.ts) means it never touches another database's uploads; safe to run
 * from several instances at once, as deleting what is already gone is not an error.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import {
  deleteFinishedUploadsBefore,
  deleteOpenUpload,
  openUploadsCreatedBefore,
  uploadIdsWithRows,
  findResumableUpload,
} from '../repositories/resumableUploads';

/**
 * How long an unfinished upload waits for its next bytes. A phone in a vereda may stay without signal
 * for days and should then continue, not start again; a week bounds what a case's half-sent files
 * (at most UPLOAD_MAX_FILES of them) hold on disk.
 */
export const RESUMABLE_IDLE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long the record of a finished upload is kept: a phone whose last answer was lost may ask again
 * after days offline, and must learn its file arrived instead of sending it twice.
 */
export const FINISHED_RECORD_MS = 30 * 24 * 60 * 60 * 1000;

/** Rows looked at per query. */
const BATCH = 500;

/** What one sweep did. */
export interface ResumableSweepResult {
  /** Unfinished uploads given up: their parts and rows deleted. */
  abandoned: number;
  /** Parts without an open row, deleted. */
  leftovers: number;
  /** Records of finished uploads forgotten. */
  forgotten: number;
}

/** Deletes abandoned uploads, leftover parts and old records; see the module comment. */
export async function sweepResumableUploads(ctx: AppContext, signal?: AbortSignal): Promise<ResumableSweepResult> {
  const now = ctx.clock.now().getTime();
  const idleBefore = new Date(now - RESUMABLE_IDLE_MS);
  const result: ResumableSweepResult = { abandoned: 0, leftovers: 0, forgotten: 0 };

  // Parts nobody wrote to for the idle period: an open upload is abandoned, anything else is a leftover.
  let stale: string[] = [];
  const removeStale = async () => {
    const withRows = await uploadIdsWithRows(ctx.db, stale);
    for (const id of stale) {
      const upload = withRows.has(id) ? await findResumableUpload(ctx.db, id) : undefined;
      const open = upload !== undefined && upload.attachmentId === null;
      if (open) await deleteOpenUpload(ctx.db, id);
      await ctx.resumable.remove(id);
      if (open) result.abandoned += 1;
      else result.leftovers += 1;
      // Upload ids are random names, never derived from people or content: safe to log.
      logger.info(open ? 'abandoned resumable upload removed' : 'leftover part of a resumable upload removed', { uploadId: id, caseId: upload?.caseId });
    }
    stale = [];
  };
  for await (const part of ctx.resumable.list()) {
    // A shutdown stops the sweep between parts; the next run picks up the rest.
    if (signal?.aborted) return result;
    if (part.modifiedAt.getTime() >= idleBefore.getTime()) continue;
    stale.push(part.id);
    if (stale.length === BATCH) await removeStale();
  }
  await removeStale();

  // Open rows created before the idle period whose part is gone (or never appeared: a crash between
  // the row and the part). Rows with a part still being written are kept.
  for (let cursor: { createdAt: Date; id: string } | undefined; ;) {
    const rows = await openUploadsCreatedBefore(ctx.db, idleBefore, BATCH, cursor);
    for (const row of rows) {
      if ((await ctx.resumable.offset(row.id)) !== undefined) continue;
      if (await deleteOpenUpload(ctx.db, row.id)) {
        result.abandoned += 1;
        logger.info('resumable upload without its part forgotten', { uploadId: row.id, caseId: row.caseId });
      }
    }
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1];
  }

  result.forgotten = await deleteFinishedUploadsBefore(ctx.db, new Date(now - FINISHED_RECORD_MS));
  return result;
}

/** The background job (server/jobs/jobRunner.ts wakes it with the orphan-file sweep): sweep and log what it did. */
export async function sweepResumableUploadsJob(ctx: AppContext, signal?: AbortSignal): Promise<ResumableSweepResult> {
  const result = await sweepResumableUploads(ctx, signal);
  if (result.abandoned || result.leftovers || result.forgotten) logger.info('resumable upload sweep', { ...result });
  return result;
}
