/**
 * A sweep batch writes its cases' figures itself, by key, instead of through the cases' two statement triggers
 * (issue #16 §7, docs/scaling.md "Deadline sweep in sets", session 21).
 *
 * `record_swept_deadlines` (0044) raises the escalation level of a batch's cases in one `UPDATE cases`; its two
 * `AFTER UPDATE` statement triggers then each read the 500 old and new case rows back from their transition tables:
 * 0040's `effectiveness_of_cases` joins them to find that none of the columns it reads moved (the level and the
 * update time are not among them), and 0033/0037/0096's `refresh_figures_of_updated_cases` joins them three times
 * (anything moved? the level-only rows; any other row?) to update `case_figures` from the second join. Measured apart
 * (bench/sweepParts.ts), the cases' `UPDATE` with its figures cost 55–87 µs a case at 100,000 and this way 47–57 µs.
 *
 * Both triggers now skip a statement run with the transaction-local setting `puente.swept_levels` on, which only
 * `record_swept_deadlines` sets, around its one `UPDATE cases` that sets the level and the update time and nothing
 * else. The function then does what the figures trigger would have done for exactly those rows — the same level-only
 * `UPDATE case_figures` under `puente.figures_level_only` (0096), so `case_figures_level_updated` tallies it as before
 * and checks that nothing else moved — from the batch's arrays, looked up by key. What the effectiveness trigger would have queued for that statement is nothing, as it
 * compares none of the columns set. Every other update of `cases` (the filing's included: it never sets the setting)
 * fires both triggers exactly as before.
 *
 * The settings are set with `set_config(…, true)`: an error inside the function rolls them back with the transaction
 * (the sweep's batch), and each is set off again right after its statement. The number of cases updated is checked
 * against the batch's, so the figures can never be raised for a case whose row was not.
 */
export const sweptLevelsDirect = `
DROP TRIGGER cases_figures_updated ON cases;
CREATE TRIGGER cases_figures_updated AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
  FOR EACH STATEMENT WHEN (current_setting('puente.swept_levels', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION refresh_figures_of_updated_cases();

DROP TRIGGER cases_effectiveness_updated ON cases;
CREATE TRIGGER cases_effectiveness_updated AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (current_setting('puente.swept_levels', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION effectiveness_of_cases();

CREATE OR REPLACE FUNCTION record_swept_deadlines(p_how text, p_deadline_ids uuid[], p_case_ids uuid[], p_data jsonb[], p_kind text,
  p_at timestamptz, p_level_case_ids uuid[], p_levels int[]) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_raised int;
BEGIN
  IF p_how = 'escalated' THEN
    UPDATE case_deadlines SET escalated_at = p_at WHERE id = ANY(p_deadline_ids);
  ELSIF p_how = 'reminded' THEN
    UPDATE case_deadlines SET reminded_at = p_at WHERE id = ANY(p_deadline_ids);
  ELSE
    RAISE EXCEPTION 'record_swept_deadlines: unknown stamp %', p_how;
  END IF;
  IF cardinality(p_level_case_ids) > 0 THEN
    -- The level and the update time only: the cases' figures and effectiveness triggers skip this statement, and
    -- the figures are written below.
    PERFORM set_config('puente.swept_levels', 'on', true);
    UPDATE cases c SET escalation_level = l.level, updated_at = p_at
    FROM unnest(p_level_case_ids, p_levels) AS l(case_id, level)
    -- The = ANY lets the planner look the few cases up by key instead of hashing the whole table per batch.
    WHERE c.id = l.case_id AND c.id = ANY(p_level_case_ids);
    GET DIAGNOSTICS v_raised = ROW_COUNT;
    PERFORM set_config('puente.swept_levels', 'off', true);
    IF v_raised <> cardinality(p_level_case_ids) THEN
      RAISE EXCEPTION 'record_swept_deadlines: % cases raised, % given', v_raised, cardinality(p_level_case_ids);
    END IF;
    -- What refresh_figures_of_updated_cases does for a level-only change, by key; tallied by case_figures_level_updated
    -- (0096), which also refuses the statement if anything but the level and the update time moved.
    PERFORM set_config('puente.figures_level_only', 'on', true);
    UPDATE case_figures f SET escalated = l.level > 0, escalation_level = l.level, updated_at = p_at
    FROM unnest(p_level_case_ids, p_levels) AS l(case_id, level)
    WHERE f.case_id = l.case_id AND f.case_id = ANY(p_level_case_ids)
      AND (f.escalation_level, f.updated_at) IS DISTINCT FROM (l.level, p_at);
    PERFORM set_config('puente.figures_level_only', 'off', true);
  END IF;
  RETURN cardinality(append_case_events(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('case_id', e.case_id, 'kind', p_kind, 'actor_role', 'system', 'data', e.data, 'created_at', p_at) ORDER BY e.n), '[]'::jsonb)
     FROM unnest(p_case_ids, p_data) WITH ORDINALITY AS e(case_id, data, n))));
END;
$$;
`;
