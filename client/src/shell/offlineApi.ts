/**
 * What the service worker (src/sw.ts) and the page agree on: which API answers are kept for opening
 * the app with no signal, and the messages the page sends the worker.
 */

/**
 * GET answers the public and facilitator's screens need to open: kept, network first. The texts of a
 * language the mechanism added (Yukpa, Ette Taara) are among them, so a page shown in it opens in it
 * again with no signal; they are the same in every language asked, so kept under their address alone.
 */
export const OFFLINE_API_PATHS: readonly RegExp[] = [
  /^\/api\/session$/,
  /^\/api\/mechanism$/,
  /^\/api\/data-policy$/,
  /^\/api\/attachments\/limits$/,
  /^\/api\/mechanisms\/[^/]+\/languages\/[^/]+\/texts$/,
];

/**
 * Public answers a screen may start from a kept copy while the worker asks the network for a fresh one
 * (stale-while-revalidate), when the request says so with KEPT_COPY_HEADER: the first screen's own
 * requests at boot. A fresh answer that differs is announced (CACHE_UPDATED, workbox-broadcast-update)
 * and the screen asks again. Never the session: its CSRF token and its person must be current.
 */
export const KEPT_COPY_PATHS: readonly RegExp[] = [/^\/api\/mechanism$/, /^\/api\/data-policy$/, /^\/api\/attachments\/limits$/];

/** Request header (value `ok`) by which the page accepts a kept copy of a KEPT_COPY_PATHS answer to start with. */
export const KEPT_COPY_HEADER = 'X-Puente-Kept-Copy';

/** The session's address (its kept copy must follow log-ins and log-outs). */
export const SESSION_PATH = '/api/session';

/** Writes after which the kept session is asked for again (log-in, log-out, the account's own settings). */
export const SESSION_CHANGES: readonly RegExp[] = [/^\/api\/session$/, /^\/api\/me(\/|$)/];

/** Messages from the page to the worker. */
export type ShellMessage =
  /** Take charge now (sent by workbox-window when the person chooses to update). */
  | { type: 'SKIP_WAITING' }
  /** Ask again, in `language`, for API answers loaded before the worker was in charge, and keep them. */
  | { type: 'CACHE_API'; paths: string[]; language: string };
