/**
 * The retention job (Ley 1581 art. 4 principle of temporality; issue #15 item 4): a mechanism that sets
 * `identity_retention_days` has the complainant's identity of each case redacted that many days after
 * the case closed (the time of the event that brought it to its final status). A reopened case is open
 * again and waits for its next closure. Cases go in small sets, each in its own transaction with the
 * case locked and its status checked again, so a run never holds much and two servers never redact
 * one case twice (the redaction is written once: identityRedactor).
 */
import { FINAL_STATUSES } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import { findCaseForUpdate } from '../repositories/cases';
import { casesDueForRedaction } from '../repositories/retention';
import { redactCaseIdentity } from '../habeas/identityRedactor';
import { logger } from '../logger';

/** How often the job looks (hourly: a retention period counts in days). */
export const RETENTION_CHECK_MS = 60 * 60 * 1000;
const BATCH = 200;

/** One run; returns how many cases were redacted. */
export async function redactExpiredIdentities(ctx: AppContext, signal?: AbortSignal): Promise<number> {
  const now = ctx.clock.now();
  let redacted = 0;
  for (;;) {
    if (signal?.aborted) break;
    const due = await casesDueForRedaction(ctx.db, now, FINAL_STATUSES, BATCH);
    let thisSet = 0;
    for (const id of due) {
      const done = await ctx.db.transaction(async (tx) => {
        const row = await findCaseForUpdate(tx, id);
        if (!row || !FINAL_STATUSES.includes(row.status)) return false;
        return redactCaseIdentity(tx, id, { cause: 'retention', actorUserId: null, actorRole: 'system', at: now });
      });
      if (done) thisSet += 1;
    }
    redacted += thisSet;
    if (due.length < BATCH || thisSet === 0) break;
  }
  if (redacted > 0) logger.info('identities redacted after their retention period', { cases: redacted });
  return redacted;
}
