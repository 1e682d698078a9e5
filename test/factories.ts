/**
 * Test data built through the same commands and repositories the product uses, on the test's real
 * database, each with unique names so tests do not lean on the demo seed or on each other (as Outline's
 * `buildUser`): a mechanism through createMechanism, a company and an account through their
 * repositories, a case with its 'cases.filed' history event and its deadlines from onCaseFiled, as
 * intake does. Accounts get the demo password, so `server.loginAs(user.email)` logs in as them.
 */
import crypto from 'node:crypto';
import { transitionFor, type CaseAction, type CaseStatus } from '../shared/caseLifecycle';
import { casePlace } from '../server/crypto/sealedColumns';
import { emailIndexOf } from '../server/repositories/users';
import type { IdentityMode } from '../shared/types/api';
import type { AppContext } from '../server/context';
import type { Tx } from '../server/db/database';
import { nextReference } from '../server/repositories/references';
import { onCaseFiled } from '../server/deadlines/deadlineScheduler';
import { findCase, findCaseForUpdate, insertCaseEvent, updateCaseStatus, type CaseRow } from '../server/repositories/cases';
import { insertUser } from '../server/repositories/users';
import { findDefaultMechanism } from '../server/repositories/mechanisms';
import { grantMechanism, insertCategory, insertCompany, insertMunicipality } from '../server/repositories/adminConfig';
import { insertDataPolicy } from '../server/repositories/dataPolicies';
import { createMechanism } from '../server/commands/mechanismCreator';
import { hashSecret } from '../server/auth/passwords';
import { DEMO_PASSWORD } from '../server/db/demoData';
import type { Language, Role } from '../shared/roles';
import type { DatabaseTarget } from '../server/db/connect';
import { getTestServer, type TestServer } from './support';

/** A short value no other factory call in this run returns: names, slugs and e-mails stay unique. */
export function unique(): string {
  return crypto.randomBytes(4).toString('hex');
}

/** A mechanism built by buildMechanism: enough to file a case into it and to scope people to it. */
export interface BuiltMechanism {
  id: string;
  slug: string;
  referencePrefix: string;
  municipalityId: string;
  categoryCode: string;
}

/**
 * A new mechanism (through createMechanism, as the admin API makes one) with one municipality, one
 * category and a data policy in force, so a complaint can be filed into it.
 */
export async function buildMechanism(ctx: AppContext, spec: { name?: string } = {}): Promise<BuiltMechanism> {
  const tag = unique();
  const slug = `mecanismo-${tag}`;
  // Prefixes are two to five capitals, unique across the installation: five random ones.
  const referencePrefix = Array.from(crypto.randomBytes(5), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const id = await createMechanism(ctx, null, { slug, name: spec.name ?? `Mecanismo ${tag}`, region: 'Cesar, Colombia', referencePrefix });
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const municipalityId = await insertMunicipality(tx, id, { name: `Municipio ${tag}`, daneCode: String(10000 + (parseInt(tag, 16) % 90000)) });
    const categoryCode = 'water';
    await insertCategory(tx, id, {
      code: categoryCode,
      icon: 'droplet',
      name: { es: 'Agua', en: 'Water' },
      description: { es: 'Agua.', en: 'Water.' },
      redFlag: false,
    });
    await insertDataPolicy(tx, id, { version: `${tag}-1`, text: { es: 'Política de datos.', en: 'Data policy.' } }, new Date(at.getTime() - 1000));
    return { id, slug, referencePrefix, municipalityId, categoryCode };
  });
}

/** A company built by buildCompany. */
export interface BuiltCompany {
  id: string;
  mechanismId: string;
  name: string;
  slug: string;
}

/** The mechanism a factory uses when the test names none: the installation's first (the demo's Cesar on the demo fixture). */
async function defaultMechanismId(ctx: AppContext): Promise<string> {
  const mechanism = await findDefaultMechanism(ctx.db);
  if (!mechanism) throw new Error('No mechanism to build into: build one with buildMechanism first');
  return mechanism.id;
}

/** A new company in `mechanismId` (default: the first mechanism), with a unique name and slug. */
export async function buildCompany(ctx: AppContext, spec: { mechanismId?: string; name?: string } = {}): Promise<BuiltCompany> {
  const mechanismId = spec.mechanismId ?? (await defaultMechanismId(ctx));
  const tag = unique();
  const name = spec.name ?? `Minera de prueba ${tag} S.A.S.`;
  const slug = `empresa-${tag}`;
  const id = await insertCompany(ctx.db, mechanismId, { name, slug }, ctx.clock.now());
  return { id, mechanismId, name, slug };
}

/** What a test may choose about a new account; everything else gets a plain valid, unique value. */
export interface UserSpec {
  role: Role;
  /** The liaison's company (required for a liaison). */
  companyId?: string;
  /** Default: the company's mechanism, else the first mechanism. */
  mechanismId?: string;
  /** Further mechanisms an ombudsman officer or admin acts in. */
  extraMechanismIds?: string[];
  language?: Language;
  displayName?: string;
  phone?: string;
  /** An invited account that has not set its password yet. */
  invited?: boolean;
}

/** An account built by buildUser; log in with `server.loginAs(user.email)`. */
export interface BuiltUser {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  mechanismId: string;
  companyId: string | null;
}

let passwordHash: Promise<string> | undefined;

/** A new active account with the demo password (hashed once per test file: hashing is slow on purpose). */
export async function buildUser(ctx: AppContext, spec: UserSpec): Promise<BuiltUser> {
  if (spec.role === 'liaison' && !spec.companyId) throw new Error('A liaison needs a companyId');
  const mechanismId =
    spec.mechanismId ??
    (spec.companyId
      ? (await ctx.db.one<{ mechanismId: string }>('SELECT mechanism_id AS "mechanismId" FROM companies WHERE id = $1', [spec.companyId])).mechanismId
      : await defaultMechanismId(ctx));
  const tag = unique();
  const email = `${spec.role}.${tag}@puente.test`;
  const displayName = spec.displayName ?? `Persona ${tag}`;
  passwordHash ??= hashSecret(DEMO_PASSWORD);
  const id = await ctx.db.transaction(async (tx) => {
    const userId = await insertUser(tx, ctx.cipher, {
      mechanismId,
      role: spec.role,
      email,
      phone: spec.phone ?? null,
      displayName,
      passwordHash: spec.invited ? null : await passwordHash!,
      language: spec.language ?? 'es',
      companyId: spec.companyId ?? null,
      active: !spec.invited,
    });
    for (const extra of spec.extraMechanismIds ?? []) await grantMechanism(tx, userId, extra, null, ctx.clock.now());
    return userId;
  });
  return { id, email, role: spec.role, displayName, mechanismId, companyId: spec.companyId ?? null };
}

/** What a test may choose about a new case; everything else gets a plain valid value. */
export interface CaseSpec {
  /** Company slug; null for a case nobody has routed yet. Default: the first company. */
  company?: string | null;
  /** The company by id (a buildCompany one); wins over `company`. */
  companyId?: string;
  /** The mechanism by id (a buildMechanism one). Default: the first mechanism. */
  mechanismId?: string;
  /** The complainant's account by id (a buildUser one); wins over `complainantEmail`. */
  complainantId?: string;
  /** The facilitator's account by id (a buildUser one) when a facilitator filed it for the person, as intake records it. */
  filedById?: string;
  identityMode?: IdentityMode;
  /** E-mail of the complainant's account, if they have one. */
  complainantEmail?: string;
  redFlag?: boolean;
  description?: string;
  /** The person's identity, sealed as intake seals it (default: a name only; none when anonymous). */
  identity?: { name: string; documentId?: string; phone?: string };
}

/** Inserts a received case, its filing event and its deadlines inside `tx`, filed at ctx.clock.now(). */
export async function buildCaseIn(ctx: AppContext, tx: Tx, spec: CaseSpec = {}): Promise<string> {
  const at = ctx.clock.now();
  const mechanism = await tx.one<{ id: string; prefix: string; municipalityId: string }>(
    `SELECT m.id, m.reference_prefix AS prefix,
            (SELECT mu.id FROM municipalities mu WHERE mu.mechanism_id = m.id ORDER BY mu.dane_code LIMIT 1) AS "municipalityId"
     FROM mechanisms m WHERE m.id = $1 OR $1 IS NULL ORDER BY m.created_at LIMIT 1`,
    [spec.mechanismId ?? null],
  );
  const companyId =
    spec.companyId ??
    (spec.company === null
      ? null
      : (
          await tx.one<{ id: string }>(
            spec.company
              ? 'SELECT id FROM companies WHERE mechanism_id = $1 AND slug = $2'
              : 'SELECT id FROM companies WHERE mechanism_id = $1 ORDER BY slug LIMIT 1',
            spec.company ? [mechanism.id, spec.company] : [mechanism.id],
          )
        ).id);
  const complainant = spec.complainantId
    ? { id: spec.complainantId }
    : spec.complainantEmail
      ? await tx.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndexOf(ctx.cipher, spec.complainantEmail)])
      : undefined;
  const identityMode = spec.identityMode ?? 'named';
  const status: CaseStatus = 'received';
  const reference = await nextReference(tx, mechanism.id, mechanism.prefix, at);
  const id = crypto.randomUUID();
  const row = await tx.one<{ id: string }>(
    `INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, description, identity_mode,
       identity_ciphertext, contact_preference, complainant_user_id, red_flag, created_at, updated_at, filed_by_user_id)
     VALUES ($13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $14) RETURNING id`,
    [
      mechanism.id,
      reference,
      status,
      companyId,
      mechanism.municipalityId,
      spec.description ?? 'Polvo de carbón en las casas de la vereda desde hace una semana.',
      identityMode,
      identityMode === 'anonymous' ? null : ctx.cipher.seal(spec.identity ?? { name: 'Persona de prueba' }, casePlace(id, 'identity')),
      identityMode === 'anonymous' ? 'none' : 'phone',
      complainant?.id ?? null,
      spec.redFlag ?? false,
      at,
      id,
      spec.filedById ?? null,
    ],
  );
  await insertCaseEvent(tx, {
    caseId: row.id,
    kind: 'cases.filed',
    toStatus: status,
    actorUserId: complainant?.id ?? null,
    actorRole: complainant ? 'complainant' : 'anonymous',
    at,
  });
  await onCaseFiled(ctx, tx, { id: row.id, mechanismId: mechanism.id, companyId, redFlag: spec.redFlag ?? false, status });
  return row.id;
}

/** buildCaseIn in a transaction of its own; returns the case as queues load it. */
export async function buildCase(ctx: AppContext, spec: CaseSpec = {}): Promise<CaseRow> {
  const id = await ctx.db.transaction((tx) => buildCaseIn(ctx, tx, spec));
  return (await findCase(ctx.db, id))!;
}

/**
 * Puts a built case where `action` leads: its status, and the history event that says so dated `at`
 * (default: now) by `by` (default: the system), as the demo seeds its cases. No checks, deadlines or
 * notices, as the transitioner would: for tests about what a status allows, not how the case got there.
 */
export async function moveCase(ctx: AppContext, caseId: string, action: CaseAction, spec: { at?: Date; by?: BuiltUser } = {}): Promise<void> {
  const to = transitionFor(action).to;
  const at = spec.at ?? ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const { status } = (await findCaseForUpdate(tx, caseId))!;
    await insertCaseEvent(tx, {
      caseId,
      kind: `cases.${action}`,
      fromStatus: status,
      toStatus: to,
      actorUserId: spec.by?.id ?? null,
      actorRole: spec.by?.role ?? 'system',
      at,
    });
    await updateCaseStatus(tx, caseId, to, at);
  });
}

/** buildCase, then brought into dialogue (acknowledged, admitted) by moveCase, as the demo seeds its cases in dialogue. */
export async function buildCaseInDialogue(ctx: AppContext, spec: CaseSpec = {}): Promise<CaseRow> {
  const built = await buildCase(ctx, spec);
  for (const action of ['acknowledge', 'admit'] as const) await moveCase(ctx, built.id, action);
  return (await findCase(ctx.db, built.id))!;
}

/**
 * Two companies and one account per role, all new, in a mechanism that exists already (the demo's, for
 * tests that file through its real lists of places and categories): the people who hear of a case are known.
 */
export interface BuiltPeople {
  /** The company cases are filed against (`filing` names it). */
  company: BuiltCompany;
  /** A company that must not see those cases. */
  otherCompany: BuiltCompany;
  liaison: BuiltUser;
  otherLiaison: BuiltUser;
  complainant: BuiltUser;
  ombudsman: BuiltUser;
  facilitator: BuiltUser;
  /** The mechanism's own admin, who manages it. */
  admin: BuiltUser;
  /** A CaseSpec for a case of `company` in its mechanism: spread it into buildCase. */
  filing: { mechanismId: string; companyId: string };
}

/** Builds BuiltPeople in `mechanismId` (default: the first mechanism, the demo's on the demo fixture). */
export async function buildPeople(ctx: AppContext, mechanismId?: string): Promise<BuiltPeople> {
  mechanismId ??= await defaultMechanismId(ctx);
  const company = await buildCompany(ctx, { mechanismId });
  const otherCompany = await buildCompany(ctx, { mechanismId });
  const liaison = await buildUser(ctx, { role: 'liaison', companyId: company.id });
  const otherLiaison = await buildUser(ctx, { role: 'liaison', companyId: otherCompany.id });
  const complainant = await buildUser(ctx, { role: 'complainant', mechanismId });
  const ombudsman = await buildUser(ctx, { role: 'ombudsman', mechanismId });
  const facilitator = await buildUser(ctx, { role: 'facilitator', mechanismId });
  const admin = await buildUser(ctx, { role: 'admin', mechanismId });
  return { company, otherCompany, liaison, otherLiaison, complainant, ombudsman, facilitator, admin, filing: { mechanismId, companyId: company.id } };
}

/**
 * A mechanism of a test's own with BuiltPeople in it: what the deadline and calendar tests change (terms,
 * holidays) stays theirs.
 */
export interface BuiltCast extends BuiltPeople {
  mechanism: BuiltMechanism;
}

/** Builds a BuiltCast: a new mechanism, its two companies and their people. */
export async function buildCast(ctx: AppContext): Promise<BuiltCast> {
  const mechanism = await buildMechanism(ctx);
  return { mechanism, ...(await buildPeople(ctx, mechanism.id)) };
}

/**
 * A server and a BuiltCast for a describe's tests, handed to `ready`: with `each` every test gets its own
 * (tests that move the clock or change the calendar), with `all` the describe shares one; closed after.
 */
export function onCastServer(scope: 'each' | 'all', ready: (server: TestServer, cast: BuiltCast) => void): void {
  let server: TestServer | undefined;
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    server = await getTestServer();
    ready(server, await buildCast(server.app.ctx));
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    await server?.close();
  });
}

/**
 * Runs `build` (factories) on the database at `target` through an in-process server of its own, stopped
 * before it returns: for tests whose servers are other processes, which share the database but not a ctx.
 */
export async function buildOn<T>(target: DatabaseTarget, build: (ctx: AppContext) => Promise<T>): Promise<T> {
  const server = await getTestServer({ database: target });
  try {
    return await build(server.app.ctx);
  } finally {
    await server.close();
  }
}
