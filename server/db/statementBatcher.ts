/**
 * Group commit of one kind of statement on one database (docs/scaling.md, "Filing at speed"): the items
 * that arrive in one turn of the event loop with no statement in flight go at the end of that turn, in one
 * statement (a lone item, alone, a turn later); items that arrive while a statement is in flight wait and go
 * together in the next one (up to `max`), sent before the finished one's items are answered. A batch that
 * fails is run again one item at a time, in arrival order, each in its own statement as before, so one bad
 * item fails alone with its own error and the others go on. Nothing is answered before its statement
 * answered, and no item is answered by a statement that began before it arrived.
 */
import { logger } from '../logger';

interface Waiting<Q, A> {
  item: Q;
  resolve(answer: A): void;
  reject(err: unknown): void;
}

/** A statement sent: its items, and its answers or its error once it is done. */
interface Started<Q, A> {
  batch: Waiting<Q, A>[];
  outcome: Promise<{ answers: A[] } | { err: unknown }>;
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
      let current: Started<Q, A> | undefined = this.startNext();
      while (current) {
        const { batch, outcome } = current;
        const settled = await outcome;
        if ('answers' in settled) {
          // The next statement starts before this one's items are answered: their answers' work (the HTTP answer,
          // the after-commit push) then runs while the database works on the next statement, where the lane stood
          // idle through it (docs/scaling.md, "Filing at speed", session 21). Only items already waiting go in it,
          // so none is answered by a statement that began before it arrived.
          current = this.startNext();
          const answer = () => batch.forEach((w, i) => w.resolve(settled.answers[i]!));
          // pg sends a statement a few ticks on (the pool hands a connection over in a `process.nextTick`), after the
          // microtasks queued by then: answered in the next turn, the items' work cannot run ahead of the sending.
          if (current) setImmediate(answer);
          else answer();
          continue;
        }
        if (batch.length === 1) batch[0]!.reject(settled.err);
        else {
          // Rolled back whole: each runs again alone, in arrival order, and keeps its own answer or error. Logged
          // here too, since a retry that succeeds would otherwise hide why the batch failed (the message and code
          // only: never a row's values).
          this.stats.batchesRetriedAlone++;
          logger.warn(`${this.what} batch failed; its items go one at a time`, { err: settled.err, items: batch.length });
          for (const w of batch) await this.one(w.item).then(w.resolve, w.reject);
        }
        current = this.startNext();
      }
    } finally {
      this.running = false;
    }
  }

  /** Sends the statement of the items waiting (up to `max`; a lone one alone), if any wait. */
  private startNext(): Started<Q, A> | undefined {
    if (this.waiting.length === 0) return undefined;
    const batch = this.waiting.splice(0, this.max);
    this.stats.statements++;
    this.stats.items += batch.length;
    let asked: Promise<A[]>;
    try {
      asked = batch.length > 1 ? this.many(batch.map((w) => w.item)) : this.one(batch[0]!.item).then((answer) => [answer]);
    } catch (err) {
      asked = Promise.reject(err);
    }
    return {
      batch,
      outcome: asked.then(
        (answers) => ({ answers }),
        (err: unknown) => ({ err }),
      ),
    };
  }
}
