/**
 * `npm run admin -- <command>`: set up a new installation or a new region without a browser, on the
 * same database the server uses (DATABASE_URL, or the embedded one in DATA_DIR — stop the server
 * first: the embedded database allows one process). Migrates first, so it works on a fresh install.
 *
 *   create-mechanism --slug cesar --name "Cesar — minería de carbón" --region "Cesar, Colombia" --prefix CES
 *   create-admin --mechanism cesar --email ana@example.org --name "Ana Pérez" [--password-stdin]
 *   invite --mechanism cesar --role liaison|ombudsman|admin --email x@y.co --name "…" [--company <slug>]
 *   list-users --mechanism cesar
 *   verify-audit      checks every hash chain and digest of the record; exit 1 naming the first broken entry
 *
 * And two that keep the data safe, for the embedded database (docs/backups.md), which run while the
 * server runs and never open its database beside it:
 *
 *   backup <dir>                      a consistent copy of the database and every attachment
 *   restore <dir> [--secrets <file>]  that copy, into a fresh DATA_DIR
 *
 * Messages follow LANG (Spanish unless it starts with "en"); see README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashSecret } from '../auth/passwords';
import { systemClock } from '../clock';
import { dataDirFrom, loadConfig, secretsFile, SecretsMissing } from '../config';
import { BackupRefused } from '../backup/backupFormat';
import { writeBackup } from '../backup/backupWriter';
import { restoreBackup } from '../backup/backupRestorer';
import { connectDatabase } from '../db/connect';
import { recordAdminChange } from '../audit/adminChanges';
import { verifyAudit } from '../audit/auditVerifier';
import { migrate } from '../db/migrate';
import { AppError, ValidationFailed } from '../errors';
import { translatorFor } from '../i18n';
import { setLogLevel } from '../logger';
import { databaseTarget } from '../server';
import { assertAcceptablePassword } from '../commands/accountDeps';
import type { AppContext } from '../context';
import { createMechanism } from '../commands/mechanismCreator';
import { inviteUser } from '../commands/userInviter';
import { withUniqueFields } from '../http/uniqueConflict';
import { listStaff } from '../repositories/accounts';
import { findCompanyBySlug } from '../repositories/adminConfig';
import { findMechanismBySlug, type MechanismRecord } from '../repositories/mechanisms';
import { insertUser } from '../repositories/users';
import { parseInput } from '../http/validate';
import { invitationSchema, mechanismSchema } from '../../shared/validation/admin';
import { passwordSchema } from '../../shared/validation/password';
import { toLanguage, type Language } from '../../shared/roles';
import { z } from 'zod';
import { FieldCipher } from '../crypto/fieldCipher';
import { rotateKeys, sealPlaintext } from '../crypto/keyRotator';

/** What the CLI's commands run with: the part of the server's context that needs no web server. */
type CliContext = Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>;

/** Where the CLI writes and reads; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The whole of standard input (for --password-stdin). */
  readStdin(): Promise<string>;
  language: Language;
}

type Options = Record<string, string | boolean | undefined>;

const OPTIONS = {
  slug: { type: 'string' },
  name: { type: 'string' },
  region: { type: 'string' },
  prefix: { type: 'string' },
  mechanism: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  company: { type: 'string' },
  language: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

class UsageError extends Error {}

/** How many cases and attachment files a backup holds, each worded as a plural of its own. */
function contentCounts(t: ReturnType<typeof translatorFor>, cases: number, files: number): { cases: string; files: string } {
  return { cases: t('admin:cli.count.cases', { count: cases }), files: t('admin:cli.count.attachments', { count: files }) };
}

async function mechanismNamed(ctx: CliContext, slug: unknown): Promise<MechanismRecord> {
  if (typeof slug !== 'string' || !slug) throw new UsageError('mechanism');
  const mechanism = await findMechanismBySlug(ctx.db, slug);
  if (!mechanism) throw new ValidationFailed([{ field: 'mechanism', messageKey: 'validation.invalid_value' }]);
  return mechanism;
}

/** `create-mechanism`: prints the new mechanism's id. */
export async function createMechanismCommand(ctx: CliContext, io: CliIo, o: Options): Promise<void> {
  const input = parseInput(mechanismSchema, { slug: o.slug, name: o.name, region: o.region, referencePrefix: o.prefix });
  const id = await createMechanism(ctx, null, input);
  io.out(translatorFor(io.language)('admin:cli.mechanismCreated', { name: input.name, slug: input.slug, id }));
}

/**
 * `create-admin`: with --password-stdin the account is ready at once; otherwise an invitation is
 * e-mailed (through the outbox) and its one-time link printed, for installations without mail yet.
 */
export async function createAdminCommand(ctx: CliContext, io: CliIo, o: Options): Promise<void> {
  const t = translatorFor(io.language);
  const mechanism = await mechanismNamed(ctx, o.mechanism);
  const language = toLanguage(o.language) ?? 'es';
  if (o['password-stdin']) {
    const base = parseInput(invitationSchema, { email: o.email, displayName: o.name, role: 'admin', language });
    const password = parseInput(z.object({ password: passwordSchema }), { password: (await io.readStdin()).replace(/\r?\n$/, '') }).password;
    assertAcceptablePassword(password, base.email);
    const passwordHash = await hashSecret(password);
    await withUniqueFields({ users_email_key: ['email', 'validation.email_taken'] }, () =>
      ctx.db.transaction(async (tx) => {
        const userId = await insertUser(tx, ctx.cipher, {
          mechanismId: mechanism.id,
          role: 'admin',
          email: base.email,
          displayName: base.displayName,
          passwordHash,
          language,
        });
        await recordAdminChange(tx, {
          mechanismId: mechanism.id,
          actor: null,
          action: 'users.create_admin',
          targetId: userId,
          data: { role: 'admin' },
          at: ctx.clock.now(),
        });
      }),
    );
    io.out(t('admin:cli.adminCreated', { email: base.email, mechanism: mechanism.name }));
    return;
  }
  await inviteCommand(ctx, io, { ...o, role: 'admin' });
}

/** `invite`: invites a liaison (with --company), an ombudsman officer or an admin; prints the link. */
export async function inviteCommand(ctx: CliContext, io: CliIo, o: Options): Promise<void> {
  const t = translatorFor(io.language);
  const mechanism = await mechanismNamed(ctx, o.mechanism);
  let companyId: string | undefined;
  if (typeof o.company === 'string') {
    const company = await findCompanyBySlug(ctx.db, mechanism.id, o.company);
    if (!company) throw new ValidationFailed([{ field: 'company', messageKey: 'validation.invalid_value' }]);
    companyId = company.id;
  }
  const input = parseInput(invitationSchema, { email: o.email, displayName: o.name, role: o.role, companyId, language: toLanguage(o.language) ?? 'es' });
  const result = await inviteUser(ctx, null, mechanism.id, input);
  io.out(t('admin:cli.invited', { email: input.email, role: t(`domain:role.${input.role}`), expiresAt: result.expiresAt.toISOString() }));
  io.out(result.link);
}

/** `list-users`: one line per staff member of the mechanism (tab-separated, for scripts). */
export async function listUsersCommand(ctx: CliContext, io: CliIo, o: Options): Promise<void> {
  const t = translatorFor(io.language);
  const mechanism = await mechanismNamed(ctx, o.mechanism);
  for (const user of await listStaff(ctx.db, ctx.cipher, mechanism.id)) {
    io.out([user.role, t(`admin:status.${user.status}`), user.email ?? '', user.displayName, user.companyName ?? ''].join('\t'));
  }
}

/**
 * `verify-audit`: walks every chain of the tamper-evident record and every daily digest (docs/audit.md);
 * prints how far it verified, or each chain's first broken entry and exits 1.
 */
export async function verifyAuditCommand(ctx: CliContext, io: CliIo): Promise<number> {
  const t = translatorFor(io.language);
  const report = await verifyAudit(ctx.db);
  if (report.ok) {
    io.out(report.verifiedThrough ? t('admin:cli.audit.ok', { ...report, through: report.verifiedThrough.toISOString() }) : t('admin:cli.audit.empty'));
    return 0;
  }
  for (const b of report.breaks) {
    io.err(
      t('admin:cli.audit.broken', {
        table: b.table,
        chain: b.chain,
        seq: b.seq,
        row: b.id ? t('admin:cli.audit.row', { id: b.id }) : '',
        problem: t(`admin:cli.audit.problem.${b.problem}`),
      }),
    );
  }
  io.err(t('admin:cli.audit.summary', { count: report.breaks.length, chains: report.chains }));
  return 1;
}

/**
 * `rotate-key`: re-encrypts every identity, contact, account field and map point under the current data
 * key (DATA_KEY_ID in DATA_KEYS), in batches; safe to interrupt and run again (docs/encryption.md).
 * Exit code 0 when nothing is left under an old key, 1 when the run stopped early.
 */
export async function rotateKeyCommand(ctx: CliContext, io: CliIo): Promise<number> {
  const t = translatorFor(io.language);
  const result = await rotateKeys(ctx.db, ctx.cipher, { onBatch: (rows) => io.out(t('admin:cli.rotate.batch', { count: rows })) });
  const rotated = Object.values(result.rotated).reduce((a, b) => a + b, 0);
  if (!result.complete) {
    io.err(t('admin:cli.rotate.incomplete', { keyId: ctx.cipher.currentKeyId }));
    return 1;
  }
  io.out(t('admin:cli.rotate.done', { keyId: ctx.cipher.currentKeyId, count: rotated, sealed: result.sealed }));
  return 0;
}

const COMMANDS: Record<string, (ctx: CliContext, io: CliIo, o: Options) => Promise<void | number>> = {
  'create-mechanism': createMechanismCommand,
  'create-admin': createAdminCommand,
  invite: inviteCommand,
  'list-users': listUsersCommand,
  'verify-audit': verifyAuditCommand,
  'rotate-key': rotateKeyCommand,
};

/** Runs one command against `ctx` and returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runCommand(ctx: CliContext, io: CliIo, argv: string[]): Promise<number> {
  const t = translatorFor(io.language);
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  try {
    if (!command) throw new UsageError(name ?? '');
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false });
    return (await command(ctx, io, values)) ?? 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(t('admin:cli.usage'));
      return 2;
    }
    if (err instanceof AppError) {
      io.err(t(`errors:${err.code}`, err.params));
      for (const f of err.fields) io.err(`  --${f.field}: ${t(`errors:${f.messageKey}`, f.params)}`);
      return 1;
    }
    throw err;
  }
}

/**
 * `restore --secrets <file>`: puts the secrets file kept apart from the backups into DATA_DIR, after
 * checking it is one, so the restored identities are readable with their own DATA_KEY.
 */
function installSecrets(env: NodeJS.ProcessEnv, file: string): void {
  if (env.DATA_KEY) throw new BackupRefused('secrets_twice');
  let secrets: { sessionSecret?: unknown; dataKey?: unknown };
  try {
    secrets = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof secrets;
  } catch {
    throw new BackupRefused('bad_secrets_file', { file });
  }
  const valid =
    typeof secrets.sessionSecret === 'string' &&
    secrets.sessionSecret.length >= 32 &&
    typeof secrets.dataKey === 'string' &&
    Buffer.from(secrets.dataKey, 'base64').length === 32;
  if (!valid) throw new BackupRefused('bad_secrets_file', { file });
  const content = JSON.stringify({ sessionSecret: secrets.sessionSecret, dataKey: secrets.dataKey }, null, 2);
  const target = secretsFile(dataDirFrom(env));
  if (fs.existsSync(target)) {
    const present = JSON.parse(fs.readFileSync(target, 'utf8')) as { dataKey?: unknown };
    if (present.dataKey !== secrets.dataKey) throw new BackupRefused('secrets_conflict', { file: target });
    return;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content, { mode: 0o600 });
}

/**
 * `backup <dir>` and `restore <dir> [--secrets <file>]`: neither opens the database the usual way
 * (a running embedded server holds it), and neither ever generates secrets — a new DATA_KEY would
 * leave every restored identity unreadable. Returns the exit code (0 done, 1 refused, 2 usage).
 */
export async function runOperation(io: CliIo, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const t = translatorFor(io.language);
  const [name, ...rest] = argv;
  let dir: string | undefined;
  let secrets: string | undefined;
  try {
    const parsed = parseArgs({ args: rest, options: { secrets: { type: 'string' } }, strict: true, allowPositionals: true });
    if (parsed.positionals.length !== 1 || (name === 'backup' && parsed.values.secrets !== undefined)) throw new UsageError(name ?? '');
    dir = parsed.positionals[0];
    secrets = parsed.values.secrets;
  } catch {
    io.err(t('admin:cli.usage'));
    return 2;
  }
  try {
    if (name === 'backup') {
      const config = loadConfig(env, { createSecrets: false });
      const { manifest, bytes } = await writeBackup(config, dir!);
      const files = manifest.contents.files.length - manifest.missingFiles.length;
      io.out(
        t('admin:cli.backup.written', {
          dir: path.resolve(dir!),
          ...contentCounts(t, manifest.contents.cases, files),
          megabytes: (bytes / 1e6).toFixed(1),
          takenAt: manifest.takenAt,
        }),
      );
      io.out(t('admin:cli.backup.keyApart', { file: secretsFile(config.dataDir) }));
      if (manifest.missingFiles.length === 0) return 0;
      io.err(t('admin:cli.backup.missingFiles', { count: manifest.missingFiles.length, keys: manifest.missingFiles.join(', ') }));
      return 1;
    }
    if (secrets !== undefined) installSecrets(env, secrets);
    const config = loadConfig(env, { createSecrets: false });
    const result = await restoreBackup(config, dir!);
    io.out(t('admin:cli.restore.done', { dataDir: config.dataDir, ...contentCounts(t, result.cases, result.files), takenAt: result.manifest.takenAt }));
    return 0;
  } catch (err) {
    if (err instanceof BackupRefused) {
      io.err(t(`admin:cli.refused.${err.code}`, err.params));
      return 1;
    }
    if (err instanceof SecretsMissing) {
      io.err(t('admin:cli.refused.no_secrets', { file: err.file }));
      return 1;
    }
    throw err;
  }
}

/** Commands run by runOperation rather than against an opened database. */
const OPERATIONS = new Set(['backup', 'restore']);

/** The real command line: configuration from the environment, migrate, run, close. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  setLogLevel('warn');
  const language: Language = (process.env.LANG ?? '').toLowerCase().startsWith('en') ? 'en' : 'es';
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    language,
  };
  if (argv[0] && OPERATIONS.has(argv[0])) return runOperation(io, argv);
  const config = loadConfig();
  const db = await connectDatabase(databaseTarget(config));
  try {
    await migrate(db);
    const cipher = new FieldCipher(config.dataKey, config.dataKeyring);
    await sealPlaintext(db, cipher);
    return await runCommand({ db, clock: systemClock, config, cipher }, io, argv);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
