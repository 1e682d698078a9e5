/**
 * `mechanism_business_days` (0024) answers null without running when a day is missing (issue #16 §5, docs/scaling.md
 * "Filing at speed", session 15). The figures view computes a case's days to acknowledgement and to resolution with
 * it, and a new case has neither: every filing ran its query twice (two index lookups in `business_days` that find
 * nothing, so null). Declared STRICT, PostgreSQL returns null for a null argument without calling it. The answer is
 * the same for every caller: a null day never matched a row of `business_days`, and every caller passes a mechanism
 * from a column that cannot be null (`cases.mechanism_id`, `case_figures.mechanism_id`).
 */
export const businessDaysStrict = `
ALTER FUNCTION mechanism_business_days(uuid, date, date) STRICT;
`;
