/**
 * What the learning features answer (issue #17 items 1–3): root causes and their taxonomy, related and
 * linked cases, collective complaints people join, and recurrence. No DTO here carries an identity
 * except `SignatoryDto.name`, which the server fills only for those allowed to know it.
 */
import type { CaseStatus } from '../caseLifecycle';
import type { IdentityMode } from './api';

/** `{ es, en }` as the admin writes it. */
export type LocalizedText = Record<string, string>;

/** One cause of the taxonomy, in the reader's language. */
export interface RootCauseDto {
  id: string;
  code: string;
  name: string;
}

/** The causes under one category (active ones only), for tagging. */
export interface CauseGroupDto {
  category: { code: string; name: string };
  causes: RootCauseDto[];
}

/** A cause tagged on a case. */
export interface CaseCauseDto {
  rootCause: RootCauseDto;
  category: { code: string; name: string };
  site: { id: string; name: string } | null;
  stage: 'admission' | 'closure';
  /** Who tagged it: the ombudsman, or the company (a proposal until confirmed). */
  taggedBy: 'ombudsman' | 'liaison';
  confirmed: boolean;
}

/** A case in a linked issue, as the reader may see it (no identity). */
export interface LinkedCaseDto {
  id: string;
  reference: string;
  status: CaseStatus;
  identityMode: IdentityMode;
}

/** How many people a collective complaint speaks for. */
export interface CollectiveCountDto {
  /** The group size its promoters declared when filing. */
  declaredSize: number;
  /** People who joined it since, each with their own identity mode. */
  signatories: number;
  /** declaredSize + signatories: those the case speaks for now. */
  speaksFor: number;
  /** Whether its promoters list it on the public page so others may join. */
  openToSignatories: boolean;
}

/** Answer of `GET /api/cases/:id/learning`: the learning panel of a case page. */
export interface CaseLearningDto {
  causes: CaseCauseDto[];
  /** The taxonomy to tag from, by category (empty for readers who may not tag). */
  causeOptions: CauseGroupDto[];
  /** The case company's sites (empty without a company, or for readers who may not tag). */
  sites: { id: string; name: string }[];
  /** What the reader may do here. */
  may: { tag: boolean; confirm: boolean; link: boolean; openToSignatories: boolean };
  /**
   * The issue this case belongs to: its lead and the other cases linked under it, only those the reader
   * may see (`lead` is null when the reader may not see the lead); nothing says how many others there are.
   */
  link: { lead: LinkedCaseDto | null; members: LinkedCaseDto[] } | null;
  collective: CollectiveCountDto | null;
  /** The consequence level the ombudsman assessed (1–3, null not yet); only for the ombudsman, who sets it. */
  consequenceLevel?: 1 | 2 | 3 | null;
}

/** A likely related open case, and why (ombudsman only). */
export interface RelatedCaseDto {
  id: string;
  reference: string;
  status: CaseStatus;
  createdAt: string;
  company: string | null;
  categories: string[];
  municipality: string;
  vereda: string | null;
  summary: string;
  reasons: { sameCompany: boolean; sharedCategories: number; sameMunicipality: boolean; sameVereda: boolean; textSimilarity: number };
  score: number;
  /** The lead case of the issue it is already linked in, if any. */
  leadCaseId: string | null;
}

/** Answer of `GET /api/cases/:id/related`. */
export interface RelatedCasesDto {
  related: RelatedCaseDto[];
  /** The window around the case's filing that candidates come from, in days. */
  windowDays: number;
}

/** One person who joined a collective complaint, as the reader may know them. */
export interface SignatoryDto {
  id: string;
  identityMode: IdentityMode;
  /** Null unless the reader may know who they are (never for a company in a confidential or anonymous join). */
  name: string | null;
  joinedAt: string;
}

/** Answer of `GET /api/cases/:id/signatories`. */
export interface SignatoryListDto {
  count: CollectiveCountDto;
  /** Empty for the complainant's side, who see how many joined but not who. */
  signatories: SignatoryDto[];
  byMode: Record<IdentityMode, number>;
}

/** A collective complaint as anyone may see it before joining (no identity, nothing the complaint says). */
export interface PublicCollectiveDto {
  reference: string;
  /** Only when its promoters list it publicly. */
  groupName: string | null;
  groupKind: string;
  categories: string[];
  municipality: string;
  status: CaseStatus;
  count: CollectiveCountDto;
}

/** Answer of `GET /api/collective`. */
export interface PublicCollectiveListDto {
  collectives: PublicCollectiveDto[];
}

/** Answer of `POST /api/collective/:reference/signatories`. */
export interface JoinedCollectiveDto {
  reference: string;
  identityMode: IdentityMode;
  count: CollectiveCountDto;
}

/** The admin's taxonomy screen: causes per category, companies' sites and the mechanism's setting. */
export interface AdminRootCausesDto {
  companyProposesCauses: boolean;
  categories: { id: string; code: string; name: LocalizedText; causes: AdminRootCauseDto[] }[];
  companies: { id: string; name: string; sites: { id: string; name: string; active: boolean }[] }[];
}

/** One cause as the admin edits it. */
export interface AdminRootCauseDto {
  id: string;
  code: string;
  name: LocalizedText;
  position: number;
  active: boolean;
}

/** The kinds of recurrence the oversight counts. */
export const RECURRENCE_KINDS = ['same_cause_place', 'same_complainant', 'reopened', 'broken_after_verification'] as const;
/** A kind of recurrence. */
export type RecurrenceKind = (typeof RECURRENCE_KINDS)[number];

/** One count: cases of a kind in a month, per company, cause and place. */
export interface RecurrenceRowDto {
  kind: RecurrenceKind;
  /** YYYY-MM in America/Bogota. */
  month: string;
  company: string | null;
  cause: string | null;
  municipality: string;
  vereda: string | null;
  count: number;
}

/** Answer of `GET /api/oversight/recurrence`. */
export interface RecurrenceDto {
  period: { from: string; to: string };
  totals: Record<RecurrenceKind, number>;
  rows: RecurrenceRowDto[];
}
