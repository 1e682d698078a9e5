/**
 * The send queue in a page: keeps the list every screen shows and sends it by itself — when the page
 * opens (any page: the layout starts it), when the signal returns (`online`), when the tab comes back
 * to the front, on a timer with backoff, and right after a complaint is saved. Background Sync is
 * asked for too, so the service worker can send while no page is open. Tabs and the worker share one
 * lock; the server's idempotency keys make any overlap harmless.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { AttachmentLimitsDto } from '../../../shared/types/intake';
import { checkFileOnDevice } from '../media/fileCheck';
import type { StoredFile } from './deviceDb';
import { requestQueueSync } from './backgroundSync';
import { pageTransport } from './pageTransport';
import { withQueueLock } from './queueLock';
import { backoffMs, sendRound } from './queueSender';
import { onQueueChanged, readAllQueued, removeQueued, saveQueued, updateQueued } from './queueStore';
import type { QueuedComplaint } from './queueTypes';

/** What the screens show. */
export interface QueueSnapshot {
  /** False until the phone's database was read once. */
  loaded: boolean;
  /** Every complaint on this phone, oldest first (screens show only their viewer's). */
  items: QueuedComplaint[];
  /** The complaint being sent now, with the file and its progress. */
  active: { id: string; fileId?: string; loaded?: number; total?: number } | null;
  /** Accounts whose complaints wait for that person to log in again. */
  needsLogin: string[];
  /** Whether the last round reached the server. */
  reached: boolean | null;
}

let snapshot: QueueSnapshot = { loaded: false, items: [], active: null, needsLogin: [], reached: null };
const listeners = new Set<() => void>();
let started = false;
let running = false;
let again = false;
let timer: number | undefined;
// Rounds in a row that could not reach the server at all: the next one waits longer, like a complaint's own tries.
let unreachableRounds = 0;
// When the lock is held elsewhere (another tab, the worker), look again shortly.
const BUSY_RETRY_MS = 3_000;

function publish(change: Partial<QueueSnapshot>): void {
  snapshot = { ...snapshot, ...change };
  for (const listener of listeners) listener();
}

async function reload(): Promise<void> {
  try {
    publish({ loaded: true, items: await readAllQueued() });
  } catch {
    // No IndexedDB here (some private modes): the queue stays empty and the form says it needs the signal.
    publish({ loaded: true });
  }
}

function schedule(at: number | null): void {
  window.clearTimeout(timer);
  if (at === null) return;
  timer = window.setTimeout(() => void runQueue(false), Math.max(0, at - Date.now()));
}

/** Runs a round now (`force`: every waiting complaint, backoff or not); a call during a round runs another after it. */
export async function runQueue(force = true): Promise<void> {
  if (running) {
    again = again || force;
    return;
  }
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  running = true;
  try {
    const result = await withQueueLock(() =>
      sendRound(pageTransport, { force, observer: { active: (id, fileId, loaded, total) => publish({ active: id ? { id, fileId, loaded, total } : null }) } }),
    );
    if (result === 'busy') {
      schedule(Date.now() + BUSY_RETRY_MS);
    } else {
      publish({ needsLogin: result.needsLogin, reached: result.reached });
      unreachableRounds = result.reached ? 0 : unreachableRounds + 1;
      const pending = snapshot.items.some(isPending);
      // Not even the session answered: nothing was tried, so nothing set its own time; try again later.
      schedule(result.reached ? result.nextAttemptAt : pending ? Date.now() + backoffMs(unreachableRounds) : null);
      if (pending) void requestQueueSync();
    }
  } catch (error) {
    // The phone's database failed under us; try again later rather than lose anything.
    console.warn('send queue round failed', error);
    schedule(Date.now() + BUSY_RETRY_MS);
  } finally {
    running = false;
    await reload();
  }
  if (again) {
    again = false;
    await runQueue(true);
  }
}

/** Starts the queue in this page once: reads it and sends what waits, then listens for the signal. */
export function startSendQueue(): void {
  if (started) return;
  started = true;
  onQueueChanged(() => void reload());
  window.addEventListener('online', () => void runQueue(true));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void runQueue(true);
  });
  void reload().then(() => runQueue(true));
}

/**
 * Saves a complaint with its files on the phone and tries to send it at once. Each file is checked on
 * the phone first (media/fileCheck.ts, against `limits` when known): one the server would refuse is
 * kept in the list as refused, with the server's own words, and its bytes are not kept or sent; the
 * complaint and its other files go as usual.
 */
export async function enqueueComplaint(
  item: QueuedComplaint,
  files: Omit<StoredFile, 'complaintId'>[],
  limits: Pick<AttachmentLimitsDto, 'maxFileBytes'> | undefined,
): Promise<void> {
  const refused = new Map<string, Pick<QueuedComplaint['files'][number], 'reason' | 'reasonCode'>>();
  for (const file of files) {
    try {
      const verdict = await checkFileOnDevice(file.blob, limits, file.name);
      if (!verdict.ok) refused.set(file.id, { reason: verdict.message });
    } catch (error) {
      // The file cannot be read any more (moved or deleted since it was chosen): nothing of it can be sent.
      console.warn('a file chosen for a complaint could not be read', error);
      refused.set(file.id, { reasonCode: 'lost' });
    }
  }
  const checked: QueuedComplaint = { ...item, files: item.files.map((f) => (refused.has(f.id) ? { ...f, state: 'refused', ...refused.get(f.id) } : f)) };
  await saveQueued(
    checked,
    files.filter((f) => !refused.has(f.id)),
  );
  await reload();
  void requestQueueSync();
  void runQueue(true);
}

/**
 * Waits for the first try of a complaint just saved: `arrived` (filed), `refused` (the server said no,
 * the form can show why), or `waiting` (no signal, or not yet after `timeoutMs`).
 */
export function firstOutcome(id: string, timeoutMs: number): Promise<'arrived' | 'refused' | 'waiting'> {
  return new Promise((resolve) => {
    const decide = (): boolean => {
      const item = snapshot.items.find((i) => i.id === id);
      if (!item) return false;
      if (item.state === 'filed' || item.state === 'done') resolve('arrived');
      else if (item.state === 'refused') resolve('refused');
      else if (item.failures > 0 || snapshot.needsLogin.includes(item.owner) || navigator.onLine === false) resolve('waiting');
      else return false;
      return true;
    };
    if (decide()) return;
    const off = subscribe(() => {
      if (decide()) finish();
    });
    const timeout = window.setTimeout(() => {
      resolve('waiting');
      finish();
    }, timeoutMs);
    function finish() {
      off();
      window.clearTimeout(timeout);
    }
  });
}

/** The person saved the receipt key: it is never shown again. */
export async function confirmKeySaved(id: string): Promise<void> {
  await updateQueued(id, (i) => ({ ...i, receipt: { ...i.receipt, keyConfirmed: true, key: null } }));
  await reload();
}

/** Forgets a complaint (discarded before it was sent, or taken off the list once it arrived). */
export async function forgetQueued(id: string): Promise<void> {
  await removeQueued(id);
  await reload();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The queue as screens show it; starts it in this page on first use. */
export function useSendQueue(): QueueSnapshot {
  useEffect(() => startSendQueue(), []);
  return useSyncExternalStore(subscribe, () => snapshot);
}

/** Whether a complaint still has something to send. */
export function isPending(item: QueuedComplaint): boolean {
  return item.state === 'waiting' || item.state === 'filed';
}
