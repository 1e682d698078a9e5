/**
 * `npm run bench:sweep`: how fast one deadline sweep escalates 1,000 / 10,000 / 100,000 overdue cases
 * on a PostgreSQL server, beside a bare baseline in the same run: one `UPDATE` stamping the same
 * deadlines escalated (no events, notices or e-mails), A B A B on identical copies of the database.
 * Prints cases/s, the ratio of the medians and the load average. Figures only; nothing here asserts
 * timings (docs/scaling.md keeps the record).
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente npx tsx bench/sweep.ts
 *   SIZES=1000,10000 ROUNDS=2 …   (defaults: 1000,10000,100000 and 2 rounds of A B)
 *   KEEP_TEMPLATE=1 …   keeps each size's template database (to EXPLAIN a statement on it; drop it yourself)
 *   VARIANTS=500x2,1000x2,500x3 …   each round's B once per batch size × lanes (default: the sweep's own, 500x2)
 *   DB_PREFIX=s20_sweep …   the prefix of every database it makes (default puente_bench), so a helper's are its own
 *   TEMPLATE=<name> …   rounds on copies of a template kept earlier (one size; another tree's code can run on the same rows;
 *                       each copy is migrated to this tree's schema first)
 *
 * The overdue cases are made set-based: three cases filed through the factory (one per company, with
 * their filed event, acknowledgement deadline and figures) are cloned N/3 times each by
 * INSERT … SELECT, with their deadlines and filed events (figures rebuilt in sets after), into a template
 * database per size; each run
 * gets a fresh copy (CREATE DATABASE … TEMPLATE), so A and B act on identical rows. The databases are
 * dropped at the end.
 *
 * Beside each run: the CPU its database's backends spent (from /proc; the server must run on this machine), per case,
 * which the load stretches far less than the wall time, and the oldest transaction open elsewhere on the server: while
 * one is, no row version the sweep leaves behind can be pruned, so its updates stop finding room on their pages (HOT)
 * and the same sweep costs more (docs/scaling.md, session 18).
 */
import crypto from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../server/app';
import { ManualClock } from '../server/clock';
import { connectDatabase } from '../server/db/connect';
import { migrate } from '../server/db/migrate';
import { seedDemo } from '../server/db/seed';
import { runDeadlineSweep } from '../server/jobs/deadlineSweeper';
import { setLogLevel } from '../server/logger';
import { buildCaseIn } from '../test/factories';
import { backendCpu, backendCpuSpent, loadAverage } from './stats';
import { AFTER_DUE, SWEEP_BENCH_CONFIG as config, urlOf } from './sweepSetup';

const FILED_AT = '2026-11-20T15:00:00.000Z';
const COMPANIES = ['perija', 'valle-cesar', 'la-esperanza'];
const SIZES = (process.env.SIZES ?? '1000,10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
/** The sweep's batch size and lanes to compare, each round (`limit` x `concurrency`; undefined: the sweep's defaults). */
const VARIANTS = (process.env.VARIANTS ?? '')
  .split(',')
  .filter(Boolean)
  .map((v) => {
    const [limit, concurrency] = v.split('x').map(Number);
    if (!limit || !concurrency) throw new Error(`VARIANTS: "${v}" is not <batch size>x<lanes>`);
    return { label: ` ${v}`, options: { limit, concurrency } };
  });
if (VARIANTS.length === 0) VARIANTS.push({ label: '', options: {} as { limit: number; concurrency: number } });

const PREFIX = process.env.DB_PREFIX ?? 'puente_bench';
const OVERDUE = 'satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND due_at < $1';
const load = () => loadAverage(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** The demo and three filed cases, then clones of them until `total` cases are overdue. */
async function makeTemplate(base: string, admin: Client, name: string, total: number): Promise<number> {
  await admin.query(`CREATE DATABASE ${name}`);
  const clock = new ManualClock(FILED_AT);
  const db = await connectDatabase({ kind: 'server', url: urlOf(base, name), poolSize: 2 });
  try {
    await migrate(db);
    await seedDemo(db, config, clock);
    const { ctx } = createApp({ config, db, clock });
    const seeds = await db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const company of COMPANIES) ids.push(await buildCaseIn(ctx, tx, { company }));
      return ids;
    });
    const copies = Math.ceil(total / seeds.length) - 1;
    await db.transaction(async (tx) => {
      // The clones' figures are rebuilt in sets afterwards (as the oversight generator does); the
      // filed events keep their trigger, so every clone's history is a sealed chain. Clones have no
      // categories, so no copy of their seed's either (cases.category_ids follows case_categories).
      await tx.query('ALTER TABLE cases DISABLE TRIGGER USER');
      await tx.query('ALTER TABLE case_deadlines DISABLE TRIGGER USER');
      await tx.query(
        `CREATE TEMP TABLE clone_map ON COMMIT DROP AS
         SELECT s.id AS old_id, gen_random_uuid() AS new_id, g FROM cases s, generate_series(1, $2::int) g WHERE s.id = ANY($1::uuid[])`,
        [seeds, copies],
      );
      await tx.query(
        `INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object('id', m.new_id, 'reference', c.reference || '-' || m.g,
           'open_data_id', substr(replace(m.new_id::text, '-', ''), 1, 20), 'category_ids', '[]'::jsonb))).*
         FROM cases c JOIN clone_map m ON m.old_id = c.id`,
      );
      await tx.query(
        `INSERT INTO case_deadlines SELECT (jsonb_populate_record(NULL::case_deadlines, to_jsonb(d) || jsonb_build_object('id', gen_random_uuid(), 'case_id', m.new_id))).*
         FROM case_deadlines d JOIN clone_map m ON m.old_id = d.case_id`,
      );
      await tx.query(
        `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at)
         SELECT m.new_id, e.kind, e.from_status, e.to_status, e.actor_user_id, e.actor_role, e.reason, e.data, e.created_at
         FROM case_events e JOIN clone_map m ON m.old_id = e.case_id ORDER BY m.new_id, e.id`,
      );
      await tx.query('ALTER TABLE cases ENABLE TRIGGER USER');
      await tx.query('ALTER TABLE case_deadlines ENABLE TRIGGER USER');
      await tx.query('SELECT rebuild_oversight_figures()');
    });
    await db.query('VACUUM ANALYZE');
    // The demo's own overdue cases are swept too.
    return (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM case_deadlines WHERE ${OVERDUE}`, [AFTER_DUE])).n;
  } finally {
    await db.close();
  }
}

/** How many deadlines of a kept template the sweep will find overdue. */
async function overdueIn(base: string, template: string): Promise<number> {
  const client = new Client({ connectionString: urlOf(base, template) });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_deadlines WHERE ${OVERDUE}`, [AFTER_DUE]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * A fresh copy of the template (another run's changes never leak into the next). A kept template (`TEMPLATE=`) made by
 * older code is migrated to this tree's schema on the copy, before anything is timed (a no-op when it is up to date).
 */
async function copyOf(base: string, admin: Client, template: string): Promise<string> {
  const name = `${PREFIX}_run_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  if (process.env.TEMPLATE) {
    const db = await connectDatabase({ kind: 'server', url: urlOf(base, name), poolSize: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  }
  // The copy's pages are written through the buffers and the WAL (PostgreSQL 15's WAL_LOG strategy): flushed here,
  // before anything is timed, so that neither side's round pays for writing out the copy or the template before it —
  // nor for what the migration wrote on the copy (an index rebuilt), which only the newer tree's side would pay.
  await admin.query('CHECKPOINT');
  return name;
}

/** The age (s) of the oldest transaction open on the whole server outside database `name`, and where. */
async function oldestElsewhere(admin: Client, name: string): Promise<string> {
  const { rows } = await admin.query<{ s: number | null; datname: string | null }>(
    `SELECT round(extract(epoch FROM now() - xact_start))::int AS s, datname FROM pg_stat_activity
     WHERE datname IS DISTINCT FROM $1 AND pid <> pg_backend_pid() AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
     ORDER BY xact_start LIMIT 1`,
    [name],
  );
  return rows[0]?.s == null ? 'none' : `${rows[0].s} s (${rows[0].datname ?? 'no database'})`;
}

/** A: the bare baseline, one UPDATE stamping every overdue deadline escalated. Returns ms and its backend's CPU ms. */
async function bare(base: string, admin: Client, name: string, expected: number): Promise<{ ms: number; cpu: number }> {
  const client = new Client({ connectionString: urlOf(base, name) });
  await client.connect();
  try {
    const cpuBefore = await backendCpu(admin, name);
    const started = process.hrtime.bigint();
    const r = await client.query(`UPDATE case_deadlines SET escalated_at = $1 WHERE ${OVERDUE}`, [AFTER_DUE]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = backendCpuSpent(cpuBefore, await backendCpu(admin, name));
    if (r.rowCount !== expected) throw new Error(`bare UPDATE touched ${r.rowCount} rows, expected ${expected}`);
    return { ms, cpu };
  } finally {
    await client.end();
  }
}

/** B: one full sweep by Puente (events, levels, notices, e-mails). Returns ms and its backends' CPU ms; checks it did all, once. */
async function sweep(
  base: string,
  admin: Client,
  name: string,
  expected: number,
  options: Parameters<typeof runDeadlineSweep>[1],
): Promise<{ ms: number; cpu: number; statements: string }> {
  const clock = new ManualClock(AFTER_DUE.toISOString());
  const db = await connectDatabase({ kind: 'server', url: urlOf(base, name), poolSize: 10 });
  try {
    const { ctx } = createApp({ config, db, clock });
    const counts = () =>
      db.one<{ n: number; notices: number; emails: number; digests: number; digestEmails: number }>(
        `SELECT (SELECT count(*)::int FROM case_events WHERE kind = 'cases.escalated') AS n,
                (SELECT count(*)::int FROM notifications WHERE kind = 'cases.escalated') AS notices,
                (SELECT count(*)::int FROM outbox WHERE template = 'escalation') AS emails,
                (SELECT count(*)::int FROM notifications WHERE kind = 'cases.escalated_digest') AS digests,
                (SELECT count(*)::int FROM outbox WHERE template = 'escalation_digest') AS "digestEmails"`,
      );
    const had = await counts();
    const before = await db.one<{ n: number }>(`SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`);
    // The whole server's: other databases' writes count too, so read them beside the load average.
    const server = () =>
      db.one<{ lsn: string; checkpoints: number }>(
        `SELECT pg_current_wal_lsn() AS lsn, (checkpoints_timed + checkpoints_req)::int AS checkpoints FROM pg_stat_bgwriter`,
      );
    const serverBefore = await server();
    const cpuBefore = await backendCpu(admin, name);
    const nodeBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await runDeadlineSweep(ctx, options);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const node = process.cpuUsage(nodeBefore);
    const cpu = backendCpuSpent(cpuBefore, await backendCpu(admin, name));
    const now = await counts();
    const events = { n: now.n - had.n, notices: now.notices - had.notices, emails: now.emails - had.emails, digests: now.digests - had.digests };
    const digestEmails = now.digestEmails - had.digestEmails;
    const after = await db.one<{ n: number }>(`SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`);
    const serverAfter = await server();
    const wal = await db.one<{ mb: number }>(`SELECT round(pg_wal_lsn_diff($1, $2) / 1e6)::int AS mb`, [serverAfter.lsn, serverBefore.lsn]);
    if (result.escalated !== expected || events.n !== expected || result.failed !== 0) {
      throw new Error(`sweep escalated ${result.escalated} (events ${events.n}, failed ${result.failed}), expected ${expected}`);
    }
    return {
      ms,
      cpu,
      statements:
        `Node CPU ${Math.round((node.user + node.system) / 1000)} ms (${Math.round(node.system / 1000)} system) = ${((node.user + node.system) / expected).toFixed(0)} µs a case; ` +
        `${events.notices} notices, ${events.emails} e-mails, ${events.digests} digests with ${digestEmails} e-mails, ~${after.n - before.n} transactions; ` +
        `server-wide ${wal.mb} MB of WAL and ${serverAfter.checkpoints - serverBefore.checkpoints} checkpoints meanwhile`,
    };
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server (the target is for PostgreSQL)');
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const made: string[] = [];
  try {
    for (const size of SIZES) {
      const kept = process.env.TEMPLATE;
      const template = kept ?? `${PREFIX}_sweep_${size}_${crypto.randomBytes(3).toString('hex')}`;
      if (!kept) made.push(template);
      const t0 = Date.now();
      const overdue = kept ? await overdueIn(base, template) : await makeTemplate(base, admin, template, size);
      console.log(`\n${overdue} overdue cases in ${template} (template ready in ${((Date.now() - t0) / 1000).toFixed(1)} s, load ${load()})`);
      const a: number[] = [];
      const b = VARIANTS.map(() => [] as number[]);
      for (let round = 1; round <= ROUNDS; round++) {
        for (const [which, v] of [['A', 0] as const, ...VARIANTS.map((_, i) => ['B', i] as const)]) {
          const name = await copyOf(base, admin, template);
          try {
            const loadBefore = load();
            const elsewhere = await oldestElsewhere(admin, name);
            const perCase = (cpu: number) => `${Math.round(cpu)} ms of PostgreSQL CPU = ${((cpu / overdue) * 1000).toFixed(0)} µs a case`;
            if (which === 'A') {
              const { ms, cpu } = await bare(base, admin, name, overdue);
              a.push(ms);
              console.log(
                `  round ${round} A bare UPDATE: ${Math.round(ms)} ms = ${Math.round((overdue / ms) * 1000)} rows/s, ${perCase(cpu)} ` +
                  `(load ${loadBefore}; oldest transaction elsewhere ${elsewhere})`,
              );
            } else {
              const { ms, cpu, statements } = await sweep(base, admin, name, overdue, VARIANTS[v]!.options);
              b[v]!.push(ms);
              console.log(
                `  round ${round} B${VARIANTS[v]!.label} Puente sweep: ${Math.round(ms)} ms = ${Math.round((overdue / ms) * 1000)} cases/s, ${perCase(cpu)}; ${statements} ` +
                  `(load ${loadBefore} → ${load()}; oldest transaction elsewhere ${elsewhere})`,
              );
            }
          } finally {
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          }
        }
      }
      const ma = median(a);
      if (a.length > 0)
        VARIANTS.forEach(({ label }, v) => {
          const mb = median(b[v]!);
          console.log(
            `  medians${label}: bare ${Math.round(ma)} ms, Puente ${Math.round(mb)} ms = ${Math.round((overdue / mb) * 1000)} cases/s; ` +
              `Puente/bare time ${(mb / ma).toFixed(1)}×; load ${load()}`,
          );
        });
      if (kept) break;
      if (process.env.KEEP_TEMPLATE) made.pop();
      else await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    }
  } finally {
    for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
