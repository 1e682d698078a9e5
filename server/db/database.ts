/**
 * The one way the server talks to PostgreSQL, embedded (PGlite through its node-postgres adapter) or a
 * real server (DATABASE_URL): both are `pg` pools, so every query, transaction and error code takes the
 * same path. See docs/database.md for the measurements behind the choice.
 */
import { Pool, type PoolClient } from 'pg';
import './types';
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
}

type Runner = Pick<Pool | PoolClient, 'query'>;

class QueryRunner implements Queryable {
  constructor(protected readonly runner: Runner) {}

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.runner.query(sql, params as unknown[]);
    return result.rows as T[];
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
  afterCommit(work: () => void | Promise<void>): void {
    this.pending.push(work);
  }
}

/** Which kind of PostgreSQL is behind the pool. */
export type DatabaseKind = 'embedded' | 'server';

/** The application's database handle. */
export class Database extends QueryRunner {
  constructor(
    private readonly pool: Pool,
    readonly kind: DatabaseKind,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    super(pool);
  }

  /**
   * Runs `work` in one transaction and commits, or rolls back on any error. Inside, use only `tx`:
   * the embedded database has a single connection, so waiting on another query would deadlock.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new Transaction(client);
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work(tx);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        logger.error('rollback failed', { err: rollbackErr });
      });
      client.release();
      throw err;
    }
    client.release();
    for (const pending of tx.pending) {
      try {
        await pending();
      } catch (err) {
        // The data is committed; a failed push or wake-up must not turn success into an error.
        logger.error('after-commit work failed', { err });
      }
    }
    return result;
  }

  /** Runs `work` on one dedicated connection (advisory locks, LISTEN); released afterwards. */
  async withConnection<T>(work: (connection: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(new QueryRunner(client));
    } finally {
      client.release();
    }
  }

  /** Closes the pool and, for the embedded database, PGlite itself. */
  async close(): Promise<void> {
    await this.pool.end();
    await this.onClose();
  }
}

/** True when a pg error is a unique-constraint violation (optionally on one named constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
