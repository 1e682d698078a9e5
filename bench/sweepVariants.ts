/**
 * Compares variants of the deadline sweep by the CPU they cost: each variant sweeps a fresh copy of a
 * template kept by bench/sweep.ts (KEEP_TEMPLATE=1), in turns, and prints the wall time, Node's CPU, the
 * CPU of the sweep's PostgreSQL backends (utime + stime from /proc over the sweep: the server must run on
 * this machine) and the WAL written meanwhile (the whole server's). On a shared machine the wall time moves
 * ±40% between runs of one variant; the CPU moves ±5%. Figures only; drop the template yourself.
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente TEMPLATE=puente_bench_sweep_10000_… npx tsx bench/sweepVariants.ts
 *   VARIANTS=main,branch ROUNDS=4 …   (defaults: one variant "branch", 3 rounds)
 *
 * A variant named X is the branch's sweep on a migrated copy, changed by:
 *   SQL_X="…"          run on the copy before the sweep connects (e.g. drop a foreign key, to bound what it costs);
 *                      $DB stands for the copy's name (ALTER DATABASE $DB SET …)
 *   UNMIGRATED_X=1     the copy keeps the template's schema (a template made by main: main's schema)
 *   TEMPLATE_X=name    a template of its own (e.g. one made by main, with UNMIGRATED_X, beside one made by the branch,
 *                      when a change of the branch shows only on rows inserted after its migration, as a fillfactor)
 *   SYNCHRONOUS_X=1    the batches commit synchronously, as before session 11 (main's code, with UNMIGRATED_X)
 *   LANES_X=3          lanes of the sweep (default: the sweep's own)
 *   DIGEST_X=Infinity  notices of one kind to one person in a batch above which they get a digest (default: the
 *                      sweep's own; Infinity: one notice per case, as before session 12)
 *
 * HOT=1 also prints, after each sweep, the rows its UPDATEs wrote in `cases`, `case_figures`, `case_deadlines` and
 * `audit_chain_heads` and how many of them were HOT (no new index entries), from the copy's pg_stat_user_tables.
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
import { backendCpu, backendCpuSpent, loadAverage } from './stats';
import { AFTER_DUE, SWEEP_BENCH_CONFIG as config, urlOf } from './sweepSetup';

/** The batches of `db` commit synchronously: the set_config of recordSweptBatch's statement is left out. */
function synchronously(db: Awaited<ReturnType<typeof connectDatabase>>): void {
  const transaction = db.transaction.bind(db);
  db.transaction = <T>(work: (tx: Tx) => Promise<T>) =>
    transaction((tx) => {
      const query = tx.query.bind(tx);
      tx.query = (text, params) =>
        query(typeof text === 'string' ? text.replace(/SELECT set_config\('synchronous_commit', 'off', true\) AS async,\s*/, 'SELECT ') : text, params);
      return work(tx);
    });
}

/** The rows the copy's UPDATEs wrote per table, and how many were HOT (the sweep's backends have ended by then). */
async function hotUpdates(base: string, name: string): Promise<string> {
  // A backend hands its counts over when it exits, a moment after its connection closes.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const client = new Client({ connectionString: urlOf(base, name) });
  await client.connect();
  try {
    const rows = await client.query<{ relname: string; upd: string; hot: string }>(
      `SELECT relname, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables
       WHERE relname IN ('cases', 'case_figures', 'case_deadlines', 'audit_chain_heads') ORDER BY relname`,
    );
    return rows.rows.map((r) => `${r.relname} ${r.upd} updated, ${r.hot} HOT`).join('; ');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  setLogLevel('error');
  const base = process.env.DATABASE_URL;
  const template = process.env.TEMPLATE;
  if (!base || !template) throw new Error('set DATABASE_URL and TEMPLATE (a template kept by bench/sweep.ts with KEEP_TEMPLATE=1)');
  const variants = (process.env.VARIANTS ?? 'branch').split(',');
  const rounds = Number(process.env.ROUNDS ?? 3);
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const results = new Map<string, { ms: number; db: number; node: number }[]>();
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const variant of variants) {
        const name = `puente_bench_variant_${crypto.randomBytes(3).toString('hex')}`;
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env[`TEMPLATE_${variant}`] ?? template}`);
        try {
          const change = process.env[`SQL_${variant}`]?.replaceAll('$DB', name);
          if (change) {
            const client = new Client({ connectionString: urlOf(base, name) });
            await client.connect();
            await client.query(change);
            await client.end();
          }
          const db = await connectDatabase({ kind: 'server', url: urlOf(base, name), poolSize: 10 });
          try {
            if (!process.env[`UNMIGRATED_${variant}`]) await migrate(db);
            if (process.env[`SYNCHRONOUS_${variant}`]) synchronously(db);
            const { ctx } = createApp({ config, db, clock: new ManualClock(AFTER_DUE.toISOString()) });
            const lanes = process.env[`LANES_${variant}`];
            const cpuBefore = await backendCpu(admin, name);
            const wal = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn')).rows[0]!.lsn;
            const loadBefore = loadAverage(1);
            const nodeBefore = process.cpuUsage();
            const started = process.hrtime.bigint();
            const digest = process.env[`DIGEST_${variant}`];
            const result = await runDeadlineSweep(ctx, { concurrency: lanes ? Number(lanes) : undefined, digestAbove: digest ? Number(digest) : undefined });
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const nodeCpu = process.cpuUsage(nodeBefore);
            const dbMs = backendCpuSpent(cpuBefore, await backendCpu(admin, name));
            const walMb = (await admin.query<{ mb: string }>('SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), $1) / 1e6) AS mb', [wal])).rows[0]!.mb;
            const node = (nodeCpu.user + nodeCpu.system) / 1000;
            results.set(variant, [...(results.get(variant) ?? []), { ms, db: dbMs, node }]);
            console.log(
              `round ${round} ${variant}: ${Math.round(ms)} ms, escalated ${result.escalated} (failed ${result.failed}); ` +
                `PostgreSQL CPU ${Math.round(dbMs)} ms, Node CPU ${Math.round(node)} ms, WAL ${walMb} MB (load ${loadBefore} → ${loadAverage(1)})`,
            );
          } finally {
            await db.close();
          }
          if (process.env.HOT) console.log(`  ${await hotUpdates(base, name)}`);
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      }
    }
    for (const [variant, runs] of results) {
      const list = (pick: (r: { ms: number; db: number; node: number }) => number) => runs.map((r) => Math.round(pick(r))).join(' / ');
      console.log(`${variant}: wall ${list((r) => r.ms)} ms; PostgreSQL CPU ${list((r) => r.db)} ms; Node CPU ${list((r) => r.node)} ms`);
    }
  } finally {
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
