/**
 * Entry point: `node dist/server/main.js`. Starts the server and stops it cleanly on SIGTERM/SIGINT:
 * requests in flight get SHUTDOWN_GRACE_MS (8 s) to finish, then the database closes and the process
 * exits 0 — inside the 10 s Docker and Kubernetes allow before SIGKILL (see startServer's stop()).
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadConfig } from './config';
import { logger } from './logger';
import { startServer } from './server';

/**
 * One full garbage collection once the embedded database is open, migrated and seeded. Opening a fresh
 * data folder (PGlite's initdb) leaves ~650 MB of external memory that nothing references any more, and an
 * idle server allocates too little for V8 ever to collect it: a first start sat at 735–774 MB where a restart
 * sits at ~300 (docs/scaling.md, "Embedded mode memory"). `gc` is not exposed without --expose-gc, so the flag
 * is set here and the function taken from a fresh context, once, at start-up only.
 */
function collectStartupGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  const startedAt = process.hrtime.bigint();
  const config = loadConfig();
  // Compiled, main.js sits in dist/server; run from source (npm run dev), in server/.
  const clientDir = [path.resolve(__dirname, '..', '..', 'client', 'dist'), path.resolve(__dirname, '..', 'client', 'dist')].find((dir) =>
    fs.existsSync(path.join(dir, 'index.html')),
  );
  if (!clientDir) logger.warn('the client is not built (npm run build:client); serving the API only');
  const running = await startServer({ config, clientDir });
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  logger.info('Puente is listening', { url: running.url, database: running.db.kind, startupMs: Math.round(ms) });
  if (running.db.kind === 'embedded') collectStartupGarbage();

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', { signal });
    // stop() bounds every step itself; this only catches a bug that would otherwise hang until SIGKILL.
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 1500);
    force.unref();
    running.stop().then(
      () => {
        logger.info('stopped', { signal });
        process.exit(0);
      },
      (err: unknown) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  logger.error('Puente could not start', { err });
  process.exit(1);
});
