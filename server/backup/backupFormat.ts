/**
 * What a backup folder holds (`npm run admin -- backup <dir>`), in one place for the writer and the
 * restorer. See docs/backups.md.
 *
 *   manifest.json      what the copy holds, written last: a folder without it is not a backup
 *   database.tar.gz    the embedded database's data folder, from one consistent snapshot
 *   files/<key>        the bytes of every attachment the snapshot has a row for, checked against its SHA-256
 *
 * DATA_KEY is never written here: a backup with its key would hand every protected identity to
 * whoever finds it. The manifest keeps only a check value, so a restore can tell that it was given
 * the right key before it writes anything.
 */
import crypto from 'node:crypto';

/** Bumped when the layout changes; a restore refuses formats it does not know. */
export const BACKUP_FORMAT = 1;
export const MANIFEST_FILE = 'manifest.json';
export const DATABASE_FILE = 'database.tar.gz';
export const FILES_DIR = 'files';

/** One attachment's file as the snapshot's row describes it. */
export interface BackedUpFile {
  key: string;
  sha256: string;
  size: number;
}

/** What the database held at the instant of the snapshot (read in the same transaction). */
export interface SnapshotContents {
  /** The last migration applied: a restore into an older Puente would not know the schema. */
  schema: string;
  cases: number;
  files: BackedUpFile[];
}

/** manifest.json. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** When the snapshot was taken (ISO 8601). */
  takenAt: string;
  database: { file: typeof DATABASE_FILE; bytes: number; sha256: string };
  contents: SnapshotContents;
  /** Keys whose file the storage could not give, or gave with other bytes: not in the backup. */
  missingFiles: string[];
  /** HMAC of a fixed text under DATA_KEY: tells whether a restore has the key this data was encrypted with. */
  dataKeyCheck: string;
}

/** The check value of `dataKey` kept in the manifest (it reveals nothing of the key). */
export function dataKeyCheck(dataKey: Buffer): string {
  return crypto.createHmac('sha256', dataKey).update('puente backup: is this the DATA_KEY of the data?').digest('base64url');
}

/**
 * A backup or restore refused for a reason the operator can fix; `code` names its message
 * (`admin:cli.refused.<code>`), `params` fill it in. Nothing was changed.
 */
export class BackupRefused extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`backup refused: ${code}`);
    this.name = 'BackupRefused';
  }
}
