/**
 * The socket.io connection: open only while someone is logged in, closed on logout. Sockets only push;
 * screens react to events by refetching over HTTP. socket.io-client is loaded on first login only, so
 * visitors of the public pages never download it.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/types/socket';

type PuenteSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
type Listener = (payload: unknown) => void;

/** Screen listeners live here, so they can subscribe before the socket exists. */
const listeners = new Map<string, Set<Listener>>();
const RECONNECT = 'reconnect';

let socket: Promise<PuenteSocket> | null = null;
/** Bumped on every connect/disconnect request, so a late-loading socket obeys only the latest one. */
let wanted = 0;

function dispatch(name: string, payload?: unknown): void {
  for (const listener of listeners.get(name) ?? []) listener(payload);
}

function getSocket(): Promise<PuenteSocket> {
  socket ??= import('socket.io-client').then(({ io }) => {
    const created: PuenteSocket = io({ path: '/socket.io', withCredentials: true, autoConnect: false });
    created.onAny((name: string, payload: unknown) => dispatch(name, payload));
    created.io.on('reconnect', () => dispatch(RECONNECT));
    // The server disconnects a person whose role, company or mechanisms changed, so that a new
    // handshake joins the rooms they have now; reconnect then, unless their session itself ended.
    let sessionEnded = false;
    created.on('session.ended', () => {
      sessionEnded = true;
    });
    created.on('connect', () => {
      sessionEnded = false;
    });
    created.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect' || sessionEnded) return;
      created.once('connect', () => dispatch(RECONNECT));
      created.connect();
    });
    return created;
  });
  return socket;
}

function subscribe(name: string, listener: Listener): () => void {
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Connects while `userId` is set and disconnects when it changes or clears, so a new login always
 * handshakes with the new session cookie.
 */
export function useRealtimeConnection(userId: string | null): void {
  useEffect(() => {
    if (!userId) return;
    const request = ++wanted;
    getSocket()
      .then((current) => {
        if (request === wanted) current.connect();
      })
      .catch(() => {
        // The chunk could not be downloaded (weak signal): the screens still work, without live updates.
        socket = null;
      });
    return () => {
      ++wanted;
      void socket?.then((current) => current.disconnect());
    };
  }, [userId]);
}

/** Runs `handler` for every `name` event pushed by the server, with the latest handler each time. */
export function useSocketEvent<E extends EventName>(name: E, handler: (payload: Payload<E>) => void): void {
  const latest = useLatest(handler);
  useEffect(() => subscribe(name, (payload) => latest.current(payload as Payload<E>)), [name, latest]);
}

/** Runs `handler` after the socket reconnects by itself, when pushes may have been missed (weak signal). */
export function useSocketReconnect(handler: () => void): void {
  const latest = useLatest(handler);
  useEffect(() => subscribe(RECONNECT, () => latest.current()), [latest]);
}

function useLatest<T>(value: T) {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
