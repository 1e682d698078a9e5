/**
 * The phone's own database (IndexedDB through `idb`): complaints waiting to be sent, with the files
 * themselves (a File is kept as it is; localStorage could not hold it), and copies of the data the intake
 * form needs, so it still works when the signal goes. Survives reloads, closing the browser and
 * restarting the phone. Opened from pages and from the service worker alike.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { QueuedComplaint } from './queueTypes';

/** A file of a queued complaint: the bytes, until the server has them. */
export interface StoredFile {
  id: string;
  complaintId: string;
  /** The File (or Blob) as chosen or recorded on the phone. */
  blob: Blob;
  name: string;
  type: string;
}

/** A copy of an API answer the form needs offline (mechanism lists, data policy, upload limits). */
export interface DeviceCopy {
  key: string;
  value: unknown;
  savedAt: string;
}

interface DeviceSchema extends DBSchema {
  complaints: { key: string; value: QueuedComplaint };
  files: { key: string; value: StoredFile; indexes: { byComplaint: string } };
  copies: { key: string; value: DeviceCopy };
}

const DB_NAME = 'puente-device';
const DB_VERSION = 1;

let opening: Promise<IDBPDatabase<DeviceSchema>> | null = null;

/**
 * The database, opened once per page or worker. Rejects where IndexedDB is unavailable (private modes of
 * some browsers). `idb` is downloaded on this first use: nothing needs the database to draw the first screen.
 */
export function deviceDb(): Promise<IDBPDatabase<DeviceSchema>> {
  opening ??= import('idb')
    .then(({ openDB }) =>
      openDB<DeviceSchema>(DB_NAME, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('complaints', { keyPath: 'id' });
          const files = db.createObjectStore('files', { keyPath: 'id' });
          files.createIndex('byComplaint', 'complaintId');
          db.createObjectStore('copies', { keyPath: 'key' });
        },
        // Another tab holds an older version open: let it go so this one can upgrade next time.
        blocking() {
          void opening?.then((db) => db.close());
          opening = null;
        },
      }),
    )
    .catch((error: unknown) => {
      opening = null;
      throw error;
    });
  return opening;
}

/** Keeps a copy of `value` under `key`. Never throws: a copy is a convenience. */
export async function keepCopy(key: string, value: unknown): Promise<void> {
  try {
    await (await deviceDb()).put('copies', { key, value, savedAt: new Date().toISOString() });
  } catch {
    // Without storage the form simply needs the signal, as before.
  }
}

/** The copy kept under `key`, if any. */
export async function readCopy<T>(key: string): Promise<T | undefined> {
  try {
    return (await (await deviceDb()).get('copies', key))?.value as T | undefined;
  } catch {
    return undefined;
  }
}
