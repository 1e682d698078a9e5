/**
 * Who may hear of a case — the one rule (issue #15 §7). Live pushes (realtime), in-app notices and
 * their e-mails (notifier), deadline notices, phone relays and the SQL that writes notices for an
 * audience all ask here, so none of them can disagree about a red flag or a company again.
 *
 * The people who may hear of a case are at most three groups, the same as may see it (casePolicy):
 * the ombudsman officers of its mechanism, the liaisons of its company — never while the case is
 * withheld from the company (an unreleased red flag) — and the accounts on the complainant's side (the
 * complainant's own account, in every identity mode, and the facilitator who filed it). What each group
 * is *told* about the complainant's identity is decided per side by casePolicy.sideSeesIdentity.
 */
import type { DeadlineResponsible } from '../../shared/types/deadlines';

/** The facts about a case that decide who may hear of it. */
export interface CaseAudienceFacts {
  id: string;
  mechanismId: string;
  companyId: string | null;
  /** True while the case is withheld from its company: a red flag the ombudsman has not released. */
  redFlag: boolean;
  complainantUserId: string | null;
  filedByUserId: string | null;
}

/** The people who hear: whole groups (the mechanism's officers, one company's liaisons) and named accounts. */
export interface CaseAudience {
  mechanismId: string;
  /** The active ombudsman officers of the case's mechanism. */
  ombudsman: boolean;
  /** The company whose active liaisons hear; null when the case has none or is withheld from it. */
  companyId: string | null;
  /** Accounts on the complainant's side. */
  userIds: string[];
}

/**
 * What is being told, which decides the groups:
 * - `everything`: the case changed (status, page, files, deadlines): everyone who may see it;
 * - `parties`: something addressed to both parties (a status change, a message to the parties): the
 *   company and the complainant's side — the ombudsman acted or reads it in the thread;
 * - `complainant`: something for the complainant's side only (a message kept from the company, an
 *   information request, an extension, a referral);
 * - `company`: the company must act (a new case to acknowledge);
 * - `ombudsman`: only the Defensoría (a reprisal report, a deadline that is the ombudsman's own);
 * - a deadline's responsible party (`{ deadline }`): who must act before it; a company that may not
 *   hear of the case is replaced by the ombudsman, who then acts for it.
 */
export type CaseTopic = 'everything' | 'parties' | 'complainant' | 'company' | 'ombudsman' | { deadline: DeadlineResponsible };

/**
 * SQL for "the case is withheld from its company": a red flag the ombudsman has not released. The raw
 * `red_flag` column stays true after release (it records that one was raised); everything deciding who
 * sees or hears of a case reads this instead.
 */
export function withheldFromCompanySql(alias: string): string {
  return `(${alias}.red_flag AND ${alias}.red_flag_released_at IS NULL)`;
}

/** The company that may hear of the case now, or null (none, or withheld by a red flag). */
export function audibleCompany(c: Pick<CaseAudienceFacts, 'companyId' | 'redFlag'>): string | null {
  return c.companyId && !c.redFlag ? c.companyId : null;
}

/** The accounts on the complainant's side of the case. */
export function complainantSideIds(c: Pick<CaseAudienceFacts, 'complainantUserId' | 'filedByUserId'>): string[] {
  return [...new Set([c.complainantUserId, c.filedByUserId].filter((id): id is string => Boolean(id)))];
}

/** Who hears of `topic` about case `c`. */
export function caseAudience(c: CaseAudienceFacts, topic: CaseTopic): CaseAudience {
  const company = audibleCompany(c);
  const complainant = complainantSideIds(c);
  const of = (ombudsman: boolean, companyId: string | null, userIds: string[]): CaseAudience => ({ mechanismId: c.mechanismId, ombudsman, companyId, userIds });
  if (typeof topic === 'object') {
    switch (topic.deadline) {
      case 'company':
        return of(company === null, company, []);
      case 'ombudsman':
        return of(true, null, []);
      case 'complainant':
        return of(false, null, complainant);
      case 'parties':
        return of(company === null, company, complainant);
    }
  }
  switch (topic) {
    case 'everything':
      return of(true, company, complainant);
    case 'parties':
      return of(false, company, complainant);
    case 'complainant':
      return of(false, null, complainant);
    case 'company':
      return of(false, company, []);
    case 'ombudsman':
      return of(true, null, []);
  }
}

/** Whether `audience` reaches anyone at all. */
export function audienceIsEmpty(audience: CaseAudience): boolean {
  return !audience.ombudsman && audience.companyId === null && audience.userIds.length === 0;
}
