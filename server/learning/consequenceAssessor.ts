/**
 * The ombudsman assesses how grave a case's harm is (issue #17 item 4): a consequence level from 1
 * (minor) to 3 (serious), as ICMM's grievance guidance grades them, counted by the effectiveness report.
 * Locks the case, asks the policy under the lock, writes the history event in the same transaction.
 */
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import type { CaseActor } from '../policies/casePolicy';
import { canAssessConsequence } from '../policies/learningPolicy';
import { findCaseForUpdate, updateConsequenceLevel } from '../repositories/cases';
import { insertOmbudsmanEvent } from './ombudsmanEvents';

/** Sets (or, with null, clears) the case's consequence level. Nothing is written when it is unchanged. */
export async function assessConsequence(ctx: AppContext, actor: CaseActor, caseId: string, level: 1 | 2 | 3 | null): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canAssessConsequence(actor, c)) throw new NotFound();
    if (!(await updateConsequenceLevel(tx, c.id, level))) return;
    await insertOmbudsmanEvent(tx, actor, { caseId: c.id, kind: 'cases.consequence_assessed', data: { level }, at: ctx.clock.now() });
  });
}
