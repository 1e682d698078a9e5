/** `npm run seed`: loads the demo data into the configured database if it is empty. */
import { loadConfig } from '../config';
import { logger } from '../logger';
import { systemClock } from '../clock';
import { databaseTarget } from '../server';
import { connectDatabase } from './connect';
import { migrate } from './migrate';
import { seedDemoIfEmpty } from './seed';

async function run(): Promise<void> {
  const config = loadConfig();
  const db = await connectDatabase(databaseTarget(config));
  try {
    await migrate(db);
    const seeded = await seedDemoIfEmpty(db, config, systemClock);
    if (!seeded) logger.warn('the database already has data; demo data not loaded');
  } finally {
    await db.close();
  }
}

run().catch((err: unknown) => {
  logger.error('seeding failed', { err });
  process.exit(1);
});
