/**
 * The arithmetic of oversight figures: medians in business days from grouped milestone rows, and the
 * statistical disclosure control of the public figures (small-cell and complementary suppression).
 */
import { businessDaysBetween } from '../../shared/calendar';
import type { PublicCount } from '../../shared/types/oversight';
import type { MilestoneGroup } from '../repositories/oversight';

/** A number of business days and how many cases took it. */
export interface DaysCount {
  days: number;
  count: number;
}

/** Business days from filing to the milestone of each reached group (Bogotá dates, días hábiles). */
export function toDays(groups: readonly MilestoneGroup[]): (DaysCount & { key: string | null; filed: string; reached: string })[] {
  return groups
    .filter((g): g is MilestoneGroup & { reached: string } => g.reached !== null)
    .map((g) => ({ key: g.key, filed: g.filed, reached: g.reached, days: businessDaysBetween(g.filed, g.reached), count: g.count }));
}

/** The median of weighted values (the mean of the two middle ones for an even count); null when empty. */
export function weightedMedian(values: readonly DaysCount[]): number | null {
  const total = values.reduce((sum, v) => sum + v.count, 0);
  if (total === 0) return null;
  const sorted = [...values].sort((a, b) => a.days - b.days);
  const at = (position: number): number => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.count;
      if (position < seen) return v.days;
    }
    return sorted[sorted.length - 1]!.days;
  };
  const middle = Math.floor(total / 2);
  return total % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/** Groups items by a key and returns the weighted median of each group. */
export function mediansBy<T extends DaysCount>(items: readonly T[], keyOf: (item: T) => string): Map<string, { median: number | null; count: number }> {
  const buckets = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(item);
    else buckets.set(key, [item]);
  }
  const result = new Map<string, { median: number | null; count: number }>();
  for (const [key, bucket] of buckets) result.set(key, { median: weightedMedian(bucket), count: bucket.reduce((s, v) => s + v.count, 0) });
  return result;
}

/** `YYYY-Qn` of a `YYYY-MM-DD` date. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The smallest number of cases a public figure may count. */
export const MINIMUM_CELL = 5;

/**
 * Suppresses one column of a public table and its total so that nobody can be singled out.
 *
 * 1. Primary suppression: a count of 1 to 4 cases is published as "<5". Zero is published: it counts
 *    nobody, so it reveals nobody.
 * 2. Complementary suppression: a column's cells add up to its published total, so a single hidden
 *    cell could be recovered by subtracting the others from the total. When exactly one cell of a
 *    column is hidden, the smallest other non-zero cell is hidden too; when no such cell exists, the
 *    total is hidden instead. Two or more hidden cells reveal only their sum, never each value.
 * 3. A total under 5 is hidden like any cell.
 */
export function suppressColumn(values: readonly number[], total: number): { cells: PublicCount[]; total: PublicCount } {
  const small = (v: number) => v > 0 && v < MINIMUM_CELL;
  const hidden = values.map(small);
  let totalHidden = small(total);
  if (!totalHidden && hidden.filter(Boolean).length === 1) {
    let complement = -1;
    values.forEach((v, i) => {
      if (!hidden[i] && v > 0 && (complement === -1 || v < values[complement]!)) complement = i;
    });
    if (complement >= 0) hidden[complement] = true;
    else totalHidden = true;
  }
  return { cells: values.map((v, i) => (hidden[i] ? '<5' : v)), total: totalHidden ? '<5' : total };
}

/** A median published only when it was measured on at least MINIMUM_CELL cases. */
export function publicMedian(median: number | null, measured: number): number | '<5' | null {
  if (measured === 0 || median === null) return null;
  return measured < MINIMUM_CELL ? '<5' : median;
}
