/** Small helpers for dialogue tests: finding demo cases by what they are about, unique client keys. */
import crypto from 'node:crypto';
import type { CaseJoinReply } from '../shared/types/socket';
import type { Socket } from 'socket.io-client';
import { connected, type TestClient, type TestServer } from './support';

/** The id of the one demo case whose description contains `words`. */
export async function demoCaseId(server: TestServer, words: string): Promise<string> {
  const rows = await server.db.query<{ id: string }>('SELECT id FROM cases WHERE description ILIKE $1', [`%${words}%`]);
  if (rows.length !== 1) throw new Error(`Expected one demo case about "${words}", found ${rows.length}`);
  return rows[0]!.id;
}

/** A fresh client key, as the app makes one per typed message. */
export function clientKey(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** A message body for posting. */
export function message(body: string, visibility: 'parties' | 'ombudsman_private' | 'internal' = 'parties') {
  return { body, visibility, clientKey: clientKey() };
}

/** Rows in the thread of a case (every kind, every visibility). */
export async function threadSize(server: TestServer, caseId: string): Promise<number> {
  return (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM case_messages WHERE case_id = $1', [caseId])).n;
}

/** Demo cases the dialogue tests use, by words of their description. */
export const ABOUT = {
  /** in_dialogue, Minera Valle del Cesar, named, filed by the facilitator. */
  trucks: 'tractomulas',
  /** in_dialogue, Carbones del Perijá, named, filed by the facilitator. */
  sacredSite: 'enterrados nuestros mayores',
  /** agreement_proposed, La Esperanza, named, filed by the complainant account. */
  well: 'pozo comunitario',
  /** in_mediation, Minera Valle del Cesar, confidential, filed by the complainant account. */
  resettlement: 'reasentamiento nos prometieron',
  /** in_implementation, Carbones del Perijá, filed by the facilitator. */
  roof: 'techo del hogar infantil',
  /** resolved 100 days before the seed time, La Esperanza, filed by the complainant account. */
  fence: 'tumbó la cerca',
  /** closed_unresolved 20 days before the seed time, La Esperanza, filed by the facilitator. */
  swamp: 'ciénaga de Zapatosa',
  /** received, anonymous, no company yet; followed with the demo receipt key (DEMO_RECEIPT_KEY). */
  creek: 'nata gris',
  /** withdrawn, anonymous. */
  train: 'tren del carbón',
} as const;

/** Logs in as each of these demo accounts at once; the clients come back in the same order. */
export function loginAll<const T extends readonly string[]>(server: TestServer, ...emails: T): Promise<{ [K in keyof T]: TestClient }> {
  return Promise.all(emails.map((email) => server.loginAs(email))) as Promise<{ [K in keyof T]: TestClient }>;
}

/** A test client's socket. */
export type AnySocket = ReturnType<TestClient['socket']>;

/**
 * A socket opener for a describe's tests: each socket it opens is connected when it resolves, and all
 * of them are closed after each test.
 */
export function socketOpener(): (client: TestClient) => Promise<AnySocket> {
  const open: AnySocket[] = [];
  afterEach(() => {
    open.splice(0).forEach((s) => s.close());
  });
  return async (client) => {
    const socket = client.socket();
    open.push(socket);
    await connected(socket as Socket);
    return socket;
  };
}

/** Asks to join a case's room, as the case page does, and returns the server's answer. */
export function join(socket: AnySocket, caseId: string): Promise<CaseJoinReply> {
  return socket.timeout(3000).emitWithAck('case.join', { caseId });
}

/**
 * A barrier: resolves once every socket answered a ping sent now. The server pushes after commit and
 * before it answers the HTTP request, and one connection delivers in order, so whatever an earlier
 * request pushed to these sockets has arrived by then; "nothing arrived" is then true, not merely likely.
 */
export async function settle(...sockets: AnySocket[]): Promise<void> {
  await Promise.all(sockets.map((socket) => socket.timeout(3000).emitWithAck('ping')));
}
