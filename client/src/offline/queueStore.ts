/**
 * The send queue's storage: complaints and their files in the phone's database, written in one
 * transaction each, and a note to every tab (and the service worker) whenever something changed.
 */
import { deviceDb, type StoredFile } from './deviceDb';
import type { QueuedComplaint } from './queueTypes';

const CHANNEL = 'puente-send-queue';
const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;

function openChannel(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => {
    for (const listener of listeners) listener();
  };
  return channel;
}

/** Calls `listener` when the queue changed here, in another tab or in the service worker. */
export function onQueueChanged(listener: () => void): () => void {
  openChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function announce(): void {
  for (const listener of listeners) listener();
  openChannel()?.postMessage('changed');
}

/** Saves a new complaint with its files; saving one already there (same idempotency key) changes nothing. */
export async function saveQueued(item: QueuedComplaint, files: Omit<StoredFile, 'complaintId'>[]): Promise<void> {
  const db = await deviceDb();
  const tx = db.transaction(['complaints', 'files'], 'readwrite');
  const complaints = tx.objectStore('complaints');
  if (!(await complaints.get(item.id))) {
    await complaints.put(item);
    for (const file of files) await tx.objectStore('files').put({ ...file, complaintId: item.id });
  }
  await tx.done;
  announce();
}

/** Every queued complaint on this phone, oldest first. */
export async function readAllQueued(): Promise<QueuedComplaint[]> {
  const all = await (await deviceDb()).getAll('complaints');
  return all.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

/** One queued complaint. */
export async function readQueued(id: string): Promise<QueuedComplaint | undefined> {
  return (await deviceDb()).get('complaints', id);
}

/**
 * Changes one complaint in a transaction: `change` gets the stored one (it may have moved on in another
 * tab) and returns the new one, or undefined to leave it. Returns what is stored afterwards.
 */
export async function updateQueued(id: string, change: (item: QueuedComplaint) => QueuedComplaint | undefined): Promise<QueuedComplaint | undefined> {
  const db = await deviceDb();
  const tx = db.transaction('complaints', 'readwrite');
  const current = await tx.store.get(id);
  const next = current ? change(current) : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next) announce();
  return next ?? current;
}

/** The bytes of one queued file. */
export async function readQueuedFile(id: string): Promise<StoredFile | undefined> {
  return (await deviceDb()).get('files', id);
}

/** Forgets the bytes of one file (it arrived, or the server refused it for good). */
export async function dropQueuedFile(id: string): Promise<void> {
  await (await deviceDb()).delete('files', id);
}

/** Forgets a complaint and its files. */
export async function removeQueued(id: string): Promise<void> {
  const db = await deviceDb();
  const tx = db.transaction(['complaints', 'files'], 'readwrite');
  await tx.objectStore('complaints').delete(id);
  for (const key of await tx.objectStore('files').index('byComplaint').getAllKeys(id)) await tx.objectStore('files').delete(key);
  await tx.done;
  announce();
}

/** The files of a complaint still on the phone (for "Corregir": back into the form). */
export async function readQueuedFiles(complaintId: string): Promise<StoredFile[]> {
  return (await deviceDb()).getAllFromIndex('files', 'byComplaint', complaintId);
}
