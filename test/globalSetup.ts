/** jest globalSetup: builds the database fixtures once per run. */
import { prepareFixtures } from './databases';

export default async function globalSetup(): Promise<void> {
  await prepareFixtures();
}
