/**
 * `npm run admin -- restore <dir>`: brings a backup made by `backup` into a fresh installation — the
 * embedded database into DATA_DIR/pglite and every file into the configured storage.
 *
 * It checks before it writes anything: the manifest is there (the backup finished), the database copy
 * has the bytes the manifest names, the installation's DATA_KEY is the one the data was encrypted with
 * (the manifest's check value), and DATA_DIR holds no database yet. The database is unpacked into
 * DATA_DIR/pglite.restoring under the database lock and renamed into place only when every file is
 * stored and matches its SHA-256, so a restore cut off half-way leaves no installation that starts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../db/pgliteExtensions';
import type { Config } from '../config';
import { DataDirInUse, lockDataDir } from '../db/connect';
import { EmbeddedDatabase } from '../db/database';
import { openFileStorage } from '../storage/openFileStorage';
import { HashingStream } from '../storage/hashingStream';
import { isStorageKey } from '../storage/fileStorage';
import { allStoredFiles } from '../repositories/attachments';
import { countAllCases } from '../repositories/cases';
import { BACKUP_FORMAT, BackupRefused, DATABASE_FILE, dataKeyCheck, FILES_DIR, MANIFEST_FILE, type BackupManifest } from './backupFormat';
import { embeddedDataDir } from './backupWriter';

/** What was restored, for the command's report. */
export interface RestoreResult {
  manifest: BackupManifest;
  cases: number;
  files: number;
}

function readManifest(folder: string): BackupManifest {
  const file = path.join(folder, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new BackupRefused('not_a_backup', { dir: folder });
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new BackupRefused('unknown_format', { format: String(manifest.format) });
  return manifest;
}

function isEmptyFolder(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/** Restores the backup in `dir` into the configured (fresh) installation. */
export async function restoreBackup(config: Config, dir: string): Promise<RestoreResult> {
  if (config.databaseUrl) throw new BackupRefused('server_database');
  const folder = path.resolve(dir);
  const manifest = readManifest(folder);
  if (dataKeyCheck(config.dataKey) !== manifest.dataKeyCheck) throw new BackupRefused('wrong_data_key');
  const data = fs.readFileSync(path.join(folder, DATABASE_FILE));
  if (data.length !== manifest.database.bytes || crypto.createHash('sha256').update(data).digest('hex') !== manifest.database.sha256) {
    throw new BackupRefused('damaged', { file: DATABASE_FILE });
  }
  const target = embeddedDataDir(config);
  if (!isEmptyFolder(target)) throw new BackupRefused('not_fresh', { dir: target });

  fs.mkdirSync(config.dataDir, { recursive: true });
  let release: () => void;
  try {
    release = lockDataDir(target);
  } catch (err) {
    if (err instanceof DataDirInUse) throw new BackupRefused('database_in_use', { pid: err.pid });
    throw err;
  }
  const staging = `${target}.restoring`;
  const storage = openFileStorage(config);
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    const pglite = new PGlite(staging, { loadDataDir: new Blob([data]), extensions: PGLITE_EXTENSIONS });
    await pglite.waitReady;
    const db = new EmbeddedDatabase(pglite, () => pglite.close());
    let cases: number;
    let rows: { storageKey: string; sha256: string }[];
    try {
      cases = await countAllCases(db);
      rows = await allStoredFiles(db);
    } finally {
      await db.close();
    }
    if (cases !== manifest.contents.cases || rows.length !== manifest.contents.files.length) throw new BackupRefused('damaged', { file: DATABASE_FILE });

    const missing = new Set(manifest.missingFiles);
    let files = 0;
    for (const row of rows) {
      if (missing.has(row.storageKey)) continue;
      if (!isStorageKey(row.storageKey)) throw new BackupRefused('damaged', { file: row.storageKey });
      const source = path.join(folder, FILES_DIR, row.storageKey);
      if (!fs.existsSync(source)) throw new BackupRefused('damaged', { file: `${FILES_DIR}/${row.storageKey}` });
      const digest = new HashingStream();
      const input = fs.createReadStream(source);
      input.on('error', (err) => digest.destroy(err));
      // Hashed on the way in; a copy whose bytes are not the uploaded ones is taken out again.
      await storage.put(row.storageKey, input.pipe(digest));
      if (digest.hash.digest('hex') !== row.sha256) {
        await storage.remove(row.storageKey);
        throw new BackupRefused('damaged', { file: `${FILES_DIR}/${row.storageKey}` });
      }
      files += 1;
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return { manifest, cases, files };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    await storage.close();
    release();
  }
}
