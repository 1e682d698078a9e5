/**
 * TRACE=1 for bench/filing.ts: where the slow filings' time goes (docs/scaling.md, "Filing at speed", session 21).
 * Records, in the bench's one process, every statement the batchers run (kind, start, end, items), every garbage
 * collection (start, duration, kind) and every answer autocannon times; then, for each answer, the garbage-collection
 * time and the statements of each kind that fell inside its wait. Prints those figures for the median answers and for
 * the slowest 1%, so the tail can be put on the wave's order (statements waited through) or on the collector.
 * A measurement only: nothing of the server changes (the batcher's method is wrapped from here, for the run).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { StatementBatcher } from '../server/db/statementBatcher';
import { percentile } from './stats';

interface Span {
  start: number;
  end: number;
}
interface StatementSpan extends Span {
  what: string;
  items: number;
}
interface GcSpan extends Span {
  kind: string;
}

const statements: StatementSpan[] = [];
/** When each item was asked for (`run`), and each item's wait from then to its statement's start, by kind. */
const asked = new WeakMap<object, number>();
const waits = new Map<string, number[]>();
const collections: GcSpan[] = [];
let observer: PerformanceObserver | undefined;

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

/** Starts recording (once a process): the batchers' statements and the collector's pauses. */
export function startTrace(): void {
  if (observer) return;
  // Wraps the batcher's `run` and its private `startNext` for the run.
  const proto = StatementBatcher.prototype as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;
  const run = proto.run!;
  proto.run = function (this: unknown, item: unknown) {
    if (typeof item === 'object' && item !== null) asked.set(item, performance.now());
    return run.call(this, item);
  };
  const noteWaits = (what: string, batch: { item: unknown }[], start: number) => {
    const own = waits.get(what) ?? [];
    waits.set(what, own);
    for (const w of batch) {
      const at = typeof w.item === 'object' && w.item !== null ? asked.get(w.item) : undefined;
      if (at !== undefined) own.push(start - at);
    }
  };
  const startNext = proto.startNext!;
  proto.startNext = function (this: { what: string }) {
    const start = performance.now();
    const started = startNext.call(this) as { batch: { item: unknown }[]; outcome: Promise<unknown> } | undefined;
    if (started) {
      noteWaits(this.what, started.batch, start);
      void started.outcome.then(() => statements.push({ what: this.what, items: started.batch.length, start, end: performance.now() }));
    }
    return started;
  };
  observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      collections.push({ start: e.startTime, end: e.startTime + e.duration, kind: GC_KINDS[kind] ?? String(kind) });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Forgets what was recorded (before a run). */
export function resetTrace(): void {
  statements.length = 0;
  collections.length = 0;
  waits.clear();
}

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length);

/**
 * Prints, for answers `[answeredAt, ms]` (answeredAt on performance.now()'s clock), what their waits held: the median
 * band (p45–p55) against the slowest 1%.
 */
export function reportTrace(label: string, answers: [answeredAt: number, ms: number][]): void {
  // The first second's answers (every connection's first filing, into an idle server) are left out.
  const first = Math.min(...answers.map(([at, ms]) => at - ms));
  const spans = answers
    .filter(([at]) => at - first >= 1000)
    .map(([at, ms]) => ({ start: at - ms, end: at, ms }))
    .sort((a, b) => a.ms - b.ms);
  if (spans.length < 100) return;
  const kinds = [...new Set(statements.map((s) => s.what))].sort();
  const describe = (band: typeof spans) => {
    const gc = band.map((s) => collections.reduce((sum, c) => sum + overlap(s, c), 0));
    const gcCount = band.map((s) => collections.filter((c) => overlap(s, c) > 0).length);
    const parts = kinds.map((what) => {
      // Statements of this kind that began and ended inside the wait: each one the filing waited through whole.
      const whole = band.map((s) => statements.filter((t) => t.what === what && t.start >= s.start && t.end <= s.end).length);
      const time = band.map((s) => statements.filter((t) => t.what === what).reduce((sum, t) => sum + overlap(s, t), 0));
      return `${what} ${mean(whole).toFixed(2)} whole, ${mean(time).toFixed(0)} ms in one`;
    });
    return `${mean(band.map((s) => s.ms)).toFixed(0)} ms; GC ${mean(gc).toFixed(1)} ms in ${mean(gcCount).toFixed(1)} pauses; ${parts.join('; ')}`;
  };
  const n = spans.length;
  const median = spans.slice(Math.floor(n * 0.45), Math.ceil(n * 0.55));
  const slowest = spans.slice(Math.floor(n * 0.99));
  const gcTotal = collections.reduce((sum, c) => sum + c.end - c.start, 0);
  const byKind = new Map<string, number[]>();
  for (const c of collections) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.end - c.start]);
  const pauses = [...byKind]
    .map(([kind, ms]) => `${ms.length} ${kind} (median ${percentile(ms, 50).toFixed(1)}, max ${Math.max(...ms).toFixed(1)} ms)`)
    .join(', ');
  const sizes = kinds.map((what) => {
    const own = statements.filter((s) => s.what === what);
    const ordered = [...own].sort((a, b) => a.start - b.start);
    // The lane's gaps: from one statement's end (as Node saw it) to the next one's start.
    const gaps = ordered.slice(1).map((s, i) => s.start - ordered[i]!.end);
    const busy = ordered.reduce((sum, s) => sum + s.end - s.start, 0);
    const span = ordered.length > 0 ? ordered[ordered.length - 1]!.end - ordered[0]!.start : 0;
    return `${what}: ${own.length} statements, ${mean(own.map((s) => s.items)).toFixed(1)} items, ${mean(own.map((s) => s.end - s.start)).toFixed(1)} ms each, gap between statements median ${gaps.length > 0 ? percentile(gaps, 50).toFixed(1) : '-'} ms, lane busy ${((busy / Math.max(1, span)) * 100).toFixed(0)}%`;
  });
  console.log(`  trace ${label}: GC ${gcTotal.toFixed(0)} ms: ${pauses}`);
  console.log(`  trace ${label}: ${sizes.join('; ')}`);
  const q = (values: number[], at: number) => (values.length > 0 ? percentile(values, at * 100) : 0);
  const waited = [...waits].map(([what, ms]) => `${what} p50 ${q(ms, 0.5).toFixed(0)}, p99 ${q(ms, 0.99).toFixed(0)}, max ${Math.max(...ms).toFixed(0)} ms`);
  const took = kinds.map((what) => {
    const own = statements.filter((s) => s.what === what).map((s) => s.end - s.start);
    return `${what} p50 ${q(own, 0.5).toFixed(0)}, p99 ${q(own, 0.99).toFixed(0)} ms`;
  });
  console.log(`  trace ${label}: wait for a statement: ${waited.join('; ')}; a statement: ${took.join('; ')}`);
  // TRACE_SLOW=1: each statement over 3× its kind's median, at the wall clock's time, to set against the server's log
  // (its checkpoints, docs/scaling.md session 22).
  if (process.env.TRACE_SLOW === '1')
    for (const what of kinds) {
      const own = statements.filter((s) => s.what === what);
      const limit =
        3 *
        q(
          own.map((s) => s.end - s.start),
          0.5,
        );
      const at = (t: number) => new Date(performance.timeOrigin + t).toISOString().slice(11, 23);
      const slow = own.filter((s) => s.end - s.start > limit).map((s) => `${at(s.start)} ${(s.end - s.start).toFixed(0)} ms`);
      console.log(`  trace ${label}: ${what} over ${limit.toFixed(0)} ms (${slow.length} of ${own.length}): ${slow.join(', ')}`);
    }
  console.log(`  trace ${label}: median answers (p45–p55) ${describe(median)}`);
  console.log(`  trace ${label}: slowest 1% ${describe(slowest)}`);
}
