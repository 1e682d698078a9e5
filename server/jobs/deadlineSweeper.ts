/**
 * Reminders and escalations from durable rows, never from in-memory timers. A sweep works in sets: one
 * transaction claims a batch of due deadlines with their cases (`FOR UPDATE … SKIP LOCKED`, read under
 * the lock), then one statement reads the accounts of the batch's audiences (who hears what and who wants
 * an e-mail is decided in Node, the e-mails sealed there) and one call writes the whole batch — stamp the
 * deadlines, raise the cases' escalation level, the history events, the notices and the outbox. So a crash rolls the batch back (the next sweep finds the rows again) and
 * a second server sweeping at the same time skips the locked rows and then finds them done: exactly
 * once, whatever the batch size. If a batch fails on a row (not on the database going away), it is
 * retried in halves until the row that fails is alone; that row is logged and left for a later sweep.
 * The same sweep closes as withdrawn the cases whose information request went unanswered past its last
 * day (Ley 1755 de 2015, art. 17), claiming the request rows the same way, one request at a time
 * (rare, and each closes a case with its own dialogue).
 * The job runner's interval only wakes the sweep; correctness never depends on it.
 */
import { isOpenStatus } from '../../shared/caseLifecycle';
import type { AppContext } from '../context';
import { isConnectionError, type Tx } from '../db/database';
import { logger } from '../logger';
import {
  claimDueDeadlines,
  closeDeadlines,
  recordSweptBatch,
  type AudienceNotice,
  type ClaimedDeadline,
  type SweepCase,
  type SweepKind,
  type SweptDeadline,
} from '../repositories/deadlines';
import { claimLapsedInformationRequests } from '../repositories/informationRequests';
import { STAGES_OF_STATUS } from '../deadlines/deadlineScheduler';
import { lapseInformationRequest } from '../commands/informationRequester';
import { everyoneAudience, responsibleAudience } from '../deadlines/deadlineNotices';
import { planAudienceNotices } from '../notifications/notifier';
import { presentNotification } from '../presenters/notificationPresenter';
import { DIGEST_ABOVE } from '../../shared/types/notifications';

/** The highest escalation level: the ombudsman intervenes. */
export const MAX_ESCALATION_LEVEL = 2;

/** Options of one sweep. */
export interface SweepOptions {
  /** Deadlines claimed per transaction (default 500). */
  limit?: number;
  /** Batches swept at once, each in its own transaction (default 2). */
  concurrency?: number;
  /** Test hook, called inside the batch transaction right after a claim that got rows (a throw simulates a crash). */
  afterClaim?: (claimed: { id: string; caseId: string }[]) => void | Promise<void>;
  /** Once aborted (shutdown), the sweep ends after the batch in hand; the next sweep finds the rest. */
  signal?: AbortSignal;
  /**
   * Set by the sweep itself: rows of a failed set while they are retried in halves. The other lanes
   * skip them; without this, a lane could claim a row the moment the failed set rolled back and try
   * (and count) the same failing row a second time.
   */
  held?: Set<string>;
  /**
   * A person with more notices of one kind than this in one batch gets one digest instead (default
   * DIGEST_ABOVE; `Infinity`: one notice per case, as before session 12, for bench/sweepVariants).
   */
  digestAbove?: number;
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

/** A failure while acting on claimed rows (as opposed to the claim or the database failing). */
class BatchFailed extends Error {
  constructor(readonly failure: unknown) {
    super('deadline sweep batch failed');
  }
}

/**
 * Whether the deadline still belongs to where the case is now (else it is stale and is called off):
 * commitments while the case is open, stages while the case is in a status that has them (a referral
 * runs after the case was not admitted).
 */
function stillCurrent(c: SweepCase, d: ClaimedDeadline['deadline']): boolean {
  if (d.commitmentId !== null) return isOpenStatus(c.status);
  return STAGES_OF_STATUS[c.status].includes(d.stage);
}

/** What one sweep pass claims: deadline timers, or unanswered information requests. */
type SweepPass = SweepKind | 'lapse';

/** What acting on a claimed set did: deadlines acted on, and those left alone (not due after all). */
interface SetOutcome {
  done: number;
  skipped: string[];
}

/**
 * Acts on a claimed set of due deadlines in a few statements. Escalation raises each case one level
 * per expired deadline (up to the ombudsman), in due order when a case has several in the set, exactly
 * as one after another would; a reminder tells who must act (a commitment coming due is its own notice
 * and e-mail switch: the person who owes it must do something agreed, not answer the mechanism; the
 * history keeps one event kind for both).
 */
async function actOnSet(ctx: AppContext, tx: Tx, kind: SweepKind, claimed: ClaimedDeadline[], now: Date, digestAbove: number): Promise<SetOutcome> {
  const skipped: string[] = [];
  const stale: ClaimedDeadline[] = [];
  const due: ClaimedDeadline[] = [];
  const at = now.getTime();
  for (const row of claimed) {
    const d = row.deadline;
    // Met, called off, paused, escalated or already reminded: the claim's conditions, checked under its lock, leave those out.
    if (!stillCurrent(row.case, d)) stale.push(row);
    else if (kind === 'escalation' ? d.dueAt.getTime() >= at : !d.reminderAt || d.reminderAt.getTime() > at || d.dueAt.getTime() < at) skipped.push(d.id);
    else due.push(row);
  }
  if (stale.length > 0) {
    // Left behind by a status change that did not close them: call them off so they are not claimed forever.
    for (const { deadline: d, case: c } of stale)
      logger.warn('stale deadline called off', { deadlineId: d.id, caseId: c.id, stage: d.stage, status: c.status });
    await closeDeadlines(
      tx,
      stale.map((row) => row.deadline.id),
      'cancelled',
      now,
    );
    skipped.push(...stale.map((row) => row.deadline.id));
  }
  if (due.length === 0) return { done: 0, skipped };

  // One pass, one data object a deadline shared by its event and its notice: a sweep of 100,000 cases made ~1.9 s of
  // garbage collection out of copies (docs/scaling.md, session 20).
  const swept = new Array<SweptDeadline>(due.length);
  const notices = new Array<AudienceNotice>(due.length);
  // The level each case of the set has reached so far (a case with several expired deadlines rises once for each).
  const levels = new Map<string, number>();
  const changed = new Map<string, SweepCase>();
  for (let i = 0; i < due.length; i++) {
    const { deadline: d, case: c } = due[i]!;
    if (kind === 'escalation') {
      const fromLevel = levels.get(c.id) ?? c.escalationLevel;
      const toLevel = Math.min(MAX_ESCALATION_LEVEL, fromLevel + 1);
      levels.set(c.id, toLevel);
      changed.set(c.id, c);
      swept[i] = { deadlineId: d.id, caseId: c.id, data: { deadlineId: d.id, stage: d.stage, dueOn: d.dueOn, responsible: d.responsible, fromLevel, toLevel } };
      notices[i] = {
        audience: everyoneAudience(c),
        caseId: c.id,
        kind: 'cases.escalated',
        data: { reference: c.reference, deadlineId: d.id, stage: d.stage, dueOn: d.dueOn, responsible: d.responsible, fromLevel, toLevel },
      };
    } else {
      swept[i] = { deadlineId: d.id, caseId: c.id, data: { deadlineId: d.id, stage: d.stage, dueOn: d.dueOn, responsible: d.responsible } };
      notices[i] = {
        audience: responsibleAudience(c, d.responsible),
        caseId: c.id,
        kind: d.commitmentId !== null ? 'commitment_due' : 'deadlines.reminder',
        data: { reference: c.reference, deadlineId: d.id, stage: d.stage, dueOn: d.dueOn, responsible: d.responsible },
      };
    }
  }
  const raised: { caseId: string; level: number }[] = [];
  for (const [caseId, level] of levels) if (level !== changed.get(caseId)!.escalationLevel) raised.push({ caseId, level });
  // Who hears what is read once and decided in Node; then one call writes the whole batch. A person with
  // many notices of this batch gets one digest instead (the lead's decision for issue #16 §7).
  const plan = await planAudienceNotices(ctx.cipher, tx, notices, { digestAbove });
  const written = await recordSweptBatch(tx, kind === 'escalation' ? 'escalated' : 'reminded', swept, raised, plan.notices, plan.emails, now);
  if (written.length > 0) tx.afterCommit(() => ctx.realtime.notify(written.map((row) => ({ userId: row.userId, notification: presentNotification(row) }))));
  // One after-commit step for the set's cases, not one each (each is awaited in turn); a failed push still spares the rest.
  if (changed.size > 0)
    tx.afterCommit(() => {
      for (const c of changed.values())
        try {
          ctx.realtime.caseChanged(c);
        } catch (err) {
          logger.error('case change push failed after a sweep batch', { err, caseId: c.id });
        }
    });
  return { done: due.length, skipped };
}

/** One unanswered information request, closed by its own command (its case is withdrawn). */
async function lapseOne(ctx: AppContext, tx: Tx, id: string, now: Date): Promise<SetOutcome> {
  return (await lapseInformationRequest(ctx, tx, id, now)) === 'done' ? { done: 1, skipped: [] } : { done: 0, skipped: [id] };
}

/**
 * One transaction: claim up to `limit` rows (only those of `only` when set), then act on them. A
 * failure while acting throws BatchFailed (the transaction rolled back; nothing of it happened).
 * Returns the claimed row ids and what was done.
 */
async function sweepSet(
  ctx: AppContext,
  kind: SweepPass,
  limit: number,
  passed: Set<string>,
  only: string[] | null,
  options: SweepOptions,
  now: Date,
): Promise<{ claimed: { id: string; caseId: string }[]; outcome: SetOutcome }> {
  // A fresh claim skips what this sweep is done with and what another lane is retrying; a retry names its
  // rows. Read when the claim runs (inside the transaction), not when this set began waiting for a connection.
  const skipNow = () => (only ? [...passed] : [...passed, ...(options.held ?? [])]);
  // Marked as held before the failed transaction rolls back, so no lane can claim them in between.
  const failed = (rows: { id: string }[], err: unknown) => {
    for (const row of rows) options.held?.add(row.id);
    return new BatchFailed(err);
  };
  return ctx.db.transaction(async (tx) => {
    if (kind === 'lapse') {
      const mine = await claimLapsedInformationRequests(tx, now, limit, skipNow(), only);
      if (options.afterClaim && mine.length > 0) await options.afterClaim(mine);
      const outcome: SetOutcome = { done: 0, skipped: [] };
      for (const row of mine) {
        let one: SetOutcome;
        try {
          one = await lapseOne(ctx, tx, row.id, now);
        } catch (err) {
          if (isConnectionError(err)) throw err;
          throw failed(mine, err);
        }
        outcome.done += one.done;
        outcome.skipped.push(...one.skipped);
      }
      return { claimed: mine, outcome };
    }
    const rows = await claimDueDeadlines(tx, kind, now, limit, skipNow(), only);
    const claimed = rows.map((r) => ({ id: r.deadline.id, caseId: r.case.id }));
    if (options.afterClaim && claimed.length > 0) await options.afterClaim(claimed);
    try {
      return { claimed, outcome: await actOnSet(ctx, tx, kind, rows, now, options.digestAbove ?? DIGEST_ABOVE) };
    } catch (err) {
      // The database going away is not these cases' fault: the whole sweep stops and is retried.
      if (isConnectionError(err)) throw err;
      throw failed(claimed, err);
    }
  });
}

/** Adds what a set did to the sweep's result; rows left alone are not claimed again in this sweep. */
function tally(kind: SweepPass, outcome: SetOutcome, passed: Set<string>, result: SweepResult): void {
  if (kind === 'escalation') result.escalated += outcome.done;
  else if (kind === 'reminder') result.reminded += outcome.done;
  else result.withdrawn += outcome.done;
  result.skipped += outcome.skipped.length;
  for (const id of outcome.skipped) passed.add(id);
}

/**
 * Retries the rows of a failed set in halves, each half its own transaction, until the row that fails
 * is alone: it is logged, counted as failed and left for a later sweep; the others are done.
 * Savepoints would cost round trips on every batch to save work only on the rare failure.
 */
async function retryInHalves(
  ctx: AppContext,
  kind: SweepPass,
  rows: { id: string; caseId: string }[],
  failure: unknown,
  passed: Set<string>,
  result: SweepResult,
  options: SweepOptions,
  now: Date,
): Promise<void> {
  if (rows.length === 1) {
    // Counted once per row: a lane whose claim raced the rollback of another's failed set may try it again.
    if (!passed.has(rows[0]!.id)) result.failed++;
    passed.add(rows[0]!.id);
    logger.error('deadline sweep failed for one case; left for the next sweep', { err: failure, kind, rowId: rows[0]!.id, caseId: rows[0]!.caseId });
    return;
  }
  const middle = Math.ceil(rows.length / 2);
  for (const half of [rows.slice(0, middle), rows.slice(middle)]) {
    try {
      const { outcome } = await sweepSet(
        ctx,
        kind,
        half.length,
        passed,
        half.map((r) => r.id),
        options,
        now,
      );
      tally(kind, outcome, passed, result);
    } catch (err) {
      if (!(err instanceof BatchFailed)) throw err;
      await retryInHalves(ctx, kind, half, err.failure, passed, result, options, now);
    }
  }
}

/** One batch: claim and act on up to `limit` rows. Returns how many rows were claimed. */
async function sweepBatch(ctx: AppContext, kind: SweepPass, limit: number, passed: Set<string>, result: SweepResult, options: SweepOptions): Promise<number> {
  const now = ctx.clock.now();
  let claimed: { id: string; caseId: string }[] = [];
  const watching: SweepOptions = {
    ...options,
    afterClaim: async (rows) => {
      claimed = rows;
      await options.afterClaim?.(rows);
    },
  };
  try {
    const { outcome } = await sweepSet(ctx, kind, limit, passed, null, watching, now);
    tally(kind, outcome, passed, result);
  } catch (err) {
    if (!(err instanceof BatchFailed)) throw err;
    await retryInHalves(ctx, kind, claimed, err.failure, passed, result, options, now);
  }
  return claimed.length;
}

/**
 * Sweeps until nothing is due: unanswered information requests first (a withdrawn case needs no
 * escalation), then escalations (an expired deadline needs no reminder), then reminders, `limit`
 * rows per transaction. Throws when a batch transaction itself fails (it rolled
 * back: nothing of it happened, and the next sweep claims the rows again).
 */
export async function runDeadlineSweep(ctx: AppContext, options: SweepOptions = {}): Promise<SweepResult> {
  const limit = options.limit ?? 500;
  const result: SweepResult = { reminded: 0, escalated: 0, withdrawn: 0, skipped: 0, failed: 0 };
  // Rows this sweep failed on or left alone; they are not claimed again until the next sweep.
  const passed = new Set<string>();
  const lanes = Math.max(1, options.concurrency ?? 2);
  options = { ...options, held: new Set() };
  for (const kind of ['lapse', 'escalation', 'reminder'] as SweepPass[]) {
    // The first batch alone: lanes racing it would split a small set (an ordinary sweep) into several
    // transactions for nothing, and a person's notices between them, so that no batch holds enough of
    // theirs for the one digest they should get. Only when it comes back full are there more.
    if (options.signal?.aborted) return result;
    if ((await sweepBatch(ctx, kind, limit, passed, result, options)) >= limit) {
      // Then several batches at once on separate connections, as several servers would: SKIP LOCKED
      // keeps them apart, and one batch's statements run while Node prepares another's.
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          for (;;) {
            if (options.signal?.aborted) return;
            const claimed = await sweepBatch(ctx, kind, limit, passed, result, options);
            if (claimed < limit) return;
          }
        }),
      );
    }
    if (options.signal?.aborted) return result;
  }
  return result;
}

/** The background job (server/jobs/jobRunner.ts wakes it every SWEEP_INTERVAL_MS): sweep and log what it did. */
export async function sweepDeadlinesJob(ctx: AppContext, signal?: AbortSignal): Promise<SweepResult> {
  const result = await runDeadlineSweep(ctx, { signal });
  if (result.escalated || result.reminded || result.withdrawn || result.failed) logger.info('deadline sweep', { ...result });
  return result;
}
