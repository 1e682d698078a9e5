/**
 * Statistical disclosure control of the public figures: small-cell and complementary suppression.
 */
import type { PublicCount } from '../../shared/types/oversight';

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
