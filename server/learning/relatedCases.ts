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
import { relatedCaseRows } from '../repositories/relatedCases';

/** Candidates come from cases filed this many days before or after the complaint. */
export const RELATED_WINDOW_DAYS = 180;
/** How many suggestions the ombudsman sees. */
const RELATED_LIMIT = 10;
/** Texts at least this alike count as related even without any other shared fact. */
const SIMILAR_TEXT = 0.3;

/** Weights of the ranking: a shared company and place say more than a shared category alone. */
const WEIGHTS = { company: 3, category: 2, municipality: 1, vereda: 2, text: 4 };

/** The open cases most likely related to case `caseId`, best first. */
export async function relatedCases(db: Queryable, caseId: string, language: Language): Promise<RelatedCaseDto[]> {
  const rows = await relatedCaseRows(db, caseId, {
    statuses: OPEN_STATUSES,
    windowDays: RELATED_WINDOW_DAYS,
    weights: WEIGHTS,
    similarText: SIMILAR_TEXT,
    limit: RELATED_LIMIT,
  });
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
