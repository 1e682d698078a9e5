/**
 * The one way the server talks to PostgreSQL. Application code sees only `Database`, `Queryable` and
 * `Tx`; two small drivers sit underneath: `pg` pools for a real server (DATABASE_URL) and PGlite's own
 * API for the embedded database. Both parse values identically (server/db/types.ts) and raise errors
 * with PostgreSQL's codes. See docs/database.md for why there are two drivers and not one.
 */
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import { PGLITE_PARSERS } from './types';
import { logger } from '../logger';

/** A plain row as the driver returns it. */
export type Row = Record<string, unknown>;

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Rows of a parameterised query ($1, $2 …). */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Exactly one row, or an Error (a bug: callers use it where the row must exist). */
  one<T = Row>(sql: string, params?: readonly unknown[]): Promise<T>;
  /** The first row, or undefined. */
  maybeOne<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
}

/** An open transaction; work registered with `afterCommit` runs only once the commit succeeded. */
export interface Tx extends Queryable {
  afterCommit(work: () => void | Promise<void>): void;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

type RunQuery = (sql: string, params: readonly unknown[]) => Promise<Row[]>;

class QueryRunner implements Queryable {
  constructor(protected readonly run: RunQuery) {}

  query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.run(sql, params) as Promise<T[]>;
  }

  async one<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T> {
    const rows = await this.query<T>(sql, params);
    if (rows.length !== 1) throw new Error(`Expected one row, got ${rows.length}: ${sql.slice(0, 80)}`);
    return rows[0] as T;
  }

  async maybeOne<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, params);
    return rows[0];
  }
}

class Transaction extends QueryRunner implements Tx {
  readonly pending: (() => void | Promise<void>)[] = [];
  constructor(
    run: RunQuery,
    readonly exec: (sql: string) => Promise<void>,
  ) {
    super(run);
  }
  afterCommit(work: () => void | Promise<void>): void {
    this.pending.push(work);
  }
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
}

/** A PostgreSQL server through a `pg` pool. */
export class ServerDatabase extends Database {
  readonly kind = 'server';

  constructor(private readonly pool: Pool) {
    super(async (sql, params) => (await pool.query(sql, params as unknown[])).rows);
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    const tx = new Transaction(
      async (sql, params) => (await client.query(sql, params as unknown[])).rows,
      async (sql) => {
        await client.query(sql);
      },
    );
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work(tx);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => logger.error('rollback failed', { err: rollbackErr }));
      client.release();
      throw err;
    }
    client.release();
    await runAfterCommit(tx);
    return result;
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
    super(async (sql, params) => (await pglite.query<Row>(sql, params as unknown[], { parsers: PGLITE_PARSERS })).rows);
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx: Transaction | undefined;
    // PGlite holds its single session for the callback and rolls back if it throws.
    const result = await this.pglite.transaction(async (ptx: PgliteTransaction) => {
      tx = new Transaction(
        async (sql, params) => (await ptx.query<Row>(sql, params as unknown[], { parsers: PGLITE_PARSERS })).rows,
        async (sql) => {
          await ptx.exec(sql);
        },
      );
      return work(tx);
    });
    await runAfterCommit(tx!);
    return result;
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}

/** True when a database error is a unique-constraint violation (optionally on one named constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
