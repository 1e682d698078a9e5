/**
 * `npm run bench:memory`: the idle resident memory of Puente on the embedded database (issue #16 §8:
 * ≤ 450 MB), as `npm start` runs it (`node dist/server/main.js`, built first with `npm run build`),
 * with the demo data, beside what its parts cost alone, each in a process of its own:
 *
 * - bare Node: an empty `node` process;
 * - PGlite alone: the same data folder opened by PGlite (same extensions, same settings as the server)
 *   running the few queries a page needs;
 * - Puente: after start (idle 5 s), then after a few rounds of requests (the app shell, session,
 *   mechanism, log-in, case list, a case page, the transparency page; idle 5 s again).
 *
 * RSS is read from /proc/<pid>/status (VmRSS, with RssAnon and RssFile); Puente's own breakdown comes
 * from its metrics endpoint (V8 heap, external and array-buffer memory). Prints the load average too.
 *
 *   npm run build && npx tsx bench/memory.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage } from './stats';

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'server', 'main.js');
const TOKEN = crypto.randomBytes(16).toString('hex');
const load = () => loadAverage();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a process, in MB: total, anonymous (heaps, WASM memory) and file-backed (code). */
function rssOf(pid: number): { rss: number; anon: number; file: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

const fmt = (m: { rss: number; anon: number; file: number }) => `${m.rss.toFixed(0)} MB (anon ${m.anon.toFixed(0)}, file ${m.file.toFixed(0)})`;

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string, ms = 180_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} never answered`);
}

/** A few rounds of what a visitor and an officer do. */
async function browse(base: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await (await fetch(`${base}/`)).text();
    const first = await fetch(`${base}/api/session`);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await first.json()) as { csrfToken: string };
    await (await fetch(`${base}/api/mechanism`)).text();
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'defensoria@puente.demo', password: 'Puente-Demo-2026' }),
    });
    const session = (login.headers.get('set-cookie') ?? cookie).split(';')[0]!;
    const list = (await (await fetch(`${base}/api/cases`, { headers: { cookie: session } })).json()) as { cases?: { id: string }[] };
    const first3 = (list.cases ?? []).slice(0, 3);
    for (const c of first3) {
      await (await fetch(`${base}/api/cases/${c.id}`, { headers: { cookie: session } })).text();
      await (await fetch(`${base}/api/cases/${c.id}/dialogue`, { headers: { cookie: session } })).text();
    }
    await (await fetch(`${base}/api/transparency`)).text();
    await (await fetch(`${base}/api/oversight/summary`, { headers: { cookie: session } })).text();
  }
}

/** The metrics endpoint's memory lines, in MB. */
async function breakdown(base: string): Promise<string> {
  const text = await (await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return (
    `V8 heap used ${value('nodejs_heap_size_used_bytes').toFixed(0)} MB of ${value('nodejs_heap_size_total_bytes').toFixed(0)}, ` +
    `external ${value('nodejs_external_memory_bytes').toFixed(0)} MB`
  );
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(MAIN)) throw new Error('Build first: npm run build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-memory-'));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const base = `http://127.0.0.1:${port}`;
  console.log(`memory bench: embedded database with the demo data in ${dataDir}; ${os.cpus().length} cores; load ${load()}`);
  try {
    const bare = start(['-e', 'setTimeout(() => {}, 1e9)'], {});
    await sleep(1500);
    console.log(`  bare Node                 : ${fmt(rssOf(bare.pid!))}`);
    await stop(bare);

    const env = { DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', METRICS_TOKEN: TOKEN, PUBLIC_URL: base };
    // As `npm start` runs it: no NODE_ENV (the demo data is seeded into an empty database). The first
    // start creates the database; the second opens it, as every later start does.
    for (const label of ['first start', 'restart    ']) {
      const puente = start([MAIN], env);
      try {
        await waitFor(`${base}/api/health/ready`);
        await sleep(5000);
        console.log(`  Puente ${label} idle     : ${fmt(rssOf(puente.pid!))}; ${await breakdown(base)}; load ${load()}`);
        await browse(base);
        await sleep(5000);
        console.log(`  Puente ${label} requests : ${fmt(rssOf(puente.pid!))}; ${await breakdown(base)}; load ${load()}`);
      } finally {
        await stop(puente);
      }
    }

    // PGlite alone on the same folder, as the server opens it.
    const alone = start(['--import', 'tsx', path.join(ROOT, 'bench', 'memoryPglite.ts'), path.join(dataDir, 'pglite'), path.join(dataDir, 'pglite-ready')], {});
    const pid = alone.pid!;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (fs.existsSync(path.join(dataDir, 'pglite-ready'))) {
          clearInterval(timer);
          resolve();
        } else if (alone.exitCode !== null) {
          clearInterval(timer);
          reject(new Error('PGlite alone exited'));
        }
      }, 200);
    });
    console.log(`  PGlite alone (same folder): ${fmt(rssOf(pid))}; load ${load()}`);
    await stop(alone);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
