/**
 * The shape of the demo's data files (this folder's *.json) and the references between them, checked
 * when they are loaded: a misspelt company, place, account or category in a file stops the server with
 * the file's path to the mistake instead of seeding a half-linked demo.
 */
import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATUSES } from '../../../shared/caseLifecycle';
import { ROLES, LANGUAGES } from '../../../shared/roles';
import { COMMITMENT_OWNERS, MESSAGE_VISIBILITIES } from '../../../shared/types/dialogue';
import { GROUP_KINDS, IDENTITY_MODES } from '../../../shared/validation/intakeChoices';

const text = z.string().min(1);
/** A text in the demo's two languages. */
const bilingual = z.strictObject({ es: text, en: text });
const days = z.number().nonnegative();

/** mechanism.json: the mechanism and its companies. */
export const mechanismFile = z.strictObject({
  slug: text,
  name: text,
  region: text,
  referencePrefix: z.string().regex(/^[A-Z]{2,6}$/),
  companies: z.array(z.strictObject({ slug: text, name: text })).min(1),
});

/** categories.json: the complaint categories, in the order the intake shows them. */
export const categoriesFile = z.array(z.strictObject({ code: text, icon: text, name: bilingual, description: bilingual, redFlag: z.boolean().optional() }));

/** municipalities.json: municipalities with their DANE code, map square and some veredas and corregimientos. */
export const municipalitiesFile = z.array(
  z.strictObject({
    name: text,
    daneCode: z.string().regex(/^\d{5}$/),
    mapPosition: z.strictObject({ column: z.int().nonnegative(), row: z.int().nonnegative() }),
    places: z.array(z.strictObject({ name: text, kind: z.enum(['vereda', 'corregimiento']) })).optional(),
  }),
);

/** accounts.json: the demo accounts (one per role, one liaison per company) and their shared password. */
export const accountsFile = z.strictObject({
  password: text,
  users: z.array(
    z.strictObject({
      key: text,
      role: z.enum(ROLES),
      email: z.email(),
      displayName: text,
      company: text.optional(),
      language: z.enum(LANGUAGES).optional(),
    }),
  ),
});

/** One demo complaint and the path it has travelled: actions after filing, in order, with who took them (an account key or `system`) and why. */
const demoCase = z.strictObject({
  status: z.enum(CASE_STATUSES),
  company: text.nullable(),
  municipality: text,
  place: text.optional(),
  categories: z.array(text).min(1),
  daysAgo: days,
  identityMode: z.enum(IDENTITY_MODES),
  identity: z.strictObject({ name: text, documentId: text.optional(), phone: text.optional() }).optional(),
  by: z.enum(['complainant', 'facilitator']).optional(),
  collective: z.strictObject({ name: text, kind: z.enum(GROUP_KINDS), size: z.int().positive() }).optional(),
  escalationLevel: z.int().nonnegative().optional(),
  occurredDaysAgo: days.optional(),
  description: text,
  hopedOutcome: text,
  path: z.array(z.strictObject({ action: z.enum(CASE_ACTIONS), by: text, reason: text.optional(), afterDays: days })),
});

/** cases.json: the complaints, and the receipt key of the anonymous one still received. */
export const casesFile = z.strictObject({ receiptKey: text, cases: z.array(demoCase).min(1) });

/** dialogue.json: threads and agreements, each on the case whose description contains `about`. */
export const dialogueFile = z.strictObject({
  threads: z.array(
    z.strictObject({
      about: text,
      messages: z.array(z.strictObject({ by: text, afterDays: days, body: text, visibility: z.enum(MESSAGE_VISIBILITIES).optional() })).min(1),
    }),
  ),
  agreements: z.array(
    z.strictObject({
      about: text,
      by: text,
      proposedAfterDays: days,
      text,
      commitments: z
        .array(
          z.strictObject({
            owner: z.enum(COMMITMENT_OWNERS),
            description: text,
            dueInDays: days,
            reported: z.strictObject({ afterDays: days, by: text, evidence: text }).optional(),
          }),
        )
        .min(1),
      /** Both sides' acceptances; with `inForceAfterDays` the agreement is in force from then. */
      acceptances: z.array(z.strictObject({ side: z.enum(['company', 'complainant']), by: text, afterDays: days })).optional(),
      inForceAfterDays: days.optional(),
    }),
  ),
});

/** learning.json: root causes by category code, company sites by company slug, and cases tagged with a cause. */
export const learningFile = z.strictObject({
  rootCauses: z.record(z.string(), z.array(z.strictObject({ code: text, name: bilingual }))),
  sites: z.record(z.string(), z.array(text)),
  tags: z.array(z.strictObject({ company: text, place: text, cause: text, site: text.optional() })),
});

/** dataPolicy.json: the data-treatment policy, its text as paragraphs. */
export const dataPolicyFile = z.strictObject({
  version: text,
  text: z.strictObject({ es: z.array(text).min(1), en: z.array(text).min(1) }),
  summary: bilingual,
});

/** All the demo's files, with the references between them checked. */
export const demoFiles = z
  .object({
    mechanism: mechanismFile,
    categories: categoriesFile,
    municipalities: municipalitiesFile,
    accounts: accountsFile,
    cases: casesFile,
    dialogue: dialogueFile,
    learning: learningFile,
  })
  .superRefine((demo, ctx) => {
    const known = (file: string, path: (string | number)[], value: string | null | undefined, among: Iterable<string | undefined>, what: string) => {
      if (value != null && ![...among].includes(value)) ctx.addIssue({ code: 'custom', path: [file, ...path], message: `no ${what} "${value}"` });
    };
    const companies = demo.mechanism.companies.map((c) => c.slug);
    const categories = demo.categories.map((c) => c.code);
    const accounts = demo.accounts.users.map((u) => u.key);
    const places = demo.municipalities.flatMap((m) => (m.places ?? []).map((p) => p.name));
    const causes = Object.values(demo.learning.rootCauses).flatMap((list) => list.map((c) => c.code));
    demo.accounts.users.forEach((u, i) => known('accounts', ['users', i, 'company'], u.company, companies, 'company'));
    demo.cases.cases.forEach((c, i) => {
      const at = (...path: (string | number)[]) => ['cases', i, ...path];
      known('cases', at('company'), c.company, companies, 'company');
      const municipality = demo.municipalities.find((m) => m.name === c.municipality);
      known('cases', at('municipality'), c.municipality, municipality ? [c.municipality] : [], 'municipality');
      known(
        'cases',
        at('place'),
        c.place,
        (municipality?.places ?? []).map((p) => p.name),
        `place in ${c.municipality}`,
      );
      c.categories.forEach((code, j) => known('cases', at('categories', j), code, categories, 'category'));
      c.path.forEach((step, j) => known('cases', at('path', j, 'by'), step.by, [...accounts, 'system'], 'account'));
    });
    const about = (file: string, path: (string | number)[], words: string) => {
      const found = demo.cases.cases.filter((c) => c.description.includes(words)).length;
      if (found !== 1) ctx.addIssue({ code: 'custom', path: [file, ...path, 'about'], message: `"${words}" is in ${found} case descriptions, not one` });
    };
    demo.dialogue.threads.forEach((t, i) => {
      about('dialogue', ['threads', i], t.about);
      t.messages.forEach((m, j) => known('dialogue', ['threads', i, 'messages', j, 'by'], m.by, accounts, 'account'));
    });
    demo.dialogue.agreements.forEach((a, i) => {
      about('dialogue', ['agreements', i], a.about);
      known('dialogue', ['agreements', i, 'by'], a.by, accounts, 'account');
      a.acceptances?.forEach((d, j) => known('dialogue', ['agreements', i, 'acceptances', j, 'by'], d.by, accounts, 'account'));
      a.commitments.forEach((k, j) => known('dialogue', ['agreements', i, 'commitments', j, 'reported', 'by'], k.reported?.by, accounts, 'account'));
    });
    Object.keys(demo.learning.rootCauses).forEach((code) => known('learning', ['rootCauses', code], code, categories, 'category'));
    Object.keys(demo.learning.sites).forEach((slug) => known('learning', ['sites', slug], slug, companies, 'company'));
    demo.learning.tags.forEach((t, i) => {
      known('learning', ['tags', i, 'company'], t.company, companies, 'company');
      known('learning', ['tags', i, 'place'], t.place, places, 'place');
      known('learning', ['tags', i, 'cause'], t.cause, causes, 'root cause');
      known('learning', ['tags', i, 'site'], t.site, demo.learning.sites[t.company] ?? [], `site of ${t.company}`);
    });
  });
