/**
 * How PostgreSQL values become JavaScript values, identical for both drivers so the code sees the same
 * rows on the embedded database and on a server.
 */
import { types } from 'pg';

// A `date` is a calendar day in Bogota, not an instant: pg's default would turn it into a Date at the
// server's local midnight and shift it a day in some time zones.
const keepText = (value: string) => value;
// Counts and ids from bigint columns stay far below 2^53; numbers are what the code and JSON expect.
const toNumber = (value: string) => Number(value);

types.setTypeParser(types.builtins.DATE, keepText);
types.setTypeParser(types.builtins.INT8, toNumber);
types.setTypeParser(types.builtins.NUMERIC, toNumber);

/** The same choices for PGlite (timestamps already become Dates and json is parsed in both). */
export const PGLITE_PARSERS = {
  [types.builtins.DATE]: keepText,
  [types.builtins.INT8]: toNumber,
  [types.builtins.NUMERIC]: toNumber,
};
