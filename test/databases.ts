/**
 * Test databases: never mocked. Embedded runs restore an in-memory PGlite from a snapshot made once
 * per run; server runs (DATABASE_URL set) create a database per test server from a template.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { connectDatabase, type DatabaseTarget } from '../server/db/connect';
import { EmbeddedDatabase, type Database } from '../server/db/database';
import { migrate } from '../server/db/migrate';
import { syncBusinessDays } from '../server/deadlines/businessDayTable';
import { seedDemo } from '../server/db/seed';
import { ManualClock } from '../server/clock';
import { setLogLevel } from '../server/logger';
import { testConfig } from './testConfig';
import { PGLITE_EXTENSIONS } from '../server/db/pgliteExtensions';

/** Which starting data a test wants: the demo mechanism, or only the schema. */
export type Fixture = 'demo' | 'empty';

/** The instant demo data is seeded at; tests that care about time start their clocks here. */
export const SEED_TIME = '2026-11-20T15:00:00.000Z';

const RUN_DIR_ENV = 'PUENTE_TEST_RUN_DIR';
const RUN_ID_ENV = 'PUENTE_TEST_RUN_ID';

function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/**
 * The URL of a test database on the server. Its connections commit without waiting for the disk
 * (`synchronous_commit = off`): a test database is thrown away, never recovered after a crash, and on
 * this kind of machine each flush costs ~4 ms, thousands of times a run. Nothing else changes: every
 * statement, lock and constraint behaves as in production.
 */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  // %20, not the '+' URLSearchParams writes for a space: libpq (pg_dump) reads '+' as itself.
  u.search = `?options=${encodeURIComponent('-c synchronous_commit=off')}`;
  return u.toString();
}

function templateName(fixture: Fixture): string {
  return `puente_tpl_${fixture}_${process.env[RUN_ID_ENV]}`;
}

/** Migrates (and for `demo`, seeds) a freshly opened database, then closes it. */
async function fill(db: Database, fixture: Fixture): Promise<void> {
  try {
    await migrate(db);
    if (fixture === 'demo') await seedDemo(db, testConfig(), new ManualClock(SEED_TIME));
    // As startServer does, so a test server starting from the fixture finds the table up to date.
    await syncBusinessDays(db, new Date(SEED_TIME));
  } finally {
    await db.close();
  }
}

/** Runs once before all tests (jest globalSetup): builds the fixtures every test server starts from. */
export async function prepareFixtures(): Promise<void> {
  if (!process.env.LOG_LEVEL) setLogLevel('error');
  const runId = crypto.randomBytes(4).toString('hex');
  process.env[RUN_ID_ENV] = runId;
  const url = serverUrl();
  if (url) {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      for (const fixture of ['empty', 'demo'] as Fixture[]) {
        await admin.query(`CREATE DATABASE ${templateName(fixture)}`);
        await fill(await connectDatabase({ kind: 'server', url: withDatabase(url, templateName(fixture)), poolSize: 2 }), fixture);
      }
    } finally {
      await admin.end();
    }
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-test-'));
  process.env[RUN_DIR_ENV] = dir;
  // One cold start (initdb, about 7 s of CPU) for both fixtures: `demo` is the `empty` snapshot, seeded.
  let previous: Blob | undefined;
  for (const fixture of ['empty', 'demo'] as Fixture[]) {
    // Our own PGlite (not connectDatabase's): the snapshot is taken from it after the handle closes.
    const pglite = new PGlite({ ...(previous ? { loadDataDir: previous } : {}), extensions: PGLITE_EXTENSIONS, ...SMALL_WAL });
    await pglite.waitReady;
    await fill(new EmbeddedDatabase(pglite), fixture);
    if (!previous) {
      // Every embedded test server restores this snapshot: without the two template databases (PGlite never
      // creates a database) it is 15 MB smaller and starts about a third faster.
      await pglite.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
      await pglite.exec('DROP DATABASE template0');
      await pglite.exec('DROP DATABASE template1');
    }
    await pglite.exec('CHECKPOINT');
    const blob = await pglite.dumpDataDir('none');
    await pglite.close();
    fs.writeFileSync(path.join(dir, `${fixture}.tar`), Buffer.from(await blob.arrayBuffer()));
    previous = blob;
  }
}

/**
 * Test databases are tiny, but PostgreSQL's default write-ahead log comes in 16 MB files, and keeps
 * 80 MB of used ones for reuse: two of them made two thirds of the snapshot every test server copies
 * in at its start. 1 MB files, and only two kept, make the snapshot a third of the size.
 */
const SMALL_WAL = { initDbStartParams: ['--wal-segsize=1'], postgresqlconf: ['min_wal_size = 2MB'] };

/** Runs once after all tests (jest globalTeardown). */
export async function dropFixtures(): Promise<void> {
  const url = serverUrl();
  if (url) {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `puente\\_%\\_${process.env[RUN_ID_ENV]}%`,
      ]);
      for (const row of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    return;
  }
  const dir = process.env[RUN_DIR_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Whether the suite runs against a PostgreSQL server (DATABASE_URL) rather than the embedded database. */
export const onServer = Boolean(serverUrl());

/** A fresh database for one test server, and how to throw it away. */
export interface TestDatabase {
  target: DatabaseTarget;
  /** The database's name on the server (undefined when embedded). */
  name?: string;
  drop(): Promise<void>;
}

/** Creates a fresh database holding `fixture`; `blank` is a PostgreSQL server database with no schema at all. */
export async function createTestDatabase(fixture: Fixture | 'blank'): Promise<TestDatabase> {
  const url = serverUrl();
  if (url) {
    const name = `puente_t_${process.env[RUN_ID_ENV]}_${process.env.JEST_WORKER_ID ?? '0'}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(fixture === 'blank' ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${templateName(fixture)}`);
    } finally {
      await admin.end();
    }
    return {
      name,
      target: { kind: 'server', url: withDatabase(url, name), poolSize: 5 },
      drop: async () => {
        const dropper = new Client({ connectionString: url });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      },
    };
  }
  if (fixture === 'blank') return { target: { kind: 'memory' }, drop: async () => {} };
  return { target: { kind: 'memory', snapshot: fixtureSnapshot(fixture), settings: TEST_SETTINGS }, drop: async () => {} };
}

/**
 * A test server's embedded database holds a few hundred rows: 16 MB of shared buffers instead of the
 * default 128 MB, which PGlite zeroes at every start (about 0.4 s of CPU per test server).
 */
const TEST_SETTINGS = ['shared_buffers = 16MB'];

/**
 * A snapshot read once per test file and handed to every test server it starts. PGlite reads a snapshot
 * with `arrayBuffer()` and copies each file out of it; a Blob copies its whole content again at each call
 * (about 0.15 s of CPU for 22 MB), this one hands over the same bytes, which nothing writes to.
 */
class ReadOnceSnapshot extends Blob {
  constructor(private readonly content: ArrayBuffer) {
    super([]);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.content);
  }
}

/** The snapshots this test file has read (a file may start dozens of test servers from the same one). */
const snapshots = new Map<Fixture, Blob>();

function fixtureSnapshot(fixture: Fixture): Blob {
  const dir = process.env[RUN_DIR_ENV];
  if (!dir) throw new Error('Test fixtures are missing: run tests through jest (globalSetup prepares them).');
  let snapshot = snapshots.get(fixture);
  if (!snapshot) {
    const file = fs.readFileSync(path.join(dir, `${fixture}.tar`));
    snapshots.set(fixture, (snapshot = new ReadOnceSnapshot(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength))));
  }
  return snapshot;
}

/**
 * An embedded database folder holding `fixture`, for a server started as its own process
 * (DATA_DIR=`dataDir`): its `pglite` folder restored from the run's snapshot, without a cold start.
 */
/** Runs `sql` on a server database (a test's own, by its URL) over a connection of its own, closed after. */
export async function onDatabase<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function createTestDataDir(fixture: Fixture): Promise<{ dataDir: string; drop(): void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-proc-'));
  const pglite = new PGlite(path.join(dataDir, 'pglite'), { loadDataDir: fixtureSnapshot(fixture), extensions: PGLITE_EXTENSIONS });
  await pglite.waitReady;
  await pglite.close();
  return { dataDir, drop: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
