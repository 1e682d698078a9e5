/**
 * The filed tallies of a sweep's escalations summed by hashing (issue #16 §7, docs/scaling.md "Deadline sweep
 * in sets", session 12). A sweep batch raises 500 cases; 0037's shortcut updates their `case_figures` rows in
 * one statement, and 0053's `tally_filed_changes` then spreads the 1,000 old and new rows over their slices,
 * spans and facets (~21,000 rows) and sums them per group. PostgreSQL planned that sum as a sort on the eleven
 * group columns followed by a grouped aggregate: ~49 ms a batch on this machine, a third of the PostgreSQL CPU of
 * a whole 10,000-case sweep (measured by dropping the trigger on a copy, as an upper bound). Summed in a hash
 * table instead it takes ~34 ms. The function's text is unchanged; only the sort is left out of its plans, so
 * the same rows are appended (their order in the table aside, which no reader depends on: they are summed).
 * A later `CREATE OR REPLACE FUNCTION tally_filed_changes()` drops the setting: restate it there.
 */
export const sweepFiledTallies = `
ALTER FUNCTION tally_filed_changes() SET enable_sort = off;
`;
