/**
 * Uploads one file, resumably: the tus 1.0 protocol (server/routes/intake/README.md, "Resumable
 * uploads") through tus-js-client, loaded with the first upload. A file cut off at 90 % on a bad line
 * continues from the last byte the server has — after a retry here, a retry by the person, or a reload:
 * the upload's URL is remembered in localStorage under the endpoint (case and purpose) and the SHA-256
 * of the file's bytes, so the same file sent again to the same case, even from the send queue after
 * the phone restarted, continues where it stopped. Same CSRF header, language and error shape as
 * api/client.ts.
 */
import type { DetailedError, HttpResponse, Upload, UrlStorage } from 'tus-js-client';
import i18n, { currentLanguage } from '../i18n';
import { ApiError, apiErrorFromBody, apiGet, fetchSession, getCsrfToken } from './client';

/**
 * Bytes per request. Bytes that arrive before a line drops are kept by the server, but a proxy that
 * buffers whole requests would lose the part: at most this much. About 45 s on 2G (12 KB/s).
 */
const CHUNK_BYTES = 512 * 1024;
/**
 * Retries of a request that failed (no answer, 5xx, 409, 423) once the server had answered in this
 * attempt: a line that drops mid-upload. Without any answer (no signal at all) the upload fails at once,
 * as any request does, and whoever retries (the person, the send queue) continues it later.
 */
const RETRY_DELAYS_MS = [0, 1000, 3000];
/** A request that moves nothing for this long is dropped and the upload resumed: a stalled line never errors by itself. */
const STALL_MS = 60_000;
/** How many stalls in a row end the upload with a timeout. */
const MAX_STALLS = 3;

/** Bytes sent so far and the total, for a progress bar. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** The resumable twin of an attachments path: `/api/cases/:id/attachments?for=x` → `…/attachments/uploads?for=x`. */
function endpointOf(path: string): string {
  const url = new URL(path, window.location.href);
  return `${url.origin}${url.pathname.replace(/\/$/, '')}/uploads${url.search}`;
}

const fingerprints = new WeakMap<Blob, Map<string, Promise<string>>>();

/** What an upload is remembered by: its endpoint and its bytes (not its name or date, which a reload may change). */
function fingerprintOf(file: Blob, endpoint: string): Promise<string> {
  const byEndpoint = fingerprints.get(file) ?? new Map<string, Promise<string>>();
  fingerprints.set(file, byEndpoint);
  let fingerprint = byEndpoint.get(endpoint);
  if (!fingerprint) {
    fingerprint = (async () => {
      // crypto.subtle needs a secure context (https, localhost); elsewhere the size and date stand in.
      if (!crypto.subtle) return `puente-upload::${endpoint}::${file.size}-${(file as File).lastModified ?? 0}-${(file as File).name ?? ''}`;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
      return `puente-upload::${endpoint}::${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    })();
    byEndpoint.set(endpoint, fingerprint);
  }
  return fingerprint;
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** A failed upload as the ApiError every screen shows. */
function toApiError(error: Error | DetailedError): ApiError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response && response.getStatus() > 0) return apiErrorFromBody(response.getStatus(), parsed(response.getBody()));
  return new ApiError(0, 'network', i18n.t('errors:upload_failed'));
}

/**
 * tus's record of an upload on the phone, without the file's name: a shared phone keeps no trace of
 * what was sent beyond the upload's address and a hash.
 */
function withoutNames(storage: UrlStorage): UrlStorage {
  return {
    findAllUploads: () => storage.findAllUploads(),
    findUploadsByFingerprint: (fingerprint) => storage.findUploadsByFingerprint(fingerprint),
    removeUpload: (key) => storage.removeUpload(key),
    addUpload: (fingerprint, upload) => storage.addUpload(fingerprint, { ...upload, metadata: {} }),
  };
}

/** A refusal the same upload can never get past: forget its URL, so a new attempt starts afresh. */
function isFinalRefusal(error: ApiError): boolean {
  return error.status >= 400 && error.status < 500 && ![401, 403, 423].includes(error.status);
}

/**
 * Uploads `file` to the case whose attachments collection is `path` (`/api/cases/:id/attachments`,
 * with `?for=message|evidence` for files sent later in the dialogue) and resolves to the server's
 * answer (`UploadAttachmentsResponse`). Continues a previous, unfinished upload of the same bytes to
 * the same case. Rejects with an ApiError carrying the server's message (or a connection message), or
 * with an AbortError when `signal` aborts; an aborted upload can be continued later.
 */
export async function uploadFile<T>(path: string, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  try {
    return await send<T>(path, file, onProgress, signal);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403 && error.code === 'csrf_failed')) throw error;
    // The session changed under us (expired, logged in elsewhere): take the new token and continue.
    await fetchSession();
    return send<T>(path, file, onProgress, signal);
  }
}

async function send<T>(path: string, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  const cancelled = () => new DOMException('Upload cancelled', 'AbortError');
  if (signal?.aborted) throw cancelled();
  let tus: typeof import('tus-js-client');
  try {
    tus = await import('tus-js-client');
  } catch {
    // Its code is loaded with the first upload; without signal that fails like the upload itself would.
    throw new ApiError(0, 'network', i18n.t('errors:upload_failed'));
  }
  const endpoint = endpointOf(path);

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let reached = false;
    let stalls = 0;
    let watchdog: number | undefined;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      window.clearTimeout(watchdog);
      signal?.removeEventListener('abort', cancel);
      done();
    };
    const fail = (error: ApiError) => settle(() => reject(error));

    /** Every sign of life (a request leaving, an answer, bytes moving) restarts the stall clock. */
    const alive = (moved: boolean) => {
      if (settled) return;
      if (moved) stalls = 0;
      window.clearTimeout(watchdog);
      watchdog = window.setTimeout(() => {
        stalls += 1;
        void upload.abort(false).then(() => {
          if (settled) return;
          if (stalls >= MAX_STALLS) fail(new ApiError(0, 'timeout', i18n.t('app:network.timeout')));
          else upload.start();
        });
      }, STALL_MS);
    };

    /** The attachment, from the last part's answer or, when the upload was found complete already, by asking. */
    const finished = async (lastResponse: HttpResponse): Promise<T> => {
      const body = parsed(lastResponse.getBody());
      if (body && typeof body === 'object' && 'attachments' in body) return body as T;
      return apiGet<T>(new URL(upload.url!).pathname);
    };

    const upload: Upload = new tus.Upload(file, {
      endpoint,
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      metadata: { filename: file.name, filetype: file.type },
      fingerprint: () => fingerprintOf(file, endpoint),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      urlStorage: withoutNames(tus.defaultOptions.urlStorage),
      onBeforeRequest: (req) => {
        req.setHeader('Accept', 'application/json');
        req.setHeader('Accept-Language', currentLanguage());
        req.setHeader('x-csrf-token', getCsrfToken());
        alive(false);
      },
      onAfterResponse: () => {
        reached = true;
        alive(true);
      },
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        return reached && navigator.onLine !== false && (status === 0 || status >= 500 || status === 409 || status === 423);
      },
      onProgress: (sent, total) => {
        alive(true);
        onProgress({ loaded: sent, total });
      },
      onSuccess: ({ lastResponse }) => {
        window.clearTimeout(watchdog);
        finished(lastResponse).then(
          (answer) => settle(() => resolve(answer)),
          (error: unknown) => fail(error instanceof ApiError ? error : new ApiError(0, 'network', i18n.t('errors:upload_failed'))),
        );
      },
      onError: (error) => {
        const apiError = toApiError(error);
        if (isFinalRefusal(apiError)) void forget(upload);
        fail(apiError);
      },
    });

    const cancel = () => {
      void upload.abort(false);
      settle(() => reject(cancelled()));
    };
    signal?.addEventListener('abort', cancel, { once: true });

    upload.findPreviousUploads().then(
      (previous) => {
        if (settled) return;
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      },
      () => fail(new ApiError(0, 'network', i18n.t('errors:upload_failed'))),
    );

    /** Drops what this device remembers of a refused upload (the server has forgotten it too). */
    async function forget(refused: Upload): Promise<void> {
      for (const entry of await refused.findPreviousUploads()) await refused.options.urlStorage!.removeUpload(entry.urlStorageKey);
    }
  });
}
