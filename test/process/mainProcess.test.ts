import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Servers started by the test; any still running when it ends (a failed step) is killed, or its pipes keep the jest worker alive. */
const started: ChildProcess[] = [];

/** Starts the real entry point as production runs it (the esbuild output) and collects its JSON log lines. */
function startMain(env: NodeJS.ProcessEnv): { child: ChildProcess; lines: Record<string, unknown>[] } {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
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
  return { child, lines };
}

async function waitFor<T>(check: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('The server process', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/buildServer.js'], { cwd: ROOT });
  });
  afterEach(async () => {
    const running = started.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      running.map((child) => {
        const gone = new Promise((resolve) => child.once('close', resolve));
        child.kill('SIGKILL');
        return gone;
      }),
    );
  });

  it('When started on an empty data folder and sent SIGTERM, Then it seeds, serves, and exits cleanly; a restart keeps the data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-main-'));
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '' , RUN_JOBS: 'true' };
    try {
      const first = startMain(env);
      const listening = await waitFor(() => first.lines.find((l) => l.msg === 'Puente is listening'), 60_000);
      expect(first.lines.some((l) => l.msg === 'demo data loaded')).toBe(true);
      const url = listening.url as string;
      const health = await fetch(`${url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });
      const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
      first.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(first.lines.some((l) => l.msg === 'shutting down')).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

      // Second start: same folder, no second seeding, same demo data.
      const second = startMain(env);
      const again = await waitFor(() => second.lines.find((l) => l.msg === 'Puente is listening'), 60_000);
      expect(second.lines.some((l) => l.msg === 'demo data loaded')).toBe(false);
      const mechanism = (await (await fetch(`${again.url as string}/api/mechanism`)).json()) as { name: string };
      expect(mechanism.name).toBe('Cesar — minería de carbón');
      const stopped = new Promise<number | null>((resolve) => second.child.once('exit', (code) => resolve(code)));
      second.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
