/**
 * Loads the demo mechanism (its content is data: demoData.ts reads demo/*.json) into an empty database:
 * on the first start of the embedded database, and with `npm run seed` on any database.
 */
import { hashSecret } from '../auth/passwords';
import { hashReceiptKey } from '../crypto/receiptKeyHash';
import { normalizeReceiptKey } from '../../shared/receiptKey';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { FieldCipher } from '../crypto/fieldCipher';
import { logger } from '../logger';
import type { Database, Queryable } from './database';
import { takeMigrationLock } from './migrate';
import { DEMO_CASES, DEMO_MECHANISM, DEMO_PASSWORD, DEMO_RECEIPT_KEY, DEMO_USERS } from './demoData';
import { seedDemoMechanism } from './demoMechanism';
import { seedDemoCases } from './demoCases';
import { seedDemoDeadlines } from './demoDeadlines';
import { seedDemoDialogue } from './demoDialogue';
import { seedDemoLearning } from './demoLearning';
import { emailIndexOf } from '../repositories/users';

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
  const receiptHash = hashReceiptKey(cipher, normalizeReceiptKey(DEMO_RECEIPT_KEY)!);
  const now = clock.now();
  const loaded = await db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    if (onlyIfEmpty && !(await isEmpty(tx))) return false;
    // Argon2 runs on its own thread: the accounts' hash is ready by the time the mechanism's frame is written.
    const ids = await seedDemoMechanism(tx, cipher, hashSecret(DEMO_PASSWORD), now);
    await seedDemoCases(tx, cipher, ids, receiptHash, now);
    await seedDemoDeadlines(tx, ids.mechanismId);
    await seedDemoDialogue(tx, ids.users);
    await seedDemoLearning(tx, ids.mechanismId, ids.users.get('ombudsman')!.id, now);
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
