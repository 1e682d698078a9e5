/**
 * A consistent snapshot of the embedded database with the list of files it refers to, taken in one
 * exclusive moment (EmbeddedDatabase.snapshot): by the running server when the admin command asks
 * it (adminChannel.ts), or by the command itself when no server runs.
 */
import crypto from 'node:crypto';
import type { EmbeddedDatabase } from '../db/database';
import { allStoredFiles } from '../repositories/attachments';
import { schemaAndCaseCount } from '../repositories/operations';
import type { SnapshotContents } from './backupFormat';

/** A snapshot in memory. */
export interface Snapshot {
  takenAt: Date;
  /** The data folder as a gzip tarball (PGlite's format; restored with loadDataDir). */
  data: Buffer;
  sha256: string;
  contents: SnapshotContents;
}

/** Takes a snapshot of `db` now. */
export async function takeSnapshot(db: EmbeddedDatabase): Promise<Snapshot> {
  const { data, read } = await db.snapshot(async (q): Promise<SnapshotContents> => {
    const { schema, cases } = await schemaAndCaseCount(q);
    const files = await allStoredFiles(q);
    return { schema, cases, files: files.map((f) => ({ key: f.storageKey, sha256: f.sha256, size: f.size })) };
  });
  const bytes = Buffer.from(await data.arrayBuffer());
  return { takenAt: new Date(), data: bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), contents: read };
}
