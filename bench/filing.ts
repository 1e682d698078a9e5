/**
 * `npm run bench:filing`: how many complaints per second Puente files on a PostgreSQL server, beside a
 * bare Express 5 handler that does one `pg` INSERT of the same JSON (Pool of 10, same server, a table
 * in the same database), both in this process. autocannon drives each with 50 connections, in turns
 * A B A B, for named and for anonymous filings; every Puente request is a new complaint (its own
 * idempotency key), filed by a visitor with a session of its own per connection, naming a company so
 * the liaisons' notices and e-mails are written too. Prints req/s, p50, p99, the ratios of the medians
 * and the load average, and p50 / p99 of the answers after each run's first second (without the burst of every
 * connection's first request into an idle server). Figures only; nothing here asserts timings (docs/scaling.md keeps the record).
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente npx tsx bench/filing.ts
 *   SECONDS=5 CONNECTIONS=50 ROUNDS=2 …   (defaults: 10 s a run, 50 connections, 2 rounds of A B)
 *   WARMUP=3 …           seconds of named filings before the rounds, then ANALYZE (default 3; 0: the fresh database's
 *                         plans, which autovacuum's timing makes bimodal — see main())
 *   PROFILE=/tmp/prof …   CPU profile of each Puente run (only B: not the bare runs nor the setup), one
 *                         `.cpuprofile` file a run, for Chrome DevTools or bench/profileSummary.ts
 *   TRACE=1 …            after each Puente run, the garbage collector's pauses and the batched statements that fell
 *                         inside the median answers' waits and the slowest 1%'s (bench/filingTrace.ts)
 *   PROFILE=/tmp/prof ALLOCATIONS=1 …   instead, what each Puente run allocates (collected or not), one
 *                         `.heapprofile` a run, by the allocating function
 *
 * It creates a database of its own on that server and drops it at the end.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { Client, Pool } from 'pg';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { startServer } from '../server/server';
import { filingBatchStats, filingContextBatchStats } from '../server/repositories/filings';
import type { MechanismDto } from '../shared/types/api';
import type { FileComplaintRequest } from '../shared/types/intake';
import { reportTrace, resetTrace, startTrace } from './filingTrace';
import { profiled } from './profiled';
import { backendCpu, backendCpuSpent, explainEveryStatement, loadAverage, median } from './stats';
import { buildComplaint } from '../test/intakeSupport';

const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const WARMUP = Number(process.env.WARMUP ?? 3);

/** One autocannon run's figures. */
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** This process's CPU (user + system) over the run's wall time, in cores: 1 = one core busy throughout. */
  cpu: number;
  /** CPU milliseconds per answered request: this process (Node: the server, autocannon, the bare handler) and the database's backends. */
  nodeMsPerRequest: number;
  dbMsPerRequest: number;
  /** p50 and p99 of the answers that came after the run's first second (its start's burst left out). */
  p50Settled: number;
  p99Settled: number;
  /** Each answer as [when it came on performance.now()'s clock, its latency in ms] (TRACE=1 reads them). */
  answers: [at: number, ms: number][];
}

/** The `q` quantile (0–1) of `values`. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A complaint as the form sends it (the tests' own), about dust and water; anonymous ones carry no identity. */
function complaint(mechanism: MechanismDto, policyVersion: string, anonymous: boolean): FileComplaintRequest {
  return buildComplaint(mechanism, {
    categoryCodes: ['air_dust', 'water'],
    consent: { policyVersion, accepted: true },
    ...(anonymous ? { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' } : {}),
  });
}

/** A visitor's session cookie and CSRF token, as the app gets them at start. */
async function visitorSession(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/session`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

/** Where the database's CPU is read from: set once the bench database exists. */
let database: { admin: Client; name: string } | undefined;

/** Drives `url` for `seconds` (SECONDS) with CONNECTIONS; `next` makes each request (per connection `slot`). */
async function drive(
  url: string,
  expected: number,
  next: (slot: number) => { headers: Record<string, string>; body: string },
  seconds = SECONDS,
): Promise<Figures> {
  let slots = 0;
  const dbBefore = database ? await backendCpu(database.admin, database.name) : new Map<number, number>();
  const [cpuBefore, wallBefore] = [process.cpuUsage(), performance.now()];
  // Each answer's latency by when it came, so that the tail can be read without the run's start (every connection's first
  // request sent at once into an idle server).
  const answers: [at: number, ms: number][] = [];
  const timed: [at: number, ms: number][] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        initialContext: {},
        requests: [
          {
            setupRequest: (req, context) => {
              const connection = context as { slot?: number };
              connection.slot ??= slots++;
              const made = next(connection.slot);
              return { ...req, headers: { ...req.headers, 'content-type': 'application/json', ...made.headers }, body: made.body };
            },
          },
        ],
        expectBody: undefined,
      },
      (err, done) => (err ? reject(err as Error) : resolve(done)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      const now = performance.now();
      answers.push([now - started, ms]);
      timed.push([now, ms]);
    });
  });
  const used = process.cpuUsage(cpuBefore);
  const cpu = (used.user + used.system) / 1000 / (performance.now() - wallBefore);
  const dbSpent = database ? backendCpuSpent(dbBefore, await backendCpu(database.admin, database.name)) : 0;
  const ok = result.statusCodeStats?.[String(expected) as '201']?.count ?? 0;
  const answered = Math.max(1, ok);
  const settled = answers.filter(([at]) => at >= 1000).map(([, ms]) => ms);
  // Not answered in autocannon's 10 s count as errors (timeouts), not as slow answers.
  return {
    rps: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors,
    cpu,
    nodeMsPerRequest: (used.user + used.system) / 1000 / answered,
    dbMsPerRequest: dbSpent / answered,
    p50Settled: quantile(settled, 0.5),
    p99Settled: quantile(settled, 0.99),
    answers: timed,
  };
}

/** The bare baseline: Express 5, express.json(), one INSERT of the body through a pg Pool of 10. */
async function startBare(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection PostgreSQL ends (a restart, a terminated backend) must not end the bench.
  pool.on('error', (err) => console.warn(`bare pool: idle connection lost: ${err.message}`));
  await pool.query('CREATE TABLE IF NOT EXISTS bare_filings (id bigserial PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.post('/filings', async (req, res) => {
    const row = await pool.query<{ id: string }>('INSERT INTO bare_filings (body) VALUES ($1) RETURNING id', [JSON.stringify(req.body)]);
    res.status(201).json({ id: row.rows[0]!.id });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/filings`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

/** Waits until Puente has finished what the last run left queued (autocannon stops sending, not the server working). */
async function settle(db: Awaited<ReturnType<typeof startServer>>['db']): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const stats = db.poolStats();
    if (!stats || (stats.waiting === 0 && stats.idle === stats.total)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const load = () => loadAverage();

async function main(): Promise<void> {
  setLogLevel('warn');
  if (process.env.TRACE === '1') startTrace();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL server (the bench makes a database of its own there).');
  const name = `puente_bench_filing_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  database = { admin, name };
  // FUNCTIONS=1: time spent in each SQL function (triggers included) is printed at the end.
  if (process.env.FUNCTIONS === '1') await admin.query(`ALTER DATABASE ${name} SET track_functions = 'pl'`);
  // EXPLAIN=1: where a filing's database time goes, in the server's log.
  if (process.env.EXPLAIN === '1') await explainEveryStatement(admin, name);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-123',
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    DATABASE_URL: databaseUrl,
    DATA_DIR: os.tmpdir(),
    PORT: '0',
    RUN_JOBS: 'false',
    FILINGS_PER_HOUR: String(1_000_000_000),
  });
  const puente = await startServer({ config: { ...config, seedDemo: true, host: '127.0.0.1' } });
  const bare = await startBare(databaseUrl);
  try {
    const mechanism = (await (await fetch(`${puente.url}/api/mechanism`)).json()) as MechanismDto;
    const policy = (await (await fetch(`${puente.url}/api/data-policy`)).json()) as { version: string };
    const sessions = await Promise.all(Array.from({ length: CONNECTIONS }, () => visitorSession(puente.url)));
    // One bare body, the same JSON Puente receives (a fresh key each time, as in Puente's case).
    const sample = (anonymous: boolean) => complaint(mechanism, policy.version, anonymous);
    const runBare = (anonymous: boolean) => drive(bare.url, 201, () => ({ headers: {}, body: JSON.stringify(sample(anonymous)) }));
    const runPuente = (anonymous: boolean, seconds = SECONDS) =>
      drive(
        `${puente.url}/api/complaints`,
        201,
        (slot) => {
          const s = sessions[slot % sessions.length]!;
          return { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(sample(anonymous)) };
        },
        seconds,
      );
    // Sequential scans of `cases` so far: a round that adds thousands is running on a plan made for a tiny table.
    const casesScans = async () =>
      (await puente.db.one<{ n: number }>(`SELECT coalesce(seq_scan, 0)::int AS n FROM pg_stat_user_tables WHERE relname = 'cases'`)).n;
    // A database made a moment ago holds the demo's 14 cases. A backend plans its foreign-key checks on `cases` (about five a
    // filing) once and keeps the plan: planned while the table was a page, it is a sequential scan, read again on every
    // check while thousands of filings pour in, until autovacuum's next ANALYZE of `cases` has every backend plan again.
    // When that ANALYZE came decided whole rounds (session 22: 0.16× against 0.53× with the same code). A live
    // installation is past that point: the warm-up files WARMUP seconds' worth (default 3), then ANALYZE, as autovacuum
    // would have, so every round measures the same steady state. WARMUP=0 keeps the fresh database.
    if (WARMUP > 0) {
      const warm = await runPuente(false, WARMUP);
      await puente.db.query('ANALYZE');
      console.log(`warm-up: ${warm.ok} filings in ${WARMUP} s, then ANALYZE`);
    }
    console.log(
      `filing bench: ${SECONDS} s a run, ${CONNECTIONS} connections, ${ROUNDS} rounds of A (bare) B (Puente); ${os.cpus().length} cores; load ${load()}`,
    );
    for (const anonymous of [false, true]) {
      const label = anonymous ? 'anonymous' : 'named';
      const bareRuns: Figures[] = [];
      const puenteRuns: Figures[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const a = await runBare(anonymous);
        bareRuns.push(a);
        console.log(
          `  ${label} A bare   : ${a.rps.toFixed(0)} req/s, p50 ${a.p50} ms, p99 ${a.p99} ms (after 1 s: ${a.p50Settled.toFixed(0)} / ${a.p99Settled.toFixed(0)}) (${a.failed} failed or timed out) cpu ${a.cpu.toFixed(2)}, per request Node ${a.nodeMsPerRequest.toFixed(2)} + db ${a.dbMsPerRequest.toFixed(2)} ms; load ${load()}`,
        );
        const batches = { ...filingBatchStats(puente.db) };
        const reads = { ...filingContextBatchStats(puente.db) };
        const sessionsBefore = puente.app.ctx.sessions.batchStats();
        resetTrace();
        const maintenance = `SELECT coalesce(sum(autoanalyze_count), 0)::int AS analyzes, coalesce(sum(autovacuum_count), 0)::int AS vacuums FROM pg_stat_user_tables`;
        const maintained = process.env.TRACE === '1' ? await puente.db.one<{ analyzes: number; vacuums: number }>(maintenance) : undefined;
        const scansBefore = await casesScans();
        const b = await profiled(`${label}-${round + 1}`, () => runPuente(anonymous));
        if (maintained) {
          const after = await puente.db.one<{ analyzes: number; vacuums: number }>(maintenance);
          console.log(
            `  trace ${label} B: autovacuum's ANALYZEs ${after.analyzes - maintained.analyzes}, VACUUMs ${after.vacuums - maintained.vacuums} during the run`,
          );
        }
        await settle(puente.db);
        const scans = (await casesScans()) - scansBefore;
        puenteRuns.push(b);
        const written = filingBatchStats(puente.db);
        const perStatement = (written.items - batches.items) / Math.max(1, written.statements - batches.statements);
        const read = filingContextBatchStats(puente.db);
        const perRead = (read.items - reads.items) / Math.max(1, read.statements - reads.statements);
        const sessionsAfter = puente.app.ctx.sessions.batchStats();
        const perSession = (kind: 'reads' | 'writes') =>
          (sessionsAfter[kind].items - sessionsBefore[kind].items) / Math.max(1, sessionsAfter[kind].statements - sessionsBefore[kind].statements);
        console.log(
          `  ${label} B Puente : ${b.rps.toFixed(0)} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms (after 1 s: ${b.p50Settled.toFixed(0)} / ${b.p99Settled.toFixed(0)}) (${b.failed} failed or timed out) cpu ${b.cpu.toFixed(2)}, per request Node ${b.nodeMsPerRequest.toFixed(2)} + db ${b.dbMsPerRequest.toFixed(2)} ms; ${perStatement.toFixed(1)} filings a statement, ${perRead.toFixed(1)} a read; session reads ${perSession('reads').toFixed(1)} a statement, writes ${perSession('writes').toFixed(1)}; ${scans} sequential scans of cases; load ${load()}`,
        );
        if (process.env.TRACE === '1') reportTrace(`${label} B`, b.answers);
      }
      const [rb, rp] = [median(bareRuns.map((r) => r.rps)), median(puenteRuns.map((r) => r.rps))];
      const [p99b, p99p] = [median(bareRuns.map((r) => r.p99)), median(puenteRuns.map((r) => r.p99))];
      const [p50b, p50p] = [median(bareRuns.map((r) => r.p50)), median(puenteRuns.map((r) => r.p50))];
      console.log(
        `${label}: Puente ${rp.toFixed(0)} req/s vs bare ${rb.toFixed(0)} = ${(rp / rb).toFixed(2)}×; ` +
          `p50 ${p50p} vs ${p50b} ms; p99 ${p99p} vs ${p99b} ms = ${(p99p / p99b).toFixed(2)}× bare p99 ` +
          `(after the first second ${(median(puenteRuns.map((r) => r.p99Settled)) / median(bareRuns.map((r) => r.p99Settled))).toFixed(2)}×); ` +
          `CPU per request Node ${median(puenteRuns.map((r) => r.nodeMsPerRequest)).toFixed(2)} + db ${median(puenteRuns.map((r) => r.dbMsPerRequest)).toFixed(2)} ms ` +
          `vs ${median(bareRuns.map((r) => r.nodeMsPerRequest)).toFixed(2)} + ${median(bareRuns.map((r) => r.dbMsPerRequest)).toFixed(2)} ms`,
      );
    }
    const counted = await puente.db.one<{ cases: number; notices: number; emails: number }>(
      `SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM notifications) AS notices, (SELECT count(*)::int FROM outbox) AS emails`,
    );
    console.log(`database: ${counted.cases} cases, ${counted.notices} notices, ${counted.emails} e-mails queued; load ${load()}`);
    if (process.env.FUNCTIONS === '1') {
      await settle(puente.db);
      const functions = await puente.db.query<{ funcname: string; calls: number; total_ms: number; self_ms: number }>(
        `SELECT funcname, calls::int, round(total_time)::int AS total_ms, round(self_time)::int AS self_ms
         FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 15`,
      );
      for (const f of functions)
        console.log(
          `  ${f.funcname}: ${f.calls} calls, ${f.total_ms} ms total, ${f.self_ms} ms self (${(f.total_ms / Math.max(1, counted.cases)).toFixed(1)} ms a case)`,
        );
    }
  } finally {
    await settle(puente.db);
    await bare.close();
    await puente.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
