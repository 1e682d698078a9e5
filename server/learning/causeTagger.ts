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
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';
import { companyProposesCauses, findRootCause, siteOfCompany } from './taxonomy';

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
    const inserted = await tx.query(
      `INSERT INTO case_root_causes (case_id, root_cause_id, site_id, stage, tagged_by_user_id, tagged_by_role, tagged_at, confirmed_at, confirmed_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (case_id, root_cause_id) DO NOTHING RETURNING case_id`,
      [c.id, cause.id, input.siteId ?? null, stage, userId, actor.role, at, byOmbudsman ? at : null, byOmbudsman ? userId : null],
    );
    if (inserted.length === 0) throw new AppError(409, 'cause_already_tagged');
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
    const tag = await tx.maybeOne<{ confirmed: boolean; code: string }>(
      `SELECT t.confirmed_at IS NOT NULL AS confirmed, r.code FROM case_root_causes t JOIN root_causes r ON r.id = t.root_cause_id
       WHERE t.case_id = $1 AND t.root_cause_id = $2`,
      [c.id, rootCauseId],
    );
    if (!tag) throw new NotFound();
    if (tag.confirmed) return;
    await tx.query('UPDATE case_root_causes SET confirmed_at = $3, confirmed_by_user_id = $4 WHERE case_id = $1 AND root_cause_id = $2', [c.id, rootCauseId, at, actorUserId(actor)]);
    await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.cause_confirmed', actorUserId: actorUserId(actor), actorRole: 'ombudsman', data: { cause: tag.code }, at });
  });
}

/** The ombudsman removes a cause tagged by mistake. */
export async function removeCause(ctx: AppContext, actor: CaseActor, caseId: string, rootCauseId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canConfirmCauses(actor, c)) throw new NotFound();
    const removed = await tx.maybeOne<{ code: string }>(
      `DELETE FROM case_root_causes t USING root_causes r
       WHERE t.case_id = $1 AND t.root_cause_id = $2 AND r.id = t.root_cause_id RETURNING r.code`,
      [c.id, rootCauseId],
    );
    if (!removed) throw new NotFound();
    await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.cause_removed', actorUserId: actorUserId(actor), actorRole: 'ombudsman', data: { cause: removed.code }, at: ctx.clock.now() });
  });
}
