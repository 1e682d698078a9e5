/**
 * `npm run admin -- <command>`: set up a new installation or a new region without a browser, on the
 * same database the server uses (DATABASE_URL, or the embedded one in DATA_DIR — stop the server
 * first: the embedded database allows one process). Migrates first, so it works on a fresh install.
 *
 *   create-mechanism --slug cesar --name "Cesar — minería de carbón" --region "Cesar, Colombia" --prefix CES
 *   create-admin --mechanism cesar --email ana@example.org --name "Ana Pérez" [--password-stdin]
 *   invite --mechanism cesar --role liaison|ombudsman|admin --email x@y.co --name "…" [--company <slug>]
 *   list-users --mechanism cesar
 *
 * Messages follow LANG (Spanish unless it starts with "en"); see docs/admin-cli.md.
 */
import { parseArgs } from 'node:util';
import { hashSecret } from '../auth/passwords';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/connect';
import { migrate } from '../db/migrate';
import { AppError, ValidationFailed } from '../errors';
import { translatorFor } from '../i18n';
import { setLogLevel } from '../logger';
import { databaseTarget } from '../server';
import { assertAcceptablePassword, type CommandDeps } from '../commands/accountDeps';
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

async function mechanismNamed(deps: CommandDeps, slug: unknown): Promise<MechanismRecord> {
  if (typeof slug !== 'string' || !slug) throw new UsageError('mechanism');
  const mechanism = await findMechanismBySlug(deps.db, slug);
  if (!mechanism) throw new ValidationFailed([{ field: 'mechanism', messageKey: 'validation.invalid_value' }]);
  return mechanism;
}

/** `create-mechanism`: prints the new mechanism's id. */
export async function createMechanismCommand(deps: CommandDeps, io: CliIo, o: Options): Promise<void> {
  const input = parseInput(mechanismSchema, { slug: o.slug, name: o.name, region: o.region, referencePrefix: o.prefix });
  const id = await createMechanism(deps, null, input);
  io.out(translatorFor(io.language)('admin:cli.mechanismCreated', { name: input.name, slug: input.slug, id }));
}

/**
 * `create-admin`: with --password-stdin the account is ready at once; otherwise an invitation is
 * e-mailed (through the outbox) and its one-time link printed, for installations without mail yet.
 */
export async function createAdminCommand(deps: CommandDeps, io: CliIo, o: Options): Promise<void> {
  const t = translatorFor(io.language);
  const mechanism = await mechanismNamed(deps, o.mechanism);
  const language = toLanguage(o.language) ?? 'es';
  if (o['password-stdin']) {
    const base = parseInput(invitationSchema, { email: o.email, displayName: o.name, role: 'admin', language });
    const password = parseInput(z.object({ password: passwordSchema }), { password: (await io.readStdin()).replace(/\r?\n$/, '') }).password;
    assertAcceptablePassword(password, base.email);
    const passwordHash = await hashSecret(password);
    await withUniqueFields({ users_email_key: ['email', 'validation.email_taken'] }, () =>
      insertUser(deps.db, { mechanismId: mechanism.id, role: 'admin', email: base.email, displayName: base.displayName, passwordHash, language }),
    );
    io.out(t('admin:cli.adminCreated', { email: base.email, mechanism: mechanism.name }));
    return;
  }
  await inviteCommand(deps, io, { ...o, role: 'admin' });
}

/** `invite`: invites a liaison (with --company), an ombudsman officer or an admin; prints the link. */
export async function inviteCommand(deps: CommandDeps, io: CliIo, o: Options): Promise<void> {
  const t = translatorFor(io.language);
  const mechanism = await mechanismNamed(deps, o.mechanism);
  let companyId: string | undefined;
  if (typeof o.company === 'string') {
    const company = await findCompanyBySlug(deps.db, mechanism.id, o.company);
    if (!company) throw new ValidationFailed([{ field: 'company', messageKey: 'validation.invalid_value' }]);
    companyId = company.id;
  }
  const input = parseInput(invitationSchema, { email: o.email, displayName: o.name, role: o.role, companyId, language: toLanguage(o.language) ?? 'es' });
  const result = await inviteUser(deps, null, mechanism.id, input);
  io.out(t('admin:cli.invited', { email: input.email, role: t(`domain:role.${input.role}`), expiresAt: result.expiresAt.toISOString() }));
  io.out(result.link);
}

/** `list-users`: one line per staff member of the mechanism (tab-separated, for scripts). */
export async function listUsersCommand(deps: CommandDeps, io: CliIo, o: Options): Promise<void> {
  const t = translatorFor(io.language);
  const mechanism = await mechanismNamed(deps, o.mechanism);
  for (const user of await listStaff(deps.db, mechanism.id)) {
    io.out([user.role, t(`admin:status.${user.status}`), user.email ?? '', user.displayName, user.companyName ?? ''].join('\t'));
  }
}

const COMMANDS: Record<string, (deps: CommandDeps, io: CliIo, o: Options) => Promise<void>> = {
  'create-mechanism': createMechanismCommand,
  'create-admin': createAdminCommand,
  invite: inviteCommand,
  'list-users': listUsersCommand,
};

/** Runs one command against `deps` and returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runCommand(deps: CommandDeps, io: CliIo, argv: string[]): Promise<number> {
  const t = translatorFor(io.language);
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  try {
    if (!command) throw new UsageError(name ?? '');
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false });
    await command(deps, io, values);
    return 0;
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
  const config = loadConfig();
  const db = await connectDatabase(databaseTarget(config));
  try {
    await migrate(db);
    return await runCommand({ db, clock: systemClock, config }, io, argv);
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
