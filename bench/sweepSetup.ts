/** What the sweep benchmarks share: the keys the template's sealed rows open with, the clock that finds its deadlines due, and their databases' addresses. */
import { loadConfig } from '../server/config';

/** The configuration both sweep benchmarks run with (jobs off: the bench runs the sweep itself). */
export const SWEEP_BENCH_CONFIG = loadConfig({
  NODE_ENV: 'test',
  SESSION_SECRET: 'bench-session-secret-that-is-long-enough-123',
  DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
  RUN_JOBS: 'false',
});

/** The Thursday after the Wednesday the acknowledgement of a Friday filing falls due. */
export const AFTER_DUE = new Date('2026-11-26T14:00:00.000Z');

/** The address of database `name` on the server of `base` (a DATABASE_URL). */
export function urlOf(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
