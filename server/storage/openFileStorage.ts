/**
 * The storage the configuration names (FILE_STORAGE): local disk under DATA_DIR/uploads by default, or
 * an S3-compatible object store that every app server shares. See docs/scaling.md.
 */
import path from 'node:path';
import type { Config } from '../config';
import { LocalDiskStorage, type FileStorage } from './fileStorage';

/** Opens the configured file storage. */
export function openFileStorage(config: Pick<Config, 'dataDir' | 'fileStorage'>): FileStorage {
  const chosen = config.fileStorage;
  if (chosen.kind === 'local') return new LocalDiskStorage(path.join(config.dataDir, 'uploads'));
  // Loaded only when chosen: the AWS SDK costs start-up time and memory an embedded install never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3Storage } = require('./s3Storage') as typeof import('./s3Storage');
  return new S3Storage(chosen);
}
