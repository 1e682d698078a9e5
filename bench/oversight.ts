/**
 * How fast the ombudsman's dashboard answers on a large mechanism: starts a whole server on an
 * in-memory embedded database (or on DATABASE_URL, which must name an empty database), loads the demo,
 * generates CASES more cases with their histories (default 100,000, spread over two years), and times
 * the oversight and transparency routes through HTTP as the logged-in ombudsman.
 *
 *   npx tsx bench/oversight.ts            # embedded PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/oversight.ts
 *   CASES=20000 npx tsx bench/oversight.ts
 *   BENCH_DIR=/tmp/puente-bench npx tsx bench/oversight.ts   # keeps the embedded data between runs
 */
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../server/server';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { DEMO_PASSWORD } from '../server/db/demoData';

const CASES = Number(process.env.CASES ?? 100_000);
const RUNS = 5;

/** Generates CASES cases with their histories in the database (one statement per table). */
export async function generate(db: Awaited<ReturnType<typeof startServer>>['db']): Promise<void> {
  // One statement per table: generated in PostgreSQL, not row by row from Node.
  await db.query(
    `INSERT INTO cases (mechanism_id, reference, status, company_id, municipality_id, description, identity_mode,
                        red_flag, escalation_level, created_at, updated_at)
     SELECT m.id, 'GEN-' || lpad(g::text, 7, '0'),
            (ARRAY['received','acknowledged','in_dialogue','agreement_proposed','in_mediation','in_implementation',
                   'resolved','resolved','not_admitted','withdrawn','closed_unresolved'])[1 + g % 11],
            CASE WHEN g % 23 = 0 THEN NULL ELSE co.ids[1 + g % array_length(co.ids, 1)] END,
            mu.ids[1 + (g * 7) % array_length(mu.ids, 1)],
            'Queja generada para medir el tablero número ' || g, 'anonymous',
            g % 41 = 0, CASE WHEN g % 19 = 0 THEN 2 WHEN g % 13 = 0 THEN 1 ELSE 0 END,
            now() - make_interval(days => g % 730, hours => g % 24), now() - make_interval(days => g % 730)
     FROM generate_series(1, $1::int) g,
          (SELECT id FROM mechanisms LIMIT 1) m,
          (SELECT array_agg(id ORDER BY name) AS ids FROM companies) co,
          (SELECT array_agg(id ORDER BY name) AS ids FROM municipalities) mu`,
    [CASES],
  );
  await db.query(
    `INSERT INTO case_categories (case_id, category_id)
     SELECT c.id, k.ids[1 + (abs(hashtext(c.reference)) % array_length(k.ids, 1))]
     FROM cases c, (SELECT array_agg(id ORDER BY position) AS ids FROM categories) k WHERE c.reference LIKE 'GEN-%'`,
  );
  await db.query(
    `INSERT INTO case_events (case_id, kind, to_status, actor_role, created_at)
     SELECT c.id, 'cases.filed', 'received', 'anonymous', c.created_at FROM cases c WHERE c.reference LIKE 'GEN-%'`,
  );
  await db.query(
    `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_role, created_at)
     SELECT c.id, 'cases.acknowledge', 'received', 'acknowledged', 'liaison',
            c.created_at + make_interval(days => 1 + abs(hashtext(c.reference)) % 8)
     FROM cases c WHERE c.reference LIKE 'GEN-%' AND c.status <> 'received'`,
  );
  await db.query(
    `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_role, created_at)
     SELECT c.id, 'cases.accept_agreement', 'agreement_proposed', 'in_implementation', 'system', c.created_at + interval '30 days'
     FROM cases c WHERE c.reference LIKE 'GEN-%' AND c.status IN ('in_implementation', 'resolved')`,
  );
  await db.query(
    `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_role, created_at)
     SELECT c.id, 'cases.resolve', 'in_implementation', 'resolved', 'system',
            c.created_at + make_interval(days => 40 + abs(hashtext(c.reference)) % 90)
     FROM cases c WHERE c.reference LIKE 'GEN-%' AND c.status = 'resolved'`,
  );
  // Each case's acknowledgement deadline (due 3 business days ≈ 5 calendar days after filing), met when acknowledged.
  await db.query(
    `INSERT INTO case_deadlines (case_id, stage, responsible, started_at, started_on, due_on, due_at, base_days, reminder_days_before, satisfied_at)
     SELECT c.id, 'acknowledge', 'company', c.created_at, (c.created_at AT TIME ZONE 'America/Bogota')::date,
            (c.created_at AT TIME ZONE 'America/Bogota')::date + 5, c.created_at + interval '5 days', 3, 1, c.first_acknowledged_at
     FROM cases c WHERE c.reference LIKE 'GEN-%'`,
  );
  // The mechanism's own calendar (two regional holidays, one national holiday worked), so the medians
  // are timed on the shifted-calendar path a real mechanism takes.
  await db.query(
    `INSERT INTO mechanism_holidays (mechanism_id, date, kind, reason)
     SELECT m.id, d.date::date, d.kind, 'Calendario del banco de pruebas'
     FROM (SELECT id FROM mechanisms LIMIT 1) m,
          (VALUES ('2025-07-15', 'added'), ('2026-03-03', 'added'), ('2026-01-12', 'removed')) AS d(date, kind)
     ON CONFLICT DO NOTHING`,
  );
  await db.query('ANALYZE');
}

async function login(url: string): Promise<{ cookie: string }> {
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

async function time(url: string, cookie: string, route: string): Promise<{ route: string; ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const res = await fetch(`${url}${route}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${route}: ${res.status} ${body.slice(0, 200)}`);
    // The first run warms caches and plans; it is not counted.
    if (run > 0) ms.push(performance.now() - started);
    bytes = body.length;
  }
  return { route, ms, bytes };
}

async function main(): Promise<void> {
  setLogLevel('warn');
  // Generated secrets go to a scratch folder, never into the working tree.
  process.env.DATA_DIR ??= path.join(os.tmpdir(), 'puente-bench-config');
  const benchDir = process.env.BENCH_DIR;
  const config = { ...loadConfig(), port: 0, host: '127.0.0.1', seedDemo: true, runJobs: false };
  const database = config.databaseUrl ? undefined : benchDir ? ({ kind: 'embedded', dataDir: benchDir } as const) : ({ kind: 'memory' } as const);
  const server = await startServer({ config, database });
  try {
    const genStart = performance.now();
    const existing = (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE reference LIKE 'GEN-%'`)).n;
    if (existing === 0) await generate(server.db);
    const total = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases')).n;
    console.log(`database: ${server.db.kind}; cases: ${total} (generated in ${Math.round(performance.now() - genStart)} ms)`);
    const { cookie } = await login(server.url);
    const company = (await server.db.one<{ id: string }>(`SELECT id FROM companies ORDER BY name LIMIT 1`)).id;
    const routes = [
      '/api/oversight/summary',
      `/api/oversight/summary?company=${company}&queue=overdue`,
      '/api/oversight/summary?from=2026-01-01&to=2026-06-30&category=water',
      '/api/oversight/summary?q=tablero%20n%C3%BAmero%2012',
      '/api/oversight/scorecards',
      `/api/oversight/cases?company=${company}&queue=overdue`,
      '/api/transparency',
    ];
    for (const route of routes) {
      const { ms, bytes } = await time(server.url, cookie, route);
      const sorted = [...ms].sort((a, b) => a - b);
      console.log(`${route}\n  median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms, ${bytes} bytes`);
    }
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
