/** Brings the schema up to date at start; safe when several instances start at once. */
import type { Database } from './database';
import { MIGRATIONS } from './migrations';
import { logger } from '../logger';

// Any fixed number: every Puente instance takes the same advisory lock while it migrates.
const MIGRATION_LOCK = 7_251_001;

/** Applies every migration not yet recorded, each in its own transaction, and returns their versions. */
export async function migrate(db: Database): Promise<string[]> {
  return db.withConnection(async (connection) => {
    await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await connection.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await connection.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version),
      );
      const applied: string[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await connection.query('BEGIN');
        try {
          await connection.query(migration.sql);
          await connection.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
          await connection.query('COMMIT');
        } catch (err) {
          await connection.query('ROLLBACK');
          throw err;
        }
        logger.info('migration applied', { version: migration.version });
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
