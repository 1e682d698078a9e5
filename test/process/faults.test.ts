/**
 * Faults only a real server process shows: PostgreSQL dropping its connections under load or away at
 * start, SIGTERM under load, and two instances starting together on an empty database.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../../server/db/pgliteExtensions';
import { Client } from 'pg';
import type { MechanismDto } from '../../shared/types/api';
import { DEMO, describeOnServer, TestClient } from '../support';
import { buildComplaint } from '../intakeSupport';
import { createTestDataDir, createTestDatabase, onDatabase, onServer } from '../databases';
import { startServerProcess, useServerProcesses, waitFor, type ServerProcess } from './serverProcess';
import { DEMO_PASSWORD } from '../../server/db/demoData';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A folder for what a server keeps besides the database (uploads), removed by `drop`. */
function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'puente-proc-'));
}

async function mechanismOf(url: string): Promise<MechanismDto> {
  return (await (await fetch(`${url}/api/mechanism`)).json()) as MechanismDto;
}

/** How many cases each idempotency key made, read from the database after the fact. */
async function casesByKey(query: (sql: string, params: unknown[]) => Promise<{ key: string; n: number }[]>, keys: string[]): Promise<Map<string, number>> {
  const rows = await query('SELECT idempotency_key::text AS key, count(*)::int AS n FROM cases WHERE idempotency_key = ANY($1::uuid[]) GROUP BY 1', [keys]);
  return new Map(rows.map((r) => [r.key, r.n]));
}

describeOnServer('A server process when PostgreSQL goes away', () => {
  useServerProcesses();

  it('When its connections are terminated while filings and messages are in flight, Then it stays up, answers 503 with Retry-After during the outage, is not ready, works after, and nothing is lost or doubled', async () => {
    const database = await createTestDatabase('demo');
    const dataDir = scratchDir();
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const terminate = () =>
      admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database.name]);
    let server: ServerProcess | undefined;
    let stop = false;
    let workers: Promise<void>[] = [];
    try {
      server = startServerProcess({
        DATABASE_URL: (database.target as { url: string }).url,
        DATA_DIR: dataDir,
        RUN_JOBS: 'true',
        OUTBOX_INTERVAL_MS: '200',
        SWEEP_INTERVAL_MS: '300',
        FILINGS_PER_HOUR: '100000',
      });
      const url = await server.listening();
      const mechanism = await mechanismOf(url);
      const ombudsman = await TestClient.create(url, 'es');
      expect((await ombudsman.post('/api/session', { email: DEMO.ombudsman, password: DEMO_PASSWORD })).status).toBe(200);
      const inDialogue = (await ombudsman.get('/api/cases?status=in_dialogue')).body.cases[0].id as string;

      let phase: 'before' | 'outage' | 'after' = 'before';
      const running = server;
      /** Waits for `check`, failing at once with what it printed if the server died meanwhile. */
      const until = <T>(check: () => T | undefined | Promise<T | undefined>, ms: number, what: string) =>
        waitFor(
          () => {
            if (running.child.exitCode !== null) throw new Error(`the server died (${running.child.exitCode}): ${running.stderr().slice(-1500)}`);
            return check();
          },
          ms,
          what,
        );
      const accepted = { before: 0, outage: 0, after: 0 };
      const refusals: { status: number; retryAfter?: string; code?: string }[] = [];
      const filingKeys: string[] = [];
      const messageKeys: string[] = [];

      /** Sends until the server accepts it, as the app's send queue does: same key, again after a refusal or a cut connection. */
      const untilAccepted = async (send: () => Promise<{ status: number; headers: Record<string, string>; body: { error?: { code: string } } }>) => {
        // Gives up when the test does, or when the server died (the fault this test is about).
        while (!stop && running.child.exitCode === null) {
          try {
            const res = await send();
            if (res.status === 200 || res.status === 201) {
              accepted[phase] += 1;
              return;
            }
            if (res.status !== 503) throw new Error(`unexpected answer ${res.status} ${JSON.stringify(res.body)}`);
            refusals.push({ status: res.status, retryAfter: res.headers['retry-after'], code: res.body.error?.code });
          } catch (err) {
            if (!/ECONNRESET|socket hang up|ECONNREFUSED/.test(String((err as Error).message ?? err))) throw err;
          }
          await sleep(100);
        }
      };
      const filer = async () => {
        const visitor = await TestClient.create(url, 'es');
        while (!stop) {
          const body = buildComplaint(mechanism);
          filingKeys.push(body.idempotencyKey);
          await untilAccepted(() => visitor.post('/api/complaints', body));
        }
      };
      const messenger = async () => {
        for (let i = 0; !stop; i++) {
          const clientKey = `outage-${i}-${Date.now()}`;
          messageKeys.push(clientKey);
          await untilAccepted(() =>
            ombudsman.post(`/api/cases/${inDialogue}/messages`, { body: `Nota ${i} durante la prueba de caída`, visibility: 'internal', clientKey }),
          );
        }
      };
      workers = [filer(), filer(), filer(), messenger()];
      const total = () => accepted.before + accepted.outage + accepted.after;

      await until(() => (total() >= 8 ? true : undefined), 60_000, 'filings before the outage');
      // A failover: every connection of the app dies at once, some in the middle of a transaction.
      await terminate();
      // Then the database stays away: it refuses new connections until it is let back.
      phase = 'outage';
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      await terminate();
      try {
        await until(() => (refusals.length >= 4 ? true : undefined), 30_000, 'refusals during the outage');
        // The outage lasts until a job has met it too: requests now refuse faster than a job wakes, and
        // a database let back before any job ran would leave nothing of the jobs' back-off to check.
        await server.line('job paused: the database is unavailable; retrying with backoff', 30_000);
        const ready = await fetch(`${url}/api/health/ready`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toEqual({ ready: false, database: 'down', draining: false });
        const english = await fetch(`${url}/api/mechanism`, { headers: { 'accept-language': 'en' } });
        expect(english.status).toBe(503);
        expect(english.headers.get('retry-after')).toBe('5');
        expect(await english.json()).toEqual({
          error: { code: 'database_unavailable', message: 'We cannot save or read data right now. Please try again in a few seconds.' },
        });
        expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
      } finally {
        await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      }
      phase = 'after';
      // No restart: the server reconnects by itself.
      await until(async () => ((await fetch(`${url}/api/health/ready`)).status === 200 ? true : undefined), 30_000, 'readiness after the outage');
      await until(() => (accepted.after >= 8 ? true : undefined), 60_000, 'filings after the outage');
      stop = true;
      await Promise.all(workers);

      expect(server.child.exitCode).toBeNull();
      expect(server.stderr()).not.toMatch(/Unhandled|Connection terminated/);
      expect(refusals.length).toBeGreaterThan(0);
      for (const refusal of refusals) expect(refusal).toEqual({ status: 503, retryAfter: '5', code: 'database_unavailable' });
      // Nothing lost, nothing doubled: each key made exactly one case, each message key one message.
      const counts = await casesByKey((sql, params) => onDatabase((database.target as { url: string }).url, sql, params), filingKeys);
      expect(filingKeys.filter((key) => counts.get(key) !== 1)).toEqual([]);
      const messages = await onDatabase<{ key: string; n: number }>(
        (database.target as { url: string }).url,
        'SELECT client_key AS key, count(*)::int AS n FROM case_messages WHERE client_key = ANY($1) GROUP BY 1',
        [messageKeys],
      );
      expect(messages.length).toBe(messageKeys.length);
      expect(messages.filter((m) => m.n !== 1)).toEqual([]);
      // The jobs logged the outage once, backed off, and carried on by themselves.
      expect(server.lines.some((l) => l.msg === 'job paused: the database is unavailable; retrying with backoff')).toBe(true);
      await server.line('job resumed', 30_000);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      stop = true;
      await Promise.allSettled(workers);
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`).catch(() => {});
      await admin.end();
      if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
      await server?.exited;
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('When the server starts while PostgreSQL is away, Then it waits and says so instead of exiting, and starts by itself once the database answers', async () => {
    const database = await createTestDatabase('demo');
    const dataDir = scratchDir();
    // A port where nothing answers yet; later a plain TCP relay to the real server opens on it.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const real = new URL(process.env.DATABASE_URL!);
    const relay = net.createServer((socket) => {
      const upstream = net.connect(Number(real.port || 5432), real.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    try {
      const url = new URL((database.target as { url: string }).url);
      url.port = String(port);
      const server = startServerProcess({ DATABASE_URL: url.toString(), DATA_DIR: dataDir });
      const waits = () => server.lines.filter((l) => l.msg === 'database not reachable at start; trying again').length;
      // It tried, waited, and tried again: still running, not listening.
      await waitFor(() => (waits() >= 2 ? true : undefined), 30_000, 'a second try');
      expect(server.child.exitCode).toBeNull();
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
      const base = await server.listening(60_000);
      expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
      expect((await mechanismOf(base)).name).toBe('Cesar — minería de carbón');
      // The log says why it waited and never shows the connection's password.
      expect(JSON.stringify(server.lines)).not.toContain(`:${real.password}@`);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await new Promise((resolve) => relay.close(resolve));
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('When two servers start together on an empty database, Then both start and the demo data is loaded once', async () => {
    const database = await createTestDatabase('blank');
    const dirs = [scratchDir(), scratchDir()];
    try {
      const url = (database.target as { url: string }).url;
      const servers = dirs.map((dir) => startServerProcess({ DATABASE_URL: url, DATA_DIR: dir, SEED_DEMO: 'auto' }));
      const urls = await Promise.all(servers.map((s) => s.listening()));
      expect(servers.filter((s) => s.lines.some((l) => l.msg === 'demo data loaded'))).toHaveLength(1);
      for (const base of urls) expect((await mechanismOf(base)).name).toBe('Cesar — minería de carbón');
      expect(await onDatabase(url, 'SELECT count(*)::int AS n FROM mechanisms')).toEqual([{ n: 1 }]);
      for (const s of servers) s.child.kill('SIGTERM');
      expect(await Promise.all(servers.map((s) => s.exited))).toEqual([0, 0]);
    } finally {
      await database.drop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('A server process told to stop', () => {
  useServerProcesses();

  it('When SIGTERM arrives under load, Then every request it took is answered, new ones are refused with 503 Connection: close, and it exits 0 within 10 s', async () => {
    // The suite's database: a server database from the template, or an embedded folder from the snapshot.
    const database = onServer ? await createTestDatabase('demo') : undefined;
    const folder = onServer ? { dataDir: scratchDir(), drop: () => {} } : await createTestDataDir('demo');
    let server: ServerProcess | undefined;
    try {
      const dbUrl = database ? (database.target as { url: string }).url : '';
      server = startServerProcess({ DATABASE_URL: dbUrl, DATA_DIR: folder.dataDir, RUN_JOBS: 'true', OUTBOX_INTERVAL_MS: '200', FILINGS_PER_HOUR: '100000' });
      const url = await server.listening();
      const mechanism = await mechanismOf(url);
      const clients = await Promise.all(Array.from({ length: 8 }, () => TestClient.create(url, 'es')));

      const port = Number(new URL(url).port);
      /** A raw connection, collecting what the server answers on it. */
      const rawConnection = async () => {
        const socket = net.connect(port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        const raw = { socket, answer: '', closed: new Promise((resolve) => socket.once('close', resolve)) };
        socket.on('data', (chunk: Buffer) => (raw.answer += chunk.toString()));
        socket.on('error', () => {});
        return raw;
      };
      // A filing in flight for sure when the signal comes: its body arrives half before, half after.
      const slowClient = await TestClient.create(url, 'en');
      const csrf = (await slowClient.refreshSession()).body.csrfToken as string;
      const slowFiling = buildComplaint(mechanism);
      const slowBody = Buffer.from(JSON.stringify(slowFiling));
      const slow = await rawConnection();
      slow.socket.write(
        `POST /api/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${slowBody.length}\r\n` +
          `Cookie: ${slowClient.cookie()}\r\nx-csrf-token: ${csrf}\r\nAccept-Language: en\r\n\r\n`,
      );
      slow.socket.write(slowBody.subarray(0, 100));
      // A connection that has sent half a request's headers when the signal comes, and the rest after it.
      const half = await rawConnection();
      half.socket.write('GET /api/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n');

      interface Outcome {
        key: string;
        status?: number;
        code?: string;
        connection?: string;
        answeredAt?: number;
        error?: string;
      }
      const outcomes: Outcome[] = [];
      const workers = clients.map(async (client) => {
        for (;;) {
          const body = buildComplaint(mechanism);
          const outcome: Outcome = { key: body.idempotencyKey };
          outcomes.push(outcome);
          try {
            const res = await client.post('/api/complaints', body);
            Object.assign(outcome, { status: res.status, code: res.body?.error?.code, connection: res.headers.connection, answeredAt: Date.now() });
            if (res.status !== 201) return;
          } catch (err) {
            outcome.error = String((err as Error).message ?? err);
            return;
          }
        }
      });
      await waitFor(() => (outcomes.filter((o) => o.status === 201).length >= 16 ? true : undefined), 60_000, 'filings under load');

      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      await server.line('shutting down', 10_000);
      // The slow filing holds the drain open: the half request is completed while the server drains.
      half.socket.write('\r\n');
      await half.closed;
      slow.socket.write(slowBody.subarray(100));
      await slow.closed;
      const code = await server.exited;
      const tookMs = Date.now() - signalledAt;
      await Promise.all(workers);
      const halfAnswer = half.answer;

      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(10_000);
      // The request completed after the signal was refused, in its language, and its connection closed.
      expect(halfAnswer).toMatch(/^HTTP\/1\.1 503/);
      expect(halfAnswer).toMatch(/\r\nconnection: close\r\n/i);
      expect(halfAnswer).toMatch(/\r\nretry-after: 5\r\n/i);
      expect(halfAnswer).toContain('{"error":{"code":"shutting_down","message":"The server is restarting. Please try again in a few seconds."}}');
      // The filing in flight when the signal came was answered, and its connection closed after it.
      expect(slow.answer).toMatch(/^HTTP\/1\.1 201/);
      expect(slow.answer).toMatch(/\r\nconnection: close\r\n/i);
      outcomes.push({ key: slowFiling.idempotencyKey, status: 201 });
      // So were the others in flight then (how many there were depends on timing).
      const answeredAfter = outcomes.filter((o) => o.status === 201 && o.answeredAt! > signalledAt);
      expect(answeredAfter.every((o) => o.connection === 'close')).toBe(true);
      // Every answer is a filing made or a refusal; the rest found the door closed (refused or cut before a byte was read).
      for (const o of outcomes) {
        if (o.status === undefined) expect(o.error).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
        else if (o.status !== 201) expect(o).toMatchObject({ status: 503, code: 'shutting_down', connection: 'close' });
      }
      // And nothing the server did went unanswered: the cases in the database are exactly those answered 201.
      const keys = outcomes.map((o) => o.key);
      let made: Map<string, number>;
      if (database) {
        made = await casesByKey((sql, params) => onDatabase(dbUrl, sql, params), keys);
      } else {
        const pglite = new PGlite(path.join(folder.dataDir, 'pglite'), { extensions: PGLITE_EXTENSIONS });
        try {
          made = await casesByKey(async (sql, params) => (await pglite.query<{ key: string; n: number }>(sql, params)).rows, keys);
        } finally {
          await pglite.close();
        }
      }
      expect([...made.keys()].sort()).toEqual(
        outcomes
          .filter((o) => o.status === 201)
          .map((o) => o.key)
          .sort(),
      );
      expect([...made.values()].every((n) => n === 1)).toBe(true);
    } finally {
      if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
      await server?.exited;
      await database?.drop();
      folder.drop();
      if (onServer) fs.rmSync(folder.dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
