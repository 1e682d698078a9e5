/**
 * A repeat visit's first screen starts from the service worker's kept copy of the public answers
 * (mechanism, data policy, file limits: KEPT_COPY_PATHS in ./offlineApi) while the worker fetches fresh
 * ones; when a fresh one differs, the worker says so (workbox-broadcast-update's CACHE_UPDATED) and the
 * screens showing that answer ask for it again (useApiQuery), so a kept copy never outlives the visit.
 */
import { dropEarlyAnswer } from '../api/client';
import { KEPT_COPY_HEADER } from './offlineApi';

/** Request options by which a boot-time GET accepts the worker's kept copy to start with. */
export const FROM_KEPT_COPY = { headers: { [KEPT_COPY_HEADER]: 'ok' } };

const listeners = new Map<string, Set<() => void>>();
/** Paths announced before any screen listened for them (the message can beat the first render). */
const unheard = new Set<string>();

interface CacheUpdated {
  type: 'CACHE_UPDATED';
  meta: 'workbox-broadcast-update';
  payload: { updatedURL: string };
}

function isCacheUpdated(data: unknown): data is CacheUpdated {
  const message = data as Partial<CacheUpdated> | null;
  return message?.type === 'CACHE_UPDATED' && message.meta === 'workbox-broadcast-update' && typeof message.payload?.updatedURL === 'string';
}

/** Starts listening for the worker's announcements; call once, at boot. */
export function listenForFreshAnswers(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    if (!isCacheUpdated(event.data)) return;
    const url = new URL(event.data.payload.updatedURL);
    const path = url.pathname + url.search;
    // The boot-time answer is the kept copy: whoever reads next must ask again.
    dropEarlyAnswer(path);
    const waiting = listeners.get(path);
    if (waiting?.size) for (const listener of waiting) listener();
    else unheard.add(path);
  });
  // Messages sent before this point were queued; deliver them now rather than after the document loads.
  navigator.serviceWorker.startMessages();
}

/** Calls `listener` when a fresher answer for `path` than the one shown exists; returns the unsubscribe. */
export function onFreshAnswer(path: string, listener: () => void): () => void {
  let set = listeners.get(path);
  if (!set) listeners.set(path, (set = new Set()));
  set.add(listener);
  if (unheard.delete(path)) queueMicrotask(listener);
  return () => set.delete(listener);
}
