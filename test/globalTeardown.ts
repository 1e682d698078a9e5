/** jest globalTeardown: removes the fixtures and any database a crashed test left behind. */
import { dropFixtures } from './databases';

export default async function globalTeardown(): Promise<void> {
  await dropFixtures();
}
