/**
 * The reprisal-risk protocol (issue #15 §5, as the CAO runs it): the Defensoría assesses how much a
 * complainant risks retaliation — at intake and again at each stage, every assessment kept — and
 * records protective measures only with the person's consent; the complainant's side may report
 * retaliation at any time. A report is told only to the Defensoría (caseAudience 'ombudsman'): it is
 * not a case event, so the company never sees it in the history, the thread or a push.
 */
import { reprisalReportPlace } from '../crypto/sealedColumns';
import type { ReprisalFileDto, ReprisalReportReceiptDto } from '../../shared/types/custody';
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { canAssessReprisalRisk, canReportReprisal, canViewCase, type CaseActor } from '../policies/casePolicy';
import { caseAudience } from '../policies/caseAudience';
import { notifyAudience } from '../notifications/notifier';
import { presentReprisalFile } from '../presenters/custodyPresenter';
import { findCase, findCaseForUpdate, type CaseRow } from '../repositories/cases';
import {
  insertProtectiveMeasure,
  insertReprisalReport,
  insertRiskAssessment,
  listProtectiveMeasures,
  listReprisalReports,
  listRiskAssessments,
} from '../repositories/custody';
import type { UserRecord } from '../repositories/users';
import { logger } from '../logger';

async function caseFor(ctx: AppContext, actor: CaseActor, caseId: string, allowed: (actor: CaseActor, c: CaseRow) => boolean): Promise<CaseRow> {
  const c = await findCase(ctx.db, caseId);
  if (!c || !canViewCase(actor, c) || !allowed(actor, c)) throw new NotFound();
  return c;
}

/** The Defensoría's reprisal-risk file of a case. */
export async function readReprisalFile(ctx: AppContext, actor: CaseActor, caseId: string): Promise<ReprisalFileDto> {
  const c = await caseFor(ctx, actor, caseId, canAssessReprisalRisk);
  const [assessments, reports, measures] = await Promise.all([
    listRiskAssessments(ctx.db, ctx.cipher, c.id),
    listReprisalReports(ctx.db, c.id),
    listProtectiveMeasures(ctx.db, ctx.cipher, c.id),
  ]);
  return presentReprisalFile({ assessments, reports, measures }, ctx.cipher);
}

/** Records the risk level at the case's current stage (the history keeps every earlier one). */
export async function assessReprisalRisk(ctx: AppContext, actor: CaseActor, caseId: string, input: { level: string; note?: string }): Promise<ReprisalFileDto> {
  const c = await caseFor(ctx, actor, caseId, canAssessReprisalRisk);
  await insertRiskAssessment(ctx.db, {
    caseId: c.id,
    level: input.level,
    stage: c.status,
    note: input.note ?? null,
    by: (actor as UserRecord).id,
    at: ctx.clock.now(),
  });
  return readReprisalFile(ctx, actor, caseId);
}

/** Records a protective measure the person consented to (the schema refuses one without consent). */
export async function recordProtectiveMeasure(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  input: { measure: string; consentHow: string },
): Promise<ReprisalFileDto> {
  const c = await caseFor(ctx, actor, caseId, canAssessReprisalRisk);
  await insertProtectiveMeasure(ctx.db, {
    caseId: c.id,
    measure: input.measure,
    consentHow: input.consentHow,
    by: (actor as UserRecord).id,
    at: ctx.clock.now(),
  });
  return readReprisalFile(ctx, actor, caseId);
}

/** The complainant's side reports retaliation; only the Defensoría hears of it. */
export async function reportReprisal(ctx: AppContext, actor: CaseActor, caseId: string, account: string): Promise<ReprisalReportReceiptDto> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canReportReprisal(actor, c)) throw new NotFound();
    const role = actor.role === 'facilitator' ? 'facilitator' : actor.role === 'tracker' && c.identityMode === 'anonymous' ? 'anonymous' : 'complainant';
    await insertReprisalReport(tx, {
      caseId: c.id,
      mechanismId: c.mechanismId,
      accountCiphertext: ctx.cipher.seal({ account }, reprisalReportPlace(c.id)),
      role,
      at,
    });
    await notifyAudience(ctx, tx, (work) => tx.afterCommit(work), caseAudience(c, 'ombudsman'), {
      caseId: c.id,
      kind: 'reprisal.reported',
      data: { reference: c.reference },
      at,
    });
    logger.warn('reprisal reported', { caseId: c.id });
  });
  return { receivedAt: at.toISOString() };
}
