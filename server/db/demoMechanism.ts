/**
 * The demo mechanism's frame as rows (demo/mechanism.json, categories.json, municipalities.json,
 * accounts.json): the mechanism with its data policy and spoken help, its companies, categories,
 * municipalities and their places, and the demo accounts. Returns the ids the cases, dialogue and
 * learning need, by the names the data files use.
 */
import type { Role } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
import { insertDataPolicy } from '../repositories/dataPolicies';
import { insertUser } from '../repositories/users';
import type { Queryable } from './database';
import { DATA_POLICY_2026_01 } from './dataPolicyText';
import { DEMO_CATEGORIES, DEMO_COMPANIES, DEMO_MECHANISM, DEMO_MUNICIPALITIES, DEMO_USERS } from './demoData';
import { seedDemoClips } from './demoSpokenHelp';
import { cesarCentreBackfill } from './migrations/0026_open_data';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Demo accounts by their key in accounts.json. */
export type DemoUsers = Map<string, { id: string; role: Role }>;

/** The ids of the demo's rows, by company slug, category code, municipality name, `municipality/place` and account key. */
export interface DemoIds {
  mechanismId: string;
  companies: Map<string, string>;
  categories: Map<string, string>;
  municipalities: Map<string, string>;
  places: Map<string, string>;
  users: DemoUsers;
}

/** Inserts the mechanism, its companies, categories, places and accounts (inside the seed's transaction). */
export async function seedDemoMechanism(tx: Queryable, cipher: FieldCipher, passwordHash: Promise<string>, now: Date): Promise<DemoIds> {
  const yearAgo = new Date(now.getTime() - 365 * DAY_MS);
  const { id: mechanismId } = await tx.one<{ id: string }>(
    'INSERT INTO mechanisms (slug, name, region, reference_prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [DEMO_MECHANISM.slug, DEMO_MECHANISM.name, DEMO_MECHANISM.region, DEMO_MECHANISM.referencePrefix, yearAgo],
  );
  const ids: DemoIds = { mechanismId, companies: new Map(), categories: new Map(), municipalities: new Map(), places: new Map(), users: new Map() };
  await insertDataPolicy(tx, mechanismId, DATA_POLICY_2026_01, yearAgo);
  await seedDemoClips(tx, mechanismId, now);
  for (const company of DEMO_COMPANIES) {
    const row = await tx.one<{ id: string }>('INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, $2, $3) RETURNING id', [
      mechanismId,
      company.name,
      company.slug,
    ]);
    ids.companies.set(company.slug, row.id);
  }
  for (const [position, category] of DEMO_CATEGORIES.entries()) {
    const row = await tx.one<{ id: string }>(
      `INSERT INTO categories (mechanism_id, code, icon, name, description, position, red_flag)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [mechanismId, category.code, category.icon, JSON.stringify(category.name), JSON.stringify(category.description), position, category.redFlag ?? false],
    );
    ids.categories.set(category.code, row.id);
  }
  for (const municipality of DEMO_MUNICIPALITIES) {
    const row = await tx.one<{ id: string }>(
      'INSERT INTO municipalities (mechanism_id, name, dane_code, map_column, map_row) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [mechanismId, municipality.name, municipality.daneCode, municipality.mapPosition.column, municipality.mapPosition.row],
    );
    ids.municipalities.set(municipality.name, row.id);
    for (const place of municipality.places ?? []) {
      const placeRow = await tx.one<{ id: string }>('INSERT INTO veredas (municipality_id, name, kind) VALUES ($1, $2, $3) RETURNING id', [
        row.id,
        place.name,
        place.kind,
      ]);
      ids.places.set(`${municipality.name}/${place.name}`, placeRow.id);
    }
  }
  // Where the open-data feed places this mechanism's cases: the same head towns the migration fills.
  await tx.query(cesarCentreBackfill);
  for (const user of DEMO_USERS) {
    const id = await insertUser(tx, cipher, {
      mechanismId,
      role: user.role,
      email: user.email,
      displayName: user.displayName,
      passwordHash: await passwordHash,
      language: user.language ?? 'es',
      companyId: user.company ? ids.companies.get(user.company) : null,
    });
    ids.users.set(user.key, { id, role: user.role });
  }
  return ids;
}
