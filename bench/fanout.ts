/**
 * `npm run bench:fanout`: how long a message posted through HTTP takes to reach 200 sockets in one
 * case (issue #16: ≤ 1.5× a bare socket.io room broadcast at p50 and p99), on a PostgreSQL server with
 * the cluster adapter Puente uses there (server/realtime/postgresCluster.ts).
 *
 * Puente (B): the demo's confidential case in mediation (Minera Valle del Cesar), heard by 200 logged-in
 * sockets — as caseAudience allows: the complainant's own account, 100 liaisons of the company and 99
 * ombudsman officers of the mechanism, each an account of its own with an e-mail (so every message
 * also writes 100 notices and 100 outbox e-mails, as for real). Each socket joined the case with
 * `case.join`. The complainant posts a `parties` message through `POST /api/cases/:id/messages`;
 * timed from just before the request to each socket's `case.message`.
 * Bare (A): a plain Express 5 + socket.io server in this process, the same 200 clients in one room, a
 * POST handler that broadcasts the same payload (the one Puente's liaisons received) to the room.
 *
 * Runs A B A B (ROUNDS), MESSAGES messages one after another in each run, and prints per run the p50 and
 * p99 over every delivery (200 a message), the medians over the runs, the ratios and the load average,
 * and the CPU a Puente message cost: this process (server and its 200 clients, with the notices) and the
 * database's backends (read from /proc), which the machine's load does not stretch as it does the delays.
 * It also checks the masking rule on every delivery: a liaison never receives the confidential name.
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente npx tsx bench/fanout.ts
 *   MESSAGES=20 ROUNDS=2 …   (defaults)
 *   TRACE=1 …   also prints, for the middle message of each Puente run, every SQL statement the process
 *               sent with its start and end in ms from just before the POST, and when the first, median
 *               and last socket heard it: where the time before the push goes; and per run (bare runs
 *               too) the medians over its messages of those moments (the n-th statement a message sent,
 *               by start), which a loaded machine moves less than one message's
 *   EXPLAIN=1 …   every statement of the bench's database explained with its timings in PostgreSQL's log (auto_explain)
 *   PROFILE=/tmp/prof …   writes a V8 CPU profile of each timed run (bare-1.cpuprofile, puente-1.cpuprofile, …),
 *               for Chrome DevTools or bench/profileSummary.ts: the server, its clients and the notices together
 *
 * It creates a database of its own on that server and drops it at the end.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg, { Client } from 'pg';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { startServer } from '../server/server';
import { hashSecret } from '../server/auth/passwords';
import { insertUser } from '../server/repositories/users';
import { DEMO_PASSWORD } from '../server/db/demoData';
import type { MessageDto } from '../shared/types/dialogue';
import { profiled } from './profiled';
import { backendCpu, backendCpuSpent, explainEveryStatement, loadAverage, median, percentile } from './stats';

const MESSAGES = Number(process.env.MESSAGES ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const LIAISONS = 100;
const OFFICERS = 99;
/** The demo's confidential case in mediation, by words of its description. */
const CASE_WORDS = 'reasentamiento nos prometieron';
const COMPLAINANT = 'peticionaria@puente.demo';
const COMPLAINANT_NAME = 'Yolanda Arias Mindiola';

/** One listener: its socket and which side it is on. */
interface Listener {
  socket: Socket;
  side: 'complainant' | 'company' | 'ombudsman';
}

/** A logged-in HTTP session (cookie and CSRF token), as the app keeps one. */
interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string, email: string): Promise<Session> {
  const first = await fetch(`${url}/api/session`);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await first.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login as ${email}: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? cookie).split(';')[0]!, csrf: body.csrfToken };
}

function openSocket(url: string, cookie?: string): Promise<Socket> {
  const socket = ioClient(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Runs `tasks` at most `width` at a time (logins hash with argon2: all at once would only queue). */
async function inTurns<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/**
 * Sends MESSAGES messages one after another through `post`, each marked with a fresh token in its body,
 * and returns every delivery's delay (ms from just before the request to the socket's event).
 */
async function timeDeliveries(
  sockets: Socket[],
  event: string,
  post: (body: string) => Promise<void>,
  check?: (payload: MessageDto, i: number) => void,
): Promise<number[] & { answered?: number[] }> {
  const delays: number[] & { answered?: number[] } = [];
  delays.answered = [];
  const moments = new Map<string, number[]>();
  const note = (label: string, ms: number) => moments.set(label, [...(moments.get(label) ?? []), ms]);
  for (let m = 0; m < MESSAGES; m++) {
    const token = crypto.randomBytes(6).toString('hex');
    const body = `Seguimos esperando la visita de la empresa (${token})`;
    let startedAt = 0;
    let pending = sockets.length;
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${pending} sockets never received message ${m}`)), 30_000);
      sockets.forEach((socket, i) => {
        const listener = (payload: MessageDto) => {
          if (!payload.body?.includes(token)) return;
          delays.push(performance.now() - startedAt);
          check?.(payload, i);
          socket.off(event, listener);
          if (--pending === 0) {
            clearTimeout(timer);
            resolve();
          }
        };
        socket.on(event, listener);
      });
    });
    const traced = trace.on && m === Math.floor(MESSAGES / 2);
    trace.statements = [];
    for (const moments of Object.values(serverMoments)) moments.length = 0;
    startedAt = performance.now();
    await post(body);
    delays.answered.push(performance.now() - startedAt);
    await arrived;
    if (traced) printTrace(startedAt, delays.answered.at(-1)!, delays.slice(-sockets.length));
    if (process.env.TRACE) {
      const heard = delays.slice(-sockets.length).sort((a, b) => a - b);
      note('first socket', heard[0]!);
      note('median socket', percentile(heard, 50));
      note('HTTP answered', delays.answered.at(-1)!);
      // The first POST is this message's (the sockets heard it before the next one was sent).
      if (serverMoments.request.length) note('POST reached the server', serverMoments.request[0]! - startedAt);
      if (serverMoments.emitStart.length) note('first case.message emit began', serverMoments.emitStart[0]! - startedAt);
      if (serverMoments.emitEnd.length) note('last case.message emit ended', serverMoments.emitEnd.at(-1)! - startedAt);
      [...trace.statements]
        .sort((a, b) => a.start - b.start)
        .forEach((s, i) => {
          const label = `${String(i + 1).padStart(2)}. ${s.text.slice(0, 60)}`;
          note(`${label} sent`, s.start - startedAt);
          note(`${label} answered`, s.end - startedAt);
        });
    }
  }
  if (process.env.TRACE) {
    console.log(`    medians over the run's ${MESSAGES} messages (ms from just before the POST):`);
    const rows = [...moments].map(([label, ms]) => [label, median(ms), ms.length] as const).sort((a, b) => a[1] - b[1]);
    for (const [label, ms, n] of rows) console.log(`    ${ms.toFixed(2).padStart(7)}  ${label}${n < MESSAGES ? ` (${n} messages)` : ''}`);
  }
  return delays;
}

// PROFILE=…: a message's work is a few milliseconds; sampled every 200 µs to see its parts.
const FANOUT_SAMPLING_US = 200;

const load = () => loadAverage();

/** With TRACE, the statements sent by this process (Puente's server runs in it) while `on`, with their start and end. */
const trace = { on: false, statements: [] as { text: string; start: number; end: number }[] };
if (process.env.TRACE) {
  type Query = (...args: unknown[]) => unknown;
  const query = pg.Client.prototype.query as unknown as Query;
  (pg.Client.prototype as unknown as { query: Query }).query = function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    const text = String(typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?'));
    const result = query.apply(this, args);
    if (trace.on && result instanceof Promise) {
      result.then(
        () => trace.statements.push({ text: text.replace(/\s+/g, ' ').trim().slice(0, 100), start, end: performance.now() }),
        () => undefined,
      );
    }
    return result;
  };
}

/**
 * With TRACE, moments of each message on the server's side, bare or Puente (ms from performance's origin):
 * when its POST reached the HTTP server, and when the first emit of `case.message` began and the last ended.
 */
const serverMoments = { request: [] as number[], emitStart: [] as number[], emitEnd: [] as number[] };
if (process.env.TRACE) {
  const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request' && (args[0] as http.IncomingMessage).method === 'POST') serverMoments.request.push(performance.now());
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
  type Emit = (this: unknown, event: string, ...args: unknown[]) => boolean;
  // socket.io exports the class only as a type: its prototype, from a server that never listens.
  const proto = Object.getPrototypeOf(new Server().to('none')) as { emit: Emit };
  const broadcast = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event !== 'case.message') return broadcast.call(this, event, ...args);
    serverMoments.emitStart.push(performance.now());
    try {
      return broadcast.call(this, event, ...args);
    } finally {
      serverMoments.emitEnd.push(performance.now());
    }
  };
}

/** Prints the statements of one traced message and when its sockets heard it (ms from just before its POST). */
function printTrace(startedAt: number, answeredMs: number, heard: number[]): void {
  const sorted = [...heard].sort((a, b) => a - b);
  console.log(
    `    traced message: first socket ${sorted[0]!.toFixed(1)} ms, median ${percentile(sorted, 50).toFixed(1)}, last ${sorted.at(-1)!.toFixed(1)}, HTTP answered ${answeredMs.toFixed(1)}`,
  );
  for (const s of [...trace.statements].sort((a, b) => a.start - b.start)) {
    console.log(`    ${(s.start - startedAt).toFixed(1).padStart(6)} → ${(s.end - startedAt).toFixed(1).padStart(6)}  ${s.text}`);
  }
}

/** The bare baseline: Express 5 + socket.io, every client in one room, a POST that broadcasts to it. */
async function startBare(payloadFor: (body: string) => MessageDto): Promise<{ url: string; io: Server; close(): Promise<void> }> {
  const app = express();
  app.use(express.json());
  const server = http.createServer(app);
  const io = new Server(server, { serveClient: false, transports: ['websocket'] });
  io.on('connection', (socket) => void socket.join('case'));
  app.post('/messages', (req, res) => {
    io.to('case').emit('case.message', payloadFor((req.body as { body: string }).body));
    res.status(201).json({ ok: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    io,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL server (the bench makes a database of its own there).');
  const name = `puente_bench_fanout_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  // EXPLAIN=1: where a message's database time goes, in the server's log.
  if (process.env.EXPLAIN === '1') await explainEveryStatement(admin, name);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-123',
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    DATABASE_URL: target.toString(),
    DATA_DIR: os.tmpdir(),
    PORT: '0',
    RUN_JOBS: 'false',
  });
  const puente = await startServer({ config: { ...config, seedDemo: true, host: '127.0.0.1' } });
  const listeners: Listener[] = [];
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  const bareSockets: Socket[] = [];
  try {
    const c = await puente.db.one<{ id: string; mechanismId: string; companyId: string; identityMode: string }>(
      `SELECT id, mechanism_id AS "mechanismId", company_id AS "companyId", identity_mode AS "identityMode" FROM cases WHERE description ILIKE $1`,
      [`%${CASE_WORDS}%`],
    );
    const passwordHash = await hashSecret(DEMO_PASSWORD);
    const staff: { email: string; side: Listener['side'] }[] = [];
    for (let i = 0; i < LIAISONS; i++) {
      const email = `enlace.${i}@fanout.bench`;
      await insertUser(puente.db, puente.app.ctx.cipher, {
        mechanismId: c.mechanismId,
        role: 'liaison',
        companyId: c.companyId,
        email,
        displayName: `Enlace ${i}`,
        passwordHash,
      });
      staff.push({ email, side: 'company' });
    }
    for (let i = 0; i < OFFICERS; i++) {
      const email = `defensor.${i}@fanout.bench`;
      await insertUser(puente.db, puente.app.ctx.cipher, { mechanismId: c.mechanismId, role: 'ombudsman', email, displayName: `Defensor ${i}`, passwordHash });
      staff.push({ email, side: 'ombudsman' });
    }
    const everyone = [{ email: COMPLAINANT, side: 'complainant' as const }, ...staff];
    const sessions = await inTurns(
      everyone.map((p) => () => login(puente.url, p.email)),
      4,
    );
    for (const [i, person] of everyone.entries()) {
      const socket = await openSocket(puente.url, sessions[i]!.cookie);
      const joined = (await socket.timeout(10_000).emitWithAck('case.join', { caseId: c.id })) as { ok: boolean };
      if (!joined.ok) throw new Error(`${person.email} could not join the case`);
      listeners.push({ socket, side: person.side });
    }
    const poster = sessions[0]!;
    const postPuente = async (body: string) => {
      const res = await fetch(`${puente.url}/api/cases/${c.id}/messages`, {
        method: 'POST',
        headers: { cookie: poster.cookie, 'x-csrf-token': poster.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ body, visibility: 'parties', clientKey: crypto.randomBytes(12).toString('base64url') }),
      });
      if (res.status !== 201) throw new Error(`posting answered ${res.status}: ${await res.text()}`);
    };

    // The masking rule, on every delivery: a confidential complainant's name reaches their own side only.
    const displayName = COMPLAINANT_NAME;
    let leaks = 0;
    const checkPuente = (payload: MessageDto, i: number) => {
      const side = listeners[i]!.side;
      if (side !== 'complainant' && (payload.authorName !== null || payload.authorUserId !== null)) leaks++;
      if (side === 'complainant' && payload.authorName !== displayName) leaks++;
    };

    // One presented payload as the company side receives it, for the bare server to broadcast.
    let sample: MessageDto | undefined;
    const liaisonSocket = listeners.find((l) => l.side === 'company')!.socket;
    const sampled = new Promise<void>((resolve) => liaisonSocket.once('case.message', (m: MessageDto) => ((sample = m), resolve())));
    await postPuente('Mensaje de prueba antes de medir');
    await sampled;
    bare = await startBare((body) => ({ ...sample!, id: sample!.id + 1, body, createdAt: new Date().toISOString() }));
    for (let i = 0; i < listeners.length; i++) bareSockets.push(await openSocket(bare.url));
    while ((await bare.io.in('case').fetchSockets()).length < bareSockets.length) await new Promise((r) => setTimeout(r, 20));
    const postBare = async (body: string) => {
      const res = await fetch(`${bare!.url}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body }) });
      if (res.status !== 201) throw new Error(`bare answered ${res.status}`);
    };

    console.log(
      `fan-out bench: ${listeners.length} sockets (1 complainant, ${LIAISONS} liaisons, ${OFFICERS} officers) in one confidential case, ` +
        `${MESSAGES} messages a run, ${ROUNDS} rounds of A (bare socket.io) B (Puente, PostgreSQL + cluster adapter); ${os.cpus().length} cores; load ${load()}`,
    );
    const runs = { bare: [] as { p50: number; p99: number }[], puente: [] as { p50: number; p99: number; node: number; db: number }[] };
    // One warm-up of each, not counted.
    await timeDeliveries(bareSockets, 'case.message', postBare);
    await timeDeliveries(
      listeners.map((l) => l.socket),
      'case.message',
      postPuente,
    );
    for (let round = 0; round < ROUNDS; round++) {
      const a = await profiled(`bare-${round + 1}`, () => timeDeliveries(bareSockets, 'case.message', postBare), FANOUT_SAMPLING_US);
      runs.bare.push({ p50: percentile(a, 50), p99: percentile(a, 99) });
      console.log(
        `  A bare   : p50 ${percentile(a, 50).toFixed(1)} ms, p99 ${percentile(a, 99).toFixed(1)} ms (${a.length} deliveries; HTTP answered in ${median(a.answered!).toFixed(1)} ms) load ${load()}`,
      );
      trace.on = Boolean(process.env.TRACE);
      const [cpuBefore, dbBefore] = [process.cpuUsage(), await backendCpu(admin, name)];
      const b = await profiled(
        `puente-${round + 1}`,
        () =>
          timeDeliveries(
            listeners.map((l) => l.socket),
            'case.message',
            postPuente,
            checkPuente,
          ),
        FANOUT_SAMPLING_US,
      );
      trace.on = false;
      const used = process.cpuUsage(cpuBefore);
      const cpu = { node: (used.user + used.system) / 1000 / MESSAGES, db: backendCpuSpent(dbBefore, await backendCpu(admin, name)) / MESSAGES };
      runs.puente.push({ p50: percentile(b, 50), p99: percentile(b, 99), ...cpu });
      console.log(
        `  B Puente : p50 ${percentile(b, 50).toFixed(1)} ms, p99 ${percentile(b, 99).toFixed(1)} ms (${b.length} deliveries; HTTP answered in ${median(b.answered!).toFixed(1)} ms; ` +
          `CPU a message: ${cpu.node.toFixed(1)} ms this process, ${cpu.db.toFixed(1)} ms database) load ${load()}`,
      );
    }
    const [p50a, p50b] = [median(runs.bare.map((r) => r.p50)), median(runs.puente.map((r) => r.p50))];
    const [p99a, p99b] = [median(runs.bare.map((r) => r.p99)), median(runs.puente.map((r) => r.p99))];
    console.log(
      `fan-out to ${listeners.length}: Puente p50 ${p50b.toFixed(1)} ms vs bare ${p50a.toFixed(1)} ms = ${(p50b / p50a).toFixed(2)}×; ` +
        `p99 ${p99b.toFixed(1)} vs ${p99a.toFixed(1)} ms = ${(p99b / p99a).toFixed(2)}×; masking violations: ${leaks}; ` +
        `Puente's CPU a message ${median(runs.puente.map((r) => r.node)).toFixed(1)} ms this process, ${median(runs.puente.map((r) => r.db)).toFixed(1)} ms database; load ${load()}`,
    );
    const counted = await puente.db.one<{ notices: number; emails: number }>(
      `SELECT (SELECT count(*)::int FROM notifications) AS notices, (SELECT count(*)::int FROM outbox) AS emails`,
    );
    console.log(`database: ${counted.notices} notices, ${counted.emails} e-mails queued`);
  } finally {
    for (const l of listeners) l.socket.close();
    for (const s of bareSockets) s.close();
    await bare?.close();
    await puente.stop();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
