/** The configuration every test server runs with: fixed secrets so snapshots and servers agree. */
import path from 'node:path';
import os from 'node:os';
import type { Config } from '../server/config';

/** Fixed for tests only; production refuses to start without its own. */
export const TEST_DATA_KEY = Buffer.alloc(32, 7);

/** A test server's configuration; `overrides` replace single fields. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'http://localhost:3000',
    databaseUrl: undefined,
    dataDir: path.join(os.tmpdir(), 'puente-test-data'),
    sessionSecret: 'test-session-secret-that-is-long-enough-1234',
    dataKey: TEST_DATA_KEY,
    dataKeyring: undefined,
    smtpUrl: undefined,
    mailFrom: 'Puente <no-responder@puente.test>',
    trustProxy: 0,
    seedDemo: false,
    runJobs: false,
    outboxIntervalMs: 200,
    outboxLeaseMs: 5 * 60 * 1000,
    shutdownGraceMs: 8000,
    metricsToken: undefined,
    fileStorage: { kind: 'local' },
    uploadMaxBytes: 15 * 1024 * 1024,
    uploadMaxFilesPerCase: 10,
    filingsPerHourPerIp: 20,
    // Tests sweep deadlines by hand (runDeadlineSweep) after moving the ManualClock.
    sweepIntervalMs: 200,
    // Tests sweep orphan files by hand (sweepOrphanFiles).
    fileSweepIntervalMs: 60_000,
    // Channels are off unless a test connects a gateway; tests send the channel outbox by hand.
    channelGateways: [],
    channelMessagesPerNumber: 30,
    channelMessagesPerGateway: 600,
    channelOutboxIntervalMs: 200,
    ...overrides,
  };
}
