/**
 * Medians from histograms of whole business days: the summary tables keep how many cases took each
 * number of days, so a median over any union of groups is exact without reading the cases.
 */

/** One bar: `n` cases took `days` business days (null: not measurable, left out like SQL's NULL). */
export interface Bar {
  days: number | null;
  n: number;
}

/**
 * The median of the values the bars describe, as PostgreSQL's `percentile_cont(0.5)` gives it (the
 * mean of the two middle values when their number is even); null when there is none.
 */
export function histogramMedian(bars: Iterable<Bar>): number | null {
  const counts = new Map<number, number>();
  let total = 0;
  for (const { days, n } of bars) {
    if (days === null || n === 0) continue;
    counts.set(days, (counts.get(days) ?? 0) + n);
    total += n;
  }
  if (total === 0) return null;
  const sorted = [...counts.entries()].sort((a, b) => a[0] - b[0]);
  const valueAt = (position: number): number => {
    let seen = 0;
    for (const [days, n] of sorted) {
      seen += n;
      if (position < seen) return days;
    }
    throw new Error('position beyond the histogram');
  };
  const low = valueAt(Math.floor((total - 1) / 2));
  const high = valueAt(Math.ceil((total - 1) / 2));
  return (low + high) / 2;
}

/** How many measurable values the bars hold. */
export function histogramCount(bars: Iterable<Bar>): number {
  let total = 0;
  for (const { days, n } of bars) if (days !== null) total += n;
  return total;
}
