/**
 * Starting and stopping a whole Puente server: database, migrations, first-start demo data, HTTP,
 * sockets. Used by main.ts and by the tests (port 0), so both run the same start-up.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Config } from './config';
import { connectDatabase, type DatabaseTarget } from './db/connect';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { seedDemoIfEmpty } from './db/seed';
import { sweepDeadlinesJob } from './jobs/deadlineSweeper';
import { logger } from './logger';
import { JobRunner } from './jobs/jobRunner';
import { sendDueEmails } from './jobs/outboxSender';
import { sweepOrphanFilesJob } from './jobs/orphanFileSweeper';
import { sweepResumableUploadsJob } from './jobs/resumableUploadSweeper';

/** A running server. */
export interface RunningServer {
  app: App;
  /** Background jobs; tests start them when they want the real loop. */
  jobs: JobRunner;
  db: Database;
  url: string;
  http: http.Server;
  stop(): Promise<void>;
}

/** How to start. */
export interface StartOptions {
  config: Config;
  clock?: Clock;
  /** Overrides the database the configuration names (tests pass an in-memory one). */
  database?: DatabaseTarget;
  clientDir?: string;
}

/** Where the configuration points the database. */
export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'server', url: config.databaseUrl }
    : { kind: 'embedded', dataDir: path.join(config.dataDir, 'pglite') };
}

/** Opens the database, migrates, seeds an empty one if asked, and listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const db = await connectDatabase(options.database ?? databaseTarget(config));
  try {
    await migrate(db);
    if (config.seedDemo) await seedDemoIfEmpty(db, config, clock);
  } catch (err) {
    await db.close();
    throw err;
  }
  const app = createApp({ config, db, clock, clientDir: options.clientDir });
  const jobs = new JobRunner([
    { name: 'outbox', intervalMs: config.outboxIntervalMs, run: () => sendDueEmails(app.ctx) },
    { name: 'deadlines', intervalMs: config.sweepIntervalMs, run: () => sweepDeadlinesJob(app.ctx) },
    { name: 'orphan-files', intervalMs: config.fileSweepIntervalMs, run: () => sweepOrphanFilesJob(app.ctx) },
    { name: 'resumable-uploads', intervalMs: config.fileSweepIntervalMs, run: () => sweepResumableUploadsJob(app.ctx) },
  ]);
  const server = http.createServer(app.express);
  app.ctx.realtime.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (config.runJobs) jobs.start();
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${address.port}`;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking requests, end sockets, let in-flight requests finish, then close the database.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.stop();
      await app.ctx.realtime.close();
      server.closeIdleConnections();
      await closed;
      app.ctx.mailer.close();
      await db.close();
    })();
    return stopping;
  };
  return { app, db, url, http: server, jobs, stop };
}

export { logger };
