/**
 * Statistical disclosure control of published figures: small-cell and complementary suppression. The
 * one implementation, used by the public transparency page (one column at a time) and by the
 * effectiveness report's breakdowns (whole tables, rows and columns).
 */
import type { PublicCount } from '../../shared/types/oversight';

/** The smallest number of cases a public figure may count. */
export const MINIMUM_CELL = 5;

/** Whether a count would single somebody out: 1 to 4 (zero counts nobody, so it reveals nobody). */
function isSmall(v: number): boolean {
  return v > 0 && v < MINIMUM_CELL;
}

/**
 * Complementary suppression of one line (a column, or a row of a table) whose cells add up to a
 * published total: when exactly one cell is hidden, hides the smallest other non-zero cell; when no
 * such cell exists, answers that the line's total must be hidden instead. Changes `hidden` in place;
 * answers whether the total must be hidden.
 */
function complementLine(values: readonly number[], hidden: boolean[]): boolean {
  if (hidden.filter(Boolean).length !== 1) return false;
  let complement = -1;
  values.forEach((v, i) => {
    if (!hidden[i] && v > 0 && (complement === -1 || v < values[complement]!)) complement = i;
  });
  if (complement === -1) return true;
  hidden[complement] = true;
  return false;
}

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
  const hidden = values.map(isSmall);
  let totalHidden = isSmall(total);
  if (!totalHidden) totalHidden = complementLine(values, hidden);
  return { cells: values.map((v, i) => (hidden[i] ? '<5' : v)), total: totalHidden ? '<5' : total };
}

/**
 * Suppresses a two-way table (rows × columns) whose rows add up to their row totals and whose columns
 * add up to their column totals, all published: the rule of suppressColumn applied to every column and
 * every row, again and again until nothing changes (hiding a cell to protect a column can leave a row
 * with one hidden cell, and so on). The grand total is never hidden; a row or column total is hidden
 * when it is under 5 or when its line cannot be protected otherwise.
 */
export function suppressTable(
  cells: readonly (readonly number[])[],
  rowTotals: readonly number[],
  columnTotals: readonly number[],
): { cells: PublicCount[][]; rowTotals: PublicCount[]; columnTotals: PublicCount[] } {
  const hidden = cells.map((row) => row.map(isSmall));
  const rowHidden = rowTotals.map(isSmall);
  const columnHidden = columnTotals.map(isSmall);
  for (let changed = true; changed;) {
    const before = JSON.stringify([hidden, rowHidden, columnHidden]);
    hidden.forEach((row, r) => {
      if (!rowHidden[r] && complementLine(cells[r]!, row)) rowHidden[r] = true;
    });
    columnTotals.forEach((_, c) => {
      const column = hidden.map((row) => row[c]!);
      if (
        !columnHidden[c] &&
        complementLine(
          cells.map((row) => row[c]!),
          column,
        )
      )
        columnHidden[c] = true;
      column.forEach((h, r) => (hidden[r]![c] = h));
    });
    changed = JSON.stringify([hidden, rowHidden, columnHidden]) !== before;
  }
  const show = (v: number, h: boolean): PublicCount => (h ? '<5' : v);
  return {
    cells: cells.map((row, r) => row.map((v, c) => show(v, hidden[r]![c]!))),
    rowTotals: rowTotals.map((v, r) => show(v, rowHidden[r]!)),
    columnTotals: columnTotals.map((v, c) => show(v, columnHidden[c]!)),
  };
}

/** A median published only when it was measured on at least MINIMUM_CELL cases. */
export function publicMedian(median: number | null, measured: number): number | '<5' | null {
  if (measured === 0 || median === null) return null;
  return measured < MINIMUM_CELL ? '<5' : median;
}
