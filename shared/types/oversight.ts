/**
 * Shapes of the ombudsman's oversight API and of the public transparency figures. Produced only by
 * server/presenters/oversightPresenter.ts and server/presenters/transparencyPresenter.ts.
 */
import type { CaseStatus } from '../caseLifecycle';
import type { CaseSummaryDto } from './api';
import type { AuditVerificationDto } from './audit';

/** One month of the series over time (months are Bogotá calendar months, `YYYY-MM`). */
export interface MonthPoint {
  month: string;
  /** Cases filed that month. */
  filed: number;
  /** Cases resolved that month. */
  resolved: number;
  /** Median business days from filing to acknowledgement, of cases acknowledged that month. */
  medianDaysToAcknowledge: number | null;
  /** Median business days from filing to resolution, of cases resolved that month. */
  medianDaysToResolve: number | null;
}

/** A municipality's square on the oversight map (grid cartogram): column from the west, row from the north, from 0. */
export interface MapPosition {
  column: number;
  row: number;
}

/** Cases per municipality, for the map. */
export interface MunicipalityCount {
  id: string;
  name: string;
  daneCode: string;
  count: number;
  /** Its square on the map, as the admin placed it; null when it has none (listed beside the map). */
  mapPosition: MapPosition | null;
}

/** Answer of `GET /api/oversight/summary`. */
export interface OversightSummaryDto {
  /** The mechanism these figures are of (the one `?mechanism=` named, else the officer's own). */
  mechanism: { slug: string; name: string };
  /** Cases matching the filters. */
  total: number;
  byStatus: Record<CaseStatus, number>;
  queues: { overdue: number; escalated: number; redFlag: number };
  medianDaysToAcknowledge: number | null;
  medianDaysToResolve: number | null;
  series: MonthPoint[];
  municipalities: MunicipalityCount[];
  /** How "overdue" is decided now, so the screen can say it. */
  overdueRule: 'case_deadlines';
  /** Reports of retaliation complainants made in the mechanism (issue #15 §5), ever. */
  reprisalReports: number;
}

/** Answer of `GET /api/oversight/cases`: the cases behind a figure. */
export interface OversightCaseListDto {
  cases: CaseSummaryDto[];
  /** Cases matching the filters, all pages together. */
  total: number;
  /** Send as `after` for the next page (most urgent first); null on the last page. */
  nextCursor: string | null;
}

/** One company's figures for a period. */
export interface ScorecardFigures {
  cases: number;
  medianDaysToAcknowledge: number | null;
  medianDaysToResolve: number | null;
  /** Share (0–1) of deadlines met among those already due; null when none was due. */
  deadlinesMet: number | null;
  /** How many deadlines were due (the denominator of `deadlinesMet`). */
  deadlinesDue: number;
  /** Cases whose agreement took effect. */
  agreementsReached: number;
  /** Agreements whose commitments were all kept (the case was resolved). */
  agreementsKept: number;
  /** Average satisfaction (1–5) given by complainants; null until someone rated. */
  satisfaction: number | null;
  satisfactionResponses: number;
}

/** A company's scorecard: the whole period and each quarter of it. */
export interface ScorecardDto extends ScorecardFigures {
  company: { id: string; name: string };
  quarters: (ScorecardFigures & { quarter: string })[];
}

/** Answer of `GET /api/oversight/scorecards`. */
export interface ScorecardsDto {
  scorecards: ScorecardDto[];
  /** Which data the deadline share is computed from (interim rule until case deadlines exist). */
  deadlineRule: 'case_deadlines';
}

/** One entry of a case's audit trail. */
export interface AuditEventDto {
  id: number;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  /** The staff member's name, or null for community members (their role says who acted). */
  actorName: string | null;
  actorRole: string;
  reason: string | null;
  data: Record<string, unknown>;
  at: string;
}

/** One look at a protected identity. */
export interface IdentityViewDto {
  id: number;
  viewerName: string | null;
  viewerRole: string | null;
  purpose: string;
  at: string;
  /** A reveal's reason, as the officer gave it. */
  reason: string | null;
  /** The second officer who approved a reveal, when the mechanism requires one. */
  approvedBy: string | null;
}

/** Answer of `GET /api/oversight/cases/:id/audit`. */
export interface CaseAuditDto {
  case: CaseSummaryDto;
  events: AuditEventDto[];
  identityViews: IdentityViewDto[];
  /** Habeas data reclamos still open about the case: the record shows "reclamo en trámite" and the motive (Ley 1581 art. 15). */
  reclamosInProcess: { kind: 'correction' | 'withdraw_consent' | 'deletion' | 'consulta'; receivedOn: string }[];
  /** Whether this case's hash chains still verify (docs/audit.md). */
  verification: AuditVerificationDto;
}

/** A published count: the number, or `'<5'` when it is suppressed to protect people. */
export type PublicCount = number | '<5';

/** One row of a public table. */
export interface TransparencyRow {
  key: string;
  label: string;
  filed: PublicCount;
  resolved: PublicCount;
  closedUnresolved: PublicCount;
  /** Null when no case was measured; `'<5'` when fewer than 5 were. */
  medianDaysToAcknowledge: number | '<5' | null;
  medianDaysToResolve: number | '<5' | null;
}

/** Answer of `GET /api/transparency`. */
export interface TransparencyDto {
  mechanism: { slug: string; name: string };
  period: { from: string | null; to: string | null };
  /** Smallest count published; smaller ones show as `'<5'`. */
  minimumCell: number;
  total: TransparencyRow;
  byCompany: TransparencyRow[];
  byCategory: TransparencyRow[];
  byMunicipality: TransparencyRow[];
  byQuarter: TransparencyRow[];
  /** Reports of retaliation made in the period; `'<5'` for 1 to 4, so nobody can be singled out. */
  reprisalReports: PublicCount;
}

/** A mechanism whose oversight an ombudsman officer may run: their own, or one an admin granted them. */
export interface OverseenMechanismDto {
  slug: string;
  name: string;
  /** The officer's own mechanism (the one the dashboard shows without `?mechanism=`). */
  own: boolean;
}

/** `GET /api/oversight/mechanisms`: the officer's own mechanism first, then those granted. */
export interface OverseenMechanismsDto {
  mechanisms: OverseenMechanismDto[];
}
