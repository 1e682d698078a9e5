/**
 * Where a deadline sweep's time goes: one sweep on a fresh copy of a template kept by bench/sweep.ts
 * (KEEP_TEMPLATE=1), every statement of its transactions timed from Node and summed by its first words,
 * beside the process's own CPU time. With AUTO_EXPLAIN=1 the copy also logs EXPLAIN ANALYZE of every
 * statement over 50 ms (AUTO_EXPLAIN_MS), nested ones and trigger times included, to the server's log (superuser only).
 * Figures only; drop the template yourself.
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente TEMPLATE=puente_bench_sweep_5000_… npx tsx bench/profileSweep.ts
 *   LANES=1 LIMIT=500 AUTO_EXPLAIN=1 …   (defaults: the sweep's own lanes and batch size, no auto_explain)
 */
import crypto from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../server/app';
import { ManualClock } from '../server/clock';
import { connectDatabase } from '../server/db/connect';
import type { Tx } from '../server/db/database';
import { migrate } from '../server/db/migrate';
import { runDeadlineSweep } from '../server/jobs/deadlineSweeper';
import { setLogLevel } from '../server/logger';
import { loadAverage } from './stats';
// The same keys and clock as bench/sweep.ts, so the template's sealed rows open and its deadlines are due.
import { AFTER_DUE, SWEEP_BENCH_CONFIG as config, urlOf } from './sweepSetup';

const AUTO_EXPLAIN = [
  "session_preload_libraries = 'auto_explain'",
  `auto_explain.log_min_duration = '${process.env.AUTO_EXPLAIN_MS ?? 50}ms'`,
  'auto_explain.log_analyze = on',
  'auto_explain.log_nested_statements = on',
  'auto_explain.log_triggers = on',
  'auto_explain.log_buffers = on',
];

async function main(): Promise<void> {
  setLogLevel('warn');
  const base = process.env.DATABASE_URL;
  const template = process.env.TEMPLATE;
  if (!base || !template) throw new Error('set DATABASE_URL and TEMPLATE (a template kept by bench/sweep.ts with KEEP_TEMPLATE=1)');
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const name = `${process.env.DB_PREFIX ?? 'puente_bench'}_prof_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  try {
    if (process.env.AUTO_EXPLAIN) for (const setting of AUTO_EXPLAIN) await admin.query(`ALTER DATABASE ${name} SET ${setting}`);
    const db = await connectDatabase({ kind: 'server', url: urlOf(base, name), poolSize: 10 });
    await migrate(db);
    const { ctx } = createApp({ config, db, clock: new ManualClock(AFTER_DUE.toISOString()) });
    const times = new Map<string, { n: number; ms: number }>();
    const transaction = db.transaction.bind(db);
    // Every statement run inside a transaction, timed from Node (the sweep runs all of its own in one).
    db.transaction = <T>(work: (tx: Tx) => Promise<T>) =>
      transaction((tx) => {
        const query = tx.query.bind(tx);
        tx.query = async (sql, params) => {
          const key = (typeof sql === 'string' ? sql : sql.text).replace(/\s+/g, ' ').trim().slice(0, 70);
          const started = process.hrtime.bigint();
          try {
            return await query(sql, params);
          } finally {
            const entry = times.get(key) ?? { n: 0, ms: 0 };
            entry.n++;
            entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
            times.set(key, entry);
          }
        };
        return work(tx);
      });
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const lanes = process.env.LANES ? Number(process.env.LANES) : undefined;
    const limit = process.env.LIMIT ? Number(process.env.LIMIT) : undefined;
    const result = await runDeadlineSweep(ctx, { concurrency: lanes, limit });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    const load = loadAverage(1);
    console.log(
      `escalated ${result.escalated} in ${Math.round(ms)} ms; Node CPU user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms; load ${load}`,
    );
    for (const [sql, t] of [...times].sort((a, b) => b[1].ms - a[1].ms))
      console.log(`${String(Math.round(t.ms)).padStart(7)} ms ${String(t.n).padStart(4)}× ${sql}`);
    await db.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
