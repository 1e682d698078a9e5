/**
 * Where attachment bytes live, behind one small interface so a deployment can swap local disk for an
 * object store. The default keeps files under DATA_DIR/uploads — outside the web root, named by random
 * keys (never the uploaded name) — and writes each to a temporary name first, renaming it into place
 * only when it is complete, so a half-received file is never served.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** A file being received: write to `stream`, then `keep()` it (returns its key) or `discard()` it. */
export interface IncomingFile {
  stream: Writable;
  keep(): Promise<string>;
  discard(): Promise<void>;
}

/** The storage module's interface. */
export interface FileStorage {
  /** Starts receiving a new file. */
  begin(): IncomingFile;
  /** The bytes of a kept file. */
  read(key: string): Readable;
  /** Deletes a kept file (used when the database refuses its row). */
  remove(key: string): Promise<void>;
}

const KEY_PATTERN = /^[a-f0-9]{32}$/;

/** Files on the local disk under `root`. */
export class LocalDiskStorage implements FileStorage {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error('Invalid storage key');
    // Two levels of folders keep any one folder small.
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  begin(): IncomingFile {
    const key = crypto.randomBytes(16).toString('hex');
    const tmp = path.join(this.tmpDir, `${key}.part`);
    const stream = fs.createWriteStream(tmp, { mode: 0o600 });
    const finished = new Promise<void>((resolve, reject) => {
      stream.once('close', resolve);
      stream.once('error', reject);
    });
    return {
      stream,
      keep: async () => {
        await finished;
        const target = this.pathOf(key);
        await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await fs.promises.rename(tmp, target);
        return key;
      },
      discard: async () => {
        stream.destroy();
        await finished.catch(() => undefined);
        await fs.promises.rm(tmp, { force: true });
      },
    };
  }

  read(key: string): Readable {
    return fs.createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
