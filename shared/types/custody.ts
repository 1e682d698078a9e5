/** Responses of the identity-custodian and reprisal-risk routes (issue #15 §2, §5). */
import type { CaseStatus } from '../caseLifecycle';

/** The complainant's identity as a granted reveal shows it. */
export interface RevealedIdentityDto {
  name: string;
  documentId?: string;
  phone?: string;
  email?: string;
}

/** One request to see a protected identity, as an officer of the case sees it. */
export interface IdentityRevealDto {
  id: number;
  status: 'pending' | 'granted' | 'refused';
  reason: string;
  requestedBy: string;
  requestedAt: string;
  /** Whether this reader asked for it. */
  mine: boolean;
  /** Whether this reader may approve or refuse it (another officer, while pending). */
  canDecide: boolean;
  decidedAt: string | null;
  /** Until when a granted reveal shows the identity to its requester. */
  expiresAt: string | null;
}

/** `GET /api/cases/:id/identity-custody`: whether the identity is protected, the reader's reveal, the requests. */
export interface IdentityCustodyDto {
  /** Confidential cases: masked for everyone but the complainant's side unless revealed. */
  protected: boolean;
  /** Whether a reveal waits for a second officer's approval in this mechanism. */
  requiresApproval: boolean;
  /** The identity while a reveal granted to this reader lasts; null otherwise. */
  identity: RevealedIdentityDto | null;
  revealedUntil: string | null;
  requests: IdentityRevealDto[];
}

/** Levels of reprisal risk. */
export type ReprisalRiskLevel = 'low' | 'medium' | 'high';

/** One assessment of the reprisal risk, at a stage of the case. */
export interface ReprisalRiskDto {
  level: ReprisalRiskLevel;
  stage: CaseStatus;
  note: string | null;
  assessedBy: string;
  assessedAt: string;
}

/** A complainant's report of retaliation (read only by the Defensoría). */
export interface ReprisalReportDto {
  id: number;
  account: string;
  reportedByRole: 'complainant' | 'facilitator' | 'anonymous';
  reportedAt: string;
}

/** A protective measure recorded with the person's consent. */
export interface ProtectiveMeasureDto {
  measure: string;
  consentHow: 'written' | 'verbal' | 'recorded';
  recordedBy: string;
  recordedAt: string;
}

/** `GET /api/cases/:id/reprisal`: the Defensoría's reprisal-risk file of a case. */
export interface ReprisalFileDto {
  /** Newest first; the first is the current level. */
  assessments: ReprisalRiskDto[];
  reports: ReprisalReportDto[];
  measures: ProtectiveMeasureDto[];
}

/** `POST /api/cases/:id/reprisal-reports` answer to the complainant: received, without echoing the text. */
export interface ReprisalReportReceiptDto {
  receivedAt: string;
}
