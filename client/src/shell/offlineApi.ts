/**
 * What the service worker (src/sw.ts) and the page agree on: which API answers are kept for opening
 * the app with no signal, and the messages the page sends the worker.
 */

/** GET answers the public and facilitator's screens need to open: kept, network first. */
export const OFFLINE_API_PATHS: readonly RegExp[] = [/^\/api\/session$/, /^\/api\/mechanism$/, /^\/api\/data-policy$/, /^\/api\/attachments\/limits$/];

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
