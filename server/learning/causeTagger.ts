/**
 * Tags a case's root causes (issue #17 item 1): the ombudsman's tags count at once; a company's (where
 * the mechanism allows it) are proposals the ombudsman confirms. Each change locks the case, asks the
 * policy again under the lock, and writes its history event in the same transaction.
 */
import { FINAL_STATUSES } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import { AppError, NotFound, ValidationFailed } from '../errors';
import { actorUserId, lifecycleRole, type CaseActor } from '../policies/casePolicy';
import { canConfirmCauses, canTagCauses } from '../policies/learningPolicy';
import { confirmCaseCause, deleteCaseCause, findCaseCause, insertCaseCause } from '../repositories/caseCauses';
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';
import { companyProposesCauses, findRootCause, siteOfCompany } from '../repositories/rootCauses';
import { insertOmbudsmanEvent } from './ombudsmanEvents';

/** Tags `rootCauseId` (and the company's site, when known) on the case. 409 when it is tagged already. */
export async function tagCause(ctx: AppContext, actor: CaseActor, caseId: string, input: { rootCauseId: string; siteId?: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canTagCauses(actor, c, await companyProposesCauses(tx, c.mechanismId))) throw new NotFound();
    const cause = await findRootCause(tx, c.mechanismId, input.rootCauseId);
    if (!cause?.active) throw new ValidationFailed([{ field: 'rootCauseId', messageKey: 'validation.invalid_value' }]);
    if (input.siteId && !(c.companyId && (await siteOfCompany(tx, c.companyId, input.siteId)))) {
      throw new ValidationFailed([{ field: 'siteId', messageKey: 'validation.invalid_value' }]);
    }
    const at = ctx.clock.now();
    const stage = FINAL_STATUSES.includes(c.status) ? 'closure' : 'admission';
    const byOmbudsman = actor.role === 'ombudsman';
    const userId = actorUserId(actor);
    const tagged = await insertCaseCause(tx, {
      caseId: c.id,
      rootCauseId: cause.id,
      siteId: input.siteId ?? null,
      stage,
      taggedByUserId: userId,
      taggedByRole: actor.role,
      at,
      confirmed: byOmbudsman,
    });
    if (!tagged) throw new AppError(409, 'cause_already_tagged');
    await insertCaseEvent(tx, {
      caseId: c.id,
      kind: 'cases.cause_tagged',
      actorUserId: userId,
      actorRole: lifecycleRole(actor),
      data: { cause: cause.code, stage, confirmed: byOmbudsman, ...(input.siteId ? { siteId: input.siteId } : {}) },
      at,
    });
  });
}

/** The ombudsman confirms a company's proposed cause (nothing changes when it is confirmed already). */
export async function confirmCause(ctx: AppContext, actor: CaseActor, caseId: string, rootCauseId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canConfirmCauses(actor, c)) throw new NotFound();
    const at = ctx.clock.now();
    const tag = await findCaseCause(tx, c.id, rootCauseId);
    if (!tag) throw new NotFound();
    if (tag.confirmed) return;
    await confirmCaseCause(tx, c.id, rootCauseId, actorUserId(actor), at);
    await insertOmbudsmanEvent(tx, actor, { caseId: c.id, kind: 'cases.cause_confirmed', data: { cause: tag.code }, at });
  });
}

/** The ombudsman removes a cause tagged by mistake. */
export async function removeCause(ctx: AppContext, actor: CaseActor, caseId: string, rootCauseId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canConfirmCauses(actor, c)) throw new NotFound();
    const code = await deleteCaseCause(tx, c.id, rootCauseId);
    if (code === undefined) throw new NotFound();
    await insertOmbudsmanEvent(tx, actor, { caseId: c.id, kind: 'cases.cause_removed', data: { cause: code }, at: ctx.clock.now() });
  });
}
