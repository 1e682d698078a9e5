/**
 * Logs looks at protected identities in lists (one case at a time is logged by caseReader). The
 * ombudsman is the custodian of identities: each time a response shows them one, the look is logged
 * (policy: identityViewIsAudited) and appears in the case's audit trail.
 */
import type { CaseSummaryDto } from '../../shared/types/api';
import type { Queryable } from '../db/database';
import type { CaseRow } from '../repositories/cases';
import { recordIdentityViews, type IdentityViewPurpose } from '../repositories/identityViews';
import type { UserRecord } from '../repositories/users';
import { identityViewIsAudited } from '../policies/casePolicy';

/** Logs the confidential identities `presented` shows to `reader` (rows and presented cases by id). */
export async function recordIdentityLooks(
  db: Queryable,
  reader: UserRecord,
  rows: readonly CaseRow[],
  presented: readonly CaseSummaryDto[],
  purpose: IdentityViewPurpose,
  at: Date,
): Promise<void> {
  const shown = new Set(presented.filter((p) => p.complainantName !== null).map((p) => p.id));
  const looked = rows.filter((r) => shown.has(r.id) && identityViewIsAudited(reader, r)).map((r) => r.id);
  await recordIdentityViews(db, reader.id, looked, purpose, at);
}
