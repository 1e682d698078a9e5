/**
 * Candidates for a complaint's related cases, ranked in the database: same mechanism, in the statuses
 * asked for, filed within a window around it, sharing a company, a category, a place or enough of its
 * text (`pg_trgm`'s `similarity()`). The weights and limits are learning/relatedCases.ts' to choose.
 */
import type { Queryable } from '../db/database';
import type { RelatedCaseDto } from '../../shared/types/learning';

/** A related case as ranked, with the facts that made it related. */
export interface RelatedRow {
  id: string;
  reference: string;
  status: RelatedCaseDto['status'];
  createdAt: Date;
  company: string | null;
  categories: Record<string, string>[];
  municipality: string;
  vereda: string | null;
  description: string;
  sameCompany: boolean;
  sharedCategories: number;
  sameMunicipality: boolean;
  sameVereda: boolean;
  textSimilarity: number;
  score: number;
  leadCaseId: string | null;
}

/** How the candidates are chosen and ranked. */
export interface RelatedRanking {
  statuses: readonly string[];
  windowDays: number;
  weights: { company: number; category: number; municipality: number; vereda: number; text: number };
  /** Texts at least this alike count as related even without any other shared fact. */
  similarText: number;
  limit: number;
}

/** The cases most likely related to `caseId`, best first. */
export function relatedCaseRows(db: Queryable, caseId: string, ranking: RelatedRanking): Promise<RelatedRow[]> {
  const { weights } = ranking;
  return db.query<RelatedRow>(
    `WITH target AS (
       SELECT id, mechanism_id, company_id, municipality_id, vereda_id, description, created_at,
              ARRAY(SELECT category_id FROM case_categories WHERE case_id = cases.id) AS category_ids
       FROM cases WHERE id = $1
     ), candidates AS (
       SELECT c.id,
              COALESCE(c.company_id = t.company_id, false) AS "sameCompany",
              (SELECT count(*)::int FROM case_categories cc WHERE cc.case_id = c.id AND cc.category_id = ANY(t.category_ids)) AS "sharedCategories",
              c.municipality_id = t.municipality_id AS "sameMunicipality",
              COALESCE(c.vereda_id = t.vereda_id, false) AS "sameVereda",
              similarity(c.description, t.description)::float8 AS "textSimilarity"
       FROM cases c CROSS JOIN target t
       WHERE c.mechanism_id = t.mechanism_id AND c.id <> t.id AND c.status = ANY($2::text[])
         AND c.created_at BETWEEN t.created_at - make_interval(days => $3) AND t.created_at + make_interval(days => $3)
     ), ranked AS (
       SELECT *, ($4 * "sameCompany"::int + $5 * ("sharedCategories" > 0)::int + $6 * "sameMunicipality"::int
                  + $7 * "sameVereda"::int + $8 * "textSimilarity")::float8 AS score
       FROM candidates
       WHERE "sameCompany" OR "sharedCategories" > 0 OR "sameMunicipality" OR "textSimilarity" >= $9
     )
     SELECT r.*, c.reference, c.status, c.created_at AS "createdAt", co.name AS company, mu.name AS municipality, v.name AS vereda,
            c.description, l.lead_case_id AS "leadCaseId",
            COALESCE((SELECT json_agg(cat.name ORDER BY cat.position) FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                      WHERE cc.case_id = c.id), '[]'::json) AS categories
     FROM ranked r JOIN cases c ON c.id = r.id
     LEFT JOIN companies co ON co.id = c.company_id
     JOIN municipalities mu ON mu.id = c.municipality_id
     LEFT JOIN veredas v ON v.id = c.vereda_id
     LEFT JOIN case_links l ON l.case_id = c.id
     ORDER BY r.score DESC, c.created_at DESC, c.id
     LIMIT $10`,
    [
      caseId,
      ranking.statuses,
      ranking.windowDays,
      weights.company,
      weights.category,
      weights.municipality,
      weights.vereda,
      weights.text,
      ranking.similarText,
      ranking.limit,
    ],
  );
}
