/**
 * Live pushes across several app servers on one PostgreSQL server. @socket.io/postgres-adapter sends
 * every emit to a room, every room change made through `io.in(…)` and every `disconnectSockets` to the
 * other servers with NOTIFY, and each server delivers them to its own sockets: a message posted through
 * server B reaches a socket connected to server A, and deactivating a person ends their sockets on every
 * server. Payloads over NOTIFY's 8000 bytes go through the `socket_io_attachments` table (migration
 * 0021), which the adapter prunes every 30 s.
 *
 * The embedded database needs none of this (one process by construction; PGlite has no LISTEN/NOTIFY
 * across processes), so startServer asks for a cluster only on a PostgreSQL server.
 *
 * The adapter gets its own small pool (one connection that LISTENs, one that NOTIFYs) through a thin
 * facade, for three things the library leaves to us:
 * - the LISTEN connection is checked out for good, so nobody listens for its 'error' event, and a
 *   failover would end the process (issue #16, fault 1): the facade listens, and hands the dead client
 *   back to the pool so its slot is freed (the adapter itself reconnects on 'end');
 * - pushes must arrive in the order they were made ('session.ended' before the disconnect that follows
 *   it): the facade sends NOTIFYs one after another, never on two connections at once;
 * - while the LISTEN connection was down, pushes from other servers were not heard: once it listens
 *   again, `onResubscribed` runs, and Realtime closes this server's sockets so that every client
 *   reconnects and catches up over HTTP (case pages re-join and refetch, lists refetch on reconnect).
 * Connection state recovery is not used (the adapter does not support it, and catching up over HTTP
 * is what every client already does).
 */
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import { logger } from '../logger';

/** The NOTIFY channel of the default namespace ('/'): the adapter's prefix, '#', the namespace. */
const CHANNEL_PREFIX = 'puente-realtime';
const CHANNEL = `${CHANNEL_PREFIX}#/`;
/** How long a push waits for a connection before it gives up (local sockets still get it). */
const CONNECT_TIMEOUT_MS = 5000;
/** Rows of the attachments table older than this are deleted, this often, by every server. */
const ATTACHMENT_CLEANUP_MS = 30_000;
/** At most one log line per this period about failed pushes (an outage would otherwise log every emit). */
const ERROR_LOG_INTERVAL_MS = 30_000;

/** The socket.io adapter constructor `new Server(…, { adapter })` takes. */
export type ClusterAdapter = ReturnType<typeof createAdapter>;

/** What Realtime needs to fan pushes out across servers. */
export interface RealtimeCluster {
  /**
   * The adapter for socket.io. `onResubscribed` runs each time the server listens again after losing
   * its LISTEN connection: pushes from other servers may have been missed meanwhile.
   */
  adapter(onResubscribed: () => void): ClusterAdapter;
  /**
   * Settles once this server listens for the others' pushes (the first time): a server that takes
   * requests before would miss what the others push meanwhile.
   */
  listening(): Promise<void>;
  /** Ends the cluster's connections (after socket.io closed). */
  close(): Promise<void>;
}

/** Logs the first failure of a period and counts the rest, so an outage makes a few lines, not thousands. */
function throttledErrorLog(): (err: unknown) => void {
  let lastLogged = 0;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    logger.warn('live pushes to other app servers failed; local sockets still get them', { err, suppressedSinceLast: suppressed });
    lastLogged = now;
    suppressed = 0;
  };
}

/** A pool-shaped facade over `pool` for the adapter: see the module comment. */
function adapterPool(pool: Pool, held: Set<PoolClient>, onListening: () => void, onResubscribed: () => void): Pool {
  let lostListener = false;
  let lastPush: Promise<unknown> = Promise.resolve();

  /** Watches a checked-out client until it is handed back; a client that dies is handed back broken. */
  const guard = (client: PoolClient): void => {
    let handedBack = false;
    const release = client.release.bind(client);
    held.add(client);
    client.release = ((err?: Error | boolean) => {
      if (handedBack) return;
      handedBack = true;
      held.delete(client);
      release(err);
    }) as PoolClient['release'];
    const lose = (err: unknown) => {
      if (handedBack) return;
      lostListener = true;
      logger.warn('live-update connection to PostgreSQL lost; listening again in a few seconds', { err });
      client.release(err instanceof Error ? err : new Error(String(err)));
    };
    client.on('error', lose);
    client.on('end', () => lose(new Error('connection ended')));
  };

  const facade = {
    // The adapter asks for a client only to LISTEN on it.
    connect: async (): Promise<PoolClient> => {
      const client = await pool.connect();
      guard(client);
      // Listen before handing the client over (the adapter listens again, harmlessly), so that we know
      // when this server hears the others, and everything published from then on is heard.
      try {
        await client.query(`LISTEN "${CHANNEL}"`);
      } catch (err) {
        // The adapter tries again in a few seconds; this client's slot must be free by then.
        client.release(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
      onListening();
      if (lostListener) {
        // What came before is caught up by reconnecting.
        lostListener = false;
        logger.info('live-update connection to PostgreSQL restored; clients reconnect to catch up');
        setImmediate(onResubscribed);
      }
      return client;
    },
    query: (text: string, params?: unknown[]): Promise<QueryResult> => {
      const push = lastPush.then(() => pool.query(text, params));
      lastPush = push.catch(() => undefined);
      return push;
    },
  };
  // The adapter uses only connect() and query() of its pool.
  return facade as unknown as Pool;
}

/** A cluster on the PostgreSQL server at `url` (a pool of two connections of its own). */
export function postgresCluster(url: string): RealtimeCluster {
  const pool = new Pool({
    connectionString: url,
    max: 2,
    application_name: 'puente-realtime',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // An idle connection that dies is dropped by the pool; without a listener the process would end.
  pool.on('error', (err) => logger.warn('idle live-update connection lost; the pool will reconnect', { err }));
  // The clients the adapter keeps checked out to LISTEN on: ended at close, or pool.end() would wait
  // for them forever (seen when two servers sharing a database were closed right after starting).
  const held = new Set<PoolClient>();
  let onListening = (): void => undefined;
  const listening = new Promise<void>((resolve) => (onListening = resolve));
  return {
    listening: () => listening,
    adapter: (onResubscribed) =>
      createAdapter(adapterPool(pool, held, onListening, onResubscribed), {
        channelPrefix: CHANNEL_PREFIX,
        tableName: 'socket_io_attachments',
        cleanupInterval: ATTACHMENT_CLEANUP_MS,
        errorHandler: throttledErrorLog(),
      }),
    close: () => {
      for (const client of [...held]) client.release(true);
      return pool.end();
    },
  };
}
