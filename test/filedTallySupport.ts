import { filedTallyRows } from '../server/db/migrations/0053_filed_tallies';
import type { Queryable } from '../server/db/database';

/** The group columns of the filed tallies (migration 0053). */
export const FILED_GROUP = 'mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days';

/**
 * CTEs `stored` (the filed tallies' folded rows plus appended ones, summed per group, zero groups left out) and
 * `recounted` (`case_figures` spread afresh by 0053's own rows), to compare with EXCEPT ALL both ways.
 */
export const FILED_STORED_AND_RECOUNTED = `stored AS (
         SELECT ${FILED_GROUP}, sum(cases)::int AS cases, sum(escalated)::int AS escalated, sum(red_flag_open)::int AS red_flag_open
         FROM (SELECT * FROM oversight_filed_tallies UNION ALL SELECT * FROM oversight_filed_appends) t
         GROUP BY ${FILED_GROUP} HAVING sum(cases) <> 0 OR sum(escalated) <> 0 OR sum(red_flag_open) <> 0),
       recounted AS (${filedTallyRows('SELECT c.*, 1 AS sign FROM case_figures c')})`;

/** The group columns of the case tallies. */
const CASE_GROUP = 'mechanism_id, company_id, municipality_id, status';

/** Groups of the filed and case tallies (folded rows plus appended ones) that differ from a recount of case_figures: none when they are exact. */
export function tallyDifferences(db: Queryable): Promise<unknown[]> {
  return db.query(
    `WITH ${FILED_STORED_AND_RECOUNTED},
     cases_stored AS (
       SELECT ${CASE_GROUP}, sum(cases)::int AS cases, sum(escalated)::int AS escalated, sum(red_flag_open)::int AS red_flag_open
       FROM oversight_case_tallies GROUP BY ${CASE_GROUP} HAVING sum(cases) <> 0 OR sum(escalated) <> 0 OR sum(red_flag_open) <> 0),
     cases_recounted AS (
       SELECT ${CASE_GROUP}, count(*)::int, sum(escalated::int)::int, sum(red_flag_open::int)::int FROM case_figures GROUP BY ${CASE_GROUP})
     SELECT 'filed, stored only' AS side, to_jsonb(a) AS tally FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM recounted) a
     UNION ALL SELECT 'filed, recounted only', to_jsonb(b) FROM (SELECT * FROM recounted EXCEPT ALL SELECT * FROM stored) b
     UNION ALL SELECT 'cases, stored only', to_jsonb(c) FROM (SELECT * FROM cases_stored EXCEPT ALL SELECT * FROM cases_recounted) c
     UNION ALL SELECT 'cases, recounted only', to_jsonb(d) FROM (SELECT * FROM cases_recounted EXCEPT ALL SELECT * FROM cases_stored) d`,
  );
}
