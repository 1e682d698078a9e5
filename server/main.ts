/** Entry point: `node dist/server/main.js`. Starts the server and stops it cleanly on SIGTERM/SIGINT. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { logger } from './logger';
import { startServer } from './server';

async function main(): Promise<void> {
  const startedAt = process.hrtime.bigint();
  const config = loadConfig();
  // Compiled, main.js sits in dist/server; run from source (npm run dev), in server/.
  const clientDir = [path.resolve(__dirname, '..', '..', 'client', 'dist'), path.resolve(__dirname, '..', 'client', 'dist')].find(
    (dir) => fs.existsSync(path.join(dir, 'index.html')),
  );
  if (!clientDir) logger.warn('the client is not built (npm run build:client); serving the API only');
  const running = await startServer({ config, clientDir });
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  logger.info('Puente is listening', { url: running.url, database: running.db.kind, startupMs: Math.round(ms) });

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
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
