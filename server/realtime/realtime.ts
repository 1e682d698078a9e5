/**
 * socket.io on the web server. A socket is accepted only when its handshake carries a live session
 * with a user, or a session that follows cases with their receipt key (an anonymous complainant); it
 * joins rooms for its session and, for a user, its user and scope (ombudsman of a mechanism, or one company). Sockets only receive: every change goes through HTTP and is pushed after commit.
 *
 * With several app servers (a PostgreSQL server), a RealtimeCluster relays every push and disconnect to
 * the sockets of the other servers (postgresCluster.ts). A push reaches this server's sockets at once
 * and is relayed to the others after, all the pushes of one event in one relay message: the adapter's
 * own broadcast waits for a NOTIFY round trip before it delivers even locally, and sent one NOTIFY per
 * recipient of a notice (issue #16: 200 sockets heard a message 3.4× later than a bare broadcast). Sockets use the WebSocket transport only: with
 * HTTP long-polling each request of one connection would have to reach the same server (sticky
 * sessions); see docs/scaling.md for why.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Session, SessionData } from 'express-session';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/types/socket';
import type { CaseStatus } from '../../shared/caseLifecycle';
import { caseAudience, type CaseAudienceFacts } from '../policies/caseAudience';
import type { NotificationDto } from '../../shared/types/notifications';
import type { UserRecord } from '../repositories/users';
import { logger } from '../logger';
import { ombudsmanMechanisms } from '../policies/casePolicy';
import type { RealtimeCluster } from './postgresCluster';

/** One push: an event with its presented payload, to the sockets of these rooms. */
export type Push = {
  [E in keyof ServerToClientEvents]: { rooms: string[]; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/**
 * A run of pushes of one event whose payloads differ only in their `id` (the notices of one event, one a
 * recipient), as one relay carries them: the payload once, and each push's rooms with its id.
 */
interface SharedPush {
  event: Push['event'];
  /** The payload every push of the run has, but for its id. */
  shared: Record<string, unknown>;
  /** Each push of the run: its rooms and its payload's id. */
  each: [rooms: string[], id: number][];
}

/** What one relay carries: pushes, runs of them that share their payload but for the id packed (SharedPush). */
type Relayed = (Push | SharedPush)[];

/** What app servers tell each other besides the adapter's own messages. */
interface InterServerEvents {
  /** Pushes made on another server, for this server's sockets. */
  'realtime.relay': (relayed: Relayed) => void;
  /** The same, unpacked, from a server of the version before (during a rolling update). */
  'realtime.pushes': (pushes: Push[]) => void;
}

type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents>;

/** Delivers pushes to the sockets connected to this server. */
function deliverLocally(io: Io, pushes: readonly Push[]): void {
  // The rooms that have a socket on this server now (socket.io drops a room with its last socket). A push to
  // none of them reaches no one here, so it skips socket.io's emit, which encodes the packet before it looks
  // (~10 µs and ~4 KB a filing, whose rooms are mostly empty on any one server).
  const occupied = io.sockets.adapter.rooms;
  for (const push of pushes) {
    if (!push.rooms.some((room) => occupied.has(room))) continue;
    (io.local.to(push.rooms).emit as (event: Push['event'], payload: Push['payload']) => boolean)(push.event, push.payload);
  }
}
/**
 * The most bytes of JSON of pushes one relay carries: the postgres adapter sends a message of up to 8,000
 * bytes (its envelope with ours: uid, namespace, type, event name) as a NOTIFY, and a larger one as a row
 * of its attachments table (an INSERT and a NOTIFY here, a read on every server, this one included: the
 * adapter reads the row before it sees that it sent it).
 */
const RELAY_BYTES = 7600;

/**
 * Pushes packed for a relay, in their order: a run of pushes of one event whose payloads differ only in a
 * numeric `id` becomes one SharedPush. A message's hundred notices (one per liaison, the same but for the
 * id) are ~26 KB of JSON as pushes — the attachments table's way — and ~6 KB packed, one NOTIFY.
 */
export function packPushes(pushes: readonly Push[]): Relayed {
  const packed: Relayed = [];
  let run: SharedPush | undefined;
  for (const push of pushes) {
    const payload = push.payload as Record<string, unknown>;
    if (typeof payload.id !== 'number') {
      run = undefined;
      packed.push(push);
      continue;
    }
    if (run?.event === push.event && sameButId(run.shared, payload)) {
      run.each.push([push.rooms, payload.id]);
      continue;
    }
    const { id, ...shared } = payload;
    run = { event: push.event, shared, each: [[push.rooms, id as number]] };
    packed.push(run);
  }
  return packed;
}

/**
 * Whether `payload` is `shared` with an id: the same other fields, each the same value or, for an object
 * (a notice's data), the same JSON. Compared field by field, so a push of another case or kind is told
 * apart at its first differing field, without making the JSON of either.
 */
function sameButId(shared: Record<string, unknown>, payload: Record<string, unknown>): boolean {
  let fields = 0;
  for (const key in payload) {
    if (key === 'id') continue;
    fields += 1;
    const [a, b] = [shared[key], payload[key]];
    if (a === b) continue;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || JSON.stringify(a) !== JSON.stringify(b)) return false;
  }
  return fields === Object.keys(shared).length;
}

/** The pushes a relay carried (packPushes undone), in their order. */
export function unpackPushes(relayed: Relayed): Push[] {
  return relayed.flatMap((p) => ('each' in p ? p.each.map(([rooms, id]) => ({ rooms, event: p.event, payload: { id, ...p.shared } }) as Push) : [p]));
}

/** A part of a relay with its size in JSON: a packed run too large for one NOTIFY in pieces that each fit (a push at least). */
function sizedPieces(part: Push | SharedPush): { part: Push | SharedPush; bytes: number }[] {
  const bytes = Buffer.byteLength(JSON.stringify(part)) + 1;
  if (!('each' in part) || bytes <= RELAY_BYTES) return [{ part, bytes }];
  const base = Buffer.byteLength(JSON.stringify({ ...part, each: [] })) + 1;
  const pieces: { part: SharedPush; bytes: number }[] = [];
  let piece: SharedPush = { ...part, each: [] };
  let pieceBytes = base;
  for (const entry of part.each) {
    const entryBytes = Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (piece.each.length > 0 && pieceBytes + entryBytes > RELAY_BYTES) {
      pieces.push({ part: piece, bytes: pieceBytes });
      piece = { ...part, each: [] };
      pieceBytes = base;
    }
    piece.each.push(entry);
    pieceBytes += entryBytes;
  }
  pieces.push({ part: piece, bytes: pieceBytes });
  return pieces;
}

/**
 * The relay messages that carry `pushes`, packed: as many as fit in RELAY_BYTES of JSON go in one message,
 * in order; a packed run that does not fit goes in pieces, and only a single push larger than that goes
 * alone, through the attachments table.
 */
function relayMessages(pushes: readonly Push[]): Relayed[] {
  const messages: Relayed[] = [];
  let message: Relayed = [];
  let total = 0;
  for (const { part, bytes } of packPushes(pushes).flatMap(sizedPieces)) {
    if (message.length > 0 && total + bytes > RELAY_BYTES) {
      messages.push(message);
      message = [];
      total = 0;
    }
    message.push(part);
    total += bytes;
  }
  if (message.length > 0) messages.push(message);
  return messages;
}

/** Each notice to its recipient's own room. */
function noticePushes(notices: { userId: string; notification: NotificationDto }[]): Push[] {
  return notices.map(({ userId, notification }) => ({ rooms: [rooms.user(userId)], event: 'notifications.new', payload: notification }));
}

type EngineMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Room names in one place, so publishers and joiners cannot drift apart. */
export const rooms = {
  session: (sid: string) => `session:${sid}`,
  user: (id: string) => `user:${id}`,
  ombudsman: (mechanismId: string) => `mechanism:${mechanismId}:ombudsman`,
  company: (companyId: string) => `company:${companyId}`,
  /** Every socket that joined a case (after its access check). */
  caseAll: (caseId: string) => `case:${caseId}`,
  /** Sockets of one side of a case; the company side is per company so a rerouted case leaves the old one out. */
  caseSide: (caseId: string, side: 'complainant' | 'ombudsman' | 'company', companyId?: string | null) =>
    side === 'company' ? `case:${caseId}:company:${companyId}` : `case:${caseId}:${side}`,
};

/** The socket type handlers receive. */
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Who opened a socket, as its handshake said. */
export interface Handshake {
  /** The logged-in user at the handshake (undefined for a receipt-key session). */
  user: UserRecord | undefined;
  /** Re-reads the session from the store: the cases it follows now, or null once the session ended. */
  trackedCaseIds(): Promise<string[] | null>;
}

/** Registers a feature's socket event handlers on each accepted connection. */
export type ConnectionHandler = (socket: AppSocket, handshake: Handshake) => void;

interface HandshakeRequest extends IncomingMessage {
  user?: UserRecord;
  sessionID?: string;
  session?: Session & Partial<SessionData>;
  _query?: Record<string, string>;
}

/** The cases the handshake's session follows as stored now (it may have opened more since), or null once it ended. */
function reloadTrackedCases(req: HandshakeRequest): Promise<string[] | null> {
  const session = req.session;
  if (!session) return Promise.resolve(null);
  return new Promise((resolve) => {
    session.reload((err: unknown) => resolve(err ? null : (req.session?.trackedCaseIds ?? [])));
  });
}

/**
 * Whether a socket handshake may come from `origin` (issue #15 §6). A browser always sends the page's
 * Origin with a WebSocket, and WebSockets are not bound by CORS: without this check any web page a
 * logged-in officer visits could open a socket with their cookie and listen to their cases. Accepted:
 * the PUBLIC_URL's origin, the origin of the host the request was sent to (the same site reached by
 * another name, e.g. 127.0.0.1 in development), and no Origin at all — only non-browser clients omit
 * it, and they hold no one else's cookies.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
}

/** The socket side of the app; a no-op until `attach` is called with the HTTP server. */
export class Realtime {
  private io: Io | undefined;
  private cluster: RealtimeCluster | undefined;
  /** Pushes waiting for the relay at the end of this turn of the event loop. */
  private relaying: Push[] = [];
  private readonly connectionHandlers: ConnectionHandler[] = [];

  constructor(
    private readonly handshakeMiddleware: RequestHandler[],
    private readonly publicUrl: string,
  ) {}

  /** Adds socket event handlers every accepted connection gets (call before `attach`). */
  onConnection(handler: ConnectionHandler): void {
    this.connectionHandlers.push(handler);
  }

  /**
   * Starts socket.io on `server`; with a `cluster`, pushes and disconnects reach the sockets of every
   * app server, and the cluster is closed with it.
   */
  attach(server: HttpServer, cluster?: RealtimeCluster): void {
    const io: Io = new Server(server, {
      serveClient: false,
      cors: { origin: false },
      transports: ['websocket'],
      allowRequest: (req, callback) => {
        const allowed = originAllowed(req.headers.origin, req.headers.host, this.publicUrl);
        if (!allowed) logger.warn('socket handshake from a foreign origin refused', { origin: req.headers.origin });
        callback(allowed ? null : 'origin not allowed', allowed);
      },
      // A server that lost pushes from the others (its LISTEN connection died) makes its clients
      // reconnect: they catch up over HTTP, as after any reconnect.
      adapter: cluster?.adapter(() => {
        logger.info("closing this server's sockets so their clients catch up", { sockets: io.engine.clientsCount });
        io.local.disconnectSockets(true);
      }),
    });
    this.cluster = cluster;
    // Relayed pushes come only through the cluster's channel, from app servers of this installation.
    if (cluster) {
      io.on('realtime.relay', (relayed) => deliverLocally(io, unpackPushes(relayed)));
      io.on('realtime.pushes', (pushes) => deliverLocally(io, pushes));
    }
    // Session and passport run on the handshake request only (not on every polling request).
    for (const middleware of this.handshakeMiddleware) {
      io.engine.use(((req: HandshakeRequest, res, next) => {
        if (req._query?.sid !== undefined) return next();
        (middleware as unknown as EngineMiddleware)(req, res, next);
      }) as EngineMiddleware);
    }
    io.use((socket, next) => {
      const req = socket.request as HandshakeRequest;
      // A visitor who follows no case has nothing to hear.
      if (!req.user && !req.session?.trackedCaseIds?.length) return next(new Error('unauthenticated'));
      next();
    });
    io.on('connection', (socket) => {
      const req = socket.request as HandshakeRequest;
      const user = req.user;
      void socket.join(rooms.session(req.sessionID!));
      if (user) {
        void socket.join(rooms.user(user.id));
        if (user.role === 'ombudsman') void socket.join(ombudsmanMechanisms(user).map(rooms.ombudsman));
        if (user.role === 'liaison' && user.companyId) void socket.join(rooms.company(user.companyId));
      }
      socket.on('ping', (ack) => {
        if (typeof ack === 'function') ack({ at: new Date().toISOString() });
      });
      const handshake: Handshake = { user, trackedCaseIds: () => reloadTrackedCases(req) };
      for (const handler of this.connectionHandlers) handler(socket, handshake);
    });
    this.io = io;
  }

  /**
   * Tells everyone who may hear of the case (caseAudience) that it changed, and pushes the `notices`
   * written with the change in the same relay (one NOTIFY for both: a filing made two).
   */
  caseChanged(c: CaseAudienceFacts & { reference: string; status: CaseStatus }, notices: { userId: string; notification: NotificationDto }[] = []): void {
    if (!this.io) return;
    const audience = caseAudience(c, 'everything');
    const targets = [
      ...(audience.ombudsman ? [rooms.ombudsman(audience.mechanismId)] : []),
      ...(audience.companyId !== null ? [rooms.company(audience.companyId)] : []),
      ...audience.userIds.map(rooms.user),
    ];
    this.push([{ rooms: targets, event: 'cases.changed', payload: { caseId: c.id, reference: c.reference, status: c.status } }, ...noticePushes(notices)]);
  }

  /**
   * Pushes already presented payloads (callers decide the rooms from policies): to this server's sockets
   * now, to the other servers' in one relay message. Pushes of one event go in one call, so that a
   * hundred recipients cost one NOTIFY, not a hundred.
   */
  push(pushes: Push[]): void {
    const io = this.io;
    if (!io || pushes.length === 0) return;
    deliverLocally(io, pushes);
    // Only a cluster adapter relays; the in-memory one has no other server to tell.
    if (!this.cluster) return;
    // Pushes made in one turn (the filings of one batch answered together) share one relay, in order, packed
    // (relayMessages) into as few messages below the adapter's NOTIFY payload limit as they fit in (beyond it
    // the adapter writes a row and every server reads it), after this turn's local deliveries.
    if (this.relaying.length === 0) setImmediate(() => this.relay());
    this.relaying.push(...pushes);
  }

  /** Sends the pushes waiting for the relay to the other servers now (before anything that must reach them after). */
  private relay(): void {
    const pushes = this.relaying;
    this.relaying = [];
    if (pushes.length === 0 || !this.io || !this.cluster) return;
    for (const message of relayMessages(pushes)) this.io.serverSideEmit('realtime.relay', message);
  }

  /** Pushes each notice to its recipient's own room (written and committed before). */
  notify(notices: { userId: string; notification: NotificationDto }[]): void {
    this.push(noticePushes(notices));
  }

  /** Tells the sockets of these sessions that they ended, and disconnects them. */
  endSessions(sids: string[], reason: 'logout' | 'deactivated' | 'expired'): void {
    if (!this.io || sids.length === 0) return;
    const targets = sids.map(rooms.session);
    // Relayed before the disconnect below: the cluster's NOTIFYs go out one after another, in order.
    this.push([{ rooms: targets, event: 'session.ended', payload: { reason } }]);
    this.relay();
    this.io.in(targets).disconnectSockets(true);
    logger.info('sessions ended', { count: sids.length, reason });
  }

  /**
   * Disconnects every socket of a user (deactivation, role or company change): a reconnect goes
   * through the handshake again and joins the rooms the user has now, or is refused.
   */
  endUser(userId: string, reason: 'deactivated' | 'changed'): void {
    if (!this.io) return;
    const room = rooms.user(userId);
    if (reason === 'deactivated') this.push([{ rooms: [room], event: 'session.ended', payload: { reason } }]);
    this.relay();
    this.io.in(room).disconnectSockets(true);
  }

  /** Sockets connected to this server now (metrics). */
  connectedCount(): number {
    return this.io?.engine.clientsCount ?? 0;
  }

  /**
   * Closes this server's sockets (graceful shutdown) at once — only its own: the other servers keep
   * theirs. The promise settles when socket.io has also seen the HTTP server close, which it closes
   * too: await it only after the requests in flight are done.
   */
  close(): Promise<void> {
    const io = this.io;
    if (!io) return Promise.resolve();
    this.relay();
    this.io = undefined;
    const cluster = this.cluster;
    this.cluster = undefined;
    io.local.disconnectSockets(true);
    return new Promise<void>((resolve) => void io.close(() => resolve())).then(async () => {
      await cluster?.close().catch((err: unknown) => logger.warn('closing the live-update connections failed', { err }));
    });
  }
}
