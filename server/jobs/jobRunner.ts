/**
 * Wakes the background jobs (outbox sender, deadline sweeper, …) at their intervals. The interval only
 * decides when a job looks for work; what is due is always read from PostgreSQL, so a restart, a crash
 * or a second instance loses and doubles nothing. Runs of one job never overlap in this process.
 *
 * A run that fails (the database is away, the mail server times out) is logged and the job waits
 * longer each time — twice its interval, four times, … up to MAX_BACKOFF_MS — so an outage is not
 * hammered and the log not flooded; the first run that succeeds logs that the job resumed and brings
 * back its interval. Stopping asks the runs in progress to stop after their current item (their
 * AbortSignal) and waits for them.
 */
import { isConnectionError } from '../db/database';
import { logger } from '../logger';

/** The longest a failing job waits between tries. */
export const MAX_BACKOFF_MS = 60_000;

/** A job that finds its own work in the database. */
export interface Job {
  name: string;
  intervalMs: number;
  /** One run; it should check `signal` between items and return early once it is aborted. */
  run(signal: AbortSignal): Promise<unknown>;
}

/** How a job has been doing (metrics). */
export interface JobState {
  /** Runs failed in a row (0 when the last one succeeded). */
  failures: number;
  /** When a run last finished without error. */
  lastSuccessAt: Date | undefined;
}

/** Started jobs and how to stop them (waiting for runs in progress). */
export class JobRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly states = new Map<string, JobState>();
  private abort = new AbortController();

  constructor(private readonly jobs: Job[]) {
    for (const job of jobs) this.states.set(job.name, { failures: 0, lastSuccessAt: undefined });
  }

  start(): void {
    if (this.abort.signal.aborted) this.abort = new AbortController();
    for (const job of this.jobs) this.tick(job);
  }

  /** Each job's record so far. */
  state(): ReadonlyMap<string, JobState> {
    return this.states;
  }

  /** How long a job waits after a run: its interval, or the backoff after failures. */
  private delayAfter(job: Job, failures: number): number {
    if (failures === 0) return job.intervalMs;
    const backoff = Math.min(MAX_BACKOFF_MS, job.intervalMs * 2 ** Math.min(failures, 16));
    // Several instances that failed together should not all come back in the same instant.
    return Math.max(job.intervalMs, Math.round(backoff * (0.8 + Math.random() * 0.4)));
  }

  private schedule(job: Job, delayMs: number): void {
    if (this.abort.signal.aborted) return;
    const timer = setTimeout(() => this.tick(job), delayMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private tick(job: Job): void {
    if (this.abort.signal.aborted || this.running.has(job.name)) return;
    const state = this.states.get(job.name)!;
    const run = (async () => {
      try {
        await job.run(this.abort.signal);
        if (state.failures > 0) logger.info('job resumed', { job: job.name, failedRuns: state.failures });
        state.failures = 0;
        state.lastSuccessAt = new Date();
      } catch (err) {
        state.failures += 1;
        const waitMs = this.delayAfter(job, state.failures);
        // During an outage say it once, not every few seconds; anything else is a bug worth each line.
        if (!isConnectionError(err)) logger.error('job failed', { job: job.name, err, failures: state.failures, nextTryInMs: waitMs });
        else if (state.failures === 1) logger.warn('job paused: the database is unavailable; retrying with backoff', { job: job.name, err });
        this.running.delete(job.name);
        this.schedule(job, waitMs);
        return;
      }
      this.running.delete(job.name);
      this.schedule(job, job.intervalMs);
    })();
    this.running.set(job.name, run);
  }

  /** Stops waking jobs, asks runs in progress to stop after their current item, and waits for them. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    await Promise.all(this.running.values());
  }
}
