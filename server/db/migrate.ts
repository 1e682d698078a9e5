/** Brings the schema up to date at start; safe when several instances start at once. */
import type { Database, Tx } from './database';
import { MIGRATIONS } from './migrations';
import { logger } from '../logger';

// Any fixed number: every Puente instance takes the same advisory lock while it migrates.
const MIGRATION_LOCK = 7_251_001;

/**
 * Takes the lock migrations run under, until `tx` ends. Whatever else must happen once per database
 * at start, however many instances start together (the demo seed), takes it too.
 */
export async function takeMigrationLock(tx: Tx): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
}

/**
 * Applies every migration not yet recorded and returns their versions. Each runs in its own
 * transaction under a transaction-level advisory lock, and re-checks inside it whether another
 * instance applied it meanwhile.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    // Asked first: an application role that does not own the schema (docs/audit.md) may not even run
    // CREATE TABLE IF NOT EXISTS, and has nothing to migrate once the owner has.
    if (await tx.maybeOne("SELECT 1 FROM pg_catalog.pg_class WHERE oid = to_regclass('schema_migrations')")) return;
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      await takeMigrationLock(tx);
      if (await tx.maybeOne('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version])) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
      return true;
    });
    if (done) {
      logger.info('migration applied', { version: migration.version });
      applied.push(migration.version);
    }
  }
  return applied;
}
