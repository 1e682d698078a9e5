/**
 * Uploads one file with progress. fetch() reports no upload progress, so this uses XMLHttpRequest,
 * with the same CSRF header, language and error shape as api/client.ts.
 */
import i18n, { currentLanguage } from '../i18n';
import { ApiError, apiErrorFromBody, fetchSession, getCsrfToken } from './client';

/** A file on weak signal may take long; give up only after this. */
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** Bytes sent so far and the total, for a progress bar. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Posts `file` as the multipart part `file` to `path`; resolves to the parsed answer. */
export async function uploadFile<T>(path: string, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  try {
    return await send<T>(path, file, onProgress, signal);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403 && error.code === 'csrf_failed')) throw error;
    // The session changed under us (expired, logged in elsewhere): take the new token and try once more.
    await fetchSession();
    return send<T>(path, file, onProgress, signal);
  }
}

function send<T>(path: string, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.setRequestHeader('x-csrf-token', getCsrfToken());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // Not JSON: handled below as a proxy answer.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress({ loaded: file.size, total: file.size });
        resolve(body as T);
      } else {
        reject(apiErrorFromBody(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('errors:upload_failed')));
    xhr.ontimeout = () => reject(new ApiError(0, 'timeout', i18n.t('app:network.timeout')));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
