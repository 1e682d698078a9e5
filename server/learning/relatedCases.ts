/**
 * Likely related open cases of a complaint (issue #17 item 2), ranked: same company, shared category,
 * same municipality and vereda, filed within a window around it, and how alike the texts are
 * (`pg_trgm`'s `similarity()` on what the complainants wrote, which the server keeps readable; nothing
 * about who complained is compared or answered). For the ombudsman only (routes and policy decide).
 */
import { OPEN_STATUSES } from '../../shared/caseLifecycle';
import type { RelatedCaseDto } from '../../shared/types/learning';
import type { Language } from '../../shared/roles';
import type { Queryable } from '../db/database';
import { excerpt, localized } from '../presenters/casePresenter';

/** Candidates come from cases filed this many days before or after the complaint. */
export const RELATED_WINDOW_DAYS = 180;
/** How many suggestions the ombudsman sees. */
const RELATED_LIMIT = 10;
/** Texts at least this alike count as related even without any other shared fact. */
const SIMILAR_TEXT = 0.3;

/** Weights of the ranking: a shared company and place say more than a shared category alone. */
const WEIGHTS = { company: 3, category: 2, municipality: 1, vereda: 2, text: 4 };

interface RelatedRow {
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

/** The open cases most likely related to case `caseId`, best first. */
export async function relatedCases(db: Queryable, caseId: string, language: Language): Promise<RelatedCaseDto[]> {
  const rows = await db.query<RelatedRow>(
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
    [caseId, OPEN_STATUSES, RELATED_WINDOW_DAYS, WEIGHTS.company, WEIGHTS.category, WEIGHTS.municipality, WEIGHTS.vereda, WEIGHTS.text, SIMILAR_TEXT, RELATED_LIMIT],
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    company: r.company,
    categories: r.categories.map((name) => localized(name, language)),
    municipality: r.municipality,
    vereda: r.vereda,
    summary: excerpt(r.description),
    reasons: {
      sameCompany: r.sameCompany,
      sharedCategories: r.sharedCategories,
      sameMunicipality: r.sameMunicipality,
      sameVereda: r.sameVereda,
      textSimilarity: Math.round(r.textSimilarity * 100) / 100,
    },
    score: Math.round(r.score * 100) / 100,
    leadCaseId: r.leadCaseId,
  }));
}
