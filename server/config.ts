/**
 * Configuration from the environment, checked once at start. Every variable is documented in README.md.
 * Secrets not given in the environment are generated once and kept in the data folder, so a demo
 * install works with no set-up and a restart keeps sessions and encrypted identities readable.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { logger } from './logger';
import { gatewayListSchema, type GatewayConfig } from './channels/gatewayConfig';
import type { Keyring } from './crypto/fieldCipher';
import type { S3StorageOptions } from './storage/s3Storage';

/** Where attachment bytes are kept: local disk (DATA_DIR/uploads), or an S3-compatible object store (its options are S3Storage's). */
export type FileStorageConfig = { kind: 'local' } | ({ kind: 's3' } & S3StorageOptions);

/** The validated configuration the server runs with. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Base URL people reach the app at; used in e-mail links. */
  publicUrl: string;
  /** PostgreSQL server; when absent the embedded database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Signs session cookies. */
  sessionSecret: string;
  /**
   * 32 bytes: the root of the keyed fingerprints (blind indexes, receipt-key hashes), and the data key
   * `k0` that encrypts identities, contacts and map points unless DATA_KEYS names others.
   */
  dataKey: Buffer;
  /** The data keys (DATA_KEYS, DATA_KEY_ID) when rotated away from DATA_KEY (docs/encryption.md); undefined: `k0` = DATA_KEY. */
  dataKeyring: Keyring | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Hops of reverse proxies to trust for client IPs and https (0 when exposed directly). */
  trustProxy: number;
  /** Load the demo data on the first start of an empty database. */
  seedDemo: boolean;
  /** Run the background jobs in this process (tests drive them by hand instead). */
  runJobs: boolean;
  /** How often the outbox sender looks for e-mails to send. */
  outboxIntervalMs: number;
  /** How long a claimed e-mail is left to its sender before another instance may send it; bounds the mailer's timeouts. */
  outboxLeaseMs: number;
  /** On SIGTERM, how long requests in flight may take to finish before their connections are closed. */
  shutdownGraceMs: number;
  /** Bearer token for GET /api/metrics (Prometheus); unset = no metrics endpoint (404). */
  metricsToken: string | undefined;
  /** Where attachment bytes are kept (server/storage/openFileStorage.ts). */
  fileStorage: FileStorageConfig;
  /** Largest attachment accepted, in bytes. */
  uploadMaxBytes: number;
  /** Most files one case may hold. */
  uploadMaxFilesPerCase: number;
  /** Complaints one IP address may file per hour (a community centre shares one address: keep it generous). */
  filingsPerHourPerIp: number;
  /** How often the deadline sweeper looks for reminders and escalations due (ms). */
  sweepIntervalMs: number;
  /** How often stored files without an attachment row are looked for (ms); see jobs/orphanFileSweeper.ts. */
  fileSweepIntervalMs: number;
  /** SMS and WhatsApp gateways (CHANNEL_GATEWAYS); none: the channels are off (docs/channels.md). */
  channelGateways: GatewayConfig[];
  /** Inbound messages one phone number may send per 10 minutes before it is asked to wait. */
  channelMessagesPerNumber: number;
  /** Inbound messages one gateway may bring per minute before new ones are turned away. */
  channelMessagesPerGateway: number;
  /** How often the channel outbox is looked at for SMS and WhatsApp messages to send (ms). */
  channelOutboxIntervalMs: number;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(32).optional(),
  DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'DATA_KEY must be 32 bytes in base64')
    .optional(),
  // `id:base64,id:base64`: the data keys; the first is current unless DATA_KEY_ID names another.
  DATA_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]+)*$/, 'DATA_KEYS must be id:base64-key pairs separated by commas')
    .refine((v) => v.split(',').every((pair) => Buffer.from(pair.split(':')[1]!, 'base64').length === 32), 'DATA_KEYS: every key must be 32 bytes in base64')
    .optional(),
  DATA_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,16}$/, 'DATA_KEY_ID must be 1–16 letters, digits, - or _')
    .optional(),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().default('Puente <no-responder@puente.local>'),
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  RUN_JOBS: z.enum(['true', 'false']).default('true'),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).default(300_000),
  // Under Docker's and Kubernetes' default 10 s between SIGTERM and SIGKILL, with room to close the database.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(8000),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  UPLOAD_MAX_MB: z.coerce.number().positive().max(100).default(15),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  FILINGS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  // Orphans only appear after a crash and wait a day anyway: hourly is plenty, and listing a large
  // uploads folder is not free.
  FILE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  FILE_STORAGE: z.enum(['local', 's3']).default('local'),
  // S3's own rules for bucket names: 3 to 63 lower-case letters, digits, dots and hyphens.
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be 3 to 63 lower-case letters, digits, dots or hyphens')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, "S3_PREFIX must be empty or end with '/'")
    .default(''),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  CHANNEL_GATEWAYS: gatewayListSchema.optional(),
  CHANNEL_MESSAGES_PER_NUMBER: z.coerce.number().int().min(1).default(30),
  CHANNEL_MESSAGES_PER_GATEWAY: z.coerce.number().int().min(1).default(600),
  CHANNEL_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
});

/** The file storage the environment names, or the problems with it. */
function fileStorageOf(e: z.infer<typeof schema>): FileStorageConfig {
  if (e.FILE_STORAGE === 'local') return { kind: 'local' };
  const problems: string[] = [];
  if (!e.S3_BUCKET) problems.push('S3_BUCKET: required when FILE_STORAGE=s3');
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither');
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return {
    kind: 's3',
    bucket: e.S3_BUCKET!,
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
    prefix: e.S3_PREFIX,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
  };
}

/** The keyring DATA_KEYS and DATA_KEY_ID describe, or undefined when DATA_KEYS is unset. */
function keyringOf(list: string | undefined, currentId: string | undefined): Keyring | undefined {
  if (list === undefined) {
    if (currentId !== undefined) throw new Error('Invalid configuration: DATA_KEY_ID: needs DATA_KEYS');
    return undefined;
  }
  const keys = new Map(list.split(',').map((pair) => [pair.split(':')[0]!, Buffer.from(pair.split(':')[1]!, 'base64')] as const));
  const current = currentId ?? list.split(':')[0]!;
  if (!keys.has(current)) throw new Error(`Invalid configuration: DATA_KEY_ID: ${current} is not in DATA_KEYS`);
  return { currentId: current, keys };
}

interface StoredSecrets {
  sessionSecret: string;
  dataKey: string;
}

/** The data folder the environment names (DATA_DIR, ./data by default), as an absolute path. */
export function dataDirFrom(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.DATA_DIR || './data');
}

/** Where generated secrets are kept: DATA_DIR/secrets.json. */
export function secretsFile(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

/**
 * The configuration names no DATA_KEY and the data folder holds no secrets file, and the caller asked
 * not to generate one (restoring a backup: a new key would leave every restored identity unreadable).
 */
export class SecretsMissing extends Error {
  constructor(readonly file: string) {
    super(`No DATA_KEY in the environment and no ${file}`);
    this.name = 'SecretsMissing';
  }
}

function storedSecrets(dataDir: string, create: boolean): StoredSecrets {
  const file = secretsFile(dataDir);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets;
  if (!create) throw new SecretsMissing(file);
  const secrets: StoredSecrets = {
    sessionSecret: crypto.randomBytes(32).toString('base64url'),
    dataKey: crypto.randomBytes(32).toString('base64'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  logger.warn('generated SESSION_SECRET and DATA_KEY; set them in the environment for production', { file });
  return secrets;
}

/** How loadConfig treats missing secrets. */
export interface LoadOptions {
  /** Generate SESSION_SECRET and DATA_KEY into DATA_DIR when absent (default); false throws SecretsMissing. */
  createSecrets?: boolean;
}

/** Reads and checks the configuration; throws with every problem listed when something is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  // An empty variable (`DATABASE_URL=` in a shell or compose file) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && (!e.SESSION_SECRET || !e.DATA_KEY)) {
    throw new Error('Invalid configuration: SESSION_SECRET and DATA_KEY are required in production');
  }
  const dataDir = dataDirFrom({ DATA_DIR: e.DATA_DIR });
  const fileStorage = fileStorageOf(e);
  const secrets = e.SESSION_SECRET && e.DATA_KEY ? undefined : storedSecrets(dataDir, options.createSecrets ?? true);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? secrets!.sessionSecret,
    dataKey: Buffer.from(e.DATA_KEY ?? secrets!.dataKey, 'base64'),
    dataKeyring: keyringOf(e.DATA_KEYS, e.DATA_KEY_ID),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    // Never in production, whatever SEED_DEMO says (issue #15 §6).
    seedDemo: e.SEED_DEMO === 'auto' && e.NODE_ENV !== 'production',
    runJobs: e.RUN_JOBS === 'true',
    outboxIntervalMs: e.OUTBOX_INTERVAL_MS,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metricsToken: e.METRICS_TOKEN,
    fileStorage,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    uploadMaxFilesPerCase: e.UPLOAD_MAX_FILES,
    filingsPerHourPerIp: e.FILINGS_PER_HOUR,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    fileSweepIntervalMs: e.FILE_SWEEP_INTERVAL_MS,
    channelGateways: e.CHANNEL_GATEWAYS ?? [],
    channelMessagesPerNumber: e.CHANNEL_MESSAGES_PER_NUMBER,
    channelMessagesPerGateway: e.CHANNEL_MESSAGES_PER_GATEWAY,
    channelOutboxIntervalMs: e.CHANNEL_OUTBOX_INTERVAL_MS,
  };
}
