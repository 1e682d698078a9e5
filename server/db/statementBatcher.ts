/**
 * Group commit of one kind of statement on one database (docs/scaling.md, "Filing at speed"): the items
 * that arrive in one turn of the event loop with no statement in flight go at the end of that turn, in one
 * statement (a lone item, alone, a turn later); items that arrive while a statement is in flight wait and go
 * together in the next one (up to `max`). A batch that fails is run again one item at a time, in arrival
 * order, each in its own statement as before, so one bad item fails alone with its own error and the
 * others go on. Nothing is answered before its statement answered, and no item is answered by a
 * statement that began before it arrived.
 */
import { logger } from '../logger';

interface Waiting<Q, A> {
  item: Q;
  resolve(answer: A): void;
  reject(err: unknown): void;
}

/** Statements run, items they carried, and batches that failed and went one at a time (benches and tests). */
export interface BatchStats {
  statements: number;
  items: number;
  batchesRetriedAlone: number;
}

export class StatementBatcher<Q, A> {
  private readonly waiting: Waiting<Q, A>[] = [];
  private running = false;
  /** Statements run and the items (filings, session reads, …) they carried. */
  readonly stats: BatchStats = { statements: 0, items: 0, batchesRetriedAlone: 0 };

  /**
   * `many` answers a batch's items in their order (one statement); `one` answers an item alone (the first
   * of a quiet moment, and each item of a batch that failed).
   */
  constructor(
    private readonly what: string,
    private readonly many: (items: Q[]) => Promise<A[]>,
    private readonly one: (item: Q) => Promise<A>,
    private readonly max = 32,
  ) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  run(item: Q): Promise<A> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.running) return;
      // The first item waits for the end of this turn of the event loop, not for a statement: requests read
      // from their sockets in one turn (a burst, as when one batch's answers bring their clients' next requests
      // together) then go in one statement, where the first went alone and the rest waited for its round trip.
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.runBatch(this.waiting.splice(0, this.max));
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: Waiting<Q, A>[]): Promise<void> {
    this.stats.statements++;
    this.stats.items += batch.length;
    if (batch.length > 1) {
      let answers: A[] | undefined;
      try {
        answers = await this.many(batch.map((w) => w.item));
      } catch (err) {
        // Rolled back whole: each runs again alone below, and keeps its own answer or error. Logged here
        // too, since a retry that succeeds would otherwise hide why the batch failed (the message and
        // code only: never a row's values).
        this.stats.batchesRetriedAlone++;
        logger.warn(`${this.what} batch failed; its items go one at a time`, { err, items: batch.length });
      }
      if (answers) {
        batch.forEach((w, i) => w.resolve(answers[i]!));
        return;
      }
    }
    for (const w of batch) await this.one(w.item).then(w.resolve, w.reject);
  }
}
