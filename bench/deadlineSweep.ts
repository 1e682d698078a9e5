/**
 * `npm run bench:sweep [cases]`: files N cases (default 10,000) whose acknowledgement deadline has
 * passed, then times one full sweep that escalates them all. Runs on a fresh in-memory embedded
 * database, and also on a fresh database of the PostgreSQL server in DATABASE_URL when it is set.
 * Prints figures only; nothing here asserts timings.
 */
import crypto from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../server/app';
import { ManualClock } from '../server/clock';
import { loadConfig } from '../server/config';
import { connectDatabase, type DatabaseTarget } from '../server/db/connect';
import { migrate } from '../server/db/migrate';
import { seedDemo } from '../server/db/seed';
import { runDeadlineSweep } from '../server/jobs/deadlineSweeper';
import { setLogLevel } from '../server/logger';
import { buildCaseIn } from '../test/factories';

const FILED_AT = '2026-11-20T15:00:00.000Z';
// The Thursday after the Wednesday the acknowledgement of a Friday filing falls due.
const AFTER_DUE = '2026-11-26T14:00:00.000Z';
const COMPANIES = ['perija', 'valle-cesar', 'la-esperanza'];

async function run(label: string, target: DatabaseTarget, count: number): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-123',
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    RUN_JOBS: 'false',
  });
  const clock = new ManualClock(FILED_AT);
  const db = await connectDatabase(target);
  try {
    await migrate(db);
    await seedDemo(db, config, clock);
    const { ctx } = createApp({ config, db, clock });
    const filing = process.hrtime.bigint();
    for (let start = 0; start < count; start += 500) {
      await db.transaction(async (tx) => {
        for (let i = start; i < Math.min(count, start + 500); i++) await buildCaseIn(ctx, tx, { company: COMPANIES[i % COMPANIES.length]! });
      });
    }
    const filedMs = Number(process.hrtime.bigint() - filing) / 1e6;
    clock.set(AFTER_DUE);
    const started = process.hrtime.bigint();
    const result = await runDeadlineSweep(ctx, { limit: 200 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const events = await db.one<{ n: number }>(`SELECT count(*) AS n FROM case_events WHERE kind = 'cases.escalated'`);
    console.log(
      `${label}: filed ${count} cases in ${Math.round(filedMs)} ms; one sweep escalated ${result.escalated} deadlines ` +
        `(${events.n} history events, ${result.failed} failed) in ${Math.round(ms)} ms = ${Math.round((result.escalated / ms) * 1000)} cases/s`,
    );
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const count = Number(process.argv[2] ?? 10_000);
  await run('embedded (PGlite, in memory)', { kind: 'memory' }, count);
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const name = `puente_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(url);
    u.pathname = `/${name}`;
    await run('PostgreSQL server (DATABASE_URL)', { kind: 'server', url: u.toString(), poolSize: 10 }, count);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
