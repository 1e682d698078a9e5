/**
 * How PostgreSQL values become JavaScript values, set once for every pool (embedded or server) so
 * both databases hand the code identical rows.
 */
import { types } from 'pg';

// A `date` is a calendar day in Bogota, not an instant: pg's default would turn it into a Date at the
// server's local midnight and shift it a day in some time zones.
types.setTypeParser(types.builtins.DATE, (value) => value);
// Counts and ids from bigint columns stay far below 2^53; numbers are what the code and JSON expect.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));
types.setTypeParser(types.builtins.NUMERIC, (value) => Number(value));
