/** Mechanisms and their reference lists (companies, categories, municipalities, veredas). */
import { namedStatement, type Queryable } from '../db/database';
import type { MechanismLanguageDto } from '../../shared/languages';

/** A mechanism's own row. */
export interface MechanismRecord {
  id: string;
  slug: string;
  name: string;
  region: string;
  referencePrefix: string;
}

const SELECT_MECHANISM = `SELECT id, slug, name, region, reference_prefix AS "referencePrefix" FROM mechanisms`;
// Every visitor's request that files or reads a policy looks its mechanism up one of these ways.
const BY_ID = namedStatement('mechanism_by_id', `${SELECT_MECHANISM} WHERE id = $1`);
const OLDEST = namedStatement('mechanism_default', `${SELECT_MECHANISM} ORDER BY created_at, slug LIMIT 1`);
const BY_SLUG = namedStatement('mechanism_by_slug', `${SELECT_MECHANISM} WHERE slug = $1`);

/** The mechanism with this id. */
export function findMechanism(db: Queryable, id: string): Promise<MechanismRecord | undefined> {
  return db.maybeOne<MechanismRecord>(BY_ID, [id]);
}

/** The mechanism public pages show when none is named: the oldest one on the installation. */
export function findDefaultMechanism(db: Queryable): Promise<MechanismRecord | undefined> {
  return db.maybeOne<MechanismRecord>(OLDEST);
}

/** The mechanism with this slug. */
export function findMechanismBySlug(db: Queryable, slug: string): Promise<MechanismRecord | undefined> {
  return db.maybeOne<MechanismRecord>(BY_SLUG, [slug]);
}

/** The mechanisms with these ids, in the order given (unknown ids are left out). */
export async function findMechanisms(db: Queryable, ids: readonly string[]): Promise<MechanismRecord[]> {
  const rows = await db.query<MechanismRecord>(`${SELECT_MECHANISM} WHERE id = ANY($1::uuid[])`, [ids]);
  return ids.flatMap((id) => rows.filter((m) => m.id === id));
}

/** The languages a mechanism offers besides Spanish, in its switch's order; undefined when there is no such mechanism. */
export async function findAddedLanguages(db: Queryable, mechanismId: string): Promise<MechanismLanguageDto[] | undefined> {
  const row = await db.maybeOne<{ languages: MechanismLanguageDto[] }>(`SELECT languages FROM mechanisms WHERE id = $1`, [mechanismId]);
  return row?.languages;
}

/** Replaces the languages `mechanismId` offers besides Spanish. */
export async function saveMechanismLanguages(tx: Queryable, mechanismId: string, languages: readonly MechanismLanguageDto[]): Promise<void> {
  await tx.query(`UPDATE mechanisms SET languages = $2::jsonb WHERE id = $1`, [
    mechanismId,
    JSON.stringify(languages.map(({ code, name, mode }) => ({ code, name, mode }))),
  ]);
}

/** What a filing chose, as the mechanism's active lists know it (repositories/filings.ts reads it). */
export interface FilingChoices {
  /** Null when the municipality is not an active one of the mechanism. */
  municipality: { id: string; veredaMatches: boolean } | null;
  /** True when no company was named, or the named one is active in the mechanism. */
  companyKnown: boolean;
  /** The active categories among the chosen codes. */
  categories: { id: string; code: string; redFlag: boolean }[];
}

/** The active reference lists of a mechanism, with multilingual texts left as `{ es, en }`. */
export async function mechanismLists(db: Queryable, mechanismId: string) {
  const [companies, categories, municipalities] = await Promise.all([
    db.query<{ id: string; name: string; slug: string }>('SELECT id, name, slug FROM companies WHERE mechanism_id = $1 AND active ORDER BY name', [
      mechanismId,
    ]),
    db.query<{ id: string; code: string; icon: string; name: Record<string, string>; description: Record<string, string>; redFlag: boolean }>(
      `SELECT id, code, icon, name, description, red_flag AS "redFlag" FROM categories
       WHERE mechanism_id = $1 AND active ORDER BY position, code`,
      [mechanismId],
    ),
    db.query<{ id: string; name: string; daneCode: string; veredas: { id: string; name: string; kind: 'vereda' | 'corregimiento' }[] }>(
      `SELECT m.id, m.name, m.dane_code AS "daneCode",
              COALESCE((SELECT json_agg(json_build_object('id', v.id, 'name', v.name, 'kind', v.kind) ORDER BY v.name)
                        FROM veredas v WHERE v.municipality_id = m.id AND v.active), '[]'::json) AS veredas
       FROM municipalities m WHERE m.mechanism_id = $1 AND m.active ORDER BY m.name`,
      [mechanismId],
    ),
  ]);
  return { companies, categories, municipalities };
}
