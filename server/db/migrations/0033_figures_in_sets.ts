/**
 * Oversight figures kept in sets (issue #16 §7): the deadline sweep escalates hundreds of cases in one
 * UPDATE, and 0024's row triggers then recomputed each case's figures from the view (~3 ms a case
 * under load) and appended six tally rows per case (~0.4 ms): 100,000 escalations spent minutes there.
 *
 * - Cases changed by an UPDATE are handled per statement (transition tables): those whose only change
 *   the figures see is the escalation level take the one-column shortcut the view defines
 *   (`escalated = escalation_level > 0`), in one statement for all of them; any other change recomputes
 *   the case's row from the view as before. A level that rises 1 → 2 changes no figure and costs nothing.
 * - The tallies are appended per statement too, summed by group (a batch of 500 escalations appends a
 *   handful of rows instead of 6,000); groups whose sums are all zero are left out. Readers add up the
 *   same numbers as before, and `compact_oversight_tallies` folds them the same way.
 * - New cases keep their row trigger (a filing inserts one).
 * - Two partial indexes in the order the sweep claims, so a batch never walks past rows already done.
 */
/** The six tally appends of a statement's signed figures rows (`changes`: SQL of case_figures rows plus `sign`). */
function tallyStatements(changes: string): string {
  return `
    INSERT INTO oversight_case_tallies (mechanism_id, company_id, municipality_id, status, cases, escalated, red_flag_open)
    SELECT mechanism_id, company_id, municipality_id, status, sum(sign), sum(sign * escalated::int), sum(sign * red_flag_open::int)
    FROM (${changes}) f GROUP BY 1, 2, 3, 4
    HAVING sum(sign) <> 0 OR sum(sign * escalated::int) <> 0 OR sum(sign * red_flag_open::int) <> 0;
    INSERT INTO oversight_period_tallies (mechanism_id, company_id, status, filed_month, cases, agreements_reached, agreements_kept,
                                          satisfaction_sum, satisfaction_count, deadlines_settled, deadlines_met)
    SELECT mechanism_id, company_id, status, date_trunc('month', filed_on)::date, sum(sign), sum(sign * agreements_reached),
           sum(sign * agreements_kept), sum(sign * satisfaction_sum), sum(sign * satisfaction_count), sum(sign * deadlines_settled),
           sum(sign * deadlines_met)
    FROM (${changes}) f GROUP BY 1, 2, 3, 4
    HAVING sum(sign) <> 0 OR sum(sign * agreements_reached) <> 0 OR sum(sign * agreements_kept) <> 0 OR sum(sign * satisfaction_sum) <> 0
        OR sum(sign * satisfaction_count) <> 0 OR sum(sign * deadlines_settled) <> 0 OR sum(sign * deadlines_met) <> 0;
    INSERT INTO oversight_duration_tallies (mechanism_id, company_id, milestone, filed_quarter, reached_month, days, n)
    SELECT f.mechanism_id, f.company_id, m.milestone, date_trunc('quarter', f.filed_on)::date, date_trunc('month', m.reached_on)::date, m.days, sum(f.sign)
    FROM (${changes}) f,
         LATERAL (VALUES ('acknowledged', f.acknowledged_on, f.acknowledge_days), ('resolved', f.resolved_on, f.resolve_days)) AS m(milestone, reached_on, days)
    WHERE m.reached_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(f.sign) <> 0;
    INSERT INTO oversight_group_duration_tallies (mechanism_id, dimension, group_id, milestone, days, n)
    SELECT f.mechanism_id, g.dimension, g.group_id, m.milestone, m.days, sum(f.sign)
    FROM (${changes}) f,
         LATERAL (VALUES ('acknowledged', f.acknowledge_days), ('resolved', f.resolve_days)) AS m(milestone, days),
         LATERAL (SELECT 'municipality' AS dimension, f.municipality_id AS group_id UNION ALL SELECT 'category', k FROM unnest(f.categories) k) g
    WHERE m.days IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING sum(f.sign) <> 0;
    INSERT INTO oversight_category_tallies (mechanism_id, category_id, status, n)
    SELECT f.mechanism_id, k, f.status, sum(f.sign) FROM (${changes}) f, unnest(f.categories) k GROUP BY 1, 2, 3 HAVING sum(f.sign) <> 0;
    INSERT INTO oversight_due_tallies (mechanism_id, company_id, filed_quarter, due_day, n)
    SELECT f.mechanism_id, f.company_id, date_trunc('quarter', f.filed_on)::date, d, sum(f.sign)
    FROM (${changes}) f, unnest(f.open_due_days) d GROUP BY 1, 2, 3, 4 HAVING sum(f.sign) <> 0;`;
}

export const figuresInSets = `
-- The sweep's claims, in the order they take rows: without escalated_at / reminded_at in the
-- predicate, every batch walked past all the rows earlier batches had already done (quadratic).
CREATE INDEX case_deadlines_escalation_claim_idx ON case_deadlines (due_at, id)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL;
CREATE INDEX case_deadlines_reminder_claim_idx ON case_deadlines (reminder_at, id)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND reminded_at IS NULL;

DROP TRIGGER cases_figures ON cases;
CREATE TRIGGER cases_figures_inserted AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_cases_row();

CREATE FUNCTION refresh_figures_of_updated_cases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
BEGIN
  -- Only the escalation level crossed zero: the one figure it moves, for all such cases at once.
  UPDATE case_figures f SET escalated = n.escalation_level > 0
  FROM new_cases n JOIN old_cases o ON o.id = n.id
  WHERE f.case_id = n.id
    AND (n.mechanism_id, n.company_id, n.municipality_id, n.status, n.created_at, n.red_flag, n.red_flag_released_at,
         n.first_acknowledged_at, n.first_resolved_at)
        IS NOT DISTINCT FROM
        (o.mechanism_id, o.company_id, o.municipality_id, o.status, o.created_at, o.red_flag, o.red_flag_released_at,
         o.first_acknowledged_at, o.first_resolved_at)
    AND f.escalated IS DISTINCT FROM (n.escalation_level > 0);
  -- Anything else the figures read changed: the case's row from the view, as 0024 did.
  FOR target IN
    SELECT n.id FROM new_cases n JOIN old_cases o ON o.id = n.id
    WHERE (n.mechanism_id, n.company_id, n.municipality_id, n.status, n.created_at, n.red_flag, n.red_flag_released_at,
           n.first_acknowledged_at, n.first_resolved_at)
          IS DISTINCT FROM
          (o.mechanism_id, o.company_id, o.municipality_id, o.status, o.created_at, o.red_flag, o.red_flag_released_at,
           o.first_acknowledged_at, o.first_resolved_at)
  LOOP
    PERFORM refresh_case_figures(target);
  END LOOP;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cases_figures_updated AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION refresh_figures_of_updated_cases();

-- The contribution of a statement's changed figures rows to every tally: old rows taken back, new ones
-- added, summed per group. Static SQL per kind of statement (plans cached; EXECUTE would plan six
-- statements again on every filing).
CREATE FUNCTION tally_case_figures_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
${tallyStatements('SELECT f.*, 1 AS sign FROM new_figures f')}
  ELSIF TG_OP = 'DELETE' THEN
${tallyStatements('SELECT f.*, -1 AS sign FROM old_figures f')}
  ELSE
${tallyStatements('SELECT f.*, -1 AS sign FROM old_figures f UNION ALL SELECT f.*, 1 AS sign FROM new_figures f')}
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER case_figures_tallies ON case_figures;
CREATE TRIGGER case_figures_tallies_inserted AFTER INSERT ON case_figures REFERENCING NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_case_figures_changes();
CREATE TRIGGER case_figures_tallies_updated AFTER UPDATE ON case_figures REFERENCING OLD TABLE AS old_figures NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_case_figures_changes();
CREATE TRIGGER case_figures_tallies_deleted AFTER DELETE ON case_figures REFERENCING OLD TABLE AS old_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_case_figures_changes();

-- The rebuild (0024) turns the tallies' triggers off while it reloads case_figures: the new names.
CREATE OR REPLACE FUNCTION rebuild_oversight_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_figures IN EXCLUSIVE MODE;
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_tallies_inserted;
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_tallies_deleted;
  DELETE FROM case_figures;
  INSERT INTO case_figures SELECT * FROM case_figures_source;
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_tallies_inserted;
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_tallies_deleted;
  DELETE FROM oversight_case_tallies;
  DELETE FROM oversight_period_tallies;
  DELETE FROM oversight_duration_tallies;
  DELETE FROM oversight_group_duration_tallies;
  DELETE FROM oversight_category_tallies;
  DELETE FROM oversight_due_tallies;
  DELETE FROM oversight_stale;
  INSERT INTO oversight_case_tallies
  SELECT mechanism_id, company_id, municipality_id, status, count(*), count(*) FILTER (WHERE escalated), count(*) FILTER (WHERE red_flag_open), true
  FROM case_figures GROUP BY 1, 2, 3, 4;
  INSERT INTO oversight_period_tallies
  SELECT mechanism_id, company_id, status, date_trunc('month', filed_on)::date, count(*), sum(agreements_reached), sum(agreements_kept),
         sum(satisfaction_sum), sum(satisfaction_count), sum(deadlines_settled), sum(deadlines_met), true
  FROM case_figures GROUP BY 1, 2, 3, 4;
  INSERT INTO oversight_duration_tallies
  SELECT f.mechanism_id, f.company_id, m.milestone, date_trunc('quarter', f.filed_on)::date, date_trunc('month', m.reached_on)::date, m.days, count(*), true
  FROM case_figures f,
       LATERAL (VALUES ('acknowledged', f.acknowledged_on, f.acknowledge_days), ('resolved', f.resolved_on, f.resolve_days)) AS m(milestone, reached_on, days)
  WHERE m.reached_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO oversight_group_duration_tallies
  SELECT f.mechanism_id, g.dimension, g.group_id, m.milestone, m.days, count(*), true
  FROM case_figures f,
       LATERAL (VALUES ('acknowledged', f.acknowledge_days), ('resolved', f.resolve_days)) AS m(milestone, days),
       LATERAL (SELECT 'municipality' AS dimension, f.municipality_id AS group_id UNION ALL SELECT 'category', k FROM unnest(f.categories) k) g
  WHERE m.days IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO oversight_category_tallies
  SELECT f.mechanism_id, k, f.status, count(*), true FROM case_figures f, unnest(f.categories) k GROUP BY 1, 2, 3;
  INSERT INTO oversight_due_tallies
  SELECT f.mechanism_id, f.company_id, date_trunc('quarter', f.filed_on)::date, d, count(*), true
  FROM case_figures f, unnest(f.open_due_days) d GROUP BY 1, 2, 3, 4;
END;
$$;
`;
