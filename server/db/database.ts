/**
 * The one way the server talks to PostgreSQL. Application code sees only `Database`, `Queryable` and
 * `Tx`; two small drivers sit underneath: `pg` pools for a real server (DATABASE_URL) and PGlite's own
 * API for the embedded database. Both parse values identically (server/db/types.ts) and raise errors
 * with PostgreSQL's codes. See docs/database.md for why there are two drivers and not one.
 */
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import { PGLITE_PARSERS } from './types';
import { AppError, ServiceUnavailable } from '../errors';
import { logger } from '../logger';
import { isSqlFragment, type SqlFragment } from './sql';

/** Seconds a caller is told to wait (`Retry-After`) when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot be reached or dropped the connection (a failover, a restart, an administrator
 * terminating backends). Whatever the statement was doing did not happen — or, when the connection
 * died at COMMIT, may have: callers retry with their idempotency keys. Answered as 503 + Retry-After.
 */
export class DatabaseUnavailable extends ServiceUnavailable {
  constructor(readonly reason: unknown) {
    super('database_unavailable', DATABASE_RETRY_AFTER_SECONDS);
    this.name = 'DatabaseUnavailable';
    this.message = `database unavailable: ${(reason as Error)?.message ?? String(reason)}`;
  }
}

// SQLSTATEs that mean the connection or the server went away, not that the statement was wrong:
// class 08 (connection exception), admin/crash shutdown, cannot connect now, too many connections,
// a session killed for idling in a transaction.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '25P03']);
const UNAVAILABLE_SYSCALLS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
// What `pg` and `pg-pool` throw (without a code) when a connection ends or cannot be had.
const UNAVAILABLE_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end/;

/** Whether `err` says the database is away (as opposed to a statement being wrong). */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof DatabaseUnavailable) return true;
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNAVAILABLE_SYSCALLS.has(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/** A plain row as the driver returns it. */
export type Row = Record<string, unknown>;

/**
 * A statement PostgreSQL keeps parsed (and, once its generic plan is as good, planned) per connection
 * under a name, for the few statements nearly every request runs (session, rate limit, a filing): a
 * server then skips parse and plan on every call, which was a third of a filing's database CPU (the
 * filing context's plan alone ~0.9 ms). Only for fixed SQL text: one name, one text, forever.
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * SQL as queries take it: plain text with its parameters, a named statement (embedded PGlite runs its
 * text), or a statement built with the `sql` tag (server/db/sql.ts), which carries its own values.
 */
export type Sql = string | NamedStatement | SqlFragment;

/** Declares a named statement (module-level constants only; see NamedStatement). */
export function namedStatement(name: string, text: string): NamedStatement {
  return { name: `puente_${name}`, text };
}

function textOf(sql: string | NamedStatement): string {
  return typeof sql === 'string' ? sql : sql.text;
}

/** Text or a named statement and its parameters: a built statement brings its own values (then `params` must be empty). */
function withParams(sql: Sql, params: readonly unknown[]): [string | NamedStatement, readonly unknown[]] {
  if (!isSqlFragment(sql)) return [sql, params];
  if (params.length > 0) throw new Error('A statement built with the sql tag carries its values: pass no parameters beside it');
  return [sql.text, sql.values];
}

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Rows of a parameterised query ($1, $2 …). */
  query<T = Row>(sql: Sql, params?: readonly unknown[]): Promise<T[]>;
  /** Exactly one row, or an Error (a bug: callers use it where the row must exist). */
  one<T = Row>(sql: Sql, params?: readonly unknown[]): Promise<T>;
  /** The first row, or undefined. */
  maybeOne<T = Row>(sql: Sql, params?: readonly unknown[]): Promise<T | undefined>;
}

/** An open transaction; work registered with `afterCommit` runs only once the commit succeeded. */
export interface Tx extends Queryable {
  afterCommit(work: () => void | Promise<void>): void;
  /**
   * Runs the transaction's last statement and commits with it: on a PostgreSQL server COMMIT is written
   * right behind the statement without waiting for its answer (pg's pipeline mode), one round trip for
   * both. Only for work that knows before sending it that nothing follows: a statement after it is
   * refused, and the work must not fail after it (the commit is on its way). When the statement fails,
   * nothing of the transaction is kept and the statement's error is thrown.
   */
  queryAndCommit<T = Row>(sql: Sql, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

type RunQuery = (sql: string | NamedStatement, params: readonly unknown[]) => Promise<Row[]>;

class QueryRunner implements Queryable {
  constructor(protected run: RunQuery) {}

  query<T = Row>(sql: Sql, params: readonly unknown[] = []): Promise<T[]> {
    return this.run(...withParams(sql, params)) as Promise<T[]>;
  }

  async one<T = Row>(sql: Sql, params: readonly unknown[] = []): Promise<T> {
    const rows = await this.query<T>(sql, params);
    if (rows.length !== 1) throw new Error(`Expected one row, got ${rows.length}: ${textOf(withParams(sql, [])[0]).slice(0, 80)}`);
    return rows[0] as T;
  }

  async maybeOne<T = Row>(sql: Sql, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params);
    return rows[0];
  }
}

class Transaction extends QueryRunner implements Tx {
  readonly pending: (() => void | Promise<void>)[] = [];
  /** Whether the last statement went out (queryAndCommit). */
  private ended = false;
  constructor(
    run: RunQuery,
    readonly exec: (sql: string) => Promise<void>,
    private readonly runAndCommit: RunQuery,
  ) {
    super(run);
    this.run = (sql, params) => (this.ended ? Promise.reject(afterLastStatement()) : run(sql, params));
  }
  afterCommit(work: () => void | Promise<void>): void {
    this.pending.push(work);
  }
  queryAndCommit<T = Row>(sql: Sql, params: readonly unknown[] = []): Promise<T[]> {
    if (this.ended) return Promise.reject(afterLastStatement());
    this.ended = true;
    return this.runAndCommit(...withParams(sql, params)) as Promise<T[]>;
  }
}

function afterLastStatement(): Error {
  return new Error("A statement after the transaction's last one (queryAndCommit): its COMMIT was already sent");
}

async function runAfterCommit(tx: Transaction): Promise<void> {
  for (const pending of tx.pending) {
    try {
      await pending();
    } catch (err) {
      // The data is committed; a failed push or wake-up must not turn success into an error.
      logger.error('after-commit work failed', { err });
    }
  }
}

/** Which kind of PostgreSQL is behind the handle. */
export type DatabaseKind = 'embedded' | 'server';

/** The application's database handle. */
export abstract class Database extends QueryRunner {
  abstract readonly kind: DatabaseKind;

  /**
   * Runs `work` in one transaction and commits, or rolls back on any error. Inside, use only `tx`:
   * the embedded database has a single session, so waiting on another query would deadlock.
   */
  abstract transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;

  /** Closes the connections (and the embedded database itself). */
  abstract close(): Promise<void>;

  /** Whether the database answers now (readiness); never throws, and gives up after `timeoutMs`. */
  abstract ping(timeoutMs: number): Promise<boolean>;

  /** Connections in use, idle, waited for, and the most there may be (a server's pool; undefined when embedded). */
  abstract poolStats(): PoolStats | undefined;
}

/** A snapshot of the connection pool (metrics). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * How recently a pooled connection must have answered for a transaction's BEGIN to go out with its first
 * statement, unawaited (ServerDatabase.begin).
 */
const BEGIN_WITH_FIRST_WITHIN_MS = 2000;

/** A checked-out pool client, our listener on it, and whether its connection died while we held it. */
interface Checkout {
  client: PoolClient;
  lost: unknown;
  onError: (err: unknown) => void;
}

/** `pg`'s query for `sql`: a named statement is sent by name (pg parses it once per connection). */
function serverQuery(sql: string | NamedStatement, params: readonly unknown[]): { text: string; values: unknown[]; name?: string } {
  return typeof sql === 'string' ? { text: sql, values: params as unknown[] } : { name: sql.name, text: sql.text, values: params as unknown[] };
}

/**
 * A PostgreSQL server through a `pg` pool. A connection can die at any moment (failover, restart,
 * `pg_terminate_backend`): `pg` then emits 'error' on the client, which kills the process unless
 * someone listens. The pool listens on idle clients; every client checked out here gets a listener
 * until it is handed back, and a client whose connection died is destroyed, never pooled again —
 * the pool opens a fresh one on the next checkout, so the server reconnects by itself. Such failures
 * surface as `DatabaseUnavailable` (503 + Retry-After).
 */
export class ServerDatabase extends Database {
  readonly kind = 'server';
  /** When a round trip last succeeded, and when a connection last failed (readiness). */
  private lastContact = 0;
  private lastLoss = 0;
  /** When each pooled connection was last handed back after its work succeeded (see begin). */
  private readonly lastGivenBack = new WeakMap<PoolClient, number>();

  constructor(private readonly pool: Pool) {
    super(async () => []);
    // Replaces the placeholder: running a query needs `this`, which exists only after super().
    this.run = (sql, params) => this.queryOnce(sql, params);
  }

  private async checkout(): Promise<Checkout> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      // Whatever stops us getting a connection (refused, not accepting connections, timed out in
      // the queue) means the database is away for us.
      this.lastLoss = Date.now();
      throw new DatabaseUnavailable(err);
    }
    const checkout: Checkout = {
      client,
      lost: undefined,
      onError: (err: unknown) => {
        checkout.lost ??= err;
      },
    };
    client.on('error', checkout.onError);
    return checkout;
  }

  /** Hands the client back (destroyed when its connection died) and returns what the caller should throw. */
  private giveBack(checkout: Checkout, failure?: unknown): unknown {
    if (failure !== undefined && isConnectionError(failure)) checkout.lost ??= failure;
    // Released in the same tick as the listener goes: the pool's own idle listener takes over.
    checkout.client.removeListener('error', checkout.onError);
    if (checkout.lost === undefined) {
      if (failure === undefined) this.lastGivenBack.set(checkout.client, Date.now());
      checkout.client.release();
      return failure;
    }
    this.lastLoss = Date.now();
    checkout.client.release(checkout.lost instanceof Error ? checkout.lost : new Error(String(checkout.lost)));
    // The connection died: that is why it failed, unless the work refused for its own reasons first.
    if (failure === undefined || failure instanceof AppError) return failure;
    return new DatabaseUnavailable(failure);
  }

  private async queryOnce(sql: string | NamedStatement, params: readonly unknown[]): Promise<Row[]> {
    const checkout = await this.checkout();
    let rows: Row[];
    try {
      rows = (await checkout.client.query(serverQuery(sql, params))).rows;
    } catch (err) {
      throw this.giveBack(checkout, err);
    }
    this.giveBack(checkout);
    this.lastContact = Date.now();
    return rows;
  }

  /**
   * A client with a transaction begun, or with BEGIN on its way (`begun`): a connection that answered
   * within the last moments (BEGIN_WITH_FIRST_WITHIN_MS) gets BEGIN written and the transaction's first
   * statement written right behind it, without waiting for BEGIN's answer (the pool's clients run in
   * pg's pipeline mode): a round trip less on every transaction that matters for latency, under load.
   * Any other connection may have died unseen while idle (a failover): BEGIN is awaited and finds out,
   * and since nothing was done yet, one fresh connection is tried.
   */
  private async begin(): Promise<{ checkout: Checkout; begun?: Promise<unknown> }> {
    for (let attempt = 1; ; attempt++) {
      const checkout = await this.checkout();
      const givenBack = this.lastGivenBack.get(checkout.client);
      if (givenBack !== undefined && Date.now() - givenBack < BEGIN_WITH_FIRST_WITHIN_MS) {
        const begun = checkout.client.query('BEGIN');
        // Awaited with the first statement, or before COMMIT; never left unobserved meanwhile.
        begun.catch(() => undefined);
        return { checkout, begun };
      }
      try {
        await checkout.client.query('BEGIN');
        return { checkout };
      } catch (err) {
        const failure = this.giveBack(checkout, err);
        if (attempt >= 2 || !isConnectionError(err)) throw failure;
      }
    }
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const { checkout, begun } = await this.begin();
    const { client } = checkout;
    // Statements go out in the order started, each at once (pg's pipeline mode): one a caller starts
    // before the answer to the one before (Promise.all over one transaction, or a statement whose
    // parameters need no answer) is written right behind it. PostgreSQL still runs them one after
    // another, each seeing what the one before did; after a failed one the rest fail too (the
    // transaction is aborted). The first goes out right behind a BEGIN still on its way, and counts as
    // done with it.
    let first = begun;
    const inTurn = <T>(statement: () => Promise<T>): Promise<T> => {
      const result = first ? Promise.all([first, statement()]).then(([, rows]) => rows) : statement();
      first = undefined;
      return result;
    };
    // COMMIT written right behind the last statement (queryAndCommit).
    let committing: Promise<{ command: string }> | undefined;
    const tx = new Transaction(
      (sql, params) => inTurn(async () => (await client.query(serverQuery(sql, params))).rows),
      (sql) =>
        inTurn(async () => {
          await client.query(sql);
        }),
      (sql, params) => {
        let sent!: (commit: Promise<{ command: string }>) => void;
        committing = new Promise((resolve) => (sent = resolve));
        // Awaited below on every path; never left unobserved meanwhile.
        committing.catch(() => undefined);
        return inTurn(async () => {
          const statement = client.query(serverQuery(sql, params));
          sent(client.query('COMMIT'));
          return (await statement).rows;
        });
      },
    );
    let result: T;
    try {
      result = await work(tx);
      // A transaction that sent nothing still waits for its BEGIN's answer before it commits.
      if (begun) await begun;
      const commit = await (committing ?? client.query('COMMIT'));
      // PostgreSQL answers COMMIT of a transaction in which a statement failed with ROLLBACK, not an
      // error: never report that as done.
      if (commit.command !== 'COMMIT') throw new Error(`COMMIT answered ${commit.command}: a statement of the transaction failed and nothing was saved`);
    } catch (err) {
      if (committing) {
        // COMMIT went out with the last statement: it ends the transaction either way (ROLLBACK when a
        // statement failed). Work that failed after a commit that took is a bug, not a rollback.
        const commit = await committing.catch(() => undefined);
        if (commit?.command === 'COMMIT') logger.error('a transaction failed after its last statement committed it', { err });
      } else if (checkout.lost === undefined && !isConnectionError(err)) {
        await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
          logger.error('rollback failed', { err: rollbackErr });
          checkout.lost ??= rollbackErr;
        });
      }
      throw this.giveBack(checkout, err);
    }
    // A connection lost after COMMIT answered is no concern of this transaction: it is done.
    this.giveBack(checkout);
    this.lastContact = Date.now();
    await runAfterCommit(tx);
    return result;
  }

  async ping(timeoutMs: number): Promise<boolean> {
    const now = Date.now();
    // Under load every request is a probe: a round trip that just succeeded, with no loss since, says
    // enough, and a probe queued behind a busy pool would only report the queue.
    if (this.lastContact > this.lastLoss && now - this.lastContact < 1000) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  poolStats(): PoolStats {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount, max: this.pool.options.max ?? 10 };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The embedded PostgreSQL (PGlite, in this process). */
export class EmbeddedDatabase extends Database {
  readonly kind = 'embedded';

  constructor(
    private readonly pglite: PGlite,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    super(async (sql, params) => (await pglite.query<Row>(textOf(sql), params as unknown[], { parsers: PGLITE_PARSERS })).rows);
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx: Transaction | undefined;
    // PGlite holds its single session for the callback and rolls back if it throws.
    const result = await this.pglite.transaction(async (ptx: PgliteTransaction) => {
      const run: RunQuery = async (sql, params) => (await ptx.query<Row>(textOf(sql), params as unknown[], { parsers: PGLITE_PARSERS })).rows;
      // One session in this process: nothing to save by sending COMMIT early; it follows the work as always.
      tx = new Transaction(
        run,
        async (sql) => {
          await ptx.exec(sql);
        },
        run,
      );
      return work(tx);
    });
    await runAfterCommit(tx!);
    return result;
  }

  /**
   * A consistent copy of the whole database while it runs (backups): its data folder as a gzip
   * tarball (PGlite's dumpDataDir), taken inside a transaction of its own. PGlite has one session and
   * runs one transaction or statement at a time, so while this holds it nothing else is half done: the
   * copy has every transaction committed before it and nothing of any after. A CHECKPOINT first writes
   * every change into the data files, so a restore needs no recovery. `read` runs in the same
   * transaction just before, so what it reads describes exactly the copy. Requests wait meanwhile
   * (about a second for a small installation).
   */
  async snapshot<T>(read: (q: Queryable) => Promise<T>): Promise<{ data: Blob; read: T }> {
    return this.pglite.transaction(async (ptx: PgliteTransaction) => {
      const seen = await read(
        new QueryRunner(async (sql, params) => (await ptx.query<Row>(textOf(sql), params as unknown[], { parsers: PGLITE_PARSERS })).rows),
      );
      await ptx.query('CHECKPOINT');
      const data = await this.pglite.dumpDataDir('gzip');
      return { data, read: seen };
    });
  }

  async ping(): Promise<boolean> {
    // In this process: it is there as long as it is open.
    return !this.closed;
  }

  poolStats(): undefined {
    return undefined;
  }

  private closed = false;

  async close(): Promise<void> {
    this.closed = true;
    await this.onClose();
  }
}

/** True when a database error is a unique-constraint violation (optionally on one named constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
