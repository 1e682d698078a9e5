/**
 * The figures of an escalation tallied by what an escalation moves (issue #16 §7, docs/scaling.md "Deadline sweep
 * in sets", session 16). A sweep batch raises the level of 500 cases; 0033/0037's trigger on `cases` copies the
 * level (and the update time, 0088) into their `case_figures` rows in one `UPDATE`, and the five `UPDATE`
 * statement triggers of `case_figures` then each read the 1,000 old and new rows: 0080's filed tallies spread the
 * new rows over every slice, span and facet (~40 entries a row, ~12 kept), 0033's six tallies sum both sides in
 * six statements that all come to zero but one, 0043's overdue tally, 0095's scorecards and 0040's effectiveness
 * find nothing changed. Together they were ~60% of that `UPDATE`'s time in the sweep's profile.
 *
 * Of everything those triggers read, a level-only change moves only `escalated` (0 ↔ non-zero levels; a 1 → 2 rise
 * moves nothing they read). So that `UPDATE` — the only one — now runs with the transaction-local setting
 * `puente.figures_level_only` on, the five triggers skip a statement run with it (a `WHEN` on the setting, checked
 * when the statement ends), and one trigger of its own, `case_figures_level_updated`, appends what changed:
 * - `oversight_case_tallies`: per mechanism, company, municipality and status, the escalated cases ±1 for each
 *   row whose flag flipped (0033's sum of the old rows negated and the new ones, without the zero sums);
 * - `oversight_filed_appends`: for each flipped row, the `status` facet of every slice it is in (all, each category,
 *   its municipality, its status, the red-flag queue) one escalated case more or fewer, and the `escalated` slice
 *   gained or lost the case in each of its facets (status, municipality, overdue day, acknowledged, resolved),
 *   in both spans: the entries 0080 kept, spread directly instead of picked out of all of them, summed by day of
 *   filing first and a month's rows from its days' (half the entries to sum, fewer when cases share a day);
 * - `oversight_figures_changes` drawn once, as 0043's trigger does for every statement (the public figures' cache).
 * Nothing else any of the five reads moved, so they had nothing more to append. The trigger checks that: a row of
 * the statement differing in any other column, or without a partner, is an error (the setting is only ever on
 * around the one `UPDATE` below, which sets the three columns and nothing else).
 *
 * The setting is set with `set_config(…, true)`: an error inside the statement rolls it back with the
 * (sub)transaction, and it is set off again right after the statement.
 */
import { exportFigures } from './0088_export_figures';
import { definitionIn, replacedOnce } from './0058_filing_without_cascades';

const FLAG = 'puente.figures_level_only';

/** The columns of `case_figures` a level-only update leaves as they are. */
const UNMOVED = [
  'case_id',
  'mechanism_id',
  'company_id',
  'municipality_id',
  'status',
  'filed_on',
  'red_flag_open',
  'categories',
  'acknowledged_on',
  'acknowledge_days',
  'resolved_on',
  'resolve_days',
  'agreements_reached',
  'agreements_kept',
  'satisfaction_sum',
  'satisfaction_count',
  'deadlines_settled',
  'deadlines_met',
  'open_due_days',
  'overdue_from',
  'red_flag',
  'is_open',
  'filed_at',
];
const of = (alias: string) => `(${UNMOVED.map((c) => `${alias}.${c}`).join(', ')})`;

const FILED_COLUMNS = `mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days,
  cases, escalated, red_flag_open`;

/** 0088's trigger on cases, with the setting on for its level-only UPDATE of case_figures. */
const updatedCasesFlaggingLevels = replacedOnce(
  replacedOnce(
    definitionIn(exportFigures, 'CREATE OR REPLACE FUNCTION refresh_figures_of_updated_cases()'),
    '  UPDATE case_figures f SET escalated',
    `  -- Only the level, the update time and whether the case is escalated move: tallied by case_figures_level_updated.
  PERFORM set_config('${FLAG}', 'on', true);
  UPDATE case_figures f SET escalated`,
  ),
  '  FOR target IN',
  `  PERFORM set_config('${FLAG}', 'off', true);
  FOR target IN`,
);

/** The five UPDATE triggers of case_figures, as created, skipping a level-only statement. */
const TALLIES = [
  ['case_figures_tallies_updated', 'old_figures', 'new_figures', 'tally_case_figures_changes'],
  ['case_figures_filed_updated', 'old_figures', 'new_figures', 'tally_filed_changes'],
  ['case_figures_overdue_updated', 'old_figures', 'new_figures', 'tally_overdue_changes'],
  ['case_figures_scorecard_updated', 'old_figures', 'new_figures', 'tally_scorecard_changes'],
  ['case_figures_effectiveness_updated', 'old_rows', 'new_rows', 'effectiveness_of_case_figures'],
];
const skippingLevelOnly = TALLIES.map(
  ([name, oldTable, newTable, fn]) => `
DROP TRIGGER ${name} ON case_figures;
CREATE TRIGGER ${name} AFTER UPDATE ON case_figures REFERENCING OLD TABLE AS ${oldTable} NEW TABLE AS ${newTable}
  FOR EACH STATEMENT WHEN (current_setting('${FLAG}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION ${fn}();`,
).join('\n');

export const levelOnlyFigures = `
CREATE FUNCTION tally_level_changes() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  more_moved boolean;
BEGIN
  PERFORM nextval('oversight_figures_changes');
  WITH pairs AS MATERIALIZED (
    SELECT n.*, n.escalated IS DISTINCT FROM o.escalated AS flipped, ${of('n')} IS DISTINCT FROM ${of('o')} AS moved
    FROM new_figures n FULL JOIN old_figures o ON o.case_id = n.case_id),
  flipped AS (SELECT *, CASE WHEN escalated THEN 1 ELSE -1 END AS sign FROM pairs WHERE flipped AND NOT moved),
  cases_tallied AS (
    INSERT INTO oversight_case_tallies (mechanism_id, company_id, municipality_id, status, cases, escalated, red_flag_open)
    SELECT mechanism_id, company_id, municipality_id, status, 0, sum(sign), 0 FROM flipped GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0),
  -- The day rows first; a month's rows are the sums of its days' (half the entries to sum, and fewer when cases share a day).
  days AS MATERIALIZED (
    SELECT f.mechanism_id, f.company_id, x.slice, x.slice_key, f.filed_on, x.facet, x.status, x.municipality_id, x.on_day, x.days,
           sum(f.sign * x.cases)::int AS cases, sum(f.sign * x.escalated)::int AS escalated, sum(f.sign * x.red_flag_open)::int AS red_flag_open
    FROM flipped f,
         -- Every slice the case is in but the escalated one: its status row counts the case escalated or not.
         LATERAL (SELECT 'all' AS slice, '' AS slice_key, 'status' AS facet, f.status AS status, NULL::uuid AS municipality_id,
                         NULL::date AS on_day, NULL::integer AS days, 0 AS cases, 1 AS escalated, 0 AS red_flag_open
                  UNION ALL SELECT 'category', c::text, 'status', f.status, NULL, NULL, NULL, 0, 1, 0 FROM unnest(f.categories) c
                  UNION ALL SELECT 'municipality', f.municipality_id::text, 'status', f.status, NULL, NULL, NULL, 0, 1, 0
                  UNION ALL SELECT 'status', f.status, 'status', f.status, NULL, NULL, NULL, 0, 1, 0
                  UNION ALL SELECT 'red_flag', '', 'status', f.status, NULL, NULL, NULL, 0, 1, 0 WHERE f.red_flag_open
                  -- The escalated slice, which the case joins or leaves in each of its facets.
                  UNION ALL SELECT 'escalated', '', 'status', f.status, NULL, NULL, NULL, 1, 1, f.red_flag_open::int
                  UNION ALL SELECT 'escalated', '', 'municipality', NULL, f.municipality_id, NULL, NULL, 1, 0, 0
                  UNION ALL SELECT 'escalated', '', 'overdue', NULL, NULL, utc_day(f.overdue_from), NULL, 1, 0, 0
                  UNION ALL SELECT 'escalated', '', 'acknowledged', NULL, NULL, date_trunc('month', f.acknowledged_on)::date, f.acknowledge_days, 1, 0, 0
                  UNION ALL SELECT 'escalated', '', 'resolved', NULL, NULL, date_trunc('month', f.resolved_on)::date, f.resolve_days, 1, 0, 0) x
    WHERE x.facet IN ('status', 'municipality') OR x.on_day IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
  filed AS (
    INSERT INTO oversight_filed_appends (${FILED_COLUMNS})
    SELECT mechanism_id, company_id, slice, slice_key, 'day', filed_on, facet, status, municipality_id, on_day, days, cases, escalated, red_flag_open
    FROM days WHERE cases <> 0 OR escalated <> 0 OR red_flag_open <> 0
    UNION ALL
    SELECT mechanism_id, company_id, slice, slice_key, 'month', date_trunc('month', filed_on)::date, facet, status, municipality_id, on_day, days,
           sum(cases), sum(escalated), sum(red_flag_open)
    FROM days GROUP BY 1, 2, 3, 4, 6, 7, 8, 9, 10, 11
    HAVING sum(cases) <> 0 OR sum(escalated) <> 0 OR sum(red_flag_open) <> 0)
  SELECT bool_or(p.moved) INTO more_moved FROM pairs p;
  -- The setting is only on around refresh_figures_of_updated_cases' UPDATE, which sets nothing else.
  IF more_moved THEN
    RAISE EXCEPTION 'a level-only update of case_figures changed more than the level';
  END IF;
  RETURN NULL;
END;
$$;
${skippingLevelOnly}

CREATE TRIGGER case_figures_level_updated AFTER UPDATE ON case_figures REFERENCING OLD TABLE AS old_figures NEW TABLE AS new_figures
  FOR EACH STATEMENT WHEN (current_setting('${FLAG}', true) = 'on') EXECUTE FUNCTION tally_level_changes();

${updatedCasesFlaggingLevels}
`;
