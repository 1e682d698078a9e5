/**
 * The referral of a case the mechanism is not competent for (Ley 1755 de 2015, art. 21). Not
 * admitting a case names the competent body (`not_admit` with `referral`) and starts a `referral`
 * deadline; recording here that the case was sent there meets it, with who sent it and when in the
 * history, a thread entry the complainant reads, and a notice to the complainant's accounts.
 */
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { canRecordReferral } from '../policies/deadlinePolicy';
import { findReferralDecision } from '../repositories/cases';
import { closeDeadlines, openCaseDeadlinesForUpdate } from '../repositories/deadlines';
import type { UserRecord } from '../repositories/users';
import { audienceIds, notify } from '../notifications/notifier';
import { lockVisibleCase, recordDialogueStep } from './threadWriter';

/**
 * The ombudsman records that the case went to the competent body chosen when it was not admitted,
 * with an optional `note` (the letter's number, say). 409 when no referral is owed, or to anyone else.
 */
export async function recordReferralSent(ctx: AppContext, actor: UserRecord, caseId: string, note: string | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const deadline = (await openCaseDeadlinesForUpdate(tx, c.id)).find((d) => d.stage === 'referral');
    const decision = await findReferralDecision(tx, c.id);
    if (!deadline || !decision) throw new AppError(409, 'referral_not_due');
    if (!canRecordReferral(actor, c, deadline)) throw new AppError(409, 'action_not_allowed');
    const at = ctx.clock.now();
    await closeDeadlines(tx, [deadline.id], 'satisfied', at);
    const referral = { to: decision.to, ...(note ? { note } : {}) };
    await recordDialogueStep(ctx, tx, c, actor, { eventKind: 'cases.referral_sent', entryKind: 'referral_sent', data: { referral, dueOn: deadline.dueOn } });
    await notify(ctx, tx, {
      kind: 'referral_sent',
      caseId: c.id,
      recipients: await audienceIds(tx, c, 'complainant'),
      actorUserId: actor.id,
      data: { reference: c.reference },
    });
    tx.afterCommit(() => ctx.realtime.caseChanged(c));
  });
}
