/**
 * Prometheus figures (prom-client) for whoever runs the installation: requests by route pattern,
 * the e-mail outbox, the deadline sweep, sockets, the database pool, the background jobs, and Node's
 * own process figures. Served at GET /api/metrics only with METRICS_TOKEN (routes/health). Each
 * server has its own registry (tests start several in one process). Figures from the database are
 * read when Prometheus scrapes; when it does not answer they keep their last value and
 * `puente_database_up` is 0.
 */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { Lifecycle } from '../context';
import type { Realtime } from '../realtime/realtime';
import { logger } from '../logger';
import { readBacklog, type BacklogRow } from '../repositories/operations';

/** What the figures are read from. */
export interface MetricsSources {
  db: Database;
  clock: Clock;
  realtime: Realtime;
  lifecycle: Lifecycle;
}

/** A scrape waits at most this long for the database before leaving its figures out. */
const DATABASE_PROBE_MS = 1000;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express declares its request types in this global namespace; augmenting it is the only way
  namespace Express {
    interface Request {
      /**
       * The route's pattern of a request answered ahead of its route (a filing or a message by a session read
       * lately). On the request, not in a WeakMap: an entry a request is the garbage collector's ephemeron work
       * and the map's growth (a set alone measured ~0.1 µs slower than a property).
       */
      answeredAs?: string;
    }
  }
}

/** Counts a request answered by a middleware ahead of route `path` (its pattern, as registered) as that route's. */
export function answeredForRoute(req: Request, path: string): void {
  req.answeredAs = path;
}

/**
 * The route a request matched, as its pattern (`/api/cases/:id`), never its raw path: ids would make
 * a new series per case, and a series per receipt reference would leak what people look up.
 */
export function routePattern(req: Request): string {
  const api = req.originalUrl.startsWith('/api/') || req.originalUrl === '/api';
  const path = (req.route as { path?: unknown } | undefined)?.path ?? req.answeredAs;
  // Every API router is mounted under /api with no path of its own, so the pattern is /api + the route's.
  if (typeof path === 'string') return api ? `/api${path}` : path;
  if (api) return '/api/(unmatched)';
  // The client: built files, or index.html for a client route.
  return req.route ? '(client)' : '(static)';
}

/** The registry and the instruments the app records into. */
export class Metrics {
  readonly registry = new Registry();
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestSeconds = new Histogram({
      name: 'puente_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status: rate() of _count is the request rate, the buckets the latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });

    let backlog: Promise<BacklogRow | undefined> | undefined;
    // One read per scrape for the four gauges that need the database; each gauge's collect() asks for it.
    const readBacklog = () => {
      backlog ??= readFromDatabase(sources).finally(() => {
        setImmediate(() => (backlog = undefined));
      });
      return backlog;
    };
    const secondsSince = (at: Date | null | undefined) => (at ? Math.max(0, (sources.clock.now().getTime() - at.getTime()) / 1000) : 0);

    new Gauge({
      name: 'puente_outbox_pending',
      help: 'E-mails waiting in the outbox (due now or waiting for a retry)',
      registers,
      async collect() {
        const row = await readBacklog();
        if (row) this.set(row.pending);
      },
    });
    new Gauge({
      name: 'puente_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest e-mail still waiting in the outbox (0 when none waits)',
      registers,
      async collect() {
        const row = await readBacklog();
        if (row) this.set(secondsSince(row.oldestPending));
      },
    });
    new Gauge({
      name: 'puente_deadline_sweep_lag_seconds',
      help: 'How long the oldest escalation or reminder that is due has waited for the deadline sweeper (0 when none is due)',
      registers,
      async collect() {
        const row = await readBacklog();
        if (row) this.set(Math.max(secondsSince(row.oldestEscalation), secondsSince(row.oldestReminder)));
      },
    });
    new Gauge({
      name: 'puente_database_up',
      help: '1 when the database answered this scrape, 0 when it did not',
      registers,
      async collect() {
        this.set((await sources.db.ping(DATABASE_PROBE_MS)) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'puente_sockets_connected',
      help: 'socket.io connections open on this server',
      registers,
      collect() {
        this.set(sources.realtime.connectedCount());
      },
    });
    new Gauge({
      name: 'puente_db_pool_connections',
      help: 'Connections of the PostgreSQL pool by state: in_use, idle, max (absent on the embedded database)',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = sources.db.poolStats();
        if (!stats) return;
        this.set({ state: 'in_use' }, stats.total - stats.idle);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'max' }, stats.max);
      },
    });
    new Gauge({
      name: 'puente_db_pool_waiting_requests',
      help: 'Queries waiting for a free connection of the pool',
      registers,
      collect() {
        const stats = sources.db.poolStats();
        if (stats) this.set(stats.waiting);
      },
    });
    new Gauge({
      name: 'puente_draining',
      help: '1 once this server is shutting down',
      registers,
      collect() {
        this.set(sources.lifecycle.isDraining() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'puente_job_consecutive_failures',
      help: 'Runs of each background job failed in a row (it backs off meanwhile)',
      labelNames: ['job'],
      registers,
      collect() {
        for (const [job, state] of sources.lifecycle.jobStates()) this.set({ job }, state.failures);
      },
    });
    new Gauge({
      name: 'puente_job_last_success_timestamp_seconds',
      help: 'When each background job last finished a run without error (Unix time)',
      labelNames: ['job'],
      registers,
      collect() {
        for (const [job, state] of sources.lifecycle.jobStates()) if (state.lastSuccessAt) this.set({ job }, state.lastSuccessAt.getTime() / 1000);
      },
    });
  }

  /** Express middleware timing every request by its route pattern (mount it first). */
  readonly recordRequests = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.requestSeconds.startTimer();
    res.once('close', () => end({ method: req.method, route: routePattern(req), status: String(res.statusCode) }));
    next();
  };

  /** The text Prometheus reads. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

async function readFromDatabase(sources: MetricsSources): Promise<BacklogRow | undefined> {
  if (!(await sources.db.ping(DATABASE_PROBE_MS))) return undefined;
  const now = sources.clock.now();
  try {
    return await readBacklog(sources.db, now);
  } catch (err) {
    logger.warn('metrics: the database figures could not be read', { err });
    return undefined;
  }
}
