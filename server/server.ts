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
import { waitForDatabase } from './db/waitForDatabase';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { assertNoDemoAccounts, seedDemoIfEmpty } from './db/seed';
import { sweepDeadlinesJob } from './jobs/deadlineSweeper';
import { MESSAGE_NOTICE_INTERVAL_MS, writeLateMessageNotices } from './jobs/messageNoticeSweeper';
import { logger } from './logger';
import { JobRunner } from './jobs/jobRunner';
import { keepOversightTalliesJob, OVERSIGHT_TALLY_INTERVAL_MS } from './jobs/oversightTallyKeeper';
import { sendDueEmails } from './jobs/outboxSender';
import { sweepOrphanFilesJob } from './jobs/orphanFileSweeper';
import { sweepResumableUploadsJob } from './jobs/resumableUploadSweeper';
import { sendDueChannelMessages } from './jobs/channelOutboxSender';
import { sweepSilentDrafts } from './jobs/channelDraftSweeper';
import { pruneExpiredRows } from './jobs/expiredRowPruner';
import { redactExpiredIdentities, RETENTION_CHECK_MS } from './jobs/identityRetention';
import { publishDailyDigest } from './audit/auditDigest';
import { RequestDrain } from './http/requestDrain';
import { syncBusinessDays } from './deadlines/businessDayTable';
import { postgresCluster } from './realtime/postgresCluster';
import { AdminChannel } from './backup/adminChannel';
import { EmbeddedDatabase } from './db/database';
import { FieldCipher } from './crypto/fieldCipher';
import { sealPlaintext } from './crypto/keyRotator';

// How often a running server checks that business_days still covers what it must (one read when it does).
const BUSINESS_DAYS_CHECK_MS = 6 * 3_600_000;
// How often a running server checks whether today's audit digest is made (one read when it is) and prunes expired rows.
const AUDIT_DIGEST_CHECK_MS = 3_600_000;
const PRUNE_INTERVAL_MS = 3_600_000;
/** How long a server on a PostgreSQL server waits to hear the other app servers before it listens anyway. */
const CLUSTER_LISTEN_WAIT_MS = 10_000;

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
  return config.databaseUrl ? { kind: 'server', url: config.databaseUrl } : { kind: 'embedded', dataDir: path.join(config.dataDir, 'pglite') };
}

/** Closing the database after the grace period: what is left once every request and job had its chance. */
const DATABASE_CLOSE_MS = 1000;

/** Resolves when `promise` settles or after `ms`, whichever is first; says which. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

/** Opens the database, migrates, seeds an empty one if asked, and listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const target = options.database ?? databaseTarget(config);
  const db = await connectDatabase(target);
  try {
    // A PostgreSQL server still starting (or failing over) is waited for, not a reason to exit.
    if (target.kind === 'server') await waitForDatabase(db);
    await migrate(db);
    // Rows written before encryption (migration 0029 cannot encrypt) are encrypted before anything reads them.
    await sealPlaintext(db, new FieldCipher(config.dataKey, config.dataKeyring));
    if (config.seedDemo && config.env !== 'production') await seedDemoIfEmpty(db, config, clock);
    await assertNoDemoAccounts(db, config);
    // The SQL copy of the calendar follows the rules of this release and the holidays on record.
    await syncBusinessDays(db, clock.now());
  } catch (err) {
    await db.close();
    throw err;
  }
  const server = http.createServer();
  const drain = new RequestDrain(server);
  const jobs = new JobRunner([
    { name: 'outbox', intervalMs: config.outboxIntervalMs, run: (signal) => sendDueEmails(app.ctx, undefined, signal) },
    { name: 'deadlines', intervalMs: config.sweepIntervalMs, run: (signal) => sweepDeadlinesJob(app.ctx, signal) },
    { name: 'orphan-files', intervalMs: config.fileSweepIntervalMs, run: (signal) => sweepOrphanFilesJob(app.ctx, signal) },
    { name: 'resumable-uploads', intervalMs: config.fileSweepIntervalMs, run: (signal) => sweepResumableUploadsJob(app.ctx, signal) },
    // Notices of messages whose server stopped between the message's commit and writing them.
    { name: 'message-notices', intervalMs: MESSAGE_NOTICE_INTERVAL_MS, run: (signal) => writeLateMessageNotices(app.ctx, signal) },
    { name: 'oversight-tallies', intervalMs: OVERSIGHT_TALLY_INTERVAL_MS, run: () => keepOversightTalliesJob(app.ctx) },
    // A server running for years keeps the business-day table ahead of today and of new due dates.
    { name: 'business-days', intervalMs: BUSINESS_DAYS_CHECK_MS, run: () => syncBusinessDays(db, clock.now()) },
    // The record's daily digest goes to the log and the transparency page (docs/audit.md).
    { name: 'audit-digest', intervalMs: AUDIT_DIGEST_CHECK_MS, run: () => publishDailyDigest(db, clock) },
    { name: 'prune-expired', intervalMs: PRUNE_INTERVAL_MS, run: (signal) => pruneExpiredRows(app.ctx, signal) },
    // Identities redacted once a mechanism's retention period after closure has passed (docs/habeas-data.md).
    { name: 'identity-retention', intervalMs: RETENTION_CHECK_MS, run: (signal) => redactExpiredIdentities(app.ctx, signal) },
    // SMS and WhatsApp only where a gateway is configured; what waits meanwhile is sent once one is again.
    ...(config.channelGateways.length > 0
      ? [
          {
            name: 'channel-outbox',
            intervalMs: config.channelOutboxIntervalMs,
            run: async (signal: AbortSignal) => {
              await sendDueChannelMessages(app.ctx, undefined, signal);
              if (!signal.aborted) await sweepSilentDrafts(app.ctx);
            },
          },
        ]
      : []),
  ]);
  const app = createApp({ config, db, clock, clientDir: options.clientDir, lifecycle: { isDraining: () => drain.isDraining, jobStates: () => jobs.state() } });
  server.on('request', drain.listener(app.express));
  // Several app servers share a PostgreSQL server, so pushes must cross between them; the embedded
  // database is one process by construction.
  const cluster = target.kind === 'server' ? postgresCluster(target.url) : undefined;
  app.ctx.realtime.attach(server, cluster);
  // Take requests only once this server hears the others' pushes; a database that is away is no reason
  // not to start (the cluster listens by itself when it returns, and clients then reconnect).
  if (cluster && !(await within(cluster.listening(), CLUSTER_LISTEN_WAIT_MS))) {
    logger.warn('not yet listening for live updates from other app servers; starting anyway');
  }
  // The embedded database in a folder is this process's alone: `admin backup` asks it for a copy.
  const adminChannel = target.kind === 'embedded' && db instanceof EmbeddedDatabase ? new AdminChannel(db, config.dataDir) : undefined;
  await adminChannel?.open();
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
      const deadline = Date.now() + config.shutdownGraceMs;
      // Refuse new connections and new requests; answers in flight go on, then close their connections.
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      drain.begin();
      // Jobs finish the item in hand (an e-mail, a batch of deadlines) and stop; sockets end now.
      const jobsStopped = jobs.stop();
      const socketsClosed = app.ctx.realtime.close();
      const adminClosed = adminChannel?.close();
      if (!(await drain.settled(deadline - Date.now()))) {
        logger.warn('requests still running at the end of the shutdown grace period; closing their connections', { requests: drain.size });
      }
      server.closeAllConnections();
      await Promise.all([httpClosed, socketsClosed]);
      if (!(await within(jobsStopped, deadline - Date.now()))) logger.warn('a background job was still running at the end of the shutdown grace period');
      await adminClosed;
      app.ctx.mailer.close();
      await app.ctx.storage.close().catch((err: unknown) => logger.warn('closing the file storage failed', { err }));
      if (!(await within(db.close(), DATABASE_CLOSE_MS))) logger.warn('the database did not close in time');
    })();
    return stopping;
  };
  return { app, db, url, http: server, jobs, stop };
}

export { logger };
