/**
 * Loads the demo mechanism (see demoData.ts) into an empty database: on the first start of the embedded
 * database, and with `npm run seed` on any database.
 */
import { seedDemoLearning } from './demoLearning';
import { hashSecret } from '../auth/passwords';
import { hashReceiptKey } from '../crypto/receiptKeyHash';
import { normalizeReceiptKey } from '../../shared/receiptKey';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { FieldCipher } from '../crypto/fieldCipher';
import { logger } from '../logger';
import type { Database, Queryable } from './database';
import { takeMigrationLock } from './migrate';
import { DEMO_CASES, DEMO_CATEGORIES, DEMO_COMPANIES, DEMO_MECHANISM, DEMO_MUNICIPALITIES, DEMO_PASSWORD, DEMO_RECEIPT_KEY, DEMO_USERS } from './demoData';
import { transitionFor, type CaseAction, type CaseStatus } from '../../shared/caseLifecycle';
import { bogotaDate } from '../../shared/calendar';
import { nextReference } from '../repositories/references';
import { insertDataPolicy } from '../repositories/dataPolicies';
import { DATA_POLICY_2026_01 } from './dataPolicyText';
import { seedDemoClips } from './demoSpokenHelp';
import { seedDemoDeadlines } from './demoDeadlines';
import { seedDemoDialogue } from './demoDialogue';
import { cesarCentreBackfill } from './migrations/0026_open_data';
import crypto from 'node:crypto';
import { casePlace } from '../crypto/sealedColumns';
import { emailIndexOf, insertUser } from '../repositories/users';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the database holds no mechanism yet. */
export async function isEmpty(db: Queryable): Promise<boolean> {
  const row = await db.one<{ count: number }>('SELECT count(*) AS count FROM mechanisms');
  return row.count === 0;
}

/**
 * Inserts the whole demo mechanism in one transaction, under the migrations' advisory lock; with
 * `onlyIfEmpty`, only when no mechanism exists once the lock is held. So two instances starting
 * together on an empty database load it once: the second waits, then finds it there.
 */
async function loadDemo(db: Database, config: Config, clock: Clock, onlyIfEmpty: boolean): Promise<boolean> {
  // The demo accounts' password is in the README: never in a production database.
  if (config.env === 'production') throw new DemoInProduction('the demo data is never loaded with NODE_ENV=production');
  const cipher = new FieldCipher(config.dataKey, config.dataKeyring);
  const passwordHash = await hashSecret(DEMO_PASSWORD);
  const receiptHash = hashReceiptKey(cipher, normalizeReceiptKey(DEMO_RECEIPT_KEY)!);
  const now = clock.now();
  const loaded = await db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    if (onlyIfEmpty && !(await isEmpty(tx))) return false;
    const mechanism = await tx.one<{ id: string }>(
      'INSERT INTO mechanisms (slug, name, region, reference_prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [DEMO_MECHANISM.slug, DEMO_MECHANISM.name, DEMO_MECHANISM.region, DEMO_MECHANISM.referencePrefix, new Date(now.getTime() - 365 * DAY_MS)],
    );
    await insertDataPolicy(tx, mechanism.id, DATA_POLICY_2026_01, new Date(now.getTime() - 365 * DAY_MS));
    await seedDemoClips(tx, mechanism.id, now);
    const companyIds = new Map<string, string>();
    for (const company of DEMO_COMPANIES) {
      const row = await tx.one<{ id: string }>('INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, $2, $3) RETURNING id', [mechanism.id, company.name, company.slug]);
      companyIds.set(company.slug, row.id);
    }
    const categoryIds = new Map<string, string>();
    for (const [position, category] of DEMO_CATEGORIES.entries()) {
      const row = await tx.one<{ id: string }>(
        `INSERT INTO categories (mechanism_id, code, icon, name, description, position, red_flag)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [mechanism.id, category.code, category.icon, JSON.stringify(category.name), JSON.stringify(category.description), position, category.redFlag ?? false],
      );
      categoryIds.set(category.code, row.id);
    }
    const municipalityIds = new Map<string, string>();
    const placeIds = new Map<string, string>();
    for (const municipality of DEMO_MUNICIPALITIES) {
      const row = await tx.one<{ id: string }>(
        'INSERT INTO municipalities (mechanism_id, name, dane_code, map_column, map_row) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [mechanism.id, municipality.name, municipality.daneCode, municipality.mapPosition.column, municipality.mapPosition.row],
      );
      municipalityIds.set(municipality.name, row.id);
      for (const place of municipality.places ?? []) {
        const placeRow = await tx.one<{ id: string }>('INSERT INTO veredas (municipality_id, name, kind) VALUES ($1, $2, $3) RETURNING id', [row.id, place.name, place.kind]);
        placeIds.set(`${municipality.name}/${place.name}`, placeRow.id);
      }
    }
    // Where the open-data feed places this mechanism's cases: the same head towns the migration fills.
    await tx.query(cesarCentreBackfill);
    const users = new Map<string, { id: string; role: string }>();
    for (const user of DEMO_USERS) {
      const id = await insertUser(tx, cipher, {
        mechanismId: mechanism.id,
        role: user.role,
        email: user.email,
        displayName: user.displayName,
        passwordHash,
        language: user.language ?? 'es',
        companyId: user.company ? companyIds.get(user.company) : null,
      });
      users.set(user.key, { id, role: user.role });
    }

    // Oldest first, so reference numbers follow filing order.
    const cases = [...DEMO_CASES].sort((a, b) => b.daysAgo - a.daysAgo);
    for (const demo of cases) {
      const filedAt = new Date(now.getTime() - demo.daysAgo * DAY_MS);
      const reference = await nextReference(tx, mechanism.id, DEMO_MECHANISM.referencePrefix, filedAt);
      const filer = demo.by ? users.get(demo.by)! : undefined;
      const redFlag = demo.categories.some((code) => DEMO_CATEGORIES.find((c) => c.code === code)?.redFlag);
      const caseId = crypto.randomUUID();
      const row = await tx.one<{ id: string }>(
        `INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, vereda_id, occurred_on, description,
           hoped_outcome, identity_mode, identity_ciphertext, contact_preference, complainant_user_id, filed_by_user_id,
           is_collective, group_name, group_kind, group_size, red_flag, escalation_level, receipt_key_hash, created_at, updated_at)
         VALUES ($22, $1, $2, 'received', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)
         RETURNING id`,
        [
          mechanism.id,
          reference,
          demo.company ? companyIds.get(demo.company) : null,
          municipalityIds.get(demo.municipality),
          demo.place ? placeIds.get(`${demo.municipality}/${demo.place}`) ?? null : null,
          demo.occurredDaysAgo ? bogotaDate(new Date(now.getTime() - demo.occurredDaysAgo * DAY_MS)) : null,
          demo.description,
          demo.hopedOutcome,
          demo.identityMode,
          demo.identity ? cipher.seal(demo.identity, casePlace(caseId, 'identity')) : null,
          demo.identityMode === 'anonymous' ? 'none' : demo.by === 'facilitator' ? 'facilitator' : 'phone',
          demo.by === 'complainant' ? filer?.id : null,
          demo.by === 'facilitator' ? filer?.id : null,
          Boolean(demo.collective),
          demo.collective?.name ?? null,
          demo.collective?.kind ?? null,
          demo.collective?.size ?? null,
          redFlag,
          demo.escalationLevel ?? 0,
          demo.identityMode === 'anonymous' && demo.status === 'received' ? receiptHash : null,
          filedAt,
          caseId,
        ],
      );
      for (const code of demo.categories) {
        await tx.query('INSERT INTO case_categories (case_id, category_id) VALUES ($1, $2)', [row.id, categoryIds.get(code)]);
      }
      await tx.query(
        `INSERT INTO case_events (case_id, kind, to_status, actor_user_id, actor_role, created_at)
         VALUES ($1, 'cases.filed', 'received', $2, $3, $4)`,
        [row.id, filer?.id ?? null, filer?.role ?? 'anonymous', filedAt],
      );
      let status: CaseStatus = 'received';
      let at = filedAt;
      for (const step of demo.path) {
        const transition = transitionFor(step.action as CaseAction);
        const actor = step.by === 'system' ? undefined : step.by === 'complainant' && demo.identityMode === 'anonymous' ? undefined : users.get(step.by);
        at = new Date(filedAt.getTime() + step.afterDays * DAY_MS);
        await tx.query(
          `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [row.id, `cases.${step.action}`, status, transition.to, actor?.id ?? null, step.by === 'system' ? 'system' : actor?.role ?? 'anonymous', step.reason ?? null, at],
        );
        status = transition.to;
      }
      if (status !== demo.status) throw new Error(`Demo case ${reference} ends in ${status}, expected ${demo.status}`);
      await tx.query('UPDATE cases SET status = $2, updated_at = $3 WHERE id = $1', [row.id, status, at]);
    }
    await seedDemoDeadlines(tx, mechanism.id);
    await seedDemoDialogue(tx, users);
    await seedDemoLearning(tx, mechanism.id, users.get('ombudsman')!.id, now);
    return true;
  });
  if (loaded) logger.info('demo data loaded', { mechanism: DEMO_MECHANISM.name, cases: DEMO_CASES.length, users: DEMO_USERS.length });
  return loaded;
}

/** A production installation and the demo data (whose accounts' password is public) met. */
export class DemoInProduction extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoInProduction';
  }
}

/**
 * Refuses a production start on a database holding any demo account: an admin whose password is in the
 * README would be an open door. Nothing to check outside production.
 */
export async function assertNoDemoAccounts(db: Queryable, config: Config): Promise<void> {
  if (config.env !== 'production') return;
  const cipher = new FieldCipher(config.dataKey, config.dataKeyring);
  const byIndex = new Map(DEMO_USERS.map((u) => [emailIndexOf(cipher, u.email), u.email]));
  const found = await db.query<{ index: string }>('SELECT email_index AS index FROM users WHERE email_index = ANY($1::text[])', [[...byIndex.keys()]]);
  if (found.length > 0) {
    throw new DemoInProduction(
      `Refusing to start with NODE_ENV=production: this database holds demo accounts whose password is public (${found.map((r) => byIndex.get(r.index)).join(', ')}). Start from an empty database, or remove them.`,
    );
  }
}

/** Inserts the whole demo mechanism (see loadDemo). */
export async function seedDemo(db: Database, config: Config, clock: Clock): Promise<void> {
  await loadDemo(db, config, clock, false);
}

/** Loads the demo data when the database is empty; does nothing otherwise. Safe when several instances start at once. */
export async function seedDemoIfEmpty(db: Database, config: Config, clock: Clock): Promise<boolean> {
  // The usual case, a database in use, answers without hashing the demo secrets or taking the lock.
  if (!(await isEmpty(db))) return false;
  return loadDemo(db, config, clock, true);
}
