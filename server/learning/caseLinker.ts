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
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';

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
    const leadId = (await tx.maybeOne<{ leadId: string }>('SELECT lead_case_id AS "leadId" FROM case_links WHERE case_id = $1', [named.id]))?.leadId ?? named.id;
    if (leadId === c.id) throw new AppError(409, 'link_to_itself');
    const at = ctx.clock.now();
    const userId = actorUserId(actor);
    // This case's own members (if it led an issue) follow it under the new lead.
    const moved = await tx.query<{ caseId: string }>('UPDATE case_links SET lead_case_id = $2 WHERE lead_case_id = $1 RETURNING case_id AS "caseId"', [c.id, leadId]);
    await tx.query(
      `INSERT INTO case_links (case_id, lead_case_id, linked_by_user_id, linked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO UPDATE SET lead_case_id = EXCLUDED.lead_case_id, linked_by_user_id = EXCLUDED.linked_by_user_id, linked_at = EXCLUDED.linked_at`,
      [c.id, leadId, userId, at],
    );
    for (const id of [c.id, ...moved.map((m) => m.caseId)]) {
      await insertCaseEvent(tx, { caseId: id, kind: 'cases.linked', actorUserId: userId, actorRole: 'ombudsman', data: { leadCaseId: leadId }, at });
    }
    await insertCaseEvent(tx, { caseId: leadId, kind: 'cases.linked', actorUserId: userId, actorRole: 'ombudsman', data: { memberCaseId: c.id }, at });
  });
}

/** Takes case `caseId` out of its issue. */
export async function unlinkCase(ctx: AppContext, actor: CaseActor, caseId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c || !canLinkCases(actor, c)) throw new NotFound();
    const removed = await tx.maybeOne<{ leadId: string }>('DELETE FROM case_links WHERE case_id = $1 RETURNING lead_case_id AS "leadId"', [c.id]);
    if (!removed) throw new NotFound();
    const at = ctx.clock.now();
    await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.unlinked', actorUserId: actorUserId(actor), actorRole: 'ombudsman', data: { leadCaseId: removed.leadId }, at });
  });
}
