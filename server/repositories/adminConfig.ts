/**
 * A mechanism's configuration as the admin edits it: the mechanisms themselves, companies, categories,
 * municipalities, veredas and the data-policy versions. Inactive rows are included here (the public
 * lists in mechanisms.ts show only active ones). Nothing is ever deleted: cases reference these rows.
 */
import type { Queryable } from '../db/database';
import { bogotaDate } from '../../shared/calendar';
import type { AdminCategoryDto, AdminCompanyDto, AdminMechanismDto, AdminMunicipalityDto, DataPolicyDto, LocalizedText } from '../../shared/types/admin';
import type { MapPosition } from '../../shared/types/oversight';

/** Mechanisms with these ids, oldest first. */
export function listMechanisms(db: Queryable, ids: string[]): Promise<(Omit<AdminMechanismDto, 'createdAt'> & { createdAt: Date })[]> {
  return db.query(
    `SELECT id, slug, name, region, reference_prefix AS "referencePrefix", created_at AS "createdAt"
     FROM mechanisms WHERE id = ANY($1::uuid[]) ORDER BY created_at, slug`,
    [ids],
  );
}

/** Fields of a new mechanism. */
export interface NewMechanism {
  slug: string;
  name: string;
  region: string;
  referencePrefix: string;
}

/** Creates a mechanism and returns its id. */
export async function insertMechanism(db: Queryable, m: NewMechanism, at: Date): Promise<string> {
  const row = await db.one<{ id: string }>(
    'INSERT INTO mechanisms (slug, name, region, reference_prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [m.slug, m.name, m.region, m.referencePrefix, at],
  );
  return row.id;
}

/** Lets a user act in one more mechanism (ombudsman officers and admins). */
export async function grantMechanism(db: Queryable, userId: string, mechanismId: string, grantedBy: string | null, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO user_mechanisms (user_id, mechanism_id, granted_by, granted_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [userId, mechanismId, grantedBy, at],
  );
}

/** Replaces the extra mechanisms of a user. */
export async function setExtraMechanisms(db: Queryable, userId: string, mechanismIds: string[], grantedBy: string, at: Date): Promise<void> {
  await db.query('DELETE FROM user_mechanisms WHERE user_id = $1 AND NOT (mechanism_id = ANY($2::uuid[]))', [userId, mechanismIds]);
  for (const id of mechanismIds) await grantMechanism(db, userId, id, grantedBy, at);
}

/** Every company of a mechanism, with how many active liaisons each has. */
export function listCompanies(db: Queryable, mechanismId: string): Promise<AdminCompanyDto[]> {
  return db.query(
    `SELECT co.id, co.name, co.slug, co.active, co.dutch_linked AS "dutchLinked", co.ifc_financed AS "ifcFinanced",
            (SELECT count(*) FROM users u WHERE u.company_id = co.id AND u.active)::int AS liaisons
     FROM companies co WHERE co.mechanism_id = $1 ORDER BY co.active DESC, co.name`,
    [mechanismId],
  );
}

/** One company of a mechanism (undefined when it belongs to another). */
export function findCompany(db: Queryable, mechanismId: string, id: string): Promise<AdminCompanyDto | undefined> {
  return db.maybeOne(
    `SELECT co.id, co.name, co.slug, co.active, co.dutch_linked AS "dutchLinked", co.ifc_financed AS "ifcFinanced",
            (SELECT count(*) FROM users u WHERE u.company_id = co.id AND u.active)::int AS liaisons
     FROM companies co WHERE co.mechanism_id = $1 AND co.id = $2`,
    [mechanismId, id],
  );
}

/** A company by slug within a mechanism. */
export function findCompanyBySlug(db: Queryable, mechanismId: string, slug: string): Promise<{ id: string; name: string } | undefined> {
  return db.maybeOne('SELECT id, name FROM companies WHERE mechanism_id = $1 AND slug = $2', [mechanismId, slug]);
}

/** Creates a company. */
export async function insertCompany(db: Queryable, mechanismId: string, c: { name: string; slug: string }, at: Date): Promise<string> {
  const row = await db.one<{ id: string }>('INSERT INTO companies (mechanism_id, name, slug, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [
    mechanismId,
    c.name,
    c.slug,
    at,
  ]);
  return row.id;
}

/** Renames, (de)activates and/or sets the referral flags of a company of the mechanism; false when there is none. */
export async function updateCompany(
  db: Queryable,
  mechanismId: string,
  id: string,
  change: { name?: string; active?: boolean; dutchLinked?: boolean; ifcFinanced?: boolean },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE companies SET name = COALESCE($3, name), active = COALESCE($4, active),
            dutch_linked = COALESCE($5, dutch_linked), ifc_financed = COALESCE($6, ifc_financed)
     WHERE mechanism_id = $1 AND id = $2 RETURNING id`,
    [mechanismId, id, change.name ?? null, change.active ?? null, change.dutchLinked ?? null, change.ifcFinanced ?? null],
  );
  return rows.length === 1;
}

const SELECT_CATEGORY = `SELECT id, code, icon, name, description, red_flag AS "redFlag", position, active FROM categories`;

/** Every category of a mechanism in display order. */
export function listCategories(db: Queryable, mechanismId: string): Promise<AdminCategoryDto[]> {
  return db.query(`${SELECT_CATEGORY} WHERE mechanism_id = $1 ORDER BY position, code`, [mechanismId]);
}

/** One category of a mechanism. */
export function findCategory(db: Queryable, mechanismId: string, id: string): Promise<AdminCategoryDto | undefined> {
  return db.maybeOne(`${SELECT_CATEGORY} WHERE mechanism_id = $1 AND id = $2`, [mechanismId, id]);
}

/** Fields of a new category. */
export interface NewCategory {
  code: string;
  icon: string;
  name: LocalizedText;
  description: LocalizedText;
  redFlag: boolean;
  position?: number;
}

/** Creates a category (at the end of the list unless a position is given). */
export async function insertCategory(db: Queryable, mechanismId: string, c: NewCategory): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO categories (mechanism_id, code, icon, name, description, red_flag, position)
     VALUES ($1, $2, $3, $4, $5, $6,
             COALESCE($7, (SELECT COALESCE(max(position) + 1, 0) FROM categories WHERE mechanism_id = $1)))
     RETURNING id`,
    [mechanismId, c.code, c.icon, JSON.stringify(c.name), JSON.stringify(c.description), c.redFlag, c.position ?? null],
  );
  return row.id;
}

/** What may change about a category (its code is its identity in statistics and never changes). */
export interface CategoryChange {
  icon?: string;
  name?: LocalizedText;
  description?: LocalizedText;
  redFlag?: boolean;
  position?: number;
  active?: boolean;
}

/** Changes a category of the mechanism; false when there is none. */
export async function updateCategory(db: Queryable, mechanismId: string, id: string, c: CategoryChange): Promise<boolean> {
  const rows = await db.query(
    `UPDATE categories SET icon = COALESCE($3, icon), name = COALESCE($4::jsonb, name),
       description = COALESCE($5::jsonb, description), red_flag = COALESCE($6, red_flag),
       position = COALESCE($7, position), active = COALESCE($8, active)
     WHERE mechanism_id = $1 AND id = $2 RETURNING id`,
    [
      mechanismId,
      id,
      c.icon ?? null,
      c.name ? JSON.stringify(c.name) : null,
      c.description ? JSON.stringify(c.description) : null,
      c.redFlag ?? null,
      c.position ?? null,
      c.active ?? null,
    ],
  );
  return rows.length === 1;
}

/** A municipality's map square as `{ column, row }`, or null, over alias `m`. */
export const MAP_POSITION_SQL = `CASE WHEN m.map_column IS NULL THEN NULL ELSE json_build_object('column', m.map_column, 'row', m.map_row) END`;

const SELECT_MUNICIPALITY = `
  SELECT m.id, m.name, m.dane_code AS "daneCode", m.active, ${MAP_POSITION_SQL} AS "mapPosition",
         CASE WHEN m.centre_latitude IS NULL THEN NULL
              ELSE json_build_object('latitude', m.centre_latitude, 'longitude', m.centre_longitude) END AS centre,
         COALESCE((SELECT json_agg(json_build_object('id', v.id, 'name', v.name, 'kind', v.kind, 'active', v.active) ORDER BY v.name)
                   FROM veredas v WHERE v.municipality_id = m.id), '[]'::json) AS veredas
  FROM municipalities m`;

/** Every municipality of a mechanism with all its veredas and corregimientos. */
export function listMunicipalities(db: Queryable, mechanismId: string): Promise<AdminMunicipalityDto[]> {
  return db.query(`${SELECT_MUNICIPALITY} WHERE m.mechanism_id = $1 ORDER BY m.name`, [mechanismId]);
}

/** One municipality of a mechanism. */
export function findMunicipality(db: Queryable, mechanismId: string, id: string): Promise<AdminMunicipalityDto | undefined> {
  return db.maybeOne(`${SELECT_MUNICIPALITY} WHERE m.mechanism_id = $1 AND m.id = $2`, [mechanismId, id]);
}

/** Creates a municipality. */
export async function insertMunicipality(db: Queryable, mechanismId: string, m: { name: string; daneCode: string }): Promise<string> {
  const row = await db.one<{ id: string }>('INSERT INTO municipalities (mechanism_id, name, dane_code) VALUES ($1, $2, $3) RETURNING id', [
    mechanismId,
    m.name,
    m.daneCode,
  ]);
  return row.id;
}

/** What may change about a municipality (its DANE code is its identity and never changes). */
export interface MunicipalityChange {
  name?: string;
  active?: boolean;
  /** A square on the oversight map; null takes it off the map, undefined leaves it as it is. */
  mapPosition?: MapPosition | null;
  /** Where the open-data feed places its cases; null clears it, undefined leaves it as it is. */
  centre?: { latitude: number; longitude: number } | null;
}

/**
 * Renames, (de)activates and/or places a municipality of the mechanism, in one statement: a square
 * already taken in the mechanism (municipalities_map_position_key) refuses the whole change. False when
 * there is no such municipality.
 */
export async function updateMunicipality(db: Queryable, mechanismId: string, id: string, change: MunicipalityChange): Promise<boolean> {
  const rows = await db.query(
    `UPDATE municipalities SET name = COALESCE($3, name), active = COALESCE($4, active),
       map_column = CASE WHEN $5::boolean THEN $6::smallint ELSE map_column END,
       map_row = CASE WHEN $5::boolean THEN $7::smallint ELSE map_row END,
       centre_latitude = CASE WHEN $8::boolean THEN $9::numeric ELSE centre_latitude END,
       centre_longitude = CASE WHEN $8::boolean THEN $10::numeric ELSE centre_longitude END
     WHERE mechanism_id = $1 AND id = $2 RETURNING id`,
    [
      mechanismId,
      id,
      change.name ?? null,
      change.active ?? null,
      change.mapPosition !== undefined,
      change.mapPosition?.column ?? null,
      change.mapPosition?.row ?? null,
      change.centre !== undefined,
      change.centre?.latitude ?? null,
      change.centre?.longitude ?? null,
    ],
  );
  return rows.length === 1;
}

/** Creates a vereda or corregimiento in a municipality. */
export async function insertVereda(db: Queryable, municipalityId: string, v: { name: string; kind: 'vereda' | 'corregimiento' }): Promise<string> {
  const row = await db.one<{ id: string }>('INSERT INTO veredas (municipality_id, name, kind) VALUES ($1, $2, $3) RETURNING id', [
    municipalityId,
    v.name,
    v.kind,
  ]);
  return row.id;
}

/** Renames and/or (de)activates a vereda of one of the mechanism's municipalities; false when there is none. */
export async function updateVereda(db: Queryable, mechanismId: string, id: string, change: { name?: string; active?: boolean }): Promise<boolean> {
  const rows = await db.query(
    `UPDATE veredas v SET name = COALESCE($3, v.name), active = COALESCE($4, v.active)
     FROM municipalities m
     WHERE v.id = $2 AND m.id = v.municipality_id AND m.mechanism_id = $1 RETURNING v.id`,
    [mechanismId, id, change.name ?? null, change.active ?? null],
  );
  return rows.length === 1;
}

/** The municipality a vereda or corregimiento belongs to. */
export async function veredaMunicipalityId(db: Queryable, id: string): Promise<string> {
  const row = await db.one<{ municipalityId: string }>('SELECT municipality_id AS "municipalityId" FROM veredas WHERE id = $1', [id]);
  return row.municipalityId;
}

/** Every version of a mechanism's data policy, newest first. */
export function listDataPolicies(db: Queryable, mechanismId: string): Promise<(Omit<DataPolicyDto, 'publishedAt'> & { publishedAt: Date })[]> {
  return db.query('SELECT version, text, published_at AS "publishedAt" FROM data_policies WHERE mechanism_id = $1 ORDER BY published_at DESC, version DESC', [
    mechanismId,
  ]);
}

/**
 * The name of the next version published at `at`: `<year>-<nn>` (Bogota year, as the seeded
 * `2026-01`), one more than the highest of that year. Locks the mechanism row so two admins
 * publishing at once queue instead of colliding; call inside the publishing transaction.
 */
export async function nextDataPolicyVersion(tx: Queryable, mechanismId: string, at: Date): Promise<string> {
  await tx.query('SELECT id FROM mechanisms WHERE id = $1 FOR UPDATE', [mechanismId]);
  const year = bogotaDate(at).slice(0, 4);
  const rows = await tx.query<{ version: string }>('SELECT version FROM data_policies WHERE mechanism_id = $1 AND version LIKE $2', [mechanismId, `${year}-%`]);
  const highest = Math.max(0, ...rows.map((r) => Number(r.version.slice(5))).filter(Number.isFinite));
  return `${year}-${String(highest + 1).padStart(2, '0')}`;
}
