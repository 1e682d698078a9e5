/**
 * The database's CPU for writing a filing, apart from everything else (docs/scaling.md, "Filing at speed", sessions
 * 15–16): one batch of 20 real filings as `file_cases` receives it, replayed over and over by one backend, its CPU
 * read from /proc before and after. Two steps, so two trees (main and a branch) can be measured turn about:
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente PREPARE=replay_main npx tsx bench/filingReplay.ts
 *     makes the database `replay_main` with this tree's migrations and the demo mechanism, files 21 complaints at
 *     once through the API twice (named, then anonymous: the first of each goes alone, the other 20 together) and
 *     keeps each batch's parameter in the table `replay_batches` of that database.
 *   DATABASE_URL=… REPLAY=replay_main,replay_branch FILINGS=3000 PAIRS=4 npx tsx bench/filingReplay.ts
 *     replays each kept batch in those databases turn about (the first first in odd pairs, second in even ones),
 *     FILINGS filings a round, and prints the backend's CPU a filing and the medians. Each call is its own
 *     transaction (`synchronous_commit = off`, so the wall time is not the disk's) with fresh case ids,
 *     idempotency keys, receipt fingerprints and e-mail seal ids; the references keep counting.
 *   REPLAY=replay_main:file_cases,replay_main:file_cases_variant …
 *     the same with two functions of one database (a variant created there by hand), so the two are measured on the
 *     same tables, indexes and buffers: separate databases drift apart by as much as the changes measured.
 *   COMMIT=on … each call waits for its commit's flush, as in the bench (default off).
 *   DROP=replay_main,replay_branch … drops them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { startServer } from '../server/server';
import type { MechanismDto } from '../shared/types/api';
import { buildComplaint } from '../test/intakeSupport';
import { loadAverage, median, percentile } from './stats';

const KINDS = ['named', 'anonymous'] as const;
const AT_ONCE = 21;

function urlOf(database: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function visitor(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/session`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** Catches what the server's pg clients send as `file_cases`'s first parameter. */
async function catchBatches(): Promise<string[]> {
  const caught: string[] = [];
  const pg = await import('pg');
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as { name?: string; text?: string; values?: unknown[] } | string;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const values = typeof first === 'string' ? (args[1] as unknown[]) : (first?.values ?? (args[1] as unknown[]));
    if (text.includes('file_cases(') && values) caught.push(String(values[0]));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return caught;
}

async function prepare(database: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const caught = await catchBatches();
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-123',
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    DATABASE_URL: urlOf(database),
    DATA_DIR: os.tmpdir(),
    PORT: '0',
    RUN_JOBS: 'false',
    FILINGS_PER_HOUR: String(1_000_000_000),
  });
  const puente = await startServer({ config: { ...config, seedDemo: true, host: '127.0.0.1' } });
  try {
    const mechanism = (await (await fetch(`${puente.url}/api/mechanism`)).json()) as MechanismDto;
    const policy = (await (await fetch(`${puente.url}/api/data-policy`)).json()) as { version: string };
    const sessions = await Promise.all(Array.from({ length: AT_ONCE }, () => visitor(puente.url)));
    await puente.db.query('CREATE TABLE replay_batches (kind text PRIMARY KEY, filings text NOT NULL)');
    for (const kind of KINDS) {
      const before = caught.length;
      const answers = await Promise.all(
        sessions.map((s) =>
          fetch(`${puente.url}/api/complaints`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
            body: JSON.stringify(
              buildComplaint(mechanism, {
                categoryCodes: ['air_dust', 'water'],
                consent: { policyVersion: policy.version, accepted: true },
                ...(kind === 'anonymous' ? { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' } : {}),
              }),
            ),
          }),
        ),
      );
      if (answers.some((a) => a.status !== 201)) throw new Error(`a ${kind} filing was answered ${answers.map((a) => a.status).join(',')}`);
      const batch = caught.slice(before).sort((a, b) => b.length - a.length)[0];
      if (!batch) throw new Error(`no ${kind} batch caught`);
      console.log(`${database}: ${kind} batch of ${(JSON.parse(batch) as unknown[]).length} filings kept`);
      await puente.db.query('INSERT INTO replay_batches (kind, filings) VALUES ($1, $2)', [kind, batch]);
    }
  } finally {
    await puente.stop();
  }
}

/** Each value of the batch a filing must not share with another (ids, keys, fingerprints, seal ids), found by its place. */
function uniqueValues(filings: Record<string, unknown>[]): string[] {
  const values: string[] = [];
  for (const f of filings) {
    const c = f.case as Record<string, unknown>;
    for (const key of ['id', 'idempotency_key', 'receipt_key_fingerprint', 'provisional_code']) if (typeof c[key] === 'string') values.push(c[key] as string);
    const receipt = f.receipt as Record<string, unknown> | undefined;
    if (typeof receipt?.idempotency_key === 'string') values.push(receipt.idempotency_key);
    for (const e of (f.emails as Record<string, unknown>[]) ?? []) if (typeof e.seal_id === 'string') values.push(e.seal_id);
  }
  return [...new Set(values)];
}

/** A copy of the batch's text with every unique value replaced by a fresh one of the same shape. */
function freshCopy(text: string, unique: string[]): string {
  let out = text;
  for (const value of unique) {
    const fresh = /^[0-9a-f]{8}-/.test(value)
      ? crypto.randomUUID()
      : crypto
          .randomBytes(Math.ceil(value.length / 2))
          .toString('hex')
          .slice(0, value.length);
    out = out.replaceAll(JSON.stringify(value), JSON.stringify(fresh));
  }
  return out;
}

function backendMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * EXPLAIN=1: one more call of the warm batch with every statement it runs (nested ones and triggers) explained with
 * row counts and no timings (auto_explain, sent back as notices), printed, and rolled back.
 */
async function explainOne(client: Client, copy: string, statement: { name: string; text: string }): Promise<number> {
  client.on('notice', (notice) => console.log(notice.message));
  await client.query('BEGIN');
  for (const setting of [
    "LOAD 'auto_explain'",
    'SET LOCAL auto_explain.log_min_duration = 0',
    'SET LOCAL auto_explain.log_analyze = on',
    'SET LOCAL auto_explain.log_timing = off',
    'SET LOCAL auto_explain.log_nested_statements = on',
    'SET LOCAL auto_explain.log_triggers = on',
    'SET LOCAL auto_explain.log_level = notice',
  ])
    await client.query(setting);
  await client.query({ ...statement, values: [copy] });
  await client.query('ROLLBACK');
  return 0;
}

/** Replays `kind`'s batch in `database` until `filings` are written; the backend's CPU milliseconds a filing. */
async function replay(target: string, kind: string, filings: number): Promise<number> {
  const [database, fn = 'file_cases'] = target.split(':') as [string, string?];
  const client = new Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    // COMMIT=on: each call waits for its commit's flush, as the bench's server does (the flush's own CPU then counts).
    await client.query(`SET synchronous_commit = ${process.env.COMMIT === 'on' ? 'on' : 'off'}`);
    const { rows } = await client.query<{ filings: string; pid: number }>('SELECT filings, pg_backend_pid() AS pid FROM replay_batches WHERE kind = $1', [
      kind,
    ]);
    const text = rows[0]!.filings;
    const unique = uniqueValues(JSON.parse(text) as Record<string, unknown>[]);
    const size = (JSON.parse(text) as unknown[]).length;
    const calls = Math.ceil(filings / size);
    const copies = Array.from({ length: calls + 5 }, () => freshCopy(text, unique));
    const statement = { name: 'replay', text: `SELECT ${fn}($1::jsonb) AS filed, '{}'::text[] AS sessions` };
    // Warm: the function compiled and its plans cached, as in a server's pooled connection.
    for (const copy of copies.slice(calls)) await client.query({ ...statement, values: [copy] });
    if (process.env.EXPLAIN === '1') return await explainOne(client, copies[0]!, statement);
    const before = backendMs(rows[0]!.pid);
    // Each call's wall time too: a GIN pending list's merge (docs/scaling.md, sessions 21–22) shows as a few slow calls.
    const walls: number[] = [];
    for (const copy of copies.slice(0, calls)) {
      const start = performance.now();
      await client.query({ ...statement, values: [copy] });
      walls.push(performance.now() - start);
    }
    const cpu = (backendMs(rows[0]!.pid) - before) / (calls * size);
    const at = (p: number) => percentile(walls, p).toFixed(1);
    console.log(
      `    ${target} ${kind}: a call p50 ${at(50)} ms, p99 ${at(99)}, max ${at(100)}; calls over 3× the median ${walls.filter((w) => w > 3 * median(walls)).length} of ${calls}`,
    );
    return cpu;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to the PostgreSQL server.');
  if (process.env.PREPARE) return prepare(process.env.PREPARE);
  if (process.env.DROP) {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const database of process.env.DROP.split(',')) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    return;
  }
  const databases = (process.env.REPLAY ?? '').split(',').filter(Boolean);
  if (databases.length === 0) throw new Error('Set PREPARE=<database>, REPLAY=<database>[,<database>…] or DROP=…');
  const filings = Number(process.env.FILINGS ?? 3000);
  const pairs = Number(process.env.PAIRS ?? 4);
  const kinds = (process.env.KINDS ?? KINDS.join(',')).split(',');
  const figures = new Map<string, number[]>();
  console.log(`filing replay: ${filings} filings a round, ${pairs} turns, ${databases.join(' / ')}; load ${loadAverage()}`);
  for (let turn = 0; turn < pairs; turn++) {
    const order = turn % 2 === 0 ? databases : [...databases].reverse();
    for (const kind of kinds)
      for (const database of order) {
        const ms = await replay(database, kind, filings);
        const key = `${database} ${kind}`;
        figures.set(key, [...(figures.get(key) ?? []), ms]);
        console.log(`  turn ${turn + 1} ${key}: ${ms.toFixed(3)} ms a filing; load ${loadAverage()}`);
      }
  }
  for (const [key, values] of figures) console.log(`${key}: median ${median(values).toFixed(3)} ms a filing (${values.map((v) => v.toFixed(3)).join(', ')})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
