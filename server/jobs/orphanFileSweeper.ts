/**
 * Deletes stored files that no attachment row describes. An upload keeps its file and then writes
 * its row in a transaction; when that transaction fails in the process, the uploader deletes the file
 * itself, but a crash, a lost connection or a kill between the two leaves a file nobody can ever open
 * or count. The same sweep removes the files of rows deleted on purpose (today no code deletes
 * attachment rows; whatever does later needs no cleanup of its own) and the temporary parts of
 * uploads cut off mid-stream.
 *
 * Safe to run from several instances at once: each decides from the database alone, and deleting a
 * file another instance deleted first is not an error. It never touches a file with a row, linked to
 * a message or commitment or not, and deletes nothing in an uploads folder that belongs to another
 * database (see migration 0009).
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { keysWithRows, storageOwnerId } from '../repositories/attachments';
import type { StoredFile } from '../storage/fileStorage';

/**
 * How old a file without a row must be before it is deleted. A file is kept (renamed into place) and
 * its row inserted in the same short transaction, seconds apart at most, and a file still being
 * received is written to continually; its modification time is when its last bytes arrived. A day
 * is many orders of magnitude more than any upload in flight can take, yet short enough that a
 * crash's leftovers do not pile up. Measured against ctx.clock so tests move time instead of waiting.
 */
export const ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;

/** Files whose rows are looked up in one query. */
const BATCH = 500;

/** Options of one sweep. */
export interface OrphanSweepOptions {
  graceMs?: number;
  /** Once aborted (shutdown), the sweep ends after the batch in hand. */
  signal?: AbortSignal;
}

/** What one sweep did. */
export interface OrphanSweepResult {
  /** Kept files without a row, deleted. */
  removed: number;
  /** Temporary parts of interrupted uploads, deleted. */
  incomplete: number;
  /** False when the uploads folder belongs to another database and nothing was looked at. */
  owned: boolean;
}

/** Deletes files without rows older than the grace period; see the module comment. */
export async function sweepOrphanFiles(ctx: AppContext, options: OrphanSweepOptions = {}): Promise<OrphanSweepResult> {
  const now = ctx.clock.now();
  const cutoff = now.getTime() - (options.graceMs ?? ORPHAN_GRACE_MS);
  const result: OrphanSweepResult = { removed: 0, incomplete: 0, owned: true };
  const ours = await storageOwnerId(ctx.db, now);
  const owner = await ctx.storage.claimOwner(ours);
  if (owner !== ours) {
    logger.error('uploads folder belongs to another database; orphan files are not swept (remove its OWNER file only if this database really holds its rows)', {
      database: ours,
      folderOwner: owner,
    });
    return { ...result, owned: false };
  }

  const removeOrphans = async (candidates: StoredFile[]) => {
    const withRows = await keysWithRows(
      ctx.db,
      candidates.map((f) => f.key),
    );
    for (const file of candidates) {
      if (withRows.has(file.key)) continue;
      await ctx.storage.remove(file.key);
      result.removed += 1;
      // Keys are random names, never derived from people or content: safe to log for an audit trail.
      logger.info('orphan file removed', { storageKey: file.key, modifiedAt: file.modifiedAt.toISOString() });
    }
  };
  let batch: StoredFile[] = [];
  for await (const file of ctx.storage.list()) {
    if (options.signal?.aborted) return result;
    if (file.modifiedAt.getTime() >= cutoff) continue;
    batch.push(file);
    if (batch.length === BATCH) {
      await removeOrphans(batch);
      batch = [];
    }
  }
  await removeOrphans(batch);
  result.incomplete = await ctx.storage.removeIncomplete(new Date(cutoff));
  return result;
}

/** The background job (server/jobs/jobRunner.ts wakes it every FILE_SWEEP_INTERVAL_MS): sweep and log what it did. */
export async function sweepOrphanFilesJob(ctx: AppContext, signal?: AbortSignal): Promise<OrphanSweepResult> {
  const result = await sweepOrphanFiles(ctx, { signal });
  if (result.removed || result.incomplete) logger.info('orphan file sweep', { ...result });
  return result;
}
