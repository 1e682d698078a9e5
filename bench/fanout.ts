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
 * The 200 clients and the poster run in a process of their own (bench/fanoutClients.ts), as the issue
 * measured, from outside: with the clients in the servers' process, whatever a server does after its
 * push delays its own clients' reading. `CLIENTS=inline` keeps them in this process (the figures of
 * sessions 7–19).
 *
 * Runs A B A B (ROUNDS), MESSAGES messages one after another in each run, and prints per run the p50 and
 * p99 over every delivery (200 a message), the medians over the runs, the ratios and the load average,
 * and the CPU a Puente message cost: this process (the server, with the notices; inline, its 200 clients
 * too), the clients' process when outside, and the database's backends (read from /proc), which the
 * machine's load does not stretch as it does the delays.
 * It also checks the masking rule on every delivery: a liaison never receives the confidential name.
 *
 *   DATABASE_URL=postgres://puente:puente@127.0.0.1:5432/puente npx tsx bench/fanout.ts
 *   MESSAGES=20 ROUNDS=2 …   (defaults)
 *   CLIENTS=inline …   the clients in this process
 *   PAUSE_MS=40 …   waits that long before each message: nothing of the message before is left when the next is posted
 *   TRACE=1 …   (clients outside or inline: both processes read the machine's clock) also prints, for the middle message of each Puente run, every SQL statement the process
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
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg, { Client } from 'pg';
import { Server } from 'socket.io';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { startServer } from '../server/server';
import { hashSecret } from '../server/auth/passwords';
import { insertUser } from '../server/repositories/users';
import { DEMO_PASSWORD } from '../server/db/demoData';
import type { MessageDto } from '../shared/types/dialogue';
import { profiled } from './profiled';
import { clientsInline, clientsOutside, clock, type ClientSide, type Poster, type Side, type Timed } from './fanoutClients';
import { backendCpu, backendCpuSpent, explainEveryStatement, loadAverage, median, percentile } from './stats';

const MESSAGES = Number(process.env.MESSAGES ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const LIAISONS = 100;
const OFFICERS = 99;
/** The demo's confidential case in mediation, by words of its description. */
const CASE_WORDS = 'reasentamiento nos prometieron';
const COMPLAINANT = 'peticionaria@puente.demo';
const COMPLAINANT_NAME = 'Yolanda Arias Mindiola';

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
 * With TRACE, after a run: for each message, when the first and median sockets heard it, the HTTP answer, the
 * server's moments and its statements, in ms from just before its POST (the clients' clock and the server's are
 * the machine's, `clock()`, so this holds with the clients outside too); each message's moments are those from
 * its POST to the next one's. The middle message is printed in full, and the medians over the run's messages.
 */
function traceRun(messages: Timed['messages']): void {
  const moments = new Map<string, number[]>();
  const note = (label: string, ms: number) => moments.set(label, [...(moments.get(label) ?? []), ms]);
  messages.forEach(({ startedAt, heard, answered }, m) => {
    const before = messages[m + 1]?.startedAt ?? Infinity;
    const within = (t: number) => t >= startedAt && t < before;
    const statements = trace.statements.filter((s) => within(s.start)).sort((a, b) => a.start - b.start);
    if (m === Math.floor(messages.length / 2)) printTrace(startedAt, answered, heard, statements);
    note('first socket', heard[0]!);
    note('median socket', percentile(heard, 50));
    note('HTTP answered', answered);
    const [request, emitStart, emitEnd] = [serverMoments.request.filter(within), serverMoments.emitStart.filter(within), serverMoments.emitEnd.filter(within)];
    // The first POST is this message's (the sockets heard it before the next one was sent).
    if (request.length) note('POST reached the server', request[0]! - startedAt);
    if (emitStart.length) note('first case.message emit began', emitStart[0]! - startedAt);
    if (emitEnd.length) note('last case.message emit ended', emitEnd.at(-1)! - startedAt);
    statements.forEach((s, i) => {
      const label = `${String(i + 1).padStart(2)}. ${s.text.slice(0, 60)}`;
      note(`${label} sent`, s.start - startedAt);
      note(`${label} answered`, s.end - startedAt);
    });
  });
  console.log(`    medians over the run's ${messages.length} messages (ms from just before the POST):`);
  const rows = [...moments].map(([label, ms]) => [label, median(ms), ms.length] as const).sort((a, b) => a[1] - b[1]);
  for (const [label, ms, n] of rows) console.log(`    ${ms.toFixed(2).padStart(7)}  ${label}${n < messages.length ? ` (${n} messages)` : ''}`);
  trace.statements = [];
  for (const list of Object.values(serverMoments)) list.length = 0;
}

/**
 * Times MESSAGES messages through `poster` to a group's sockets (with TRACE, each traced), profiled under PROFILE.
 * The CPU returned is this process's and the clients' side's (the same process when inline).
 */
async function timeRun(clients: ClientSide, group: string, poster: Poster, profile: string, confidentialName?: string): Promise<Timed> {
  trace.statements = [];
  for (const list of Object.values(serverMoments)) list.length = 0;
  const timed = await profiled(profile, () => clients.time(group, poster, MESSAGES, confidentialName), FANOUT_SAMPLING_US);
  if (process.env.TRACE) traceRun(timed.messages);
  return timed;
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
    const start = clock();
    const text = String(typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?'));
    const result = query.apply(this, args);
    if (trace.on && result instanceof Promise) {
      result.then(
        () => trace.statements.push({ text: text.replace(/\s+/g, ' ').trim().slice(0, 100), start, end: clock() }),
        () => undefined,
      );
    }
    return result;
  };
}

/**
 * With TRACE, moments of each message on the server's side, bare or Puente (ms of the machine's clock, `clock()`):
 * when its POST reached the HTTP server, and when the first emit of `case.message` began and the last ended.
 */
const serverMoments = { request: [] as number[], emitStart: [] as number[], emitEnd: [] as number[] };
if (process.env.TRACE) {
  const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request' && (args[0] as http.IncomingMessage).method === 'POST') serverMoments.request.push(clock());
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
  type Emit = (this: unknown, event: string, ...args: unknown[]) => boolean;
  // socket.io exports the class only as a type: its prototype, from a server that never listens.
  const proto = Object.getPrototypeOf(new Server().to('none')) as { emit: Emit };
  const broadcast = proto.emit;
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event !== 'case.message') return broadcast.call(this, event, ...args);
    serverMoments.emitStart.push(clock());
    try {
      return broadcast.call(this, event, ...args);
    } finally {
      serverMoments.emitEnd.push(clock());
    }
  };
}

/** Prints the statements of one traced message and when its sockets heard it (ms from just before its POST). */
function printTrace(startedAt: number, answeredMs: number, heard: number[], statements: typeof trace.statements): void {
  console.log(
    `    traced message: first socket ${heard[0]!.toFixed(1)} ms, median ${percentile(heard, 50).toFixed(1)}, last ${heard.at(-1)!.toFixed(1)}, HTTP answered ${answeredMs.toFixed(1)}`,
  );
  for (const s of statements) {
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
  const outside = (process.env.CLIENTS ?? 'outside') === 'outside';
  if (!outside && process.env.CLIENTS !== 'inline') throw new Error('CLIENTS is outside (the default) or inline');
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
  const clients = outside ? clientsOutside() : clientsInline();
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  try {
    const c = await puente.db.one<{ id: string; mechanismId: string; companyId: string; identityMode: string }>(
      `SELECT id, mechanism_id AS "mechanismId", company_id AS "companyId", identity_mode AS "identityMode" FROM cases WHERE description ILIKE $1`,
      [`%${CASE_WORDS}%`],
    );
    const passwordHash = await hashSecret(DEMO_PASSWORD);
    const staff: { email: string; side: Side }[] = [];
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
    await clients.open(
      'puente',
      puente.url,
      everyone.map((person, i) => ({ cookie: sessions[i]!.cookie, side: person.side })),
      c.id,
    );
    const poster = sessions[0]!;
    const postPuente: Poster = {
      url: `${puente.url}/api/cases/${c.id}/messages`,
      headers: { cookie: poster.cookie, 'x-csrf-token': poster.csrf },
      puente: true,
    };

    // One warm-up of Puente, not counted: its payload as the company side received it is what the bare server broadcasts.
    const first = await clients.time('puente', postPuente, 1, COMPLAINANT_NAME);
    const sample = first.sample;
    bare = await startBare((body) => ({ ...sample!, id: sample!.id + 1, body, createdAt: new Date().toISOString() }));
    await clients.open(
      'bare',
      bare.url,
      everyone.map((person) => ({ side: person.side })),
    );
    while ((await bare.io.in('case').fetchSockets()).length < everyone.length) await new Promise((r) => setTimeout(r, 20));
    const postBare: Poster = { url: `${bare.url}/messages`, headers: {}, puente: false };

    console.log(
      `fan-out bench: ${everyone.length} sockets (1 complainant, ${LIAISONS} liaisons, ${OFFICERS} officers) in one confidential case, ` +
        `${MESSAGES} messages a run, ${ROUNDS} rounds of A (bare socket.io) B (Puente, PostgreSQL + cluster adapter), ` +
        `the clients ${outside ? 'in a process of their own (CLIENTS=outside)' : "in the servers' process (CLIENTS=inline)"}; ${os.cpus().length} cores; load ${load()}`,
    );
    const runs = { bare: [] as { p50: number; p99: number }[], puente: [] as { p50: number; p99: number; node: number; db: number }[] };
    // Every delivery is checked against the masking rule, the warm-ups' too.
    let leaks = first.leaks;
    // One more warm-up of each, not counted.
    await clients.time('bare', postBare, MESSAGES);
    leaks += (await clients.time('puente', postPuente, MESSAGES, COMPLAINANT_NAME)).leaks;
    for (let round = 0; round < ROUNDS; round++) {
      const a = await timeRun(clients, 'bare', postBare, `bare-${round + 1}`);
      runs.bare.push({ p50: percentile(a.delays, 50), p99: percentile(a.delays, 99) });
      console.log(
        `  A bare   : p50 ${percentile(a.delays, 50).toFixed(1)} ms, p99 ${percentile(a.delays, 99).toFixed(1)} ms (${a.delays.length} deliveries; HTTP answered in ${median(a.answered).toFixed(1)} ms) load ${load()}`,
      );
      trace.on = Boolean(process.env.TRACE);
      const [cpuBefore, clientsBefore, dbBefore] = [process.cpuUsage(), outside ? await clients.cpu() : 0, await backendCpu(admin, name)];
      const b = await timeRun(clients, 'puente', postPuente, `puente-${round + 1}`, COMPLAINANT_NAME);
      trace.on = false;
      leaks += b.leaks;
      const used = process.cpuUsage(cpuBefore);
      const cpu = { node: (used.user + used.system) / 1000 / MESSAGES, db: backendCpuSpent(dbBefore, await backendCpu(admin, name)) / MESSAGES };
      const clientsCpu = outside ? ` + ${(((await clients.cpu()) - clientsBefore) / MESSAGES).toFixed(1)} ms its clients` : '';
      runs.puente.push({ p50: percentile(b.delays, 50), p99: percentile(b.delays, 99), ...cpu });
      console.log(
        `  B Puente : p50 ${percentile(b.delays, 50).toFixed(1)} ms, p99 ${percentile(b.delays, 99).toFixed(1)} ms (${b.delays.length} deliveries; HTTP answered in ${median(b.answered).toFixed(1)} ms; ` +
          `CPU a message: ${cpu.node.toFixed(1)} ms ${outside ? 'the server' : 'this process'}${clientsCpu}, ${cpu.db.toFixed(1)} ms database) load ${load()}`,
      );
    }
    const [p50a, p50b] = [median(runs.bare.map((r) => r.p50)), median(runs.puente.map((r) => r.p50))];
    const [p99a, p99b] = [median(runs.bare.map((r) => r.p99)), median(runs.puente.map((r) => r.p99))];
    console.log(
      `fan-out to ${everyone.length}: Puente p50 ${p50b.toFixed(1)} ms vs bare ${p50a.toFixed(1)} ms = ${(p50b / p50a).toFixed(2)}×; ` +
        `p99 ${p99b.toFixed(1)} vs ${p99a.toFixed(1)} ms = ${(p99b / p99a).toFixed(2)}×; masking violations: ${leaks}; ` +
        `Puente's CPU a message ${median(runs.puente.map((r) => r.node)).toFixed(1)} ms ${outside ? 'the server' : 'this process'}, ${median(runs.puente.map((r) => r.db)).toFixed(1)} ms database; load ${load()}`,
    );
    const counted = await puente.db.one<{ notices: number; emails: number }>(
      `SELECT (SELECT count(*)::int FROM notifications) AS notices, (SELECT count(*)::int FROM outbox) AS emails`,
    );
    console.log(`database: ${counted.notices} notices, ${counted.emails} e-mails queued`);
  } finally {
    await clients.close();
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
