/**
 * The record of administrative and configuration changes (table `admin_changes`, migration 0025):
 * roles, grants, companies, categories, municipalities, mechanisms, holidays, data policies. Written in
 * the transaction of the change itself, so a change and its record commit or vanish together; each
 * row is sealed into the installation's `admin_changes` chain by the database (docs/audit.md).
 */
import type { Queryable } from '../db/database';
import { insertAdminChange } from '../repositories/adminChanges';

/** One change, as the admin routes and the admin CLI describe it. */
export interface AdminChange {
  /** The mechanism it concerns; null for the whole installation (a national holiday). */
  mechanismId: string | null;
  /** The admin who made it; null from the command line, which has no account behind it. */
  actor: { id: string } | null;
  /** A verb in the events' style: `companies.create`, `users.update`, `holidays.national.add`… */
  action: string;
  /** The id (or date) of what changed. */
  targetId: string | null;
  /** What changed, without any protected identity (these rows are kept forever). */
  data?: Record<string, unknown>;
  at: Date;
}

/** Appends `change` to the record; call it inside the change's transaction. */
export async function recordAdminChange(tx: Queryable, change: AdminChange): Promise<void> {
  await insertAdminChange(tx, {
    mechanismId: change.mechanismId,
    actorUserId: change.actor?.id ?? null,
    source: change.actor ? 'web' : 'cli',
    action: change.action,
    targetId: change.targetId,
    data: change.data ?? {},
    at: change.at,
  });
}
