import { filedTallyRows } from '../server/db/migrations/0053_filed_tallies';

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
