/**
 * getTestServer(): a whole Puente server on a fresh real database, listening on a random port, and
 * clients that behave like the browser app (cookies, CSRF header, language).
 */
import path from 'node:path';
import request from 'supertest';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/types/socket';
import { ManualClock } from '../server/clock';
import type { Config } from '../server/config';
import { startServer, type RunningServer } from '../server/server';
import { createTestDatabase, onServer, SEED_TIME, type Fixture } from './databases';
import type { DatabaseTarget } from '../server/db/connect';
import { testConfig } from './testConfig';
import { DEMO_PASSWORD } from '../server/db/demoData';
import { FieldCipher } from '../server/crypto/fieldCipher';
import { userPlace } from '../server/crypto/sealedColumns';
import { emailIndexOf } from '../server/repositories/users';
import { TEST_DATA_KEY } from './testConfig';
import { outboxRecipient } from '../server/mail/mailer';

/** A running server for one test file. */
export interface TestServer extends RunningServer {
  clock: ManualClock;
  config: Config;
  /**
   * A new browser-like client with its own cookie jar. `address` makes it come from that IP address
   * (sent as X-Forwarded-For: give the server `config: { trustProxy: 1 }`).
   */
  client(language?: 'es' | 'en', options?: { address?: string }): Promise<TestClient>;
  /** A client logged in as the demo account with this e-mail. */
  loginAs(email: string, language?: 'es' | 'en'): Promise<TestClient>;
  /** Where its database is (another server may share it: see `shareDatabaseWith`). */
  database: DatabaseTarget;
  /** Stops the server and drops its database (unless it shares another server's). */
  close(): Promise<void>;
}

/** Options of getTestServer. */
export interface TestServerOptions {
  fixture?: Fixture;
  /** Serve the built client (browser tests). */
  withClient?: boolean;
  /** Serve the client from this folder instead of the build (a test that publishes a new release). */
  clientDir?: string;
  config?: Partial<Config>;
  /**
   * Start a second instance on the database of this server (a PostgreSQL server only: the embedded
   * database lives inside one process). Its close() leaves the database to the first server.
   */
  shareDatabaseWith?: TestServer;
  /** Run on this database instead of a fresh one (e.g. an embedded folder from createTestDataDir); close() leaves it. */
  database?: DatabaseTarget;
}

/**
 * Whether jest's globals are here. The benchmarks (bench/filing.ts, bench/sweep.ts) import the tests'
 * factories, and so this file, in a plain Node process, where `describe` does not exist: they must load.
 */
function inJest(): boolean {
  return typeof describe === 'function';
}

/** What the describes below are outside jest: never called there. */
const notInJest = undefined as unknown as jest.Describe;

/**
 * `describe` for what only a PostgreSQL server can show (several processes on one database, its
 * connections terminated): on the embedded database jest reports these tests as skipped, never as passed.
 */
export const describeOnServer = inJest() ? (onServer ? describe : describe.skip) : notInJest;

/** `describe` for what only the embedded database has (its folder, its lock, its backups): skipped on a server. */
export const describeEmbedded = inJest() ? (onServer ? describe.skip : describe) : notInJest;

/** The built client's folder. */
export const CLIENT_DIST = path.resolve(__dirname, '..', 'client', 'dist');

/** Starts a server on a fresh database holding `fixture` (the demo mechanism by default). */
export async function getTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const shared = options.shareDatabaseWith;
  if (shared && shared.database.kind !== 'server') throw new Error('Only a PostgreSQL server database can be shared by two test servers.');
  const given = shared?.database ?? options.database;
  const database = given ? { target: given, drop: async () => {} } : await createTestDatabase(options.fixture ?? 'demo');
  const clock = new ManualClock(SEED_TIME);
  const config = testConfig(options.config);
  const running = await startServer({
    config,
    clock,
    database: database.target,
    clientDir: options.clientDir ?? (options.withClient ? CLIENT_DIST : undefined),
  });
  const client = async (language: 'es' | 'en' = 'es', options: { address?: string } = {}) => TestClient.create(running.url, language, options.address);
  return {
    ...running,
    database: database.target,
    clock,
    config,
    client,
    loginAs: async (email, language = 'es') => {
      const c = await client(language);
      const res = await c.post('/api/session', { email, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`Login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    close: async () => {
      await running.stop();
      await database.drop();
    },
  };
}

/** A cookie-keeping HTTP client that sends the CSRF token and a language like the browser app. */
export class TestClient {
  private csrfToken = '';
  private constructor(
    readonly baseUrl: string,
    readonly agent: ReturnType<typeof request.agent>,
    readonly language: 'es' | 'en',
    readonly address?: string,
  ) {}

  /** A client whose session (and CSRF token) exists already. */
  static async create(baseUrl: string, language: 'es' | 'en', address?: string): Promise<TestClient> {
    const client = new TestClient(baseUrl, request.agent(baseUrl), language, address);
    await client.refreshSession();
    return client;
  }

  /** The language (and the address, when the client has one) every request carries. */
  private headed(req: request.Test): request.Test {
    req.set('Accept-Language', this.language);
    return this.address ? req.set('X-Forwarded-For', this.address) : req;
  }

  /** Re-reads `GET /api/session` (as the app does at start) and keeps its CSRF token. */
  async refreshSession(): Promise<request.Response> {
    const res = await this.headed(this.agent.get('/api/session'));
    this.csrfToken = res.body.csrfToken;
    return res;
  }

  get(path: string): request.Test {
    return this.headed(this.agent.get(path));
  }

  /** A GET whose answer's body comes back as the bytes sent (an attachment, an export), whatever its type. */
  getBytes(path: string): request.Test {
    return this.get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }

  async post(path: string, body?: unknown): Promise<request.Response> {
    return this.send('post', path, body);
  }

  async put(path: string, body?: unknown): Promise<request.Response> {
    return this.send('put', path, body);
  }

  async delete(path: string): Promise<request.Response> {
    return this.send('delete', path);
  }

  /** Sends a write with the CSRF token; a successful login replaces the token as the app does. */
  async send(method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown): Promise<request.Response> {
    let req = this.headed(this.agent[method](path)).set('x-csrf-token', this.csrfToken);
    if (body !== undefined) req = req.send(body as object);
    const res = await req;
    if (res.body && typeof res.body.csrfToken === 'string') this.csrfToken = res.body.csrfToken;
    return res;
  }

  /** The session cookie, for sockets and for checking that login regenerates it. */
  cookie(): string {
    const cookies = this.agent.jar.getCookies({ domain: new URL(this.baseUrl).hostname, path: '/', secure: false, script: false });
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Opens a socket.io connection with this client's cookies. */
  socket(): Socket<ServerToClientEvents, ClientToServerEvents> {
    return ioClient(this.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: this.cookie() }, reconnection: false, forceNew: true });
  }
}

/** Resolves once `socket` connects, rejects with the server's refusal. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Resolves with the next `event` on `socket`, or rejects after `ms`. */
export function nextEvent<T>(socket: Socket, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** The first `event` on `socket` whose payload satisfies `wanted` (earlier pushes still on their way are passed over). */
export function eventWhere<T>(socket: Socket, event: string, wanted: (payload: T) => boolean, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (payload: T) => {
      if (!wanted(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`No matching ${event} within ${ms} ms`));
    }, ms);
    socket.on(event, listener);
  });
}

/** Collects every `event` on `socket` for inspection ("nothing arrived" assertions). */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Demo account e-mails, by role. */
export const DEMO = {
  admin: 'admin@puente.demo',
  ombudsman: 'defensoria@puente.demo',
  liaisonPerija: 'enlace.perija@puente.demo',
  liaisonValle: 'enlace.valle@puente.demo',
  liaisonEsperanza: 'enlace.esperanza@puente.demo',
  complainant: 'peticionaria@puente.demo',
  facilitator: 'facilitador@puente.demo',
} as const;

const testCipher = new FieldCipher(TEST_DATA_KEY);

/** The blind index of an account e-mail: how a test finds an account by e-mail in SQL (e-mails are ciphertext). */
export function emailIndex(email: string): string {
  return emailIndexOf(testCipher, email);
}

/** The e-mails of accounts read as `id, email_ciphertext AS email`, opened and sorted. */
export function openEmails(rows: readonly { id: string; email: string | null }[]): string[] {
  return rows.map((r) => testCipher.openNullable<string>(r.email, userPlace(r.id, 'email')) ?? '').sort();
}

/** An account's name read as `id, name_ciphertext`, opened (names are ciphertext). */
export function openUserNameOf(row: { id: string; name_ciphertext: string }): string {
  return testCipher.open<string>(row.name_ciphertext, userPlace(row.id, 'name'));
}

/** The outbox columns openOutboxRow needs, read from `o` (addresses and greeting names are ciphertext). */
export const OUTBOX_RECIPIENT = `o.seal_id AS "sealId", o.to_address_ciphertext AS "recipientCiphertext", o.to_address AS "toAddress"`;

/** An outbox row read with OUTBOX_RECIPIENT, with its address (`to`) and its data as the e-mail is rendered from. */
export function openOutboxRow<
  T extends { sealId: string | null; recipientCiphertext: string | null; toAddress: string | null; data?: Record<string, unknown> },
>(row: T): T & { to: string } {
  const recipient = outboxRecipient(testCipher, row);
  const data = row.data && recipient.recipientName !== undefined ? { ...row.data, recipientName: recipient.recipientName } : row.data;
  return { ...row, data, to: recipient.to };
}

/** Every outbox row, oldest first, opened as the sender opens it: its template, status, language and data, and its address (`to`). */
export async function openedOutbox(server: TestServer) {
  const rows = await server.db.query<{
    template: string;
    status: string;
    language: string;
    data: Record<string, unknown>;
    sealId: string | null;
    recipientCiphertext: string | null;
    toAddress: string | null;
  }>(`SELECT o.template, o.status, o.language, o.data, ${OUTBOX_RECIPIENT} FROM outbox o ORDER BY o.id`);
  return rows.map(openOutboxRow);
}
