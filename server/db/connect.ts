/**
 * Opens the database the configuration names: a PostgreSQL server when DATABASE_URL is set, otherwise
 * an embedded PGlite persisted in a folder (or in memory for tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { EmbeddedDatabase, ServerDatabase, type Database } from './database';
import { logger } from '../logger';
import { PGLITE_EXTENSIONS } from './pgliteExtensions';

/** Where the data lives. */
export type DatabaseTarget =
  | { kind: 'server'; url: string; poolSize?: number }
  | { kind: 'embedded'; dataDir: string }
  | {
      kind: 'memory';
      snapshot?: Blob;
      /** postgresql.conf lines for this instance (tests start hundreds of small ones and ask for small buffers). */
      settings?: string[];
    };

/**
 * How long a request waits for a connection (a new one, or a free one of a busy pool) before it is
 * answered 503: long enough for a burst, short enough that a database that stopped answering TCP
 * does not hold requests for the kernel's two minutes.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long a pooled connection may sit idle before it is closed. `pg` closes them after 10 s, so a
 * pause of ten seconds in traffic cost the next burst ten fresh backends, each opened with SCRAM and
 * then re-reading the catalogue, compiling `file_case` and preparing the named statements again
 * (docs/scaling.md). A few minutes keeps a server that is in use warm; a server left alone still
 * gives its connections back.
 */
const IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * postgresql.conf lines of the embedded database in a folder. PGlite's default 128 MB of shared buffers
 * live in its WebAssembly memory, which never shrinks: 32 MB took the idle server from ~520 to ~410 MB
 * (first start) and from ~410 to ~310 MB (every later start) with the demo data, at no measurable cost
 * to the demo's queries — the operating system's page cache still holds the files PGlite reads, so a
 * page missing from the buffers is a copy, not a disk read (docs/scaling.md §8, bench/memory.ts).
 */
export const EMBEDDED_SETTINGS = ['shared_buffers = 32MB'];

/** Opens a pool on a PostgreSQL server. */
function connectServer(url: string, poolSize: number): Database {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'puente',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    // Idle connections (and their 5-minute timers) never keep a process alive by themselves: a command
    // or a test that forgot nothing else would otherwise wait out the idle timeout before exiting.
    allowExitOnIdle: true,
    // TCP keep-alive notices a connection whose server vanished without closing it (a failover).
    keepAlive: true,
    // A statement is written without waiting for the answer to the one before. Most of our code waits
    // for each answer anyway; BEGIN goes out with the first statement on a connection known to be alive,
    // COMMIT with a last statement known beforehand, and statements a transaction starts together go out
    // together (ServerDatabase.transaction).
    pipeline: true,
  });
  // An idle connection that dies (restart, failover) is dropped by the pool; the next checkout opens
  // a new one. Without this listener the 'error' event would end the process.
  pool.on('error', (err) => logger.warn('idle database connection lost; the pool will reconnect', { err }));
  return new ServerDatabase(pool);
}

/** Another live process (a running server) holds the embedded database's folder. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The embedded database in ${dataDir} is in use by process ${pid}.`);
    this.name = 'DataDirInUse';
  }
}

/**
 * PGlite has no lock of its own on its folder and two processes writing it corrupt it, so we take one:
 * a lock file holding our pid, taken over only when that process is gone. Returns its release.
 * Restoring a backup takes it too, so no server starts on a half-restored folder.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, '..', `${path.basename(dataDir)}.lock`);
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    let alive: boolean;
    try {
      process.kill(holder, 0);
      alive = holder !== process.pid;
    } catch {
      alive = false; // no such process: a crash left the file behind
    }
    if (alive) throw new DataDirInUse(dataDir, holder);
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => fs.rmSync(lockFile, { force: true });
}

async function openPglite(pglite: PGlite, release: () => void = () => {}): Promise<Database> {
  await pglite.waitReady;
  return new EmbeddedDatabase(pglite, async () => {
    await pglite.close();
    release();
  });
}

/** Opens the database named by `target`. */
export async function connectDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'server') return connectServer(target.url, target.poolSize ?? 10);
  if (target.kind === 'memory') {
    return openPglite(
      new PGlite({
        ...(target.snapshot ? { loadDataDir: target.snapshot } : {}),
        ...(target.settings ? { postgresqlconf: target.settings } : {}),
        extensions: PGLITE_EXTENSIONS,
      }),
    );
  }
  fs.mkdirSync(target.dataDir, { recursive: true });
  const release = lockDataDir(target.dataDir);
  try {
    return await openPglite(new PGlite(target.dataDir, { extensions: PGLITE_EXTENSIONS, postgresqlconf: EMBEDDED_SETTINGS }), release);
  } catch (err) {
    release();
    throw err;
  }
}
