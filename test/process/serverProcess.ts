/**
 * The real server as production runs it — the esbuild output of server/main.ts in a process of its
 * own — for tests of what only a process shows: signals, exit codes, crashes, several instances.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_DATA_KEY } from '../testConfig';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where this test file's build goes: its own folder, so files building at once never share one. */
const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', 'puente-process-tests', String(process.pid));

/**
 * Call at the top of a test file's describe: builds the server once before its tests (about a
 * second), kills any server a failed test left running after each, removes the build at the end.
 */
export function useServerProcesses(): void {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/buildServer.js', BUILD_DIR], { cwd: ROOT });
  });
  afterEach(() => killAll());
  afterAll(() => fs.rmSync(BUILD_DIR, { recursive: true, force: true }));
}

/** A server process, the JSON lines it logged, and how to wait for it. */
export interface ServerProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  /** What it wrote on stderr (an unhandled error lands there). */
  stderr(): string;
  /** The first logged line with this message, once it appears. */
  line(msg: string, ms?: number): Promise<Record<string, unknown>>;
  /** Its URL once it listens. */
  listening(ms?: number): Promise<string>;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Processes started by a test file; `killAll` ends any still running (a failed step). */
const started: ChildProcess[] = [];

/** Environment every test process gets: quiet about secrets, on a random port, the tests' data key. */
const BASE_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  SESSION_SECRET: 'process-test-session-secret-long-enough-1234',
  DATA_KEY: TEST_DATA_KEY.toString('base64'),
  SEED_DEMO: 'never',
  DATABASE_URL: '',
};

/** Polls `check` until it returns a value, or fails after `ms`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, ms: number, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the built server with `env` over the base environment. */
export function startServerProcess(env: NodeJS.ProcessEnv, entry = path.join(BUILD_DIR, 'server', 'main.js')): ServerProcess {
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const line = (msg: string, ms = 90_000) =>
    waitFor(
      () => {
        const found = lines.find((l) => l.msg === msg);
        if (found) return found;
        if (child.exitCode !== null) {
          const logged = lines.filter((l) => l.level === 'error').map((l) => JSON.stringify(l).slice(0, 1500));
          throw new Error(`the server exited (${child.exitCode}) before logging "${msg}": ${[...logged, errors.slice(-2000)].join('\n')}`);
        }
        return undefined;
      },
      ms,
      `"${msg}"`,
    );
  return {
    child,
    lines,
    stderr: () => errors,
    line,
    listening: async (ms) => (await line('Puente is listening', ms)).url as string,
    exited,
  };
}

/** Kills (SIGKILL) every server a test left running, and waits for them: their pipes would keep jest alive. */
async function killAll(): Promise<void> {
  const running = started.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map((child) => {
      const gone = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGKILL');
      return gone;
    }),
  );
}

/** What a finished command printed. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built admin command line (`node dist/server/cli/admin.js …`, as in the image) with `env`
 * over the base environment; resolves when it exits.
 */
export function runAdminProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const child = spawn(process.execPath, [path.join(BUILD_DIR, 'server', 'cli', 'admin.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...BASE_ENV, LANG: 'es_CO.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
