/**
 * Wakes the background jobs (outbox sender, deadline sweeper, …) at their intervals. The interval only
 * decides when a job looks for work; what is due is always read from PostgreSQL, so a restart, a crash
 * or a second instance loses and doubles nothing. Runs of one job never overlap in this process.
 */
import { logger } from '../logger';

/** A job that finds its own work in the database. */
export interface Job {
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
}

/** Started jobs and how to stop them (waiting for runs in progress). */
export class JobRunner {
  private timers: NodeJS.Timeout[] = [];
  private running = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(private readonly jobs: Job[]) {}

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => this.tick(job), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
      this.tick(job);
    }
  }

  private tick(job: Job): void {
    if (this.stopped || this.running.has(job.name)) return;
    const run = job
      .run()
      .catch((err: unknown) => logger.error('job failed', { job: job.name, err }))
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
  }

  /** Stops waking jobs and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await Promise.all(this.running.values());
  }
}
