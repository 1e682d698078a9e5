/**
 * The history line of an ombudsman's learning action on a case (a cause confirmed or removed, cases
 * linked, a consequence assessed): written in the action's transaction, naming the officer's account.
 */
import type { Queryable } from '../db/database';
import { actorUserId, type CaseActor } from '../policies/casePolicy';
import { insertCaseEvent, type NewCaseEvent } from '../repositories/cases';

/** Writes event `kind` with `data` in case `caseId`'s history, by `actor` acting as the ombudsman. */
export function insertOmbudsmanEvent(tx: Queryable, actor: CaseActor, event: Pick<NewCaseEvent, 'caseId' | 'kind' | 'data' | 'at'>): Promise<number> {
  return insertCaseEvent(tx, { ...event, actorUserId: actorUserId(actor), actorRole: 'ombudsman' });
}
