/**
 * How fast the ombudsman's dashboard answers on a large mechanism (issue #16 §6): starts a whole server
 * on DATABASE_URL (a database of its own, e.g. puente_bench_1m, reused between runs) or an in-memory
 * embedded database, generates CASES cases with their histories once (set-based, default 1,000,000,
 * spread over two years), then times each route through HTTP as the logged-in ombudsman, each run
 * right after a run of the baseline (A B A B): a bare Express handler on the same server process
 * answering a precomputed JSON body of the summary's size, i.e. what HTTP, the session-less
 * handler and the JSON cost alone. Prints medians, ratios to the baseline, the CSV export's first byte
 * and rows per second, the effectiveness report's time (EFFECTIVENESS_RUNS, default 2, not beside a
 * baseline: it reads every case of the period), and the load average before and after.
 * SUMMARY_FILTERS=1 times the summary under every filter it accepts as well (period alone, with a
 * company, a category, a municipality, a status, …) and the scorecards under a period, a category, a place or a
 * status; ONLY keeps the routes containing its text (ONLY=scorecards); ROUTES=/api/…,/api/… times those routes
 * instead of the usual ones; CSV_RUNS (default 3) sets the export's runs.
 *
 *   createdb puente_bench_1m; DATABASE_URL=postgres://…/puente_bench_1m npx tsx bench/oversight.ts
 *   CASES=100000 npx tsx bench/oversight.ts      # embedded PGlite, in memory
 */
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../server/server';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { DEMO_PASSWORD } from '../server/db/demoData';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { bogotaDate } from '../shared/calendar';
import { keepOversightTallies } from '../server/repositories/oversightTallies';
import { loadAverage } from './stats';

const CASES = Number(process.env.CASES ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 5);

/**
 * Generates CASES cases with their histories in the database, one statement per table, in one
 * transaction with triggers off (session_replication_role = replica: a million row triggers would take
 * an hour); the milestone dates and category ids the triggers would copy are written with the cases, and the oversight
 * summary tables are rebuilt from the rows at the end, in sets (rebuild_oversight_figures, rebuild_effectiveness_facts).
 */
export async function generate(db: Awaited<ReturnType<typeof startServer>>['db']): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(
      `INSERT INTO cases (mechanism_id, reference, status, company_id, municipality_id, description, identity_mode,
                          red_flag, escalation_level, created_at, updated_at, first_acknowledged_at, first_agreement_at, first_resolved_at,
                          category_ids)
       SELECT m.id, g.reference, g.status,
              CASE WHEN g.n % 23 = 0 THEN NULL ELSE co.ids[1 + g.n % array_length(co.ids, 1)] END,
              mu.ids[1 + (g.n * 7) % array_length(mu.ids, 1)],
              'Queja generada para medir el tablero número ' || g.n, 'anonymous',
              g.n % 41 = 0, CASE WHEN g.n % 19 = 0 THEN 2 WHEN g.n % 13 = 0 THEN 1 ELSE 0 END,
              g.created_at, g.created_at,
              CASE WHEN g.status <> 'received' THEN g.created_at + make_interval(days => 1 + abs(hashtext(g.reference)) % 8) END,
              CASE WHEN g.status IN ('in_implementation', 'resolved') THEN g.created_at + interval '30 days' END,
              CASE WHEN g.status = 'resolved' THEN g.created_at + make_interval(days => 40 + abs(hashtext(g.reference)) % 90) END,
              ARRAY[k.ids[1 + (abs(hashtext(g.reference)) % array_length(k.ids, 1))]]
       FROM (SELECT n, 'GEN-' || lpad(n::text, 7, '0') AS reference,
                    (ARRAY['received','acknowledged','in_dialogue','agreement_proposed','in_mediation','in_implementation',
                           'resolved','resolved','not_admitted','withdrawn','closed_unresolved'])[1 + n % 11] AS status,
                    now() - make_interval(days => n % 730, hours => n % 24) AS created_at
             FROM generate_series(1, $1::int) n) g,
            (SELECT id FROM mechanisms ORDER BY created_at LIMIT 1) m,
            (SELECT array_agg(id ORDER BY name) AS ids FROM companies WHERE mechanism_id = (SELECT id FROM mechanisms ORDER BY created_at LIMIT 1)) co,
            (SELECT array_agg(id ORDER BY name) AS ids FROM municipalities WHERE mechanism_id = (SELECT id FROM mechanisms ORDER BY created_at LIMIT 1)) mu,
            (SELECT array_agg(id ORDER BY position) AS ids FROM categories WHERE mechanism_id = (SELECT id FROM mechanisms ORDER BY created_at LIMIT 1)) k`,
      [CASES],
    );
    await tx.query(
      `INSERT INTO case_categories (case_id, category_id)
       SELECT c.id, k FROM cases c, unnest(c.category_ids) k WHERE c.reference LIKE 'GEN-%'`,
    );
    await tx.query(
      `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_role, created_at)
       SELECT c.id, e.kind, e.from_status, e.to_status, e.actor_role, e.at
       FROM cases c, LATERAL (VALUES ('cases.filed', NULL, 'received', 'anonymous', c.created_at),
                                     ('cases.acknowledge', 'received', 'acknowledged', 'liaison', c.first_acknowledged_at),
                                     ('cases.accept_agreement', 'agreement_proposed', 'in_implementation', 'system', c.first_agreement_at),
                                     ('cases.resolve', 'in_implementation', 'resolved', 'system', c.first_resolved_at)) AS e(kind, from_status, to_status, actor_role, at)
       WHERE c.reference LIKE 'GEN-%' AND e.at IS NOT NULL`,
    );
    // Each case's acknowledgement deadline (due 3 business days ≈ 5 calendar days after filing), met when acknowledged.
    await tx.query(
      `INSERT INTO case_deadlines (case_id, stage, responsible, started_at, started_on, due_on, due_at, base_days, reminder_days_before, satisfied_at)
       SELECT c.id, 'acknowledge', 'company', c.created_at, (c.created_at AT TIME ZONE 'America/Bogota')::date,
              (c.created_at AT TIME ZONE 'America/Bogota')::date + 5, c.created_at + interval '5 days', 3, 1, c.first_acknowledged_at
       FROM cases c WHERE c.reference LIKE 'GEN-%'`,
    );
    // The mechanism's own calendar (two regional holidays, one national holiday worked), so the medians
    // are timed on the shifted-calendar path a real mechanism takes.
    await tx.query(
      `INSERT INTO mechanism_holidays (mechanism_id, date, kind, reason)
       SELECT m.id, d.date::date, d.kind, 'Calendario del banco de pruebas'
       FROM (SELECT id FROM mechanisms ORDER BY created_at LIMIT 1) m,
            (VALUES ('2025-07-15', 'added'), ('2026-03-03', 'added'), ('2026-01-12', 'removed')) AS d(date, kind)
       ON CONFLICT DO NOTHING`,
    );
    await tx.query('SELECT rebuild_calendar_shift(id) FROM mechanisms');
  });
  await db.query('SELECT rebuild_oversight_figures()');
  await db.query('SELECT rebuild_effectiveness_facts()');
  await db.query('ANALYZE');
}

/** Logs in as the demo ombudsman; the session cookie to send. */
export async function login(url: string): Promise<{ cookie: string }> {
  const first = await fetch(`${url}/api/session`);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await first.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ email: 'defensoria@puente.demo', password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return { cookie: (res.headers.get('set-cookie') ?? cookie).split(';')[0]! };
}

interface Timed {
  ms: number[];
  bytes: number;
}

async function once(url: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
  return { ms: performance.now() - started, bytes: body.length };
}

/** A B A B: the baseline, then the route, RUNS times after one unrecorded warm-up of each. */
async function timeBeside(base: string, route: string, baseline: string, cookie: string): Promise<{ route: Timed; baseline: Timed }> {
  const timed = { route: { ms: [] as number[], bytes: 0 }, baseline: { ms: [] as number[], bytes: 0 } };
  for (let run = 0; run <= RUNS; run++) {
    for (const [which, url] of [
      ['baseline', baseline],
      ['route', route],
    ] as const) {
      const { ms, bytes } = await once(`${base}${url}`, cookie);
      if (run > 0) timed[which].ms.push(ms);
      timed[which].bytes = bytes;
    }
  }
  return timed;
}

/** Time to the first byte of the body, total time, rows and bytes of a CSV export. */
export async function timeCsv(url: string, cookie: string): Promise<{ firstByte: number; total: number; rows: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200 || !res.body) throw new Error(`${url}: ${res.status}`);
  let firstByte = 0;
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (firstByte === 0) firstByte = performance.now() - started;
    bytes += chunk.length;
    // indexOf, not a loop over every byte: at 50,000 rows/s the counting must not be what is timed.
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  return { firstByte, total: performance.now() - started, rows: lines - 1, bytes };
}

/** The middle of a few timings. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The load average (1/5/15 min), printed with every figure. */
export const load = () => loadAverage(2, ' / ');

async function main(): Promise<void> {
  setLogLevel('warn');
  // Generated secrets go to a scratch folder, never into the working tree.
  process.env.DATA_DIR ??= path.join(os.tmpdir(), 'puente-bench-config');
  const config = { ...loadConfig(), port: 0, host: '127.0.0.1', seedDemo: true, runJobs: false };
  const server = await startServer({ config, database: config.databaseUrl ? undefined : ({ kind: 'memory' } as const) });
  try {
    const genStart = performance.now();
    const existing = (await server.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE reference LIKE 'GEN-%'`)).n;
    if (existing === 0) await generate(server.db);
    const total = (await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM cases')).n;
    const generated = existing === 0 ? `generated in ${((performance.now() - genStart) / 1000).toFixed(0)} s` : 'reused';
    console.log(`database: ${server.db.kind}; cases: ${total} (${generated}); load average (1/5/15 min) before: ${load()}`);
    // The summary tables as the keeper job leaves them (a migration or a calendar change may mark them).
    await keepOversightTallies(server.db);
    const { cookie } = await login(server.url);
    const company = (await server.db.one<{ id: string }>(`SELECT id FROM companies ORDER BY name LIMIT 1`)).id;
    const municipality = (await server.db.one<{ id: string }>(`SELECT id FROM municipalities ORDER BY name LIMIT 1`)).id;

    // The baseline: a bare handler on the same process and port, no session, a precomputed body as
    // large as the summary's.
    const summaryBody = await (await fetch(`${server.url}/api/oversight/summary`, { headers: { cookie } })).text();
    const bare = express();
    bare.get('/bare', (_req, res) => {
      res.type('json').send(summaryBody);
    });
    const bareServer = await new Promise<http.Server>((resolve) => {
      const s = bare.listen(0, '127.0.0.1', () => resolve(s));
    });
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
    const countStart = performance.now();
    await server.db.one('SELECT count(*) FROM cases');
    console.log(`for scale: a bare SELECT count(*) FROM cases took ${(performance.now() - countStart).toFixed(0)} ms`);

    // ROUTES=/a,/b times only those (any GET route of the API, e.g. the list under a filter).
    const routes = process.env.ROUTES
      ? process.env.ROUTES.split(',')
      : [
          '/api/oversight/summary',
          `/api/oversight/summary?company=${company}`,
          '/api/oversight/scorecards',
          '/api/transparency',
          `/api/oversight/cases?company=${company}&queue=overdue`,
          '/api/oversight/summary?from=2026-01-01&to=2026-06-30&category=water',
          // Every other filter the summary accepts, alone and with a period (issue #16 §6, session 11).
          ...(process.env.SUMMARY_FILTERS === '1'
            ? [
                '/api/oversight/summary?from=2026-01-01&to=2026-06-30',
                `/api/oversight/summary?from=2026-01-01&to=2026-06-30&company=${company}`,
                `/api/oversight/summary?from=2026-01-01&to=2026-06-30&company=${company}&category=water`,
                '/api/oversight/summary?from=2026-03-17&to=2026-03-17',
                // Partial months at both ends: their days come from day rows.
                '/api/oversight/summary?from=2026-01-15&to=2026-06-20',
                '/api/oversight/summary?from=2026-01-15&to=2026-06-20&category=water',
                '/api/oversight/summary?category=water',
                `/api/oversight/summary?company=none`,
                `/api/oversight/summary?municipality=${municipality}`,
                '/api/oversight/summary?status=resolved',
                `/api/oversight/summary?from=2026-01-01&to=2026-06-30&status=received&municipality=${municipality}`,
                '/api/oversight/summary?identityMode=anonymous',
                '/api/oversight/summary?escalation=1',
                '/api/oversight/summary?queue=escalated',
                '/api/oversight/summary?queue=red_flag',
                '/api/oversight/summary?queue=overdue',
                '/api/oversight/summary?q=GEN-00012',
                // The scorecards under a period, a category, a place or a status (session 15, migration 0095).
                '/api/oversight/scorecards?from=2026-01-01&to=2026-06-30',
                '/api/oversight/scorecards?category=water',
                '/api/oversight/scorecards?from=2026-01-01&to=2026-06-30&category=water',
                '/api/oversight/scorecards?from=2026-01-15&to=2026-06-20',
                `/api/oversight/scorecards?from=2026-01-01&to=2026-06-30&company=${company}`,
                `/api/oversight/scorecards?from=2026-01-01&to=2026-06-30&municipality=${municipality}`,
                '/api/oversight/scorecards?from=2026-01-01&to=2026-06-30&status=resolved',
                '/api/oversight/scorecards?from=2026-03-17&to=2026-03-17',
                '/api/oversight/scorecards?queue=escalated',
                // Text search from trigram indexes (0123), identity mode from the identified cases' index (0124): session 20.
                '/api/oversight/cases?q=GEN-00012',
                '/api/oversight/cases?q=polvo',
                '/api/oversight/cases?identityMode=named',
                '/api/oversight/cases?identityMode=anonymous',
                '/api/oversight/summary?q=polvo',
                '/api/oversight/summary?identityMode=named',
                '/api/oversight/scorecards?q=GEN-00012',
                '/api/oversight/scorecards?queue=red_flag',
              ]
            : []),
        ].filter((route) => route.includes(process.env.ONLY ?? ''));
    console.log(`route | median ms | bare median ms | ratio | min–max ms | bytes`);
    for (const route of routes) {
      const timed = await timeBeside('', `${server.url}${route}`, `${bareUrl}/bare`, cookie);
      const m = median(timed.route.ms);
      const b = median(timed.baseline.ms);
      console.log(
        `${route} | ${m.toFixed(0)} | ${b.toFixed(1)} | ${(m / b).toFixed(1)}× | ${Math.min(...timed.route.ms).toFixed(0)}–${Math.max(...timed.route.ms).toFixed(0)} | ${timed.route.bytes}`,
      );
    }
    // The effectiveness report (#17 §4) reads every case of the last year: timed apart, a few runs, since
    // at a million cases it takes far longer than the routes above.
    const effectiveness: number[] = [];
    let effectivenessBytes = 0;
    for (let run = 0; run < Number(process.env.EFFECTIVENESS_RUNS ?? 2); run++) {
      const { ms, bytes } = await once(`${server.url}/api/oversight/effectiveness`, cookie);
      effectiveness.push(ms);
      effectivenessBytes = bytes;
    }
    if (effectiveness.length) {
      const rss = Math.round(process.memoryUsage().rss / 1_048_576);
      console.log(
        `/api/oversight/effectiveness | ${median(effectiveness).toFixed(0)} | runs ${effectiveness.map((m) => m.toFixed(0)).join(', ')} ms | ${effectivenessBytes} bytes | rss after ${rss} MB`,
      );
    }
    // About 100,000 rows: one company's cases filed over a year.
    const csvQuery = `company=${company}&from=${bogotaDate(new Date(Date.now() - 365 * 86_400_000))}&to=${bogotaDate(new Date())}`;
    const csv = [];
    for (let run = 0; run < Number(process.env.CSV_RUNS ?? 3); run++) csv.push(await timeCsv(`${server.url}/api/oversight/export.csv?${csvQuery}`, cookie));
    if (csv.length) {
      const rows = csv[0]!.rows;
      const totalMs = median(csv.map((c) => c.total));
      console.log(
        `CSV export (${rows} rows) | first byte ${median(csv.map((c) => c.firstByte)).toFixed(0)} ms | whole ${totalMs.toFixed(0)} ms | ${Math.round(rows / (totalMs / 1000))} rows/s`,
      );
    }
    console.log(`load average (1/5/15 min) after: ${load()}`);
    bareServer.close();
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
