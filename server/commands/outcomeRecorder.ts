/**
 * After the end of a case: the complainant says how satisfied they are with a resolution (once per
 * resolution), and may reopen a resolved or closed case within the mechanism's appeal window.
 */
import type { AppContext } from '../context';
import type { CaseActor } from '../policies/casePolicy';
import { rateRefusal, reopenRefusal, reopenUntil } from '../policies/dialoguePolicy';
import { appealFacts, findSatisfaction, insertSatisfaction } from '../repositories/satisfaction';
import { transitionCaseIn } from './caseTransitioner';
import { assertAllowed, authorOf, lockVisibleCase, recordDialogueStep } from './threadWriter';

/** Records the complainant's satisfaction (1–5, optional comment) with the current resolution. */
export async function recordSatisfaction(ctx: AppContext, actor: CaseActor, caseId: string, input: { score: number; comment?: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const appeal = await appealFacts(tx, c.id, c.status);
    const rated = appeal.statusEventId !== null && (await findSatisfaction(tx, c.id, appeal.statusEventId)) !== undefined;
    assertAllowed(rateRefusal(actor, c, rated), c);
    const author = authorOf(actor);
    await insertSatisfaction(tx, {
      caseId: c.id,
      resolvedEventId: appeal.statusEventId!,
      score: input.score,
      comment: input.comment?.trim() || null,
      byUserId: author.authorUserId,
      byRole: author.authorRole,
      at: ctx.clock.now(),
    });
    // The score is for the ombudsman's oversight; the company sees it only aggregated in scorecards.
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'cases.satisfaction_recorded',
      entryKind: 'satisfaction_recorded',
      data: { score: input.score },
      visibility: 'ombudsman_private',
    });
  });
}

/** Reopens a resolved or closed case, back to dialogue or mediation, while the appeal window is open. */
export async function reopenCase(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  input: { reason: string; to: 'in_dialogue' | 'in_mediation' },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const appeal = await appealFacts(tx, c.id, c.status);
    assertAllowed(reopenRefusal(actor, c, appeal, ctx.clock.now()), c, { date: reopenUntil(c, appeal), days: appeal.windowDays, count: appeal.windowDays });
    const moved = await transitionCaseIn(ctx, tx, actor, { caseId: c.id, action: 'reopen', reason: input.reason, to: input.to });
    await recordDialogueStep(ctx, tx, moved, actor, {
      eventKind: null,
      entryKind: 'case_reopened',
      reason: input.reason,
      data: { to: input.to },
    });
  });
}
