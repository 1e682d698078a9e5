/**
 * One round of the send queue, the same in a page and in the service worker: for the person whose
 * session this is, each waiting complaint is filed (idempotent on its key), then each of its files is
 * uploaded (idempotent on its own key). A failure that may pass (no signal, server busy) waits longer
 * each time (backoff); a refusal for good is kept with the server's words; one file refused never holds
 * back the others nor the complaint. Complaints of other accounts wait for their person to log in.
 */
import { dropQueuedFile, readAllQueued, readQueuedFile, updateQueued } from './queueStore';
import type { StoredFile } from './deviceDb';
import { VISITOR, type QueuedComplaint, type QueuedFile, type Refusal } from './queueTypes';

/** An error as the API answers it (ApiError has this shape); status 0 when the server was never reached. */
export interface TransportError {
  status: number;
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}

/** How a round reaches the server: fetch/XHR in a page, fetch in the service worker. */
export interface QueueTransport {
  /** The account logged in now (null: nobody). Throws a TransportError when the server cannot be reached. */
  whoIsThere(): Promise<string | null>;
  /**
   * `POST /api/complaints` with the stored body, naming its owner (`x-expected-filer`); a complaint told
   * in a voice note goes as a form with the note's bytes (`voiceNote`), which must arrive with it.
   */
  file(item: QueuedComplaint, voiceNote?: StoredFile): Promise<{ caseId: string; reference: string }>;
  /** `POST /api/cases/:caseId/attachments?key=<file id>` with the file's bytes. */
  upload(item: QueuedComplaint & { caseId: string }, file: QueuedFile, stored: StoredFile, onProgress: (loaded: number, total: number) => void): Promise<void>;
}

/** What a round tells whoever shows the queue, while it runs. */
export interface RoundObserver {
  /** The complaint (and file) being sent now; null between them. */
  active?(complaintId: string | null, fileId?: string, loaded?: number, total?: number): void;
}

/** What a round found. */
export interface RoundResult {
  /** Whether the server answered at all (the session could be asked). */
  reached: boolean;
  /** Accounts whose complaints wait for that person to log in again on this phone. */
  needsLogin: string[];
  /** When the earliest waiting complaint of this session may be tried again (ms since epoch); null when none waits. */
  nextAttemptAt: number | null;
}

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 5 * 60_000;

/** How long to wait after `failures` failed tries in a row: doubling from 1 s to 5 min, ±25 % so phones do not retry in step. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const plain = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(plain * (0.75 + random() * 0.5));
}

/** Whether a failure may pass by itself: no signal, a timeout, the server busy or restarting, a stale token. */
export function isPassing(error: TransportError): boolean {
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500 || (error.status === 403 && error.code === 'csrf_failed');
}

function asTransportError(error: unknown): TransportError {
  const e = error as Partial<TransportError> | null;
  if (e && typeof e.status === 'number' && typeof e.code === 'string')
    return { status: e.status, code: e.code, message: e.message ?? '', fields: e.fields ?? [] };
  // Anything else (a dropped connection surfacing as a TypeError) is treated as no signal.
  return { status: 0, code: 'network', message: '', fields: [] };
}

class NeedsLogin extends Error {}

// A flaky line drops one request and carries the next: try again at once a few times before backing off.
const QUICK_TRIES = 3;

/** Runs `step`, again at once after a passing failure, up to QUICK_TRIES times; other failures go straight up. */
async function quickly<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= QUICK_TRIES || error instanceof NeedsLogin || !isPassing(asTransportError(error))) throw error;
    }
  }
}

/** Runs one round for this session. `force` tries every waiting complaint now, backoff or not. */
export async function sendRound(transport: QueueTransport, options: { force: boolean; observer?: RoundObserver; now?: () => number }): Promise<RoundResult> {
  const now = options.now ?? Date.now;
  let viewer: string;
  try {
    viewer = (await transport.whoIsThere()) ?? VISITOR;
  } catch {
    return { reached: false, needsLogin: [], nextAttemptAt: null };
  }
  const pending = (await readAllQueued()).filter((item) => item.state === 'waiting' || item.state === 'filed');
  const needsLogin = new Set(pending.filter((item) => item.owner !== viewer && item.owner !== VISITOR).map((item) => item.owner));
  for (const item of pending.filter((i) => i.owner === viewer)) {
    if (!options.force && item.nextAttemptAt && Date.parse(item.nextAttemptAt) > now()) continue;
    const outcome = await sendOne(transport, item, options.observer, now);
    if (outcome === 'needsLogin') needsLogin.add(item.owner);
  }
  const stillWaiting = (await readAllQueued()).filter((i) => i.owner === viewer && (i.state === 'waiting' || i.state === 'filed'));
  const times = stillWaiting.map((i) => (i.nextAttemptAt ? Date.parse(i.nextAttemptAt) : now()));
  return { reached: true, needsLogin: [...needsLogin], nextAttemptAt: times.length ? Math.min(...times) : null };
}

type Outcome = 'progressed' | 'needsLogin' | 'unreachable' | 'refused';

async function sendOne(transport: QueueTransport, item: QueuedComplaint, observer: RoundObserver | undefined, now: () => number): Promise<Outcome> {
  observer?.active?.(item.id);
  try {
    let current = item;
    if (current.state === 'waiting') {
      const waiting = current;
      // The voice note that is the complaint's account travels with the filing itself.
      const voiceFile = waiting.files.find((f) => f.voiceNote && f.state === 'waiting');
      const voiceNote = voiceFile ? await readQueuedFile(voiceFile.id) : undefined;
      if (voiceFile && !voiceNote) {
        // Its bytes are gone (storage cleared by the browser): the account cannot be sent; say so, keep the words.
        const refusal: Refusal = { status: 0, code: 'voice_note_lost', message: '', fields: [{ field: 'voiceNote', message: '' }] };
        await settleFile(current, voiceFile.id, { state: 'refused', reasonCode: 'lost' });
        await updateQueued(item.id, (i) => ({ ...i, state: 'refused', refusal, failures: 0, nextAttemptAt: null }));
        return 'refused';
      }
      current = await quickly(() => fileIt(transport, waiting, now, voiceNote));
      if (voiceFile) current = await settleFile(current, voiceFile.id, { state: 'sent' });
    }
    for (const file of current.files.filter((f) => f.state === 'waiting')) {
      const stored = await readQueuedFile(file.id);
      if (!stored) {
        // Its bytes are gone (storage cleared by the browser): nothing can be sent, say so once.
        current = await settleFile(current, file.id, { state: 'refused', reasonCode: 'lost' });
        continue;
      }
      try {
        const filed = current as QueuedComplaint & { caseId: string };
        await quickly(() => uploadWithProof(transport, filed, file, stored, observer, now));
        current = await settleFile(current, file.id, { state: 'sent' });
      } catch (error) {
        const e = asTransportError(error);
        if (error instanceof NeedsLogin || isPassing(e)) throw error;
        // Refused for good (not a photo, too large, too many, case closed): shown with the server's words; the others go on.
        current = await settleFile(current, file.id, { state: 'refused', reason: e.message });
      }
    }
    if (current.state === 'filed' && current.files.every((f) => f.state !== 'waiting')) {
      // Everything arrived: the complaint's words and its key leave the (possibly shared) phone.
      await updateQueued(current.id, (i) => ({ ...i, state: 'done', body: null, draft: null, failures: 0, nextAttemptAt: null }));
    }
    return 'progressed';
  } catch (error) {
    if (error instanceof NeedsLogin) return 'needsLogin';
    const e = asTransportError(error);
    if (isPassing(e)) {
      await updateQueued(item.id, (i) => {
        const failures = i.failures + 1;
        return { ...i, failures, nextAttemptAt: new Date(now() + backoffMs(failures)).toISOString() };
      });
      return 'unreachable';
    }
    const refusal: Refusal = { status: e.status, code: e.code, message: e.message, fields: e.fields ?? [] };
    await updateQueued(item.id, (i) => (i.state === 'waiting' ? { ...i, state: 'refused', refusal, failures: 0, nextAttemptAt: null } : i));
    return 'refused';
  } finally {
    observer?.active?.(null);
  }
}

async function fileIt(transport: QueueTransport, item: QueuedComplaint, now: () => number, voiceNote?: StoredFile): Promise<QueuedComplaint> {
  try {
    const filed = await transport.file(item, voiceNote);
    const stored = await updateQueued(item.id, (i) => ({
      ...i,
      state: i.state === 'waiting' ? 'filed' : i.state,
      caseId: filed.caseId,
      reference: filed.reference,
      arrivedAt: i.arrivedAt ?? new Date(now()).toISOString(),
      refusal: null,
      failures: 0,
      nextAttemptAt: null,
    }));
    return stored!;
  } catch (error) {
    // 401: the session is no longer this complaint's filer (expired, or someone else logged in).
    if (asTransportError(error).status === 401) throw new NeedsLogin();
    throw error;
  }
}

/**
 * Uploads one file. When the session lost the right to attach (an anonymous session expired while the
 * phone had no signal), the complaint is sent again: filing is idempotent, carries the receipt key, and
 * gives this session the case back; then the file goes. Accounts must log in again instead.
 */
async function uploadWithProof(
  transport: QueueTransport,
  item: QueuedComplaint & { caseId: string },
  file: QueuedFile,
  stored: StoredFile,
  observer: RoundObserver | undefined,
  now: () => number,
): Promise<void> {
  const progress = (loaded: number, total: number) => observer?.active?.(item.id, file.id, loaded, total);
  try {
    await transport.upload(item, file, stored, progress);
  } catch (error) {
    const e = asTransportError(error);
    if (e.status !== 401 && e.status !== 404) throw error;
    if (item.owner !== VISITOR) {
      if (e.status === 401) throw new NeedsLogin();
      throw error;
    }
    if (!item.body) throw error;
    await fileIt(transport, item, now);
    await transport.upload(item, file, stored, progress);
  }
}

async function settleFile(item: QueuedComplaint, fileId: string, change: Partial<QueuedFile> & { reasonCode?: 'lost' }): Promise<QueuedComplaint> {
  const { reasonCode, ...rest } = change;
  await dropQueuedFile(fileId);
  const stored = await updateQueued(item.id, (i) => ({
    ...i,
    files: i.files.map((f) => (f.id === fileId ? { ...f, ...rest, ...(reasonCode ? { reasonCode } : {}) } : f)),
    // A file settled is progress: on a line that drops some requests, the next try must not wait longer
    // for the failures before it (as filing the complaint resets them too).
    failures: 0,
  }));
  return stored ?? item;
}
