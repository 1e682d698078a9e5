/**
 * Reminders and escalations from durable rows, never from in-memory timers. A sweep claims due
 * deadlines with `FOR UPDATE … SKIP LOCKED` in a transaction, re-reads each case and deadline and acts
 * only when it is still due; reminded_at / escalated_at are set in the same transaction as the history
 * event and the notices. So a crash rolls everything back (the next sweep finds the rows again) and a
 * second instance sweeping at the same time skips the locked rows and then finds them done.
 * The same sweep closes as withdrawn the cases whose information request went unanswered past its
 * last day (Ley 1755 de 2015, art. 17), claiming the request rows the same way.
 * The job runner's interval only wakes the sweep; correctness never depends on it.
 */
import { isOpenStatus } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import { isConnectionError, type Tx } from '../db/database';
import { logger } from '../logger';
import { insertCaseEvent } from '../repositories/cases';
import {
  claimDueDeadlines,
  closeDeadlines,
  findDeadlineWithCase,
  markEscalated,
  markReminded,
  updateEscalationLevel,
  type DeadlineRow,
  type SweepCase,
  type SweepKind,
} from '../repositories/deadlines';
import { claimLapsedInformationRequests } from '../repositories/informationRequests';
import { STAGES_OF_STATUS } from '../deadlines/deadlineScheduler';
import { lapseInformationRequest } from '../commands/informationRequester';
import { everyoneAudience, notifyPeople, responsibleAudience } from '../deadlines/deadlineNotices';

/** The highest escalation level: the ombudsman intervenes. */
export const MAX_ESCALATION_LEVEL = 2;

/** Options of one sweep. */
export interface SweepOptions {
  /** Deadlines claimed per transaction. */
  limit?: number;
  /** Test hook, called inside the batch transaction right after a claim that got rows (a throw simulates a crash). */
  afterClaim?: (claimed: { id: string; caseId: string }[]) => void | Promise<void>;
  /** Once aborted (shutdown), the sweep ends after the batch in hand; the next sweep finds the rest. */
  signal?: AbortSignal;
}

/** What one sweep did. */
export interface SweepResult {
  reminded: number;
  escalated: number;
  /** Cases closed as withdrawn because an information request went unanswered. */
  withdrawn: number;
  /** Deadlines found no longer due after the re-read (e.g. the stage was left). */
  skipped: number;
  failed: number;
}

type Outcome = 'done' | 'skipped';

/** A failure while handling one claimed row (as opposed to the batch itself failing). */
class RowFailed extends Error {
  constructor(
    readonly rowId: string,
    readonly caseId: string,
    readonly failure: unknown,
  ) {
    super('deadline sweep failed for one row');
  }
}

/**
 * Whether the deadline still belongs to where the case is now (else it is stale and is called off):
 * commitments while the case is open, stages while the case is in a status that has them (a referral
 * runs after the case was not admitted).
 */
function stillCurrent(c: SweepCase, d: DeadlineRow): boolean {
  if (d.commitmentId !== null) return isOpenStatus(c.status);
  return STAGES_OF_STATUS[c.status].includes(d.stage);
}

/** What one sweep pass claims: deadline timers, or unanswered information requests. */
type SweepPass = SweepKind | 'lapse';

async function remind(ctx: AppContext, tx: Tx, c: SweepCase, d: DeadlineRow, now: Date): Promise<Outcome> {
  if (d.remindedAt || !d.reminderAt || d.reminderAt.getTime() > now.getTime() || d.dueAt.getTime() < now.getTime()) return 'skipped';
  await markReminded(tx, d.id, now);
  const data = { deadlineId: d.id, stage: d.stage, dueOn: d.dueOn, responsible: d.responsible };
  await insertCaseEvent(tx, { caseId: c.id, kind: 'deadlines.reminder', actorUserId: null, actorRole: 'system', data, at: now });
  // A commitment coming due is its own notice (and its own e-mail switch): the person who owes it
  // must do something agreed, not answer the mechanism. The history keeps one event kind for both.
  await notifyPeople(ctx, tx, (work) => tx.afterCommit(work), responsibleAudience(c, d.responsible), {
    caseId: c.id,
    kind: d.commitmentId !== null ? 'commitment_due' : 'deadlines.reminder',
    data: { reference: c.reference, ...data },
    at: now,
  });
  return 'done';
}

async function escalate(ctx: AppContext, tx: Tx, c: SweepCase, d: DeadlineRow, now: Date): Promise<Outcome> {
  if (d.dueAt.getTime() >= now.getTime()) return 'skipped';
  const fromLevel = c.escalationLevel;
  const toLevel = Math.min(MAX_ESCALATION_LEVEL, fromLevel + 1);
  await markEscalated(tx, d.id, now);
  if (toLevel !== fromLevel) await updateEscalationLevel(tx, c.id, toLevel, now);
  const data = { deadlineId: d.id, stage: d.stage, dueOn: d.dueOn, responsible: d.responsible, fromLevel, toLevel };
  await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.escalated', actorUserId: null, actorRole: 'system', data, at: now });
  await notifyPeople(ctx, tx, (work) => tx.afterCommit(work), everyoneAudience(c), {
    caseId: c.id,
    kind: 'cases.escalated',
    data: { reference: c.reference, ...data },
    at: now,
  });
  tx.afterCommit(() => ctx.realtime.caseChanged(c));
  return 'done';
}

/** Re-reads one claimed row and its case (both locked by the claim) and acts only if still due. */
async function handle(ctx: AppContext, tx: Tx, kind: SweepPass, id: string, now: Date): Promise<Outcome> {
  if (kind === 'lapse') return lapseInformationRequest(ctx, tx, id, now);
  const found = await findDeadlineWithCase(tx, id);
  if (!found) return 'skipped';
  const { deadline: d, case: c } = found;
  if (d.satisfiedAt || d.cancelledAt || d.pausedAt || d.escalatedAt) return 'skipped';
  if (!stillCurrent(c, d)) {
    // Left behind by a status change that did not close it: call it off so it is not claimed forever.
    logger.warn('stale deadline called off', { deadlineId: d.id, caseId: c.id, stage: d.stage, status: c.status });
    await closeDeadlines(tx, [d.id], 'cancelled', now);
    return 'skipped';
  }
  return kind === 'escalation' ? escalate(ctx, tx, c, d, now) : remind(ctx, tx, c, d, now);
}

/**
 * One batch in one transaction: claim, then handle each row. If one row fails, the batch rolls back
 * and is retried without that row (left for a later sweep), so one bad case never blocks the others;
 * savepoints would cost two round trips on every row to save work only on the rare failure.
 * Returns how many rows were claimed.
 */
async function sweepBatch(ctx: AppContext, kind: SweepPass, limit: number, passed: Set<string>, result: SweepResult, options: SweepOptions): Promise<number> {
  const now = ctx.clock.now();
  for (;;) {
    const tally = { done: 0, skipped: [] as string[] };
    try {
      const claimed = await ctx.db.transaction(async (tx) => {
        const rows =
          kind === 'lapse' ? await claimLapsedInformationRequests(tx, now, limit, [...passed]) : await claimDueDeadlines(tx, kind, now, limit, [...passed]);
        if (options.afterClaim && rows.length > 0) await options.afterClaim(rows);
        for (const row of rows) {
          let outcome: Outcome;
          try {
            outcome = await handle(ctx, tx, kind, row.id, now);
          } catch (err) {
            // The database going away is not this case's fault: the whole sweep stops and is retried.
            if (isConnectionError(err)) throw err;
            throw new RowFailed(row.id, row.caseId, err);
          }
          if (outcome === 'done') tally.done++;
          else tally.skipped.push(row.id);
        }
        return rows.length;
      });
      if (kind === 'escalation') result.escalated += tally.done;
      else if (kind === 'reminder') result.reminded += tally.done;
      else result.withdrawn += tally.done;
      result.skipped += tally.skipped.length;
      // Not acted on and possibly unchanged: do not claim them again in this sweep.
      for (const id of tally.skipped) passed.add(id);
      return claimed;
    } catch (err) {
      if (!(err instanceof RowFailed)) throw err;
      passed.add(err.rowId);
      result.failed++;
      logger.error('deadline sweep failed for one case; left for the next sweep', { err: err.failure, kind, rowId: err.rowId, caseId: err.caseId });
    }
  }
}

/**
 * Sweeps until nothing is due: unanswered information requests first (a withdrawn case needs no
 * escalation), then escalations (an expired deadline needs no reminder), then reminders, `limit`
 * rows per transaction. Throws when a batch transaction itself fails (it rolled
 * back: nothing of it happened, and the next sweep claims the rows again).
 */
export async function runDeadlineSweep(ctx: AppContext, options: SweepOptions = {}): Promise<SweepResult> {
  const limit = options.limit ?? 100;
  const result: SweepResult = { reminded: 0, escalated: 0, withdrawn: 0, skipped: 0, failed: 0 };
  // Rows this sweep failed on or left alone; they are not claimed again until the next sweep.
  const passed = new Set<string>();
  for (const kind of ['lapse', 'escalation', 'reminder'] as SweepPass[]) {
    for (;;) {
      if (options.signal?.aborted) return result;
      const claimed = await sweepBatch(ctx, kind, limit, passed, result, options);
      if (claimed < limit) break;
    }
  }
  return result;
}

/** The background job (server/jobs/jobRunner.ts wakes it every SWEEP_INTERVAL_MS): sweep and log what it did. */
export async function sweepDeadlinesJob(ctx: AppContext, signal?: AbortSignal): Promise<SweepResult> {
  const result = await runDeadlineSweep(ctx, { signal });
  if (result.escalated || result.reminded || result.withdrawn || result.failed) logger.info('deadline sweep', { ...result });
  return result;
}
