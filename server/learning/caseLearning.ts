/**
 * The learning panel of a case page (`GET /api/cases/:id/learning`): its causes, what may be tagged,
 * the issue it is linked in (only the cases the reader may see, and no identity), and how many people
 * a collective complaint speaks for.
 */
import type { CaseCauseDto, CaseLearningDto, CauseGroupDto, LinkedCaseDto } from '../../shared/types/learning';
import type { Language } from '../../shared/roles';
import type { Queryable } from '../db/database';
import { canViewCase, type CaseActor } from '../policies/casePolicy';
import { canAssessConsequence, canConfirmCauses, canLinkCases, canOpenToSignatories, canTagCauses } from '../policies/learningPolicy';
import { localized } from '../presenters/casePresenter';
import { listCaseCauses } from '../repositories/caseCauses';
import { findIssueLeadId, listIssueCases } from '../repositories/caseLinks';
import { findConsequenceLevel, type CaseRow } from '../repositories/cases';
import { collectiveCount } from './signatories';
import { activeRootCauses, activeSites, companyProposesCauses } from '../repositories/rootCauses';

/** The causes tagged on a case, confirmed first. */
async function caseCauses(db: Queryable, caseId: string, language: Language): Promise<CaseCauseDto[]> {
  const rows = await listCaseCauses(db, caseId);
  return rows.map((r) => ({
    rootCause: { id: r.id, code: r.code, name: localized(r.name, language) },
    category: { code: r.category.code, name: localized(r.category.name, language) },
    site: r.site,
    stage: r.stage,
    taggedBy: r.taggedBy,
    confirmed: r.confirmed,
  }));
}

/** The issue the case is in: its lead and members, as `reader` may see them. */
async function caseIssue(db: Queryable, reader: CaseActor, c: CaseRow): Promise<CaseLearningDto['link']> {
  const leadId = await findIssueLeadId(db, c.id);
  if (!leadId) return null;
  const rows = await listIssueCases(db, leadId);
  const visible = rows.filter((r) => r.id === c.id || canViewCase(reader, r));
  const present = (r: LinkedCaseDto): LinkedCaseDto => ({ id: r.id, reference: r.reference, status: r.status, identityMode: r.identityMode });
  const leadRow = rows.find((r) => r.isLead)!;
  return { lead: visible.includes(leadRow) ? present(leadRow) : null, members: visible.filter((r) => !r.isLead).map(present) };
}

/** The learning panel of case `c` for `reader` (who may see the case: the route checked). */
export async function caseLearning(db: Queryable, reader: CaseActor, c: CaseRow, language: Language): Promise<CaseLearningDto> {
  const proposes = await companyProposesCauses(db, c.mechanismId);
  const mayTag = canTagCauses(reader, c, proposes);
  const [causes, options, sites, link, collective] = await Promise.all([
    caseCauses(db, c.id, language),
    mayTag ? activeRootCauses(db, c.mechanismId) : Promise.resolve([]),
    mayTag && c.companyId ? activeSites(db, c.companyId) : Promise.resolve([]),
    caseIssue(db, reader, c),
    c.isCollective ? collectiveCount(db, c.id) : Promise.resolve(null),
  ]);
  const groups = new Map<string, CauseGroupDto>();
  for (const cause of options) {
    const group = groups.get(cause.category.code) ?? { category: { code: cause.category.code, name: localized(cause.category.name, language) }, causes: [] };
    group.causes.push({ id: cause.id, code: cause.code, name: localized(cause.name, language) });
    groups.set(cause.category.code, group);
  }
  // The case's own categories first: its causes most likely lie there.
  const own = new Set(c.categories.map((cat) => cat.code));
  const causeOptions = [...groups.values()].sort((a, b) => Number(own.has(b.category.code)) - Number(own.has(a.category.code)));
  return {
    causes,
    causeOptions,
    sites,
    may: { tag: mayTag, confirm: canConfirmCauses(reader, c), link: canLinkCases(reader, c), openToSignatories: canOpenToSignatories(reader, c) },
    link,
    collective,
    // How grave the harm is, as the ombudsman assessed it (issue #17 item 4): theirs alone to see and set.
    consequenceLevel: canAssessConsequence(reader, c) ? await findConsequenceLevel(db, c.id) : undefined,
  };
}
