/** Everything a request handler, command or job needs, built once per server (or per test). */
import type { Clock } from './clock';
import type { Config } from './config';
import type { FieldCipher } from './crypto/fieldCipher';
import type { Database } from './db/database';
import type { Mailer } from './mail/mailer';
import type { Realtime } from './realtime/realtime';
import type { PgSessionStore } from './auth/sessionStore';
import type { FileStorage } from './storage/fileStorage';
import type { ResumableStore } from './storage/resumableStore';
import type { JobState } from './jobs/jobRunner';
import type { Metrics } from './observability/metrics';

/** What the running server knows about itself (readiness, metrics). */
export interface Lifecycle {
  /** True once a shutdown began: readiness answers false and new requests are refused. */
  isDraining(): boolean;
  /** The background jobs' records (empty when jobs do not run here). */
  jobStates(): ReadonlyMap<string, JobState>;
}

/**
 * The server's dependencies, passed explicitly (no module-level singletons). One style: a command, job
 * or domain module takes this as its first argument `ctx`, typed `AppContext`, or `Pick<AppContext, …>`
 * of what it uses when it also runs without a web server (the CLI, the deadline engine) — no separate
 * dependency types. The one exception is the logger (server/logger.ts), a module: it holds no state a
 * server or test owns (tests swap its sink with setLogSink) and is needed below any context (the
 * database drivers, start-up), so passing it would add a parameter everywhere and change nothing.
 */
export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  cipher: FieldCipher;
  sessions: PgSessionStore;
  realtime: Realtime;
  mailer: Mailer;
  /** Attachment bytes (local disk under DATA_DIR/uploads by default). */
  storage: FileStorage;
  /** Parts of resumable uploads until they are complete (local disk under DATA_DIR/resumable). */
  resumable: ResumableStore;
  lifecycle: Lifecycle;
  /** Prometheus figures; undefined when METRICS_TOKEN is unset (no endpoint, nothing recorded). */
  metrics: Metrics | undefined;
}
