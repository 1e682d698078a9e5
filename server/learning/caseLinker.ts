/**
 * Links related cases into one issue under a lead case (issue #17 item 2). Only the link is shared:
 * every case keeps its complainant, identity mode, thread, deadlines and status. Links are one level
 * deep — linking under a case that is itself linked uses that case's lead, and a lead linked under
 * another brings its members along — so an issue is always one lead and its members.
 */
import type { AppContext } from '../context';
import { AppError, NotFound } from '../errors';
import { actorUserId, type CaseActor } from '../policies/casePolicy';
import { canLinkCases } from '../policies/learningPolicy';
import { deleteCaseLink, findLeadCaseId, moveIssueMembers, saveCaseLink } from '../repositories/caseLinks';
import { findCaseForUpdate } from '../repositories/cases';
import { insertOmbudsmanEvent } from './ombudsmanEvents';

/** Links case `caseId` under `leadCaseId` (or under that case's own lead). */
export async function linkCase(ctx: AppContext, actor: CaseActor, caseId: string, leadCaseId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    // Locked in id order, so two officers linking the same pair the other way round cannot deadlock.
    const [first, second] = [caseId, leadCaseId].sort();
    const a = await findCaseForUpdate(tx, first!);
    const b = first === second ? a : await findCaseForUpdate(tx, second!);
    const c = a?.id === caseId ? a : b;
    const named = a?.id === leadCaseId ? a : b;
    if (!c || !named || !canLinkCases(actor, c) || !canLinkCases(actor, named)) throw new NotFound();
    if (c.mechanismId !== named.mechanismId) throw new NotFound();
    const leadId = (await findLeadCaseId(tx, named.id)) ?? named.id;
    if (leadId === c.id) throw new AppError(409, 'link_to_itself');
    const at = ctx.clock.now();
    // This case's own members (if it led an issue) follow it under the new lead.
    const moved = await moveIssueMembers(tx, c.id, leadId);
    await saveCaseLink(tx, { caseId: c.id, leadCaseId: leadId, byUserId: actorUserId(actor), at });
    for (const id of [c.id, ...moved]) {
      await insertOmbudsmanEvent(tx, actor, { caseId: id, kind: 'cases.linked', data: { leadCaseId: leadId }, at });
    }
    await insertOmbudsmanEvent(tx, actor, { caseId: leadId, kind: 'cases.linked', data: { memberCaseId: c.id }, at });
  });
}

/** Takes case `caseId` out of its issue. */
export async function unlinkCase(ctx: AppContext, actor: CaseActor, caseId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canLinkCases(actor, c)) throw new NotFound();
    const leadId = await deleteCaseLink(tx, c.id);
    if (!leadId) throw new NotFound();
    await insertOmbudsmanEvent(tx, actor, { caseId: c.id, kind: 'cases.unlinked', data: { leadCaseId: leadId }, at: ctx.clock.now() });
  });
}
