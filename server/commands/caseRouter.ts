/**
 * Decides which company sees a case, without changing its status: the ombudsman routes a case filed
 * with "no sé" (or re-routes a misdirected one) and releases a red-flag case to its company. Each writes
 * a history event in the same transaction and pushes to everyone who gains or loses sight after commit.
 */
import type { AppContext } from '../context';
import { NotFound, ValidationFailed } from '../errors';
import { actorUserId, type CaseActor } from '../policies/casePolicy';
import { authorize } from '../policies/authorize';
import { findCaseForUpdate, insertCaseEvent, releaseCaseRedFlag, updateCaseCompany, type CaseRow } from '../repositories/cases';
import { mechanismLists } from '../repositories/mechanisms';
import { notifyNewCase } from '../notifications/notifier';
import { onCompanyCanAct } from '../deadlines/deadlineScheduler';

/** Sends the case to `companyId` (event `cases.routed`). Only the ombudsman; only open cases. */
export async function routeCase(ctx: AppContext, actor: CaseActor, caseId: string, companyId: string, reason?: string): Promise<CaseRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await findCaseForUpdate(tx, caseId);
    if (!current) throw new NotFound();
    authorize(actor, 'case.route', current);
    const { companies } = await mechanismLists(tx, current.mechanismId);
    const company = companies.find((c) => c.id === companyId);
    if (!company) throw new ValidationFailed([{ field: 'companyId', messageKey: 'validation.unknown_company' }]);
    const at = ctx.clock.now();
    await updateCaseCompany(tx, current.id, company.id, at);
    await insertCaseEvent(tx, {
      caseId: current.id,
      kind: 'cases.routed',
      actorUserId: actorUserId(actor),
      actorRole: 'ombudsman',
      reason: reason?.trim() || null,
      data: { fromCompanyId: current.companyId, toCompanyId: company.id },
      at,
    });
    const updated: CaseRow = { ...current, companyId: company.id, companyName: company.name, updatedAt: at };
    await notifyNewCase(ctx, tx, updated, actorUserId(actor));
    tx.afterCommit(() => {
      ctx.realtime.caseChanged(updated);
      // The company that had it refreshes its queue too (the payload names no new facts).
      if (current.companyId && current.companyId !== company.id) ctx.realtime.caseChanged({ ...updated, companyId: current.companyId });
    });
    return updated;
  });
}

/** Lets the company see a red-flag case (event `cases.red_flag_released`). Only the ombudsman. */
export async function releaseRedFlag(ctx: AppContext, actor: CaseActor, caseId: string, reason: string): Promise<CaseRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await findCaseForUpdate(tx, caseId);
    if (!current) throw new NotFound();
    authorize(actor, 'case.release_red_flag', current);
    const at = ctx.clock.now();
    await releaseCaseRedFlag(tx, current.id, at);
    await insertCaseEvent(tx, { caseId: current.id, kind: 'cases.red_flag_released', actorUserId: actorUserId(actor), actorRole: 'ombudsman', reason, at });
    const updated: CaseRow = { ...current, redFlag: false, updatedAt: at };
    await onCompanyCanAct(tx, updated);
    await notifyNewCase(ctx, tx, updated, actorUserId(actor));
    tx.afterCommit(() => ctx.realtime.caseChanged(updated));
    return updated;
  });
}
