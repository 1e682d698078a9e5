/**
 * SQL of the public open-data feed (Open311 GeoReport v2), in one place. Only what a public record
 * may carry is read; a case's identity is read only to mask it out of words the complainant allowed
 * to be published (server/presenters/open311Presenter.ts).
 *
 * Which cases are published: every case of the mechanism with a category, except red-flag cases the
 * ombudsman has not released (the company itself does not see those yet). Each case is published
 * under its first category (by the category list's order), its GeoReport service.
 */
import { withheldFromCompanySql } from '../policies/caseAudience';
import type { Queryable } from '../db/database';
import { joinSql, rawSql, sql, type SqlFragment } from '../db/sql';
import type { CaseStatus } from '../../shared/caseLifecycle';
import { bogotaDateSql } from './oversight';

/** A mechanism as the feed names it. */
export interface FeedMechanism {
  id: string;
  slug: string;
  name: string;
  region: string;
}

/** One category, as a GeoReport service. */
export interface FeedCategory {
  code: string;
  name: Record<string, string>;
  description: Record<string, string>;
  redFlag: boolean;
}

/** One case as the feed reads it, before it is presented. */
export interface FeedCaseRow {
  openDataId: string;
  status: CaseStatus;
  company: string | null;
  municipality: string;
  municipalityCode: string;
  centreLatitude: number | null;
  centreLongitude: number | null;
  veredaId: string | null;
  vereda: string | null;
  categoryId: string;
  categoryCode: string;
  categoryName: Record<string, string>;
  categories: string[];
  /** Bogotá dates of filing and of the last change. */
  filedOn: string;
  updatedOn: string;
  /** Only when the complainant allowed publication and the case is no red flag; else null. */
  publishableText: string | null;
  /** The identity's ciphertext, only beside a publishable text (to mask it out of the text). */
  identityCiphertext: string | null;
  /** The case's id: the identity's ciphertext is bound to it. Never published. */
  caseId: string;
}

/** What the requests list filters on; dates are Bogotá days of filing, inclusive. */
export interface FeedFilter {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: CaseStatus[];
  filedFrom?: string;
  filedTo?: string;
}

/** The mechanism named by a GeoReport jurisdiction_id (its slug). */
export function feedMechanismBySlug(db: Queryable, slug: string): Promise<FeedMechanism | undefined> {
  return db.maybeOne('SELECT id, slug, name, region FROM mechanisms WHERE slug = $1', [slug]);
}

/** Every mechanism of the installation, oldest first, at most two (enough to know whether one is the only one). */
export function firstMechanisms(db: Queryable): Promise<FeedMechanism[]> {
  return db.query('SELECT id, slug, name, region FROM mechanisms ORDER BY created_at, slug LIMIT 2');
}

/** The mechanism's categories in their list order (inactive ones too: old cases keep them). */
export function feedCategories(db: Queryable, mechanismId: string): Promise<FeedCategory[]> {
  return db.query(`SELECT code, name, description, red_flag AS "redFlag" FROM categories WHERE mechanism_id = $1 ORDER BY position, code`, [mechanismId]);
}

// A published case (alias c) and its service, the first of its categories (alias pc).
const PUBLISHED_FROM = `
  FROM cases c
  JOIN LATERAL (SELECT cat.id, cat.code, cat.name FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                WHERE cc.case_id = c.id ORDER BY cat.position, cat.code LIMIT 1) pc ON true`;
/** The published cases of a mechanism, over PUBLISHED_FROM. */
function publishedWhere(mechanismId: string): SqlFragment {
  return sql`WHERE c.mechanism_id = ${mechanismId} AND NOT ${rawSql(withheldFromCompanySql('c'))}`;
}

/**
 * One page of published cases matching `filter`, newest filing day first, then by feed id (random:
 * the order inside a day says nothing about who filed first). Asks one row more than `limit` so the
 * caller knows whether another page follows.
 */
export function feedCases(db: Queryable, mechanismId: string, filter: FeedFilter, limit: number, offset: number): Promise<FeedCaseRow[]> {
  const where: SqlFragment[] = [publishedWhere(mechanismId)];
  const filedOn = rawSql(bogotaDateSql('c.created_at'));
  if (filter.ids) where.push(sql`c.open_data_id = ANY(${filter.ids}::text[])`);
  if (filter.serviceCodes) where.push(sql`pc.code = ANY(${filter.serviceCodes}::text[])`);
  if (filter.statuses) where.push(sql`c.status = ANY(${filter.statuses}::text[])`);
  if (filter.filedFrom) where.push(sql`${filedOn} >= ${filter.filedFrom}::date`);
  if (filter.filedTo) where.push(sql`${filedOn} <= ${filter.filedTo}::date`);
  return db.query<FeedCaseRow>(
    sql`SELECT c.open_data_id AS "openDataId", c.id AS "caseId", c.status, co.name AS company,
            m.name AS municipality, m.dane_code AS "municipalityCode",
            m.centre_latitude AS "centreLatitude", m.centre_longitude AS "centreLongitude",
            c.vereda_id AS "veredaId", v.name AS vereda,
            pc.id AS "categoryId", pc.code AS "categoryCode", pc.name AS "categoryName",
            ARRAY(SELECT cat.code FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                  WHERE cc.case_id = c.id ORDER BY cat.position, cat.code) AS categories,
            ${filedOn}::text AS "filedOn", ${rawSql(bogotaDateSql('c.updated_at'))}::text AS "updatedOn",
            CASE WHEN c.publish_description AND NOT c.red_flag THEN c.description END AS "publishableText",
            CASE WHEN c.publish_description AND NOT c.red_flag THEN c.identity_ciphertext END AS "identityCiphertext"
     ${rawSql(PUBLISHED_FROM)}
     JOIN municipalities m ON m.id = c.municipality_id
     LEFT JOIN veredas v ON v.id = c.vereda_id
     LEFT JOIN companies co ON co.id = c.company_id
     ${joinSql(where, ' AND ')}
     ORDER BY ${filedOn} DESC, c.open_data_id
     LIMIT ${limit + 1} OFFSET ${offset}`,
  );
}

/**
 * How many published cases of the mechanism share each of `veredaIds`' (vereda, service) cells: the
 * cell a record's vereda is judged by. Counted over the whole feed, never over a query's filters, so
 * no choice of filters can reveal a vereda another query hides.
 */
export async function veredaCellCounts(db: Queryable, mechanismId: string, veredaIds: string[]): Promise<Map<string, number>> {
  if (veredaIds.length === 0) return new Map();
  const rows = await db.query<{ veredaId: string; categoryId: string; count: number }>(
    sql`SELECT c.vereda_id AS "veredaId", pc.id AS "categoryId", count(*) AS count
     ${rawSql(PUBLISHED_FROM)} ${publishedWhere(mechanismId)} AND c.vereda_id = ANY(${veredaIds}::uuid[])
     GROUP BY 1, 2`,
  );
  return new Map(rows.map((r) => [veredaCellKey(r.veredaId, r.categoryId), r.count]));
}

/** The key of a (vereda, service) cell in veredaCellCounts' answer. */
export function veredaCellKey(veredaId: string, categoryId: string): string {
  return `${veredaId}/${categoryId}`;
}
