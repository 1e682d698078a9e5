/**
 * How the identity custodian's panel and the reprisal-risk file leave the server. The identity is
 * decrypted here only while a reveal granted to the reader lasts; report accounts only for the
 * Defensoría (the routes allow no one else).
 */
import type { IdentityCustodyDto, ReprisalFileDto } from '../../shared/types/custody';
import type { FieldCipher } from '../crypto/fieldCipher';
import { canDecideReveal, canRevealIdentity } from '../policies/casePolicy';
import type { CaseRow } from '../repositories/cases';
import type { RevealRow, listProtectiveMeasures, listReprisalReports, listRiskAssessments } from '../repositories/custody';
import type { UserRecord } from '../repositories/users';
import type { ComplainantIdentity } from './casePresenter';
import { casePlace, reprisalReportPlace } from '../crypto/sealedColumns';

/** The custody panel of case `c` for `officer`. */
export function presentIdentityCustody(
  c: CaseRow,
  officer: UserRecord,
  facts: { requiresApproval: boolean; requests: RevealRow[]; active: { expiresAt: Date } | undefined; cipher: FieldCipher },
): IdentityCustodyDto {
  const revealed = facts.active !== undefined && canRevealIdentity(officer, c) && c.identityCiphertext !== null;
  const identity = revealed ? facts.cipher.open<ComplainantIdentity>(c.identityCiphertext!, casePlace(c.id, 'identity')) : null;
  return {
    protected: canRevealIdentity(officer, c),
    requiresApproval: facts.requiresApproval,
    identity: identity
      ? {
          name: identity.name,
          ...(identity.documentId ? { documentId: identity.documentId } : {}),
          ...(identity.phone ? { phone: identity.phone } : {}),
          ...(identity.email ? { email: identity.email } : {}),
        }
      : null,
    revealedUntil: revealed ? facts.active!.expiresAt.toISOString() : null,
    requests: facts.requests.map((r) => ({
      id: r.id,
      status: r.status,
      reason: r.reason,
      requestedBy: r.requestedByName ?? '',
      requestedAt: r.requestedAt.toISOString(),
      mine: r.requestedByUserId === officer.id,
      canDecide: r.status === 'pending' && canDecideReveal(officer, c, r.requestedByUserId),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      expiresAt: r.expiresAt?.toISOString() ?? null,
    })),
  };
}

/** The reprisal-risk file of a case, for the Defensoría. */
export function presentReprisalFile(
  rows: {
    assessments: Awaited<ReturnType<typeof listRiskAssessments>>;
    reports: Awaited<ReturnType<typeof listReprisalReports>>;
    measures: Awaited<ReturnType<typeof listProtectiveMeasures>>;
  },
  cipher: FieldCipher,
): ReprisalFileDto {
  return {
    assessments: rows.assessments.map((a) => ({
      level: a.level,
      stage: a.stage,
      note: a.note,
      assessedBy: a.assessedBy ?? '',
      assessedAt: a.assessedAt.toISOString(),
    })),
    reports: rows.reports.map((r) => ({
      id: r.id,
      account: cipher.open<{ account: string }>(r.accountCiphertext, reprisalReportPlace(r.caseId)).account,
      reportedByRole: r.reportedByRole,
      reportedAt: r.reportedAt.toISOString(),
    })),
    measures: rows.measures.map((m) => ({
      measure: m.measure,
      consentHow: m.consentHow,
      recordedBy: m.recordedBy ?? '',
      recordedAt: m.recordedAt.toISOString(),
    })),
  };
}
