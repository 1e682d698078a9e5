/**
 * `npx tsx bench/seed.ts`: how long loading the demo (seedDemo) takes on a freshly migrated database,
 * embedded (PGlite in memory, restored from a migrated snapshot) and, with DATABASE_URL, on the
 * PostgreSQL server (a copy of a migrated template per run). The test suite seeds it once per run and
 * every process test that starts from a blank database seeds it again. Prints each run's wall-clock and
 * CPU time (the steadier figure on a loaded machine), their medians and the load average. Figures only.
 *
 *   ROUNDS=5 DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente npx tsx bench/seed.ts
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { ManualClock } from '../server/clock';
import { connectDatabase } from '../server/db/connect';
import { EmbeddedDatabase, type Database } from '../server/db/database';
import { migrate } from '../server/db/migrate';
import { PGLITE_EXTENSIONS } from '../server/db/pgliteExtensions';
import { seedDemo } from '../server/db/seed';
import { setLogLevel } from '../server/logger';
import { testConfig } from '../test/testConfig';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
// The tests' configuration: the seed hashes and seals with it as the test fixtures' seed does.
const config = testConfig();
const clock = new ManualClock('2026-11-20T15:00:00.000Z');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Wall-clock and this process's CPU milliseconds of one seed (embedded, the CPU time is nearly all of it: PGlite runs in this process). */
async function timeSeed(db: Database): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await seedDemo(db, config, clock);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  await db.close();
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function embedded(): Promise<{ wall: number; cpu: number }[]> {
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  await pglite.waitReady;
  await migrate(new EmbeddedDatabase(pglite));
  const snapshot = await pglite.dumpDataDir('none');
  await pglite.close();
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await timeSeed(await connectDatabase({ kind: 'memory', snapshot })));
  return runs;
}

async function onServer(url: string): Promise<{ wall: number; cpu: number }[]> {
  const urlOf = (name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const template = `puente_bench_seed_${crypto.randomBytes(4).toString('hex')}`;
  const runs: { wall: number; cpu: number }[] = [];
  try {
    await admin.query(`CREATE DATABASE ${template}`);
    const db = await connectDatabase({ kind: 'server', url: urlOf(template), poolSize: 2 });
    await migrate(db);
    await db.close();
    for (let i = 0; i < ROUNDS; i++) {
      const name = `${template}_${i}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      try {
        runs.push(await timeSeed(await connectDatabase({ kind: 'server', url: urlOf(name), poolSize: 2 })));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
  return runs;
}

async function main(): Promise<void> {
  setLogLevel('error');
  const report = (label: string, runs: { wall: number; cpu: number }[]) => {
    const figures = (key: 'wall' | 'cpu') => `${median(runs.map((r) => r[key])).toFixed(0)} ms (${runs.map((r) => r[key].toFixed(0)).join(', ')})`;
    console.log(`${label}: wall median ${figures('wall')}, CPU median ${figures('cpu')}; load ${load()}`);
  };
  report('seedDemo embedded', await embedded());
  if (process.env.DATABASE_URL) report('seedDemo server  ', await onServer(process.env.DATABASE_URL));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
