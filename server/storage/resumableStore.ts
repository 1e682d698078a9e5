/**
 * Where the bytes of resumable uploads wait until they are complete: tus's FileStore (@tus/file-store)
 * in a folder of the local disk, one part file per upload plus tus's small `<id>.json` record. Nothing
 * here is an attachment: a finished upload is checked and then copied into the attachment storage
 * (storage/fileStorage.ts, which may be an object store) by commands/resumableUploadFinisher.ts, and
 * its part deleted. The folder is `<root>/<id of this database>` so that two databases pointed at one
 * data folder (test servers, a restored backup beside the live install) never sweep each other's
 * uploads (jobs/resumableUploadSweeper.ts deletes parts by what this database knows of them).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/server' with { 'resolution-mode': 'import' };

/** A part file as the store lists it. */
export interface StoredPart {
  id: string;
  /** When its last bytes arrived. */
  modifiedAt: Date;
}

const ID_PATTERN = /^[a-f0-9]{32}$/;
const RECORD_PATTERN = /^([a-f0-9]{32})\.json$/;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** The parts of resumable uploads of one database. */
export class ResumableStore {
  private folder: Promise<string> | undefined;

  /**
   * `root` holds one folder per database; `databaseId` names this database's (it is read from the
   * database on first use, so the store can be built before the database answers).
   */
  constructor(
    private readonly root: string,
    private readonly databaseId: () => Promise<string>,
  ) {}

  /** This database's folder, made on first use. */
  directory(): Promise<string> {
    this.folder ??= this.databaseId().then(async (id) => {
      const dir = path.join(this.root, id);
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      return dir;
    });
    // A failure (the database not answering) must not stick: the next request tries again.
    this.folder.catch(() => {
      this.folder = undefined;
    });
    return this.folder;
  }

  /** tus's FileStore over this folder (@tus/file-store is ESM-only: loaded with import()). */
  async dataStore(): Promise<DataStore> {
    const { FileStore } = await import('@tus/file-store');
    return new FileStore({ directory: await this.directory() });
  }

  private async pathOf(id: string): Promise<string> {
    if (!ID_PATTERN.test(id)) throw new Error('Invalid upload id');
    return path.join(await this.directory(), id);
  }

  /** How many bytes of the upload have arrived, or undefined when its part is gone. */
  async offset(id: string): Promise<number | undefined> {
    try {
      return (await fs.promises.stat(await this.pathOf(id))).size;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** The first `length` bytes of the part (fewer when it is shorter). */
  async head(id: string, length: number): Promise<Buffer> {
    const handle = await fs.promises.open(await this.pathOf(id), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** The part's bytes. */
  async read(id: string): Promise<Readable> {
    return fs.createReadStream(await this.pathOf(id));
  }

  /** Deletes the part and tus's record of it; deleting what is already gone is not an error. */
  async remove(id: string): Promise<void> {
    const file = await this.pathOf(id);
    await fs.promises.rm(file, { force: true });
    await fs.promises.rm(`${file}.json`, { force: true });
  }

  /** Every upload with a part or a tus record in the folder (a record without a part counts, last written then). */
  async *list(): AsyncIterable<StoredPart> {
    const dir = await this.directory();
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    const ids = new Set<string>();
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const id = ID_PATTERN.test(entry.name) ? entry.name : RECORD_PATTERN.exec(entry.name)?.[1];
      if (id) ids.add(id);
    }
    for (const id of ids) {
      const at = await this.lastWritten(path.join(dir, id));
      if (at) yield { id, modifiedAt: at };
    }
  }

  /** When the part (or, without one, its record) was last written; undefined when both are gone. */
  private async lastWritten(file: string): Promise<Date | undefined> {
    for (const candidate of [file, `${file}.json`]) {
      try {
        return (await fs.promises.stat(candidate)).mtime;
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return undefined;
  }
}
