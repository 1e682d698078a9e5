/**
 * Background Sync for the send queue (docs/offline-intake.md). The service worker (client/src/sw.ts)
 * calls `listenForQueueSync(self)`; pages register the sync tag whenever something waits, so the browser
 * wakes the worker when the signal returns even if no page of Puente is open. The worker sends with
 * fetch (no XHR there), in the language each complaint was written in.
 */
import { EXPECTED_FILER_HEADER } from '../../../shared/types/intake';
import { filingForm, filingPath } from './filingPath';
import { sendRound, type QueueTransport, type TransportError } from './queueSender';
import { withQueueLock } from './queueLock';

/** The Background Sync tag of the send queue. */
export const QUEUE_SYNC_TAG = 'puente-send-queue';

/** The part of a SyncEvent this module uses (the DOM library has no Background Sync types). */
interface SyncEventLike {
  tag: string;
  waitUntil(work: Promise<unknown>): void;
}

/** The part of a ServiceWorkerGlobalScope this module uses. */
interface SyncScope {
  addEventListener(type: 'sync', listener: (event: SyncEventLike) => void): void;
}

class WorkerError extends Error implements TransportError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';

async function call<T>(
  method: string,
  path: string,
  language: string,
  init: { body?: BodyInit; json?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...init.headers, Accept: 'application/json', 'Accept-Language': language };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  } catch {
    throw new WorkerError(0, 'network', '');
  }
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string; fields?: { field: string; message: string }[] } } | null;
  if (!response.ok) throw new WorkerError(response.status, body?.error?.code ?? 'server_unavailable', body?.error?.message ?? '', body?.error?.fields ?? []);
  return body as T;
}

/** The worker's transport: fetch with the session cookie and the CSRF token of `GET /api/session`. */
export const workerTransport: QueueTransport = {
  async whoIsThere() {
    const info = await call<{ user: { id: string } | null; csrfToken: string }>('GET', '/api/session', 'es');
    csrfToken = info.csrfToken;
    return info.user?.id ?? null;
  },
  async file(item, voiceNote) {
    const headers = { [EXPECTED_FILER_HEADER]: item.owner };
    const answer = await call<{ caseId: string; reference: string }>(
      'POST',
      filingPath(item),
      item.language,
      voiceNote ? { body: filingForm(item, voiceNote), headers } : { json: item.body, headers },
    );
    return { caseId: answer.caseId, reference: answer.reference };
  },
  async upload(item, file, stored, onProgress) {
    const form = new FormData();
    form.append('file', stored.blob, stored.name);
    await call('POST', `/api/cases/${item.caseId}/attachments?key=${file.id}`, item.language, { body: form });
    onProgress(stored.blob.size, stored.blob.size);
  },
};

/** Sends the queue from the service worker when the browser fires the sync; a round that could not reach the server asks to be woken again. */
export function listenForQueueSync(scope: SyncScope): void {
  scope.addEventListener('sync', (event) => {
    if (event.tag !== QUEUE_SYNC_TAG) return;
    event.waitUntil(
      withQueueLock(() => sendRound(workerTransport, { force: true })).then((result) => {
        // Rejecting makes the browser retry the sync later with its own backoff.
        if (result !== 'busy' && (!result.reached || result.nextAttemptAt !== null)) throw new Error('The send queue still has complaints to send');
      }),
    );
  });
}

/** Asks the browser to wake the service worker when the signal returns (where Background Sync exists and a worker is installed). */
export async function requestQueueSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(QUEUE_SYNC_TAG);
  } catch {
    // No worker or no permission: the pages' own triggers still send the queue.
  }
}
