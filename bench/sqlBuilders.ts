/**
 * How to build SQL with optional parts (issue #18 §2, docs/sql.md): what each way costs per query,
 * beside the bare baseline, in the same run. Prints figures; it is not a test and asserts nothing.
 *
 *   npx tsx bench/sqlBuilders.ts
 *   KYSELY_DIR=/tmp/k/node_modules npx tsx bench/sqlBuilders.ts   # also Kysely, installed elsewhere
 *
 * The query is the case list's (repositories/cases.ts listCases): a scope, up to six optional filters,
 * a limit. Three ways of building it:
 *   A  hand-numbered text: params.push(x) and `$${params.length}` (what the code did; the baseline)
 *   B  sql-template-tag through server/db/sql.ts (the values numbered by the tag)
 *   C  Kysely as a compiler only (DummyDriver + PostgresAdapter + compile()), the statement then run
 *      through our own Database, as it would have to be to keep one code path for PGlite and pg
 * Each is timed building only (µs per statement), then building and running against an in-memory
 * PGlite with a few hundred cases (µs per query, the overhead that matters). Rounds alternate
 * A B C A B C …; medians per way and ratios to A. Kysely is optional: it is not a dependency.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { connectDatabase } from '../server/db/connect';
import type { Database } from '../server/db/database';
import { sql, joinSql } from '../server/db/sql';
import { setLogLevel } from '../server/logger';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const BUILDS = Number(process.env.BUILDS ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 300);

interface Filters {
  mechanismId: string;
  status?: string;
  companyId?: string;
  municipalityId?: string;
  identityMode?: string;
  text?: string;
  limit: number;
}

type Built = { text: string; values: readonly unknown[] };

function handNumbered(f: Filters): Built {
  const params: unknown[] = [f.mechanismId];
  const where = ['c.mechanism_id = $1'];
  if (f.status) {
    params.push(f.status);
    where.push(`c.status = $${params.length}`);
  }
  if (f.companyId) {
    params.push(f.companyId);
    where.push(`c.company_id = $${params.length}`);
  }
  if (f.municipalityId) {
    params.push(f.municipalityId);
    where.push(`c.municipality_id = $${params.length}`);
  }
  if (f.identityMode) {
    params.push(f.identityMode);
    where.push(`c.identity_mode = $${params.length}`);
  }
  if (f.text) {
    params.push(`%${f.text}%`);
    where.push(`(c.reference ILIKE $${params.length} OR c.description ILIKE $${params.length})`);
  }
  params.push(f.limit);
  return {
    text: `SELECT c.id, c.reference, c.status FROM bench_cases c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC LIMIT $${params.length}`,
    values: params,
  };
}

function tagged(f: Filters): Built {
  const where = [sql`c.mechanism_id = ${f.mechanismId}`];
  if (f.status) where.push(sql`c.status = ${f.status}`);
  if (f.companyId) where.push(sql`c.company_id = ${f.companyId}`);
  if (f.municipalityId) where.push(sql`c.municipality_id = ${f.municipalityId}`);
  if (f.identityMode) where.push(sql`c.identity_mode = ${f.identityMode}`);
  if (f.text) where.push(sql`(c.reference ILIKE ${`%${f.text}%`} OR c.description ILIKE ${`%${f.text}%`})`);
  const s = sql`SELECT c.id, c.reference, c.status FROM bench_cases c WHERE ${joinSql(where, ' AND ')} ORDER BY c.created_at DESC LIMIT ${f.limit}`;
  return { text: s.text, values: s.values };
}

// Kysely, loaded from KYSELY_DIR when there: a compiler only, no driver of its own.
type KyselyBuild = (f: Filters) => Built;
async function loadKysely(): Promise<{ build: KyselyBuild; version: string; dir: string } | undefined> {
  const dir = process.env.KYSELY_DIR;
  if (!dir) return undefined;
  // Untyped on purpose: Kysely is not a dependency, so its types are not there for the typecheck.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a folder given at run time, outside the project's dependencies
  const k = require(path.join(dir, 'kysely')) as any;
  const db = new k.Kysely({
    dialect: {
      createAdapter: () => new k.PostgresAdapter(),
      createDriver: () => new k.DummyDriver(),
      createIntrospector: (d: unknown) => new k.PostgresIntrospector(d),
      createQueryCompiler: () => new k.PostgresQueryCompiler(),
    },
  });
  const build: KyselyBuild = (f) => {
    let q = db.selectFrom('bench_cases as c').select(['c.id', 'c.reference', 'c.status']).where('c.mechanism_id', '=', f.mechanismId);
    if (f.status) q = q.where('c.status', '=', f.status);
    if (f.companyId) q = q.where('c.company_id', '=', f.companyId);
    if (f.municipalityId) q = q.where('c.municipality_id', '=', f.municipalityId);
    if (f.identityMode) q = q.where('c.identity_mode', '=', f.identityMode);
    if (f.text) {
      const like = `%${f.text}%`;
      q = q.where((eb: any) => eb.or([eb('c.reference', 'ilike', like), eb('c.description', 'ilike', like)]));
    }
    const compiled = q.orderBy('c.created_at', 'desc').limit(f.limit).compile() as { sql: string; parameters: readonly unknown[] };
    return { text: compiled.sql, values: compiled.parameters };
  };
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'kysely', 'package.json'), 'utf8')) as { version: string }).version;
  return { build, version, dir };
}

const MECHANISM = '00000000-0000-4000-8000-000000000001';
const COMPANY = '00000000-0000-4000-8000-000000000002';
// Filter sets a case list sees: none, one, several, a search.
const SHAPES: Filters[] = [
  { mechanismId: MECHANISM, limit: 50 },
  { mechanismId: MECHANISM, status: 'received', limit: 50 },
  { mechanismId: MECHANISM, status: 'in_dialogue', companyId: COMPANY, identityMode: 'open', limit: 50 },
  { mechanismId: MECHANISM, companyId: COMPANY, text: 'agua', limit: 20 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

async function seed(db: Database): Promise<void> {
  await db.query(`CREATE TABLE bench_cases (id uuid PRIMARY KEY, mechanism_id uuid NOT NULL, company_id uuid, municipality_id uuid,
    status text NOT NULL, identity_mode text NOT NULL, reference text NOT NULL, description text NOT NULL, created_at timestamptz NOT NULL)`);
  await db.query(
    `INSERT INTO bench_cases
    SELECT gen_random_uuid(), $1, CASE WHEN i % 3 = 0 THEN $2::uuid END, NULL, (ARRAY['received','in_dialogue','resolved'])[1 + i % 3],
           (ARRAY['open','confidential','anonymous'])[1 + i % 3], 'PQ-' || i, CASE WHEN i % 7 = 0 THEN 'agua turbia' ELSE 'ruido' END,
           now() - make_interval(hours => i)
    FROM generate_series(1, 600) AS i`,
    [MECHANISM, COMPANY],
  );
  await db.query('CREATE INDEX ON bench_cases (mechanism_id, created_at DESC)');
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const loadBefore = os.loadavg();
  const kysely = await loadKysely();
  const ways: { name: string; build: (f: Filters) => Built }[] = [
    { name: 'A hand-numbered (baseline)', build: handNumbered },
    { name: 'B sql-template-tag', build: tagged },
    ...(kysely ? [{ name: `C Kysely ${kysely.version} (compile only)`, build: kysely.build }] : []),
  ];
  // Same statements, same values: the comparison is fair only if they say the same.
  const db = await connectDatabase({ kind: 'memory' });
  await seed(db);
  for (const shape of SHAPES) {
    const counts = await Promise.all(ways.map(async (w) => (await db.query(w.build(shape).text, w.build(shape).values)).length));
    if (new Set(counts).size !== 1) throw new Error(`The ways disagree on ${JSON.stringify(shape)}: ${counts.join(' ')}`);
  }

  const buildUs = new Map<string, number[]>(ways.map((w) => [w.name, []]));
  const runUs = new Map<string, number[]>(ways.map((w) => [w.name, []]));
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of ways) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < BUILDS; i++) sink += w.build(SHAPES[i % SHAPES.length]!).values.length;
      buildUs.get(w.name)!.push(Number(process.hrtime.bigint() - started) / 1000 / BUILDS);
    }
    for (const w of ways) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < RUNS; i++) {
        const built = w.build(SHAPES[i % SHAPES.length]!);
        sink += (await db.query(built.text, built.values)).length;
      }
      runUs.get(w.name)!.push(Number(process.hrtime.bigint() - started) / 1000 / RUNS);
    }
  }
  await db.close();

  const base = (m: Map<string, number[]>) => median(m.get(ways[0]!.name)!);
  console.log(`sql builders — ${ROUNDS} rounds (A B C alternating); ${BUILDS} builds and ${RUNS} PGlite queries per way per round; Node ${process.version}`);
  console.log(
    `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${os.cpus().length} cores)`,
  );
  console.log('way'.padEnd(38) + 'build µs (median)  ratio   build+run on PGlite µs (median)  ratio');
  for (const w of ways) {
    const b = median(buildUs.get(w.name)!);
    const r = median(runUs.get(w.name)!);
    console.log(
      w.name.padEnd(38) +
        b.toFixed(3).padStart(10) +
        (b / base(buildUs)).toFixed(2).padStart(12) +
        r.toFixed(1).padStart(20) +
        (r / base(runUs)).toFixed(2).padStart(20),
    );
  }
  const root = path.resolve(__dirname, '..', 'node_modules');
  console.log(`installed size: sql-template-tag ${(dirBytes(path.join(root, 'sql-template-tag')) / 1024).toFixed(0)} KB`);
  if (kysely) console.log(`installed size: kysely ${(dirBytes(path.join(kysely.dir, 'kysely')) / 1024).toFixed(0)} KB`);
  if (sink < 0) console.log(sink);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
