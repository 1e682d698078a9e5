/**
 * Who sees which outbox e-mails. An admin sees the e-mails of the mechanisms they manage. E-mails with
 * no mechanism are shown to every admin: they are only ever rows written before the outbox was scoped
 * that the backfill of migration 0008 could not place, and the admin runs the deployment, so someone
 * must be able to see and retry them. Everyone else sees nothing (the routes answer 404).
 */
import { NotFound } from '../errors';
import type { UserRecord } from '../repositories/users';

/** The mechanisms whose e-mails a caller may see and retry (plus the unplaced ones, see above). */
export interface OutboxScope {
  mechanismIds: readonly string[];
}

/**
 * The caller's outbox scope; narrowed to one mechanism when `mechanismId` is given. A mechanism the
 * caller does not manage, and any caller who is not an admin, get the same 404 as a missing page.
 */
export function outboxScopeOf(user: UserRecord, mechanismId?: string): OutboxScope {
  if (user.role !== 'admin') throw new NotFound();
  if (mechanismId === undefined) return { mechanismIds: user.mechanismIds };
  if (!user.mechanismIds.includes(mechanismId)) throw new NotFound();
  return { mechanismIds: [mechanismId] };
}
