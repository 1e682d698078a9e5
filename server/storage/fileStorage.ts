/**
 * Where attachment bytes live, behind one small interface so a deployment can swap local disk for an
 * object store (FILE_STORAGE=local|s3; openFileStorage.ts picks one, s3Storage.ts is the other). The
 * default keeps files under DATA_DIR/uploads — outside the web root, named by random keys (never the
 * uploaded name) — and writes each to a temporary name first, renaming it into place only when it is
 * complete, so a half-received file is never served. Files left without a row by a crash are found
 * through list() and deleted by jobs/orphanFileSweeper.ts, whichever storage holds them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file being received: write to `stream`, then `keep()` it (returns its key) or `discard()` it. */
export interface IncomingFile {
  stream: Writable;
  keep(): Promise<string>;
  discard(): Promise<void>;
}

/** A kept file as the storage lists it. */
export interface StoredFile {
  key: string;
  /** When its bytes were last written (the end of its upload). */
  modifiedAt: Date;
}

/** The storage module's interface. */
export interface FileStorage {
  /** Starts receiving a new file. */
  begin(): IncomingFile;
  /** The bytes of a kept file. */
  read(key: string): Readable;
  /** Deletes a kept file; deleting one that is already gone is not an error (another instance may have). */
  remove(key: string): Promise<void>;
  /** Every kept file. A file deleted while the listing runs may or may not appear. */
  list(): AsyncIterable<StoredFile>;
  /** Deletes temporary parts of uploads last written before `writtenBefore` (the process died mid-upload); returns how many. */
  removeIncomplete(writtenBefore: Date): Promise<number>;
  /**
   * Records `ownerId` as the database whose attachment rows describe these files, unless an owner is
   * recorded already; returns the recorded owner. The orphan sweep deletes nothing when it is not its own.
   */
  claimOwner(ownerId: string): Promise<string>;
  /**
   * Stores `body` under `key`, a key this interface made before (restoring a backup), replacing what
   * is there; the file appears whole or not at all.
   */
  put(key: string, body: Readable): Promise<void>;
  /** Lets go of what the storage holds open (an object store's connections); the server is stopping. */
  close(): Promise<void>;
}

const KEY_PATTERN = /^[a-f0-9]{32}$/;

/** Whether `key` is a name this module makes (32 hex digits): anything else is never read or listed. */
export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** A new random key: never derived from a person, a name or the content. */
export function newStorageKey(): string {
  return crypto.randomBytes(16).toString('hex');
}
const SHARD_PATTERN = /^[a-f0-9]{2}$/;
const PART_PATTERN = /^[a-f0-9]{32}\.part$/;
const OWNER_FILE = 'OWNER';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Entries of a folder, or none when it is gone (another instance may be cleaning up). */
async function entriesOf(dir: string): Promise<fs.Dirent[]> {
  try {
    return await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

/** When a file was last written, or undefined when it is gone. */
async function modifiedAt(file: string): Promise<Date | undefined> {
  try {
    return (await fs.promises.stat(file)).mtime;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

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
    const key = newStorageKey();
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

  async *list(): AsyncIterable<StoredFile> {
    // Only names this module makes are listed: the owner marker and tmp/ are never attachments.
    for (const first of await entriesOf(this.root)) {
      if (!first.isDirectory() || !SHARD_PATTERN.test(first.name)) continue;
      for (const second of await entriesOf(path.join(this.root, first.name))) {
        if (!second.isDirectory() || !SHARD_PATTERN.test(second.name)) continue;
        const dir = path.join(this.root, first.name, second.name);
        for (const entry of await entriesOf(dir)) {
          if (!entry.isFile() || !KEY_PATTERN.test(entry.name)) continue;
          const at = await modifiedAt(path.join(dir, entry.name));
          if (at) yield { key: entry.name, modifiedAt: at };
        }
      }
    }
  }

  async removeIncomplete(writtenBefore: Date): Promise<number> {
    let removed = 0;
    for (const entry of await entriesOf(this.tmpDir)) {
      if (!entry.isFile() || !PART_PATTERN.test(entry.name)) continue;
      const file = path.join(this.tmpDir, entry.name);
      const at = await modifiedAt(file);
      if (!at || at.getTime() >= writtenBefore.getTime()) continue;
      await fs.promises.rm(file, { force: true });
      removed += 1;
    }
    return removed;
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    const tmp = path.join(this.tmpDir, `${newStorageKey()}.part`);
    try {
      await pipeline(body, fs.createWriteStream(tmp, { mode: 0o600 }));
      await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await fs.promises.rename(tmp, target);
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async close(): Promise<void> {
    // Nothing held open: each read and write opens its own file.
  }

  async claimOwner(ownerId: string): Promise<string> {
    const file = path.join(this.root, OWNER_FILE);
    const draft = path.join(this.tmpDir, `owner-${crypto.randomBytes(8).toString('hex')}`);
    await fs.promises.writeFile(draft, ownerId, { mode: 0o600 });
    try {
      // link() never replaces an existing file and appears whole, so instances claiming at once agree
      // on the first one and nobody reads a half-written marker.
      await fs.promises.link(draft, file);
      return ownerId;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return (await fs.promises.readFile(file, 'utf8')).trim();
    } finally {
      await fs.promises.rm(draft, { force: true });
    }
  }
}
