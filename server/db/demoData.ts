/**
 * The demo mechanism: Cesar's coal-mining region with three fictional companies, the categories and
 * municipalities of DESIGN.md, one account per role and a dozen complaints in every part of the
 * lifecycle, their conversations and agreements, and a taxonomy of causes. Company names and people
 * are invented; places are real. The content is data, in `demo/*.json`, checked against
 * `demo/schema.ts` when this module loads; seed.ts and its helpers turn it into rows.
 */
import type { z } from 'zod';
import accounts from './demo/accounts.json';
import cases from './demo/cases.json';
import categories from './demo/categories.json';
import dialogue from './demo/dialogue.json';
import learning from './demo/learning.json';
import mechanism from './demo/mechanism.json';
import municipalities from './demo/municipalities.json';
import { demoFiles, type casesFile } from './demo/schema';

const demo = (() => {
  const parsed = demoFiles.safeParse({ mechanism, categories, municipalities, accounts, cases, dialogue, learning });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `server/db/demo/${i.path.join('.').replace('.', '.json: ')}: ${i.message}`);
    throw new Error(`The demo data is not valid:\n${problems.join('\n')}`);
  }
  return parsed.data;
})();

/** The password of every demo account (printed in README.md). */
export const DEMO_PASSWORD = demo.accounts.password;

/** The receipt key of the demo's anonymous case, so the tracking page can be tried (shown with its O, read as DEM0-…: shared/receiptKey.ts). */
export const DEMO_RECEIPT_KEY = demo.cases.receiptKey;

/** The mechanism itself. */
export const DEMO_MECHANISM = {
  slug: demo.mechanism.slug,
  name: demo.mechanism.name,
  region: demo.mechanism.region,
  referencePrefix: demo.mechanism.referencePrefix,
};

/** The three fictional companies. */
export const DEMO_COMPANIES = demo.mechanism.companies;

/** The complaint categories, in the order the intake shows them. */
export const DEMO_CATEGORIES = demo.categories;

/**
 * The 25 municipalities of Cesar with DANE codes, their square on the oversight map (column, row; north
 * up, Valledupar in the north-east, San Alberto at the southern tip — the same squares migration
 * 0010_place_grid gives existing installations), and some corregimientos and veredas near the mines.
 */
export const DEMO_MUNICIPALITIES = demo.municipalities;

/** Demo accounts: one per role, and one liaison per company. */
export const DEMO_USERS = demo.accounts.users;

/** One demo complaint and the path it has travelled. */
export type DemoCase = z.infer<typeof casesFile>['cases'][number];

/** The demo complaints. */
export const DEMO_CASES: DemoCase[] = demo.cases.cases;

/** The demo's conversations and agreements (see demoDialogue.ts). */
export const DEMO_DIALOGUE = demo.dialogue;

/** The demo's root causes, company sites and cause tags (see demoLearning.ts). */
export const DEMO_LEARNING = demo.learning;
