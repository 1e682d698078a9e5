/** How every admin route changes a mechanism's configuration: the change and its audit record in one transaction. */
import type { Request } from 'express';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { currentUser } from '../../http/requestContext';
import { recordAdminChange } from '../../audit/adminChanges';

/**
 * Runs a configuration change and appends it to the audit record in one transaction; `work` returns
 * the changed row's id, or undefined when there was none (nothing is recorded then).
 */
export function recordedChange<T extends string | undefined>(
  ctx: AppContext,
  req: Request,
  mechanismId: string,
  action: string,
  data: object,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const targetId = await work(tx);
    if (targetId !== undefined) await recordAdminChange(tx, { mechanismId, actor: currentUser(req), action, targetId, data: { ...data }, at: ctx.clock.now() });
    return targetId;
  });
}

/** The path of a mechanism an admin manages; its routes call managedMechanism (server/http/areaGates.ts). */
export const MANAGED = '/admin/mechanisms/:mechanismId';
