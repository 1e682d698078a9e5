/**
 * The fan-out bench's listening side (bench/fanout.ts): the 200 socket.io clients and the poster that
 * times how long each message takes to reach them.
 *
 * By default it runs in a process of its own (`clientsOutside`), as the issue measured, from outside:
 * people's browsers are not in the server's process. In the server's process its 200 clients read
 * every frame on the server's one event loop, so whatever the server does after a push (Puente's
 * notices: 199 more frames, a transaction, 100 sealed e-mails) delays the last clients' reading of the
 * message itself, which the bare broadcast, doing nothing after its emit, never pays. Outside, the
 * server and its clients share the machine's two cores, not one thread. `CLIENTS=inline` keeps them in
 * the bench's process (`clientsInline`: sessions 7–19's figures).
 *
 * Run as a child (`fork`), it answers the parent's requests over IPC, one at a time.
 */
import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { MessageDto } from '../shared/types/dialogue';

/**
 * PAUSE_MS=…: a pause before each message, so that nothing of the message before (a server's work after its
 * answer, the clients' reading) is left when the next is posted: what back-to-back posting adds, measured apart.
 */
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 0);

/** Which side of the case a listener is on (the masking rule depends on it). */
export type Side = 'complainant' | 'company' | 'ombudsman';

/** One listener to open: its session cookie (none for the bare server) and side. */
export interface Person {
  cookie?: string;
  side: Side;
}

/** How to post a message: where, with which headers, and whether Puente's body (visibility, client key) is needed. */
export interface Poster {
  url: string;
  headers: Record<string, string>;
  puente: boolean;
}

/** What a run of `messages` messages measured. */
export interface Timed {
  /** Every delivery's delay, ms from just before the POST to the socket's `case.message`. */
  delays: number[];
  /** Each message's HTTP answer, ms from just before its POST. */
  answered: number[];
  /** Deliveries that broke the masking rule (only checked when a confidential name is given). */
  leaks: number;
  /** The first company-side payload of the run: what the bare server broadcasts. */
  sample: MessageDto | undefined;
  /**
   * Each message: when its POST started, in ms of the machine's clock (`clock()`, comparable across the bench's
   * processes), its deliveries' delays in order, and its HTTP answer: TRACE lays the server's moments over them.
   */
  messages: { startedAt: number; heard: number[]; answered: number }[];
}

/** Now, in ms of the machine's clock with performance.now()'s resolution: the same in every process of the bench. */
export function clock(): number {
  return performance.timeOrigin + performance.now();
}

/** The listening side, in this process or another. */
export interface ClientSide {
  /** Opens a group's sockets, each joining `caseId` if given; resolves when all are connected (and joined). */
  open(group: string, url: string, people: Person[], caseId?: string): Promise<void>;
  /** Posts `messages` messages one after another and times their deliveries to the group's sockets. */
  time(group: string, poster: Poster, messages: number, confidentialName?: string): Promise<Timed>;
  /** CPU this side used so far, ms (its clients' reading and the poster). */
  cpu(): Promise<number>;
  close(): Promise<void>;
}

function openSocket(url: string, cookie?: string): Promise<Socket> {
  const socket = ioClient(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The listening side in this process. */
export function clientsInline(): ClientSide {
  const groups = new Map<string, { socket: Socket; side: Side }[]>();
  return {
    async open(group, url, people, caseId) {
      const listeners: { socket: Socket; side: Side }[] = [];
      groups.set(group, listeners);
      for (const person of people) {
        const socket = await openSocket(url, person.cookie);
        listeners.push({ socket, side: person.side });
        if (!caseId) continue;
        const joined = (await socket.timeout(10_000).emitWithAck('case.join', { caseId })) as { ok: boolean };
        if (!joined.ok) throw new Error(`a ${person.side} socket could not join the case`);
      }
    },

    async time(group, poster, messages, confidentialName) {
      const listeners = groups.get(group);
      if (!listeners) throw new Error(`no sockets opened for ${group}`);
      const timed: Timed = { delays: [], answered: [], leaks: 0, sample: undefined, messages: [] };
      for (let m = 0; m < messages; m++) {
        if (PAUSE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
        const token = crypto.randomBytes(6).toString('hex');
        const body = `Seguimos esperando la visita de la empresa (${token})`;
        let startedAt = 0;
        let pending = listeners.length;
        const heard: number[] = [];
        const arrived = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${pending} sockets never received message ${m}`)), 30_000);
          for (const { socket, side } of listeners) {
            const listener = (payload: MessageDto) => {
              if (!payload.body?.includes(token)) return;
              heard.push(performance.now() - startedAt);
              if (side === 'company') timed.sample ??= payload;
              // The masking rule, on every delivery: a confidential complainant's name reaches their own side only.
              if (confidentialName !== undefined) {
                if (side !== 'complainant' && (payload.authorName !== null || payload.authorUserId !== null)) timed.leaks++;
                if (side === 'complainant' && payload.authorName !== confidentialName) timed.leaks++;
              }
              socket.off('case.message', listener);
              if (--pending === 0) {
                clearTimeout(timer);
                resolve();
              }
            };
            socket.on('case.message', listener);
          }
        });
        const payload = poster.puente ? { body, visibility: 'parties', clientKey: crypto.randomBytes(12).toString('base64url') } : { body };
        const startedOnClock = clock();
        startedAt = performance.now();
        const res = await fetch(poster.url, {
          method: 'POST',
          headers: { ...poster.headers, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        if (res.status !== 201) throw new Error(`posting answered ${res.status}: ${await res.text()}`);
        const answered = performance.now() - startedAt;
        timed.answered.push(answered);
        await arrived;
        timed.delays.push(...heard);
        timed.messages.push({ startedAt: startedOnClock, heard: heard.sort((a, b) => a - b), answered });
      }
      return timed;
    },

    cpu() {
      const used = process.cpuUsage();
      return Promise.resolve((used.user + used.system) / 1000);
    },

    close() {
      for (const listeners of groups.values()) for (const { socket } of listeners) socket.close();
      groups.clear();
      return Promise.resolve();
    },
  };
}

/** A request to the child and its answer, matched by `id`. */
type Request = { id: number; call: 'open' | 'time' | 'cpu' | 'close'; args: unknown[] };
type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The listening side in a child process of its own (this file, forked with tsx). */
export function clientsOutside(): ClientSide {
  const child = fork(__filename, ['--serve'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let next = 0;
  child.on('message', (answer: Answer) => {
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.ok) pending?.resolve(answer.value);
    else pending?.reject(new Error(answer.error));
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the clients' process exited with ${code}`));
    waiting.clear();
  });
  const call = <T>(name: Request['call'], ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, call: name, args } satisfies Request);
    });
  return {
    open: (group, url, people, caseId) => call('open', group, url, people, caseId),
    time: (group, poster, messages, confidentialName) => call('time', group, poster, messages, confidentialName),
    cpu: () => call('cpu'),
    async close() {
      await call('close');
      child.disconnect();
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    },
  };
}

/** The child's side: one request at a time, answered with its value or its error. */
function serve(): void {
  const side = clientsInline();
  let queue = Promise.resolve();
  process.on('message', (request: Request) => {
    queue = queue.then(async () => {
      try {
        const value = await (side[request.call] as (...args: unknown[]) => Promise<unknown>)(...request.args);
        process.send!({ id: request.id, ok: true, value } satisfies Answer);
      } catch (err) {
        process.send!({ id: request.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Answer);
      }
    });
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--serve') && process.send) serve();
