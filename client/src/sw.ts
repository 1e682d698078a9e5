/**
 * Puente's service worker (built by vite-plugin-pwa from this file, Workbox modules inside). After one
 * visit it lets the public screens and the facilitator's open with no signal, in the language last used:
 *
 * - precache: the shell, both languages' texts and the screens' code (list chosen in client/precache.ts);
 * - every address of the app opens index.html from the precache (the app's routes, not /api);
 * - the API answers those screens need to open (session, mechanism, data policy, attachment limits):
 *   network first, the last answer after a short wait or with no signal at all; the public ones (not the
 *   session), when the first screen asks at boot, from the kept copy at once while a fresh one is fetched
 *   and announced if it differs (a repeat visit on 3G does not wait for the network);
 * - other built files (desk screens) are kept the first time they load;
 * - spoken-help clips (versioned addresses) are kept once fetched: the form asks for its questions' clips after it loads.
 *
 * A new version waits (registerType 'prompt'): the page decides when to switch, never in the middle of
 * a form (src/shell/serviceWorker.ts), by sending SKIP_WAITING.
 *
 * - the device send queue (src/offline/): where the browser has Background Sync, a page that leaves
 *   complaints waiting asks for a sync, and the browser wakes this worker to send them when the signal
 *   returns, even with no page of Puente open. Worker and pages share one Web Lock (offline/queueLock.ts),
 *   so only one of them sends at a time.
 */
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { BroadcastUpdatePlugin } from 'workbox-broadcast-update';
import type { WorkboxPlugin } from 'workbox-core/types';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { listenForQueueSync } from './offline/backgroundSync';
import { PLAIN_FORM_PATH } from '../../shared/types/intake';
import { KEPT_COPY_HEADER, KEPT_COPY_PATHS, OFFLINE_API_PATHS, SESSION_PATH, SESSION_CHANGES, type ShellMessage } from './shell/offlineApi';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The app's own addresses (/presentar-queja, /seguimiento?ref=…) are client routes: always index.html.
// The form without JavaScript is the server's page (server/routes/plainForm), fetched from the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/socket\.io\//, new RegExp(`^${PLAIN_FORM_PATH}`)] }));

const sameOrigin = (url: URL) => url.origin === self.location.origin;

// The API answers a screen needs to open. A few seconds' wait for the network, then the last answer
// (in the language it was asked in last), so a weak signal opens as fast as none at all.
const API_CACHE = 'puente-api';
const apiAnswers = new NetworkFirst({
  cacheName: API_CACHE,
  networkTimeoutSeconds: 4,
  plugins: [new ExpirationPlugin({ maxEntries: 30 })],
});

/**
 * The public answers are translated (Accept-Language) and the server sends no `Vary` for it: each
 * language's copy is kept under its own key, so a kept copy is never shown in the other language.
 */
const keyedByLanguage: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.searchParams.set('__lang', request.headers.get('Accept-Language') ?? '');
    return url.href;
  },
};
const publicAnswers = new NetworkFirst({
  cacheName: API_CACHE,
  networkTimeoutSeconds: 4,
  plugins: [keyedByLanguage, new ExpirationPlugin({ maxEntries: 30 })],
});
const publicAnswersFromKeptCopy = new StaleWhileRevalidate({
  cacheName: API_CACHE,
  plugins: [keyedByLanguage, new ExpirationPlugin({ maxEntries: 30 }), new BroadcastUpdatePlugin()],
});
const isPublicAnswer = (url: URL) => KEPT_COPY_PATHS.some((p) => p.test(url.pathname));
const strategyFor = (url: URL) => (isPublicAnswer(url) ? publicAnswers : apiAnswers);
registerRoute(
  ({ url, request }) => request.method === 'GET' && sameOrigin(url) && isPublicAnswer(url) && request.headers.get(KEPT_COPY_HEADER) === 'ok',
  publicAnswersFromKeptCopy,
);
registerRoute(
  ({ url, request }) => request.method === 'GET' && sameOrigin(url) && OFFLINE_API_PATHS.some((p) => p.test(url.pathname)),
  ({ url, request, event }) => strategyFor(url).handle({ request, event }),
);

// Built files outside the precache (the admin's and the oversight screens): kept once seen. Their
// names carry a content hash, so a kept copy is never stale.
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith('/assets/'),
  new CacheFirst({ cacheName: 'puente-assets', plugins: [new ExpirationPlugin({ maxEntries: 80 })] }),
);

// Spoken-help clips (issue #14 §6): their addresses carry the recording's version, so a kept clip is
// never stale. Kept when first played, or when a page asks for the questions' clips after it loaded.
registerRoute(
  ({ url, request }) => request.method === 'GET' && sameOrigin(url) && url.pathname.startsWith('/api/clips/'),
  new CacheFirst({ cacheName: 'puente-clips', plugins: [new ExpirationPlugin({ maxEntries: 150 })] }),
);

/** Asks for the session again through the network-first route, so the kept copy follows a log-in or log-out. */
function refreshSession(event: ExtendableEvent, language: string | null): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (language) headers['Accept-Language'] = language;
  const request = new Request(SESSION_PATH, { headers, credentials: 'same-origin' });
  return apiAnswers.handle({ event, request }).catch((error: unknown) => console.warn('Could not refresh the kept session', error));
}

/**
 * Keeps the kept session in step with a log-in or log-out before the page even sees the answer, so that a
 * reload right after (with a slow or no signal) never shows the previous person — or nobody.
 */
async function followSession(request: Request, response: Response): Promise<void> {
  const cache = await caches.open(API_CACHE);
  // A log-in answers with the same session description `GET /api/session` gives.
  if (request.method === 'POST') await cache.put(new Request(SESSION_PATH), response.clone());
  else if (request.method === 'DELETE') await cache.delete(new Request(SESSION_PATH), { ignoreVary: true });
}

// A log-in, log-out or change to the account answered by the server: the kept session must say so, or the
// next reload without signal would show the previous person (or the previous language) on a shared phone.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method === 'GET' || !sameOrigin(url) || !SESSION_CHANGES.some((p) => p.test(url.pathname))) return;
  const request = event.request;
  const language = request.headers.get('Accept-Language');
  const isSession = url.pathname === SESSION_PATH;
  const answer = fetch(request).then(async (response) => {
    if (response.ok && isSession) await followSession(request, response).catch((error: unknown) => console.warn('Could not keep the session', error));
    return response;
  });
  event.respondWith(answer);
  // Other account changes (language, name) answer with something else: ask for the session again.
  if (!isSession) event.waitUntil(answer.then((response) => (response.ok ? refreshSession(event, language) : undefined)).catch(() => undefined));
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const message = event.data as ShellMessage | undefined;
  if (message?.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  } else if (message?.type === 'CACHE_API') {
    // The first visit asked for these before this worker was in charge: ask again so they are kept.
    const headers = { Accept: 'application/json', 'Accept-Language': message.language };
    const wanted = message.paths.filter((p) => OFFLINE_API_PATHS.some((pattern) => pattern.test(new URL(p, self.location.origin).pathname)));
    event.waitUntil(
      Promise.all(
        wanted.map((p) =>
          strategyFor(new URL(p, self.location.origin))
            .handle({ event, request: new Request(p, { headers, credentials: 'same-origin' }) })
            .catch((error: unknown) => console.warn(`Could not keep ${p}`, error)),
        ),
      ),
    );
  }
});

// Complaints saved with no signal are sent from here when the browser fires the queue's sync.
listenForQueueSync(self);

// The first version takes charge of the page that installed it, so what it loads next is kept too.
clientsClaim();
