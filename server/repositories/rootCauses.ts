/**
 * Each mechanism's taxonomy of root causes under its categories, its companies' sites, and whether a
 * company may propose a case's causes (the causes tagged on cases are caseCauses.ts'). SQL in one
 * place; plain objects out.
 */
import type { Queryable } from '../db/database';
import type { AdminRootCausesDto, LocalizedText } from '../../shared/types/learning';

/** A cause as tagging needs it. */
export interface RootCauseRecord {
  id: string;
  mechanismId: string;
  code: string;
  name: LocalizedText;
  active: boolean;
  category: { code: string; name: LocalizedText };
}

/** One cause of a mechanism (active or not), or undefined. */
export function findRootCause(db: Queryable, mechanismId: string, id: string): Promise<RootCauseRecord | undefined> {
  return db.maybeOne<RootCauseRecord>(
    `SELECT r.id, r.mechanism_id AS "mechanismId", r.code, r.name, r.active,
            json_build_object('code', cat.code, 'name', cat.name) AS category
     FROM root_causes r JOIN categories cat ON cat.id = r.category_id
     WHERE r.mechanism_id = $1 AND r.id = $2`,
    [mechanismId, id],
  );
}

/** The active causes of a mechanism, by category position then cause position. */
export function activeRootCauses(db: Queryable, mechanismId: string): Promise<RootCauseRecord[]> {
  return db.query<RootCauseRecord>(
    `SELECT r.id, r.mechanism_id AS "mechanismId", r.code, r.name, r.active,
            json_build_object('code', cat.code, 'name', cat.name) AS category
     FROM root_causes r JOIN categories cat ON cat.id = r.category_id
     WHERE r.mechanism_id = $1 AND r.active AND cat.active
     ORDER BY cat.position, r.position, r.code`,
    [mechanismId],
  );
}

/** The active sites of a company, by name. */
export function activeSites(db: Queryable, companyId: string): Promise<{ id: string; name: string }[]> {
  return db.query('SELECT id, name FROM company_sites WHERE company_id = $1 AND active ORDER BY name', [companyId]);
}

/** Whether the site is an active one of the company. */
export async function siteOfCompany(db: Queryable, companyId: string, siteId: string): Promise<boolean> {
  return Boolean(await db.maybeOne('SELECT 1 FROM company_sites WHERE id = $1 AND company_id = $2 AND active', [siteId, companyId]));
}

/** Whether the mechanism lets companies propose a case's causes. */
export async function companyProposesCauses(db: Queryable, mechanismId: string): Promise<boolean> {
  const row = await db.maybeOne<{ on: boolean }>('SELECT company_proposes_causes AS on FROM mechanisms WHERE id = $1', [mechanismId]);
  return row?.on ?? false;
}

/** Everything the admin's taxonomy screen shows for a mechanism. */
export async function adminTaxonomy(db: Queryable, mechanismId: string): Promise<AdminRootCausesDto> {
  const [setting, categories, companies] = await Promise.all([
    companyProposesCauses(db, mechanismId),
    db.query<AdminRootCausesDto['categories'][number]>(
      `SELECT cat.id, cat.code, cat.name,
              COALESCE((SELECT json_agg(json_build_object('id', r.id, 'code', r.code, 'name', r.name, 'position', r.position, 'active', r.active)
                                 ORDER BY r.position, r.code)
                        FROM root_causes r WHERE r.category_id = cat.id), '[]'::json) AS causes
       FROM categories cat WHERE cat.mechanism_id = $1 ORDER BY cat.position, cat.code`,
      [mechanismId],
    ),
    db.query<AdminRootCausesDto['companies'][number]>(
      `SELECT co.id, co.name,
              COALESCE((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'active', s.active) ORDER BY s.name)
                        FROM company_sites s WHERE s.company_id = co.id), '[]'::json) AS sites
       FROM companies co WHERE co.mechanism_id = $1 ORDER BY co.name`,
      [mechanismId],
    ),
  ]);
  return { companyProposesCauses: setting, categories, companies };
}

/** Whether the category belongs to the mechanism. */
export async function categoryOfMechanism(db: Queryable, mechanismId: string, categoryId: string): Promise<boolean> {
  return Boolean(await db.maybeOne('SELECT 1 FROM categories WHERE id = $1 AND mechanism_id = $2', [categoryId, mechanismId]));
}

/** Adds a cause under a category; returns its id. */
export async function insertRootCause(
  tx: Queryable,
  mechanismId: string,
  cause: { categoryId: string; code: string; name: LocalizedText; position?: number },
): Promise<string> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO root_causes (mechanism_id, category_id, code, name, position)
     VALUES ($1, $2, $3, $4, COALESCE($5, (SELECT COALESCE(max(position) + 1, 0) FROM root_causes WHERE category_id = $2)))
     RETURNING id`,
    [mechanismId, cause.categoryId, cause.code, JSON.stringify(cause.name), cause.position ?? null],
  );
  return row.id;
}

/** Renames, moves or (de)activates a cause of the mechanism; returns its id, or undefined when it has none such. */
export async function updateRootCause(
  tx: Queryable,
  mechanismId: string,
  id: string,
  change: { name?: LocalizedText; position?: number; active?: boolean },
): Promise<string | undefined> {
  const row = await tx.maybeOne<{ id: string }>(
    `UPDATE root_causes SET name = COALESCE($3, name), position = COALESCE($4, position), active = COALESCE($5, active)
     WHERE mechanism_id = $1 AND id = $2 RETURNING id`,
    [mechanismId, id, change.name ? JSON.stringify(change.name) : null, change.position ?? null, change.active ?? null],
  );
  return row?.id;
}

/** Adds a site to a company of the mechanism; undefined when the company is not the mechanism's. */
export async function insertSite(tx: Queryable, mechanismId: string, companyId: string, name: string): Promise<string | undefined> {
  const row = await tx.maybeOne<{ id: string }>(
    `INSERT INTO company_sites (company_id, name)
     SELECT id, $3 FROM companies WHERE id = $2 AND mechanism_id = $1 RETURNING id`,
    [mechanismId, companyId, name],
  );
  return row?.id;
}

/** Sets whether companies may propose causes. */
export async function setCompanyProposesCauses(tx: Queryable, mechanismId: string, on: boolean): Promise<void> {
  await tx.query('UPDATE mechanisms SET company_proposes_causes = $2 WHERE id = $1', [mechanismId, on]);
}
