/**
 * `npm run admin -- backup <dir>`: a copy of the embedded database and of every attachment it refers
 * to, taken while the server runs, that `restore` brings back into a fresh installation.
 *
 * 1. The database: a snapshot from the running server through the admin socket (adminChannel.ts), or,
 *    when no server runs, from the folder opened here. Either way one consistent moment, with the list
 *    of attachment rows read in that same moment.
 * 2. The files: exactly those rows' files, read through the storage module (local disk or S3), each
 *    checked against the SHA-256 its row recorded at upload. They are copied after the snapshot, and
 *    that is safe: a file is kept before its row commits and nothing deletes a file that has a row, so
 *    every row of the snapshot finds its file. Files uploaded after the snapshot are not needed.
 * 3. manifest.json, last: a folder without it is an interrupted backup, and restore refuses it.
 * Refused (nothing written) for a PostgreSQL server (pg_dump does that: docs/backups.md) and for a
 * folder that already holds something.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config';
import { connectDatabase, DataDirInUse } from '../db/connect';
import { EmbeddedDatabase } from '../db/database';
import { openFileStorage } from '../storage/openFileStorage';
import { HashingStream } from '../storage/hashingStream';
import type { FileStorage } from '../storage/fileStorage';
import { logger } from '../logger';
import { BACKUP_FORMAT, BackupRefused, DATABASE_FILE, dataKeyCheck, FILES_DIR, MANIFEST_FILE, type BackedUpFile, type BackupManifest } from './backupFormat';
import { requestSnapshot, type SnapshotHeader } from './adminChannel';
import { takeSnapshot } from './snapshot';

/** What a backup holds, for the command's report. */
export interface BackupResult {
  manifest: BackupManifest;
  /** Whether the running server took the snapshot (otherwise no server ran on the folder). */
  fromRunningServer: boolean;
  /** Bytes written: database and files. */
  bytes: number;
}

/** The embedded database's folder for a configuration. */
export function embeddedDataDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pglite');
}

/** Creates `dir` for a backup, refusing one that holds anything already (an older backup must never be mixed in). */
function prepareFolder(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new BackupRefused('folder_not_empty', { dir });
  fs.mkdirSync(path.join(dir, FILES_DIR), { recursive: true, mode: 0o700 });
}

/** A snapshot taken by this process: no server runs on the folder. */
async function snapshotHere(config: Config, file: string): Promise<SnapshotHeader> {
  const folder = embeddedDataDir(config);
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) throw new BackupRefused('no_database', { dir: folder });
  let db;
  try {
    db = await connectDatabase({ kind: 'embedded', dataDir: folder });
  } catch (err) {
    // A server holds the folder but did not answer on its admin socket.
    if (err instanceof DataDirInUse) throw new BackupRefused('database_in_use', { pid: err.pid });
    throw err;
  }
  try {
    if (!(db instanceof EmbeddedDatabase)) throw new Error('expected the embedded database');
    const snapshot = await takeSnapshot(db);
    fs.writeFileSync(file, snapshot.data, { mode: 0o600 });
    return { takenAt: snapshot.takenAt.toISOString(), bytes: snapshot.data.length, sha256: snapshot.sha256, contents: snapshot.contents };
  } finally {
    await db.close();
  }
}

/** Copies one file from the storage into the backup; false when it is missing or its bytes are not the uploaded ones. */
async function copyFile(storage: FileStorage, file: BackedUpFile, target: string): Promise<boolean> {
  const digest = new HashingStream();
  try {
    await pipeline(storage.read(file.key), digest, fs.createWriteStream(target, { mode: 0o600 }));
  } catch (err) {
    logger.error('a stored file could not be read for the backup', { err, storageKey: file.key });
    fs.rmSync(target, { force: true });
    return false;
  }
  if (digest.bytes === file.size && digest.hash.digest('hex') === file.sha256) return true;
  logger.error('a stored file differs from what was uploaded; left out of the backup', { storageKey: file.key, bytes: digest.bytes, expectedBytes: file.size });
  fs.rmSync(target, { force: true });
  return false;
}

/** Writes a backup of the configured installation into `dir`. */
export async function writeBackup(config: Config, dir: string): Promise<BackupResult> {
  if (config.databaseUrl) throw new BackupRefused('server_database');
  const folder = path.resolve(dir);
  prepareFolder(folder);
  const databaseFile = path.join(folder, DATABASE_FILE);
  const fromServer = await requestSnapshot(config.dataDir, databaseFile);
  const header = fromServer ?? (await snapshotHere(config, databaseFile));

  const storage = openFileStorage(config);
  const missingFiles: string[] = [];
  let bytes = header.bytes;
  try {
    for (const file of header.contents.files) {
      if (await copyFile(storage, file, path.join(folder, FILES_DIR, file.key))) bytes += file.size;
      else missingFiles.push(file.key);
    }
  } finally {
    await storage.close();
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    takenAt: header.takenAt,
    database: { file: DATABASE_FILE, bytes: header.bytes, sha256: header.sha256 },
    contents: header.contents,
    missingFiles,
    dataKeyCheck: dataKeyCheck(config.dataKey),
  };
  const draft = path.join(folder, `${MANIFEST_FILE}.part`);
  fs.writeFileSync(draft, JSON.stringify(manifest, null, 2), { mode: 0o600 });
  fs.renameSync(draft, path.join(folder, MANIFEST_FILE));
  logger.info('backup written', {
    cases: manifest.contents.cases,
    files: manifest.contents.files.length - missingFiles.length,
    missing: missingFiles.length,
    bytes,
  });
  return { manifest, fromRunningServer: fromServer !== undefined, bytes };
}
