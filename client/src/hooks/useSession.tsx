/**
 * Who is logged in, shared by every screen: loads `GET /api/session` once, logs in and out, and keeps
 * the interface language in step with the user's saved preference.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionInfo, SessionUser } from '../../../shared/types/api';
import type { Language } from '../../../shared/roles';
import type { ServerToClientEvents } from '../../../shared/types/socket';
import { ApiError, apiSend, fetchSession, getCsrfToken, onSessionFetched, onUnauthenticated, setCsrfToken, toApiError } from '../api/client';
import i18n, { rememberLanguage, switchLanguage } from '../i18n';
import { useRealtimeConnection } from '../realtime/socket';
import { turnFieldModeOff } from '../offline/fieldMode';

/** Takes this account's unsent case messages off the phone; what puts them back (see outboxStore.takeOutboxesOf). */
function takeOutboxesOf(userId: string): Promise<() => void> {
  return import('../scenes/CaseDetail/dialogue/outboxStore')
    .then((m) => m.takeOutboxesOf(userId))
    .catch((error: unknown) => {
      console.error('Could not take the unsent messages of the account that leaves', error);
      return () => {};
    });
}

/** Forgets this account's unsent case messages (the case page's outbox, not in the first screens' download). */
function forgetOutboxesOf(userId: string): Promise<void> {
  return import('../scenes/CaseDetail/dialogue/outboxStore')
    .then((m) => m.forgetOutboxesOf(userId))
    .catch((error: unknown) => console.error('Could not forget the unsent messages of the account that left', error));
}

/** Why a session ended, shown once on the login page. */
export type SessionNotice = Parameters<ServerToClientEvents['session.ended']>[0]['reason'];

/** What `useSession()` gives a screen. */
export interface SessionContextValue {
  /** `loading` until the first `GET /api/session` answers; `error` if it could not be reached. */
  status: 'loading' | 'ready' | 'error';
  user: SessionUser | null;
  csrfToken: string;
  /** Why the last session ended, until the person logs in again or the notice is dismissed. */
  notice: SessionNotice | null;
  login: (email: string, password: string) => Promise<SessionUser>;
  logout: () => Promise<void>;
  setLanguage: (language: Language) => Promise<void>;
  /** Reloads the session from the server (also the retry after a failed first load). */
  refresh: () => Promise<void>;
  /** Forgets the user at once because the server ended the session (socket `session.ended`). */
  end: (reason: SessionNotice) => void;
  clearNotice: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Provides the session to the whole app; render it once, inside the router. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionContextValue['status']>('loading');
  const [user, setUser] = useState<SessionUser | null>(null);
  const [csrfToken, setToken] = useState('');
  const [notice, setNotice] = useState<SessionNotice | null>(null);
  const userRef = useRef<SessionUser | null>(null);
  useEffect(() => {
    userRef.current = user;
  }, [user]);

  const apply = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setToken(info.csrfToken);
    // Adopt the account's language only when someone new appears (first load, login), never on a
    // background refetch that could undo a switch the person just made.
    const someoneNew = info.user !== null && info.user.id !== userRef.current?.id;
    userRef.current = info.user;
    setUser(info.user);
    setStatus('ready');
    if (someoneNew && info.user && info.user.language !== i18n.language) {
      const language = info.user.language;
      // Remembered on the device too, so that a reload without signal opens in the same language.
      switchLanguage(language)
        .then(() => rememberLanguage(language))
        .catch((error: unknown) => console.error(`Could not show the account's language (${language})`, error));
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await fetchSession());
    } catch (error) {
      setStatus((current) => (current === 'ready' ? current : 'error'));
      throw toApiError(error);
    }
  }, [apply]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- refresh sets state only when the session answers (or fails to)
    refresh().catch(() => undefined);
    const offFetched = onSessionFetched(apply);
    const offUnauthenticated = onUnauthenticated(() => {
      if (userRef.current) setNotice('expired');
      setUser(null);
    });
    return () => {
      offFetched();
      offUnauthenticated();
    };
  }, [apply, refresh]);

  const login = useCallback(
    async (email: string, password: string) => {
      const info = await apiSend<SessionInfo>('POST', '/api/session', { email, password });
      if (!info.user) throw new ApiError(401, 'invalid_credentials', i18n.t('errors:invalid_credentials'));
      apply(info);
      setNotice(null);
      return info.user;
    },
    [apply],
  );

  const logout = useCallback(async () => {
    // On a shared phone the next person must not find this account's unsent messages. They are taken off
    // the phone before the server is asked: whatever answers first on this page (this request, the socket's
    // notice, another request's 401) may bring up the login page. Put back if the logout fails.
    const leaving = userRef.current?.id;
    const putBack = leaving ? await takeOutboxesOf(leaving) : undefined;
    try {
      await apiSend<void>('DELETE', '/api/session');
    } catch (error) {
      // 401: the session had already ended, which is what the person wanted.
      if (!(error instanceof ApiError && error.status === 401)) {
        putBack?.();
        throw error;
      }
    }
    // Nor act as this account in field mode. Its queued complaints stay, locked to it, until it logs in again.
    turnFieldModeOff();
    setUser(null);
    setNotice('logout');
    // The old session is gone; take the new anonymous session's token for the next write.
    await refresh().catch(() => undefined);
  }, [refresh]);

  const end = useCallback(
    (reason: SessionNotice) => {
      // Logged out in another tab, or the account was closed: its unsent messages go too. An expired
      // session keeps them, for the same person to send after logging in again.
      const leave = () => {
        setUser(null);
        setNotice(reason);
        refresh().catch(() => undefined);
      };
      if (userRef.current && reason !== 'expired') {
        turnFieldModeOff();
        // Left only once they are forgotten: the outbox code downloads first, and the login page the
        // next person sees must not come up while this account's messages are still on the phone.
        void forgetOutboxesOf(userRef.current.id).then(leave);
        return;
      }
      leave();
    },
    [refresh],
  );

  const setLanguage = useCallback(
    async (language: Language) => {
      // Throws when the texts cannot be downloaded; the screen then keeps its language.
      await switchLanguage(language);
      rememberLanguage(language);
      if (!user) return;
      try {
        setUser(await apiSend<SessionUser>('PUT', '/api/me/language', { language }));
      } catch {
        // The screen already speaks the chosen language; only remembering it on the account failed.
      }
    },
    [user],
  );

  const clearNotice = useCallback(() => setNotice(null), []);

  useRealtimeConnection(user?.id ?? null);

  const value = useMemo<SessionContextValue>(
    () => ({ status, user, csrfToken: csrfToken || getCsrfToken(), notice, login, logout, setLanguage, refresh, end, clearNotice }),
    [status, user, csrfToken, notice, login, logout, setLanguage, refresh, end, clearNotice],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session; only inside `SessionProvider`. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}
