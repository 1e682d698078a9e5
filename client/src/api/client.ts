/**
 * The one way the client talks to the HTTP API: same-origin JSON with the session cookie, the CSRF
 * header on every write, the interface language in Accept-Language, and errors as a typed ApiError.
 */
import type { ErrorBody, SessionInfo } from '../../../shared/types/api';
import i18n, { currentLanguage, interfaceLanguage } from '../i18n';

/** How long a request may take before we give up; generous because many users are on weak signal. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A field problem the server (or the form) reported, keyed by the dotted path into the request body. */
export interface FieldError {
  field: string;
  message: string;
}

/** A failed request: HTTP status (0 when the server was never reached), stable code, translated message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }

  /** The first message for each field, for showing beside the inputs. */
  fieldMessages(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { field, message } of this.fields) byField[field] ??= message;
    return byField;
  }
}

/** Options for one request. */
export interface RequestOptions {
  /** Cancels the request (e.g. a newer search replaced it, or the screen closed). */
  signal?: AbortSignal;
  /** Extra headers (the send queue names whose complaint it sends: `x-expected-filer`). */
  headers?: Record<string, string>;
}

/** HTTP methods that change something and therefore carry the CSRF token. */
export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken = '';
let pendingSessionFetch: Promise<SessionInfo> | null = null;
// Answers asked for at boot, before any screen exists, each taken once by the first reader (same language).
const early = new Map<string, { language: string; answer: Promise<unknown> }>();
// Requests on their way, so that background work (the service worker's install) waits for the screen's own.
let inFlight = 0;
let quietWaiters: (() => void)[] = [];
const sessionListeners = new Set<(info: SessionInfo) => void>();
const unauthenticatedListeners = new Set<() => void>();

/** Stores the CSRF token of the current session (after `GET` or `POST /api/session`). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The CSRF token writes are sent with now. */
export function getCsrfToken(): string {
  return csrfToken;
}

/** Calls `listener` whenever the client fetched a fresh session by itself (CSRF recovery). */
export function onSessionFetched(listener: (info: SessionInfo) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** Calls `listener` whenever the server answers that nobody is logged in any more. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Whether an error only means the caller cancelled the request; such errors are never shown. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Any thrown value as an ApiError, so screens handle one kind of error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', i18n.t('errors:internal'));
}

/**
 * Starts `GET path` at once, while the app's code and texts are still downloading, instead of after the
 * first render: on 2G that is a whole round trip earlier. The first `apiGet`/`fetchSession` of the same
 * path in the same language takes the answer.
 */
export function prefetchGet(path: string, options: RequestOptions = {}): void {
  if (early.has(path)) return;
  const answer = request<unknown>('GET', path, undefined, options, path === '/api/session');
  answer.catch(() => undefined);
  early.set(path, { language: currentLanguage(), answer });
}

/** Forgets the answer asked for at boot (a fresher one exists), so the next read asks again. */
export function dropEarlyAnswer(path: string): void {
  early.delete(path);
}

function takeEarly<T>(path: string): Promise<T> | undefined {
  const entry = early.get(path);
  early.delete(path);
  return entry && entry.language === currentLanguage() ? (entry.answer as Promise<T>) : undefined;
}

/** Resolves once no request is on its way (at once if none is). */
export function requestsSettled(): Promise<void> {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => quietWaiters.push(resolve));
}

/** `GET /api/session`, once at a time however many callers ask; stores the returned CSRF token. */
export function fetchSession(): Promise<SessionInfo> {
  pendingSessionFetch ??= (takeEarly<SessionInfo>('/api/session') ?? request<SessionInfo>('GET', '/api/session', undefined, {}, true))
    .then((info) => {
      setCsrfToken(info.csrfToken);
      return info;
    })
    .finally(() => {
      pendingSessionFetch = null;
    });
  return pendingSessionFetch;
}

/**
 * Asks the server who is logged in now and tells every screen (the session may have ended, or been
 * renewed, while nobody was looking: the send queue asks before each round).
 */
export async function fetchSessionAndAnnounce(): Promise<SessionInfo> {
  const info = await fetchSession();
  for (const listener of sessionListeners) listener(info);
  return info;
}

/** Reads a resource. */
export function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return takeEarly<T>(path) ?? request<T>('GET', path, undefined, options, false);
}

/** Sends a change; resolves to the parsed answer, or `undefined` for 204 No Content. */
export function apiSend<T>(method: WriteMethod, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>(method, path, body, options, false);
}

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions, retried: boolean): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json', 'Accept-Language': interfaceLanguage() };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  // A form (a complaint with its voice note) carries its own multipart Content-Type; a file (an admin's
  // clip or translation) goes as its bytes, with its own type.
  const form = (typeof FormData !== 'undefined' && body instanceof FormData) || (typeof Blob !== 'undefined' && body instanceof Blob);
  if (body instanceof Blob) headers['Content-Type'] = body.type || 'application/octet-stream';
  else if (body !== undefined && !form) headers['Content-Type'] = 'application/json';

  const timeout = new AbortController();
  const timer = window.setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
  inFlight += 1;
  const cancel = () => timeout.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) timeout.abort();

  try {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : form ? (body as FormData | Blob) : JSON.stringify(body),
        credentials: 'same-origin',
        signal: timeout.signal,
      });
    } catch (error) {
      throw connectionError(error, options.signal);
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      try {
        return (await response.json()) as T;
      } catch (error) {
        if (timeout.signal.aborted) throw connectionError(error, options.signal);
        throw new ApiError(response.status, 'bad_response', i18n.t('app:network.serverUnavailable'));
      }
    }

    const error = await readError(response);
    if (response.status === 403 && error.code === 'csrf_failed' && !retried) {
      // The session changed under us (expired, or logged in elsewhere): take the new token and try once more.
      const info = await fetchSession();
      for (const listener of sessionListeners) listener(info);
      return request<T>(method, path, body, options, true);
    }
    if (response.status === 401 && error.code === 'unauthenticated') {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw error;
  } finally {
    window.clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
    inFlight -= 1;
    if (inFlight === 0) {
      const waiters = quietWaiters;
      quietWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

/** A request that never got an answer: cancelled by the caller (rethrown as is), timed out, or offline. */
function connectionError(error: unknown, callerSignal: AbortSignal | undefined): unknown {
  if (callerSignal?.aborted) return error;
  if (isAbortError(error)) return new ApiError(0, 'timeout', i18n.t('app:network.timeout'));
  return new ApiError(0, 'network', i18n.t('app:network.offline'));
}

/** The ApiError for an error answer's parsed body (anything but `{ error: { code, message } }` means a proxy answered). */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.fields ?? []);
  }
  return new ApiError(status, 'server_unavailable', i18n.t('app:network.serverUnavailable'));
}

async function readError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy or gateway answered instead of the API.
  }
  return apiErrorFromBody(response.status, body);
}
