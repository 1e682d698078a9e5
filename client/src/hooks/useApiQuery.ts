/**
 * Loads one API resource for a screen: refetches when the path or the language changes, keeps the last
 * good data while reloading (so a weak signal does not blank the screen), offers a retry, and asks again
 * when the service worker announces a fresher answer than the kept copy shown (shell/freshAnswers).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';
import { apiGet, isAbortError, toApiError, type ApiError } from '../api/client';
import { onFreshAnswer } from '../shell/freshAnswers';

interface QueryState<T> {
  data: T | undefined;
  /** The path `data` was fetched from; it differs from the current path while a new one loads. */
  source: string | null;
  error: ApiError | null;
  loading: boolean;
}

/** The state of a query, plus `reload`, which resolves to whether fresh data arrived. */
export interface ApiQuery<T> extends QueryState<T> {
  reload: () => Promise<boolean>;
}

/** Fetches `path` (nothing while it is null). */
export function useApiQuery<T>(path: string | null): ApiQuery<T> {
  const { i18n } = useTranslation(UI_NAMESPACES);
  const language = i18n.language;
  const [state, setState] = useState<QueryState<T>>({
    data: undefined,
    source: null,
    error: null,
    loading: path !== null,
  });
  const inFlight = useRef<AbortController | null>(null);

  const reload = useCallback(async (): Promise<boolean> => {
    inFlight.current?.abort();
    if (path === null) return false;
    const controller = new AbortController();
    inFlight.current = controller;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await apiGet<T>(path, { signal: controller.signal });
      if (controller.signal.aborted) return false;
      setState({ data, source: path, error: null, loading: false });
      return true;
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) return false;
      setState((s) => ({ ...s, error: toApiError(error), loading: false }));
      return false;
    }
    // `language` travels as Accept-Language; listing it refetches translated content after a switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: a new language makes a new reload, and so a refetch
  }, [path, language]);

  useEffect(() => {
    void reload();
    return () => inFlight.current?.abort();
  }, [reload]);

  // Started from the service worker's kept copy and a different fresh answer came: show that one.
  useEffect(() => (path === null ? undefined : onFreshAnswer(path, () => void reload())), [path, reload]);

  return { ...state, reload };
}
