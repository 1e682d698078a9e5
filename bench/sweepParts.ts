/**
 * What each part of a sweep batch costs PostgreSQL, apart: on a fresh copy of a template kept by bench/sweep.ts
 * (KEEP_TEMPLATE=1), one transaction claims the overdue deadlines in batches of 500 as the sweep does (`FOR UPDATE OF d, c
 * SKIP LOCKED`, in the claim's order) and runs each part of `record_swept_deadlines` as its own statement — the stamp, the
 * cases' levels (with the figures and tallies their triggers write), the sealed events — reading the backend's CPU from
 * /proc between them; then rolls back. Prints µs a case per part. Figures only; drop the template yourself.
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente TEMPLATE=s21_sweep_sweep_10000_… npx tsx bench/sweepParts.ts
 *   CASES=10000 …   how many deadlines to claim (default 10,000)
 *   MIGRATE=1 …     migrate the copy first (the template made by older code)
 *   SQL="…" …       run on the copy before (e.g. a candidate's functions and triggers)
 *   LEVELS="…" …    the statement that raises the levels instead ($1 the time, $2 the cases, $3 their levels)
 *   FUNCTIONS=1 …   also print pg_stat_user_functions' self time of every function the parts called (track_functions)
 */
import crypto from 'node:crypto';
import { Client } from 'pg';
import { connectDatabase } from '../server/db/connect';
import { migrate } from '../server/db/migrate';
import { loadAverage, processCpu } from './stats';
import { AFTER_DUE, urlOf } from './sweepSetup';

const CLAIM = `SELECT d.id, d.case_id, c.escalation_level FROM case_deadlines d JOIN cases c ON c.id = d.case_id
  WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.paused_at IS NULL AND d.escalated_at IS NULL AND d.due_at < $1
  ORDER BY d.due_at, d.case_id, d.id LIMIT 500 FOR UPDATE OF d, c SKIP LOCKED`;

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  const template = process.env.TEMPLATE;
  if (!base || !template) throw new Error('set DATABASE_URL and TEMPLATE');
  const total = Number(process.env.CASES ?? 10000);
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const name = `${process.env.DB_PREFIX ?? 'puente_bench'}_parts_${crypto.randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  try {
    if (process.env.MIGRATE) {
      const db = await connectDatabase({ kind: 'server', url: urlOf(base, name), poolSize: 1 });
      await migrate(db);
      await db.close();
    }
    const client = new Client({ connectionString: urlOf(base, name) });
    await client.connect();
    if (process.env.SQL) await client.query(process.env.SQL);
    await client.query('VACUUM ANALYZE');
    if (process.env.FUNCTIONS) await client.query(`SET track_functions = 'all'`);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const parts = new Map<string, number>();
    const timed = async (part: string, text: string, params: unknown[]) => {
      const before = processCpu(pid);
      const r = await client.query(text, params);
      parts.set(part, (parts.get(part) ?? 0) + processCpu(pid) - before);
      return r;
    };
    const at = AFTER_DUE;
    await client.query('BEGIN');
    let done = 0;
    while (done < total) {
      const claimed = await timed('claim (locks)', CLAIM, [at]);
      if (claimed.rowCount === 0) break;
      const ids = claimed.rows.map((r: { id: string }) => r.id);
      const caseIds = claimed.rows.map((r: { case_id: string }) => r.case_id);
      const levels = claimed.rows.map((r: { escalation_level: number }) => Math.min(2, r.escalation_level + 1));
      await timed('stamp', 'UPDATE case_deadlines SET escalated_at = $1 WHERE id = ANY($2::uuid[])', [at, ids]);
      await timed(
        'cases levels (+ figures, tallies)',
        process.env.LEVELS ??
          `UPDATE cases c SET escalation_level = l.level, updated_at = $1 FROM unnest($2::uuid[], $3::int[]) AS l(case_id, level)
         WHERE c.id = l.case_id AND c.id = ANY($2::uuid[])`,
        [at, caseIds, levels],
      );
      await timed(
        'events (append_case_events)',
        `SELECT cardinality(append_case_events((SELECT jsonb_agg(jsonb_build_object('case_id', e.case_id, 'kind', 'cases.escalated', 'actor_role', 'system',
           'data', jsonb_build_object('deadlineId', e.id), 'created_at', $1::timestamptz) ORDER BY e.n)
           FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS e(case_id, id, n))))`,
        [at, caseIds, ids],
      );
      done += claimed.rowCount ?? 0;
    }
    const functions = process.env.FUNCTIONS
      ? (
          await client.query<{ funcname: string; calls: number; self: number; total: number }>(
            `SELECT funcname, calls::int, round(self_time)::int AS self, round(total_time)::int AS total FROM pg_stat_xact_user_functions ORDER BY self_time DESC`,
          )
        ).rows
      : [];
    await client.query('ROLLBACK');
    await client.end();
    let sum = 0;
    console.log(`${done} cases (load ${loadAverage(1)})`);
    for (const [part, ms] of parts) {
      sum += ms;
      console.log(`  ${part.padEnd(36)} ${String(ms).padStart(6)} ms = ${((ms / done) * 1000).toFixed(0)} µs a case`);
    }
    console.log(`  ${'all'.padEnd(36)} ${String(sum).padStart(6)} ms = ${((sum / done) * 1000).toFixed(0)} µs a case`);
    for (const f of functions) console.log(`    ${f.funcname.padEnd(40)} ${f.calls}× self ${f.self} ms, total ${f.total} ms`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
