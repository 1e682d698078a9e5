/**
 * Safe defaults (issue #15 §6): no demo data in production, no production start beside demo accounts,
 * sockets only from the app's own origin, and expired rows pruned by a job.
 */
import { io as ioClient } from 'socket.io-client';
import { getTestServer, connected, DEMO, type TestServer, emailIndex } from '../support';
import { createTestDatabase } from '../databases';
import { testConfig } from '../testConfig';
import { startServer } from '../../server/server';
import { loadConfig } from '../../server/config';
import { pruneExpiredRows } from '../../server/jobs/expiredRowPruner';

const PRODUCTION_ENV = { NODE_ENV: 'production', SEED_DEMO: 'auto', SESSION_SECRET: 'x'.repeat(40), DATA_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('Safe defaults in production', () => {
  it('When NODE_ENV=production, Then SEED_DEMO=auto loads nothing, and an empty database starts without the demo', async () => {
    expect(loadConfig(PRODUCTION_ENV).seedDemo).toBe(false);
    expect(loadConfig({ ...PRODUCTION_ENV, NODE_ENV: 'development' }).seedDemo).toBe(true);
    const database = await createTestDatabase('empty');
    const running = await startServer({ config: testConfig({ env: 'production', seedDemo: true }), database: database.target });
    try {
      expect((await running.db.one<{ n: number }>('SELECT count(*) AS n FROM users')).n).toBe(0);
    } finally {
      await running.stop();
      await database.drop();
    }
  });

  it('When a production server starts on a database holding the demo accounts, Then it refuses, naming them', async () => {
    const database = await createTestDatabase('demo');
    try {
      await expect(startServer({ config: testConfig({ env: 'production' }), database: database.target })).rejects.toThrow(/demo accounts.*admin@puente\.demo/);
    } finally {
      await database.drop();
    }
  });
});

describe('Socket origin and pruning', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function handshake(origin: string): Promise<'connected' | 'refused'> {
    const client = await server.loginAs(DEMO.ombudsman);
    const socket = ioClient(server.url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie(), origin }, reconnection: false, forceNew: true });
    try {
      return await connected(socket).then(
        () => 'connected' as const,
        () => 'refused' as const,
      );
    } finally {
      socket.close();
    }
  }

  it('When a page of another site opens a socket with an officer’s cookie, Then it is refused; the app’s own origin is accepted', async () => {
    expect(await handshake('https://evil.example')).toBe('refused');
    expect(await handshake(`http://localhost.evil.example:${new URL(server.url).port}`)).toBe('refused');
    expect(await handshake(server.config.publicUrl)).toBe('connected');
    expect(await handshake(server.url)).toBe('connected');
  });

  it('When the pruning job runs, Then expired sessions, rate-limit rows, guess counters, receipts and links go and live ones stay', async () => {
    const now = server.clock.now();
    const hour = 3_600_000;
    const past = new Date(now.getTime() - hour);
    const future = new Date(now.getTime() + hour);
    const longAgo = new Date(now.getTime() - 48 * hour);
    const user = await server.db.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndex(DEMO.complainant)]);
    const someCase = await server.db.one<{ id: string }>('SELECT id FROM cases LIMIT 1');
    await server.db.query(`INSERT INTO sessions (sid, data, expires_at) VALUES ('prune-old', '{}', $1), ('prune-live', '{}', $2)`, [past, future]);
    await server.db.query(`INSERT INTO rate_limits (key, window_started_at, hits) VALUES ('prune:old', $1, 3), ('prune:live', $2, 3)`, [longAgo, past]);
    await server.db.query(
      `INSERT INTO guess_throttle (key, failures, last_failure_at, blocked_until) VALUES ('prune:old', 2, $1, NULL), ('prune:blocked', 9, $1, $3), ('prune:live', 1, $2, NULL)`,
      [longAgo, past, future],
    );
    await server.db.query(
      `INSERT INTO filing_receipts (idempotency_key, case_id, receipt_key_ciphertext, expires_at)
       VALUES ('00000000-0000-4000-8000-000000000001', $1, 'x', $2), ('00000000-0000-4000-8000-000000000002', $1, 'x', $3)`,
      [someCase.id, past, future],
    );
    for (const table of ['invitations', 'password_resets']) {
      await server.db.query(`INSERT INTO ${table} (user_id, token_hash, expires_at) VALUES ($1, $2, $3), ($1, $4, $5)`, [
        user.id,
        `${table}-old`,
        past,
        `${table}-live`,
        future,
      ]);
    }

    await pruneExpiredRows(server.app.ctx);

    const left = async (sql: string) => (await server.db.query<{ k: string }>(sql)).map((r) => r.k).sort();
    expect(await left(`SELECT sid AS k FROM sessions WHERE sid LIKE 'prune-%'`)).toEqual(['prune-live']);
    expect(await left(`SELECT key AS k FROM rate_limits WHERE key LIKE 'prune:%'`)).toEqual(['prune:live']);
    expect(await left(`SELECT key AS k FROM guess_throttle WHERE key LIKE 'prune:%'`)).toEqual(['prune:blocked', 'prune:live']);
    expect(await left(`SELECT idempotency_key::text AS k FROM filing_receipts`)).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(await left(`SELECT token_hash AS k FROM invitations WHERE token_hash LIKE 'invitations-%'`)).toEqual(['invitations-live']);
    expect(await left(`SELECT token_hash AS k FROM password_resets WHERE token_hash LIKE 'password_resets-%'`)).toEqual(['password_resets-live']);
  });
});
