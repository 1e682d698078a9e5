/**
 * The socket.io connection: open only while someone is logged in or a tracking page follows a case with
 * its receipt key, closed otherwise. Sockets only push; screens react to events by refetching over HTTP.
 * socket.io-client is loaded on first need only, so visitors of the public pages never download it.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Socket } from 'socket.io-client';
import type { CaseJoinReply, ClientToServerEvents, ServerToClientEvents } from '../../../shared/types/socket';

type PuenteSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
type Listener = (payload: unknown) => void;

/** Screen listeners live here, so they can subscribe before the socket exists. */
const listeners = new Map<string, Set<Listener>>();
const RECONNECT = 'reconnect';
const CONNECT = 'connect';

let socket: Promise<PuenteSocket> | null = null;
/** Bumped on every connect/disconnect request, so a late-loading socket obeys only the latest one. */
let wanted = 0;

function dispatch(name: string, payload?: unknown): void {
  for (const listener of listeners.get(name) ?? []) listener(payload);
}

function getSocket(): Promise<PuenteSocket> {
  socket ??= import('socket.io-client').then(({ io }) => {
    // WebSocket only, as the server: no sticky sessions needed behind a load balancer, and fewer
    // round trips than long-polling's handshake and upgrade on a slow line (docs/scaling.md).
    const created: PuenteSocket = io({ path: '/socket.io', withCredentials: true, autoConnect: false, transports: ['websocket'] });
    created.onAny((name: string, payload: unknown) => dispatch(name, payload));
    created.io.on('reconnect', () => dispatch(RECONNECT));
    // The server disconnects a person whose role, company or mechanisms changed, so that a new
    // handshake joins the rooms they have now; reconnect then, unless their session itself ended.
    let sessionEnded = false;
    created.on('session.ended', () => {
      sessionEnded = true;
    });
    // Rooms do not survive a new connection: case pages join again on every connect.
    created.on('connect', () => {
      sessionEnded = false;
      dispatch(CONNECT);
    });
    created.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect' || sessionEnded) return;
      // Lists refetch what they missed while the socket was away.
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

/** Who wants the connection now (a login, a tracking page), by want id; the socket follows their union. */
const wants = new Map<number, string>();
let nextWant = 0;
let connectedFor: string | null = null;

function reconcile(): void {
  const desired = [...new Set(wants.values())].sort().join('|') || null;
  if (desired === connectedFor) return;
  connectedFor = desired;
  const request = ++wanted;
  if (!desired) {
    void socket?.then((current) => current.disconnect());
    return;
  }
  getSocket()
    .then((current) => {
      if (request !== wanted) return;
      // A new login or a newly followed case: handshake again with the session as it is now.
      current.disconnect();
      current.connect();
    })
    .catch(() => {
      // The chunk could not be downloaded (weak signal): the screens still work, without live updates.
      socket = null;
      connectedFor = null;
    });
}

/**
 * Keeps the socket open while `key` is set (a user id, or a tracked case) and reconnects when the set
 * of keys changes, so a new login or a newly opened receipt key always handshakes with the session as it is.
 */
export function useRealtimeConnection(key: string | null): void {
  useEffect(() => {
    if (!key) return;
    const id = ++nextWant;
    wants.set(id, key);
    reconcile();
    return () => {
      wants.delete(id);
      reconcile();
    };
  }, [key]);
}

/**
 * Hears `caseId`'s room while mounted: asks to join on every connection (the first and each reconnect)
 * and calls `onJoined` with the answer, so the page can catch up on what it missed; leaves on unmount.
 */
export function useCaseRoom(caseId: string | null, onJoined: (reply: CaseJoinReply) => void): void {
  const latest = useLatest(onJoined);
  useEffect(() => {
    if (!caseId) return;
    let active = true;
    const join = () => {
      void getSocket().then(async (current) => {
        if (!active || !current.connected) return;
        try {
          const reply = await current.timeout(10_000).emitWithAck('case.join', { caseId });
          if (active) latest.current(reply);
        } catch {
          // No answer in time (weak signal): the next connect joins again.
        }
      });
    };
    const unsubscribe = subscribe(CONNECT, join);
    join();
    return () => {
      active = false;
      unsubscribe();
      void socket?.then((current) => {
        if (current.connected) current.emit('case.leave', { caseId });
      });
    };
  }, [caseId, latest]);
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
