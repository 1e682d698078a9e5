/**
 * The ombudsman assesses how grave a case's harm is (issue #17 item 4): a consequence level from 1
 * (minor) to 3 (serious), as ICMM's grievance guidance grades them, counted by the effectiveness report.
 * Locks the case, asks the policy under the lock, writes the history event in the same transaction.
 */
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { actorUserId, type CaseActor } from '../policies/casePolicy';
import { canAssessConsequence } from '../policies/learningPolicy';
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';

/** Sets (or, with null, clears) the case's consequence level. Nothing is written when it is unchanged. */
export async function assessConsequence(ctx: AppContext, actor: CaseActor, caseId: string, level: 1 | 2 | 3 | null): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canAssessConsequence(actor, c)) throw new NotFound();
    const changed = await tx.query(
      'UPDATE cases SET consequence_level = $2 WHERE id = $1 AND consequence_level IS DISTINCT FROM $2 RETURNING id',
      [c.id, level],
    );
    if (changed.length === 0) return;
    await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.consequence_assessed', actorUserId: actorUserId(actor), actorRole: 'ombudsman', data: { level }, at: ctx.clock.now() });
  });
}
