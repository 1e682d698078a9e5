/**
 * Oversight figures at a million cases (issue #16 §6): summary tables kept by triggers in the same
 * transaction as every change, so the dashboard, the scorecards and the public page add up a few
 * thousand rows instead of scanning every case and the whole `case_deadlines` table per request.
 *
 * Two layers, one definition:
 * - `case_figures`: one row per case with what it contributes to the figures (its groups, its
 *   milestones and their business-day durations, agreements, satisfaction, deadlines). The view
 *   `case_figures_source` computes it from the rows; triggers on every table it reads upsert the
 *   case's row from the view, so it can never be computed two ways.
 * - six tallies, sums of `case_figures` over the groups the figures need. A change of a case's row
 *   appends its old contribution negated and its new one (trigger on case_figures): appends never
 *   wait for each other, so concurrent filings share no hot summary row. A job folds the appended rows
 *   into one per group (`compact_oversight_tallies`); readers add up whatever is there, folded or not.
 *
 * Durations are stored in business days of the case's mechanism (0006's business_days, 0012's
 * calendar_shift) as small integers, so medians come exactly from histograms. A calendar change marks
 * the mechanisms whose durations may have moved (`oversight_stale`); readers count from the rows until
 * the job has recounted the durations (`recount_oversight_durations`).
 */
export const oversightTallies = `
CREATE FUNCTION bogota_date(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ((at AT TIME ZONE 'UTC') - interval '5 hours')::date;

-- Business days from one date to another in the calendar of a mechanism (null outside business_days):
-- the same arithmetic as the oversight medians (server/repositories/oversight.ts businessDaysSql).
CREATE FUNCTION mechanism_business_days(mechanism uuid, from_day date, to_day date) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (t.ordinal - COALESCE((SELECT s.lost FROM calendar_shift s WHERE s.mechanism_id = mechanism AND s.day = to_day), 0))
       - (f.ordinal - COALESCE((SELECT s.lost FROM calendar_shift s WHERE s.mechanism_id = mechanism AND s.day = from_day), 0))
  FROM business_days f, business_days t WHERE f.day = from_day AND t.day = to_day
$$;

CREATE TABLE case_figures (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  mechanism_id uuid NOT NULL,
  company_id uuid,
  municipality_id uuid NOT NULL,
  status text NOT NULL,
  filed_on date NOT NULL,
  escalated boolean NOT NULL,
  red_flag_open boolean NOT NULL,
  categories uuid[] NOT NULL,
  acknowledged_on date,
  acknowledge_days integer,
  resolved_on date,
  resolve_days integer,
  agreements_reached integer NOT NULL,
  agreements_kept integer NOT NULL,
  satisfaction_sum integer NOT NULL,
  satisfaction_count integer NOT NULL,
  -- Deadlines met or missed for good (satisfied, not called off), and of those the ones met on time.
  deadlines_settled integer NOT NULL,
  deadlines_met integer NOT NULL,
  -- UTC dates on which the case's unsatisfied, not called-off deadlines fall due (one per deadline):
  -- a deadline counts as due from its due time on, which no trigger sees happen.
  open_due_days date[] NOT NULL,
  -- The earliest due time of a running deadline (unsatisfied, not called off, not paused): the case is
  -- overdue from then on.
  overdue_from timestamptz
);
CREATE INDEX case_figures_overdue_idx ON case_figures (mechanism_id, company_id, overdue_from) WHERE overdue_from IS NOT NULL;
CREATE INDEX case_figures_mechanism_idx ON case_figures (mechanism_id);

CREATE VIEW case_figures_source AS
SELECT c.id AS case_id, c.mechanism_id, c.company_id, c.municipality_id, c.status,
       bogota_date(c.created_at) AS filed_on,
       c.escalation_level > 0 AS escalated,
       (c.red_flag AND c.red_flag_released_at IS NULL) AS red_flag_open,
       COALESCE(k.categories, '{}') AS categories,
       bogota_date(c.first_acknowledged_at) AS acknowledged_on,
       mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(c.first_acknowledged_at)) AS acknowledge_days,
       bogota_date(c.first_resolved_at) AS resolved_on,
       mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(c.first_resolved_at)) AS resolve_days,
       COALESCE(a.reached, 0)::int AS agreements_reached, COALESCE(a.kept, 0)::int AS agreements_kept,
       COALESCE(s.total, 0)::int AS satisfaction_sum, COALESCE(s.n, 0)::int AS satisfaction_count,
       COALESCE(d.settled, 0)::int AS deadlines_settled, COALESCE(d.met, 0)::int AS deadlines_met,
       COALESCE(d.open_due_days, '{}') AS open_due_days, d.overdue_from
FROM cases c
LEFT JOIN (SELECT case_id, array_agg(category_id ORDER BY category_id) AS categories FROM case_categories GROUP BY case_id) k ON k.case_id = c.id
LEFT JOIN (SELECT ag.case_id, count(*) AS reached,
                  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM commitments m WHERE m.agreement_id = ag.id AND m.status <> 'verified')) AS kept
           FROM agreements ag WHERE ag.status = 'accepted' GROUP BY ag.case_id) a ON a.case_id = c.id
LEFT JOIN (SELECT case_id, sum(score) AS total, count(*) AS n FROM case_satisfaction GROUP BY case_id) s ON s.case_id = c.id
LEFT JOIN (SELECT case_id,
                  count(*) FILTER (WHERE satisfied_at IS NOT NULL) AS settled,
                  count(*) FILTER (WHERE satisfied_at IS NOT NULL AND satisfied_at <= due_at) AS met,
                  array_agg((due_at AT TIME ZONE 'UTC')::date ORDER BY due_at) FILTER (WHERE satisfied_at IS NULL) AS open_due_days,
                  min(due_at) FILTER (WHERE satisfied_at IS NULL AND paused_at IS NULL) AS overdue_from
           FROM case_deadlines WHERE cancelled_at IS NULL GROUP BY case_id) d ON d.case_id = c.id;

-- The tallies. compacted: folded by the job (one row per group) or appended by a change (+1/-1).
-- Cases per company, municipality and status (the map, the counts by status, the queues).
CREATE TABLE oversight_case_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid,
  municipality_id uuid NOT NULL,
  status text NOT NULL,
  cases integer NOT NULL,
  escalated integer NOT NULL,
  red_flag_open integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
-- Cases per company, status and month of filing, with what the scorecards add up. Two narrow tables
-- rather than one wide one: a million cases fill ~1,600 groups in each instead of ~25,000 in one.
CREATE TABLE oversight_period_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid,
  status text NOT NULL,
  filed_month date NOT NULL,
  cases integer NOT NULL,
  agreements_reached integer NOT NULL,
  agreements_kept integer NOT NULL,
  satisfaction_sum integer NOT NULL,
  satisfaction_count integer NOT NULL,
  deadlines_settled integer NOT NULL,
  deadlines_met integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
-- Milestones reached (acknowledged, resolved) per company, quarter of filing and month reached, with
-- the business days it took (null when outside the calendar table): histograms for exact medians.
CREATE TABLE oversight_duration_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid,
  milestone text NOT NULL,
  filed_quarter date NOT NULL,
  reached_month date NOT NULL,
  days integer,
  n integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
-- The same histograms per municipality and per category (public page), known durations only.
CREATE TABLE oversight_group_duration_tallies (
  mechanism_id uuid NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('municipality', 'category')),
  group_id uuid NOT NULL,
  milestone text NOT NULL,
  days integer NOT NULL,
  n integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE TABLE oversight_category_tallies (
  mechanism_id uuid NOT NULL,
  category_id uuid NOT NULL,
  status text NOT NULL,
  n integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
-- Unsatisfied, not called-off deadlines by the UTC day they fall due (scorecards: deadlines due).
CREATE TABLE oversight_due_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid,
  filed_quarter date NOT NULL,
  due_day date NOT NULL,
  n integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX oversight_case_tallies_idx ON oversight_case_tallies (mechanism_id);
CREATE INDEX oversight_period_tallies_idx ON oversight_period_tallies (mechanism_id);
CREATE INDEX oversight_duration_tallies_idx ON oversight_duration_tallies (mechanism_id);
CREATE INDEX oversight_group_duration_tallies_idx ON oversight_group_duration_tallies (mechanism_id);
CREATE INDEX oversight_category_tallies_idx ON oversight_category_tallies (mechanism_id);
CREATE INDEX oversight_due_tallies_idx ON oversight_due_tallies (mechanism_id);
-- The CSV export reads a mechanism's cases newest first in keyset batches (filing time, then id):
-- without id in the index every batch sorted the whole selection again (1,400 rows/s at 160,000).
CREATE INDEX IF NOT EXISTS cases_mechanism_created_id_idx ON cases (mechanism_id, created_at DESC, id DESC);
-- The part of "deadlines due" that changes with the clock alone: today's open deadlines by due time.
CREATE INDEX case_deadlines_unsatisfied_due_idx ON case_deadlines (due_at) WHERE satisfied_at IS NULL AND cancelled_at IS NULL;

-- Mechanisms whose durations may no longer match the calendar (a holiday changed); readers count from
-- the rows until recount_oversight_durations has run for them.
CREATE TABLE oversight_stale (
  mechanism_id uuid PRIMARY KEY,
  since timestamptz NOT NULL
);

-- A case's contribution to every tally, times sign (+1 added, -1 taken back).
CREATE FUNCTION tally_case_figures(f case_figures, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO oversight_case_tallies (mechanism_id, company_id, municipality_id, status, cases, escalated, red_flag_open)
  VALUES (f.mechanism_id, f.company_id, f.municipality_id, f.status, sign, sign * f.escalated::int, sign * f.red_flag_open::int);
  INSERT INTO oversight_period_tallies (mechanism_id, company_id, status, filed_month, cases, agreements_reached, agreements_kept,
                                        satisfaction_sum, satisfaction_count, deadlines_settled, deadlines_met)
  VALUES (f.mechanism_id, f.company_id, f.status, date_trunc('month', f.filed_on)::date, sign, sign * f.agreements_reached,
          sign * f.agreements_kept, sign * f.satisfaction_sum, sign * f.satisfaction_count, sign * f.deadlines_settled, sign * f.deadlines_met);
  INSERT INTO oversight_duration_tallies (mechanism_id, company_id, milestone, filed_quarter, reached_month, days, n)
  SELECT f.mechanism_id, f.company_id, m.milestone, date_trunc('quarter', f.filed_on)::date, date_trunc('month', m.reached_on)::date, m.days, sign
  FROM (VALUES ('acknowledged', f.acknowledged_on, f.acknowledge_days), ('resolved', f.resolved_on, f.resolve_days)) AS m(milestone, reached_on, days)
  WHERE m.reached_on IS NOT NULL;
  INSERT INTO oversight_group_duration_tallies (mechanism_id, dimension, group_id, milestone, days, n)
  SELECT f.mechanism_id, g.dimension, g.group_id, m.milestone, m.days, sign
  FROM (VALUES ('acknowledged', f.acknowledge_days), ('resolved', f.resolve_days)) AS m(milestone, days),
       (SELECT 'municipality' AS dimension, f.municipality_id AS group_id UNION ALL SELECT 'category', k FROM unnest(f.categories) k) g
  WHERE m.days IS NOT NULL;
  INSERT INTO oversight_category_tallies (mechanism_id, category_id, status, n)
  SELECT f.mechanism_id, k, f.status, sign FROM unnest(f.categories) k;
  INSERT INTO oversight_due_tallies (mechanism_id, company_id, filed_quarter, due_day, n)
  SELECT f.mechanism_id, f.company_id, date_trunc('quarter', f.filed_on)::date, d, sign FROM unnest(f.open_due_days) d;
END;
$$;

CREATE FUNCTION case_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM tally_case_figures(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM tally_case_figures(NEW, 1); END IF;
  RETURN NULL;
END;
$$;

-- Recomputes one case's row from the view; its trigger then appends the difference to the tallies.
CREATE FUNCTION refresh_case_figures(target uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF target IS NULL THEN RETURN; END IF;
  INSERT INTO case_figures SELECT * FROM case_figures_source WHERE case_id = target
  ON CONFLICT (case_id) DO UPDATE SET
    mechanism_id = EXCLUDED.mechanism_id, company_id = EXCLUDED.company_id, municipality_id = EXCLUDED.municipality_id,
    status = EXCLUDED.status, filed_on = EXCLUDED.filed_on, escalated = EXCLUDED.escalated, red_flag_open = EXCLUDED.red_flag_open,
    categories = EXCLUDED.categories, acknowledged_on = EXCLUDED.acknowledged_on, acknowledge_days = EXCLUDED.acknowledge_days,
    resolved_on = EXCLUDED.resolved_on, resolve_days = EXCLUDED.resolve_days, agreements_reached = EXCLUDED.agreements_reached,
    agreements_kept = EXCLUDED.agreements_kept, satisfaction_sum = EXCLUDED.satisfaction_sum,
    satisfaction_count = EXCLUDED.satisfaction_count, deadlines_settled = EXCLUDED.deadlines_settled,
    deadlines_met = EXCLUDED.deadlines_met, open_due_days = EXCLUDED.open_due_days, overdue_from = EXCLUDED.overdue_from
  WHERE (case_figures.*) IS DISTINCT FROM (EXCLUDED.*);
END;
$$;

CREATE FUNCTION refresh_figures_of_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM refresh_case_figures(NEW.case_id); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.case_id IS DISTINCT FROM NEW.case_id) THEN
    PERFORM refresh_case_figures(OLD.case_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION refresh_figures_of_cases_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_case_figures(NEW.id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION refresh_figures_of_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM refresh_case_figures((SELECT case_id FROM agreements WHERE id = NEW.agreement_id)); END IF;
  IF TG_OP = 'DELETE' THEN PERFORM refresh_case_figures((SELECT case_id FROM agreements WHERE id = OLD.agreement_id)); END IF;
  RETURN NULL;
END;
$$;

-- A calendar change: every writer of case_figures finishes first and none starts until it commits
-- (SHARE lock), so no duration computed under the old calendar can be written after the mechanism is
-- marked; the job then recounts it.
CREATE FUNCTION mark_oversight_stale(mechanisms uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(mechanisms) = 0 THEN RETURN; END IF;
  LOCK TABLE case_figures IN SHARE MODE;
  INSERT INTO oversight_stale (mechanism_id, since) SELECT DISTINCT m, clock_timestamp() FROM unnest(mechanisms) m
  ON CONFLICT (mechanism_id) DO UPDATE SET since = EXCLUDED.since;
END;
$$;

-- Days far in the future (the table extended ahead) carry no case's dates.
CREATE FUNCTION business_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_days WHERE day <= current_date + 400) THEN
    PERFORM mark_oversight_stale(ARRAY(SELECT id FROM mechanisms));
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION calendar_shift_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mark_oversight_stale(ARRAY(SELECT DISTINCT mechanism_id FROM changed_shift));
  RETURN NULL;
END;
$$;

-- Durations recounted under the current calendar, for the cases whose count moved.
CREATE FUNCTION recount_oversight_durations(mechanism uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE changed integer;
BEGIN
  UPDATE case_figures f SET
    acknowledge_days = mechanism_business_days(f.mechanism_id, f.filed_on, f.acknowledged_on),
    resolve_days = mechanism_business_days(f.mechanism_id, f.filed_on, f.resolved_on)
  WHERE f.mechanism_id = mechanism
    AND (f.acknowledge_days IS DISTINCT FROM mechanism_business_days(f.mechanism_id, f.filed_on, f.acknowledged_on)
         OR f.resolve_days IS DISTINCT FROM mechanism_business_days(f.mechanism_id, f.filed_on, f.resolved_on));
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END;
$$;

-- Folds the appended rows of every tally into one per group. One job at a time (advisory lock);
-- rows appended meanwhile are not in this statement's snapshot and stay for the next run.
CREATE FUNCTION compact_oversight_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE folded integer := 0; moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('compact_oversight_tallies')) THEN RETURN 0; END IF;
  IF EXISTS (SELECT 1 FROM oversight_case_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_case_tallies RETURNING *)
    INSERT INTO oversight_case_tallies
    SELECT mechanism_id, company_id, municipality_id, status, sum(cases), sum(escalated), sum(red_flag_open), true
    FROM gone GROUP BY 1, 2, 3, 4 HAVING sum(cases) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  IF EXISTS (SELECT 1 FROM oversight_period_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_period_tallies RETURNING *)
    INSERT INTO oversight_period_tallies
    SELECT mechanism_id, company_id, status, filed_month, sum(cases), sum(agreements_reached), sum(agreements_kept),
           sum(satisfaction_sum), sum(satisfaction_count), sum(deadlines_settled), sum(deadlines_met), true
    FROM gone GROUP BY 1, 2, 3, 4 HAVING sum(cases) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  IF EXISTS (SELECT 1 FROM oversight_duration_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_duration_tallies RETURNING *)
    INSERT INTO oversight_duration_tallies
    SELECT mechanism_id, company_id, milestone, filed_quarter, reached_month, days, sum(n), true FROM gone GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  IF EXISTS (SELECT 1 FROM oversight_group_duration_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_group_duration_tallies RETURNING *)
    INSERT INTO oversight_group_duration_tallies
    SELECT mechanism_id, dimension, group_id, milestone, days, sum(n), true FROM gone GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  IF EXISTS (SELECT 1 FROM oversight_category_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_category_tallies RETURNING *)
    INSERT INTO oversight_category_tallies
    SELECT mechanism_id, category_id, status, sum(n), true FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  IF EXISTS (SELECT 1 FROM oversight_due_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_due_tallies RETURNING *)
    INSERT INTO oversight_due_tallies
    SELECT mechanism_id, company_id, filed_quarter, due_day, sum(n), true FROM gone GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  RETURN folded;
END;
$$;

-- Everything recomputed from the rows in sets (this migration, and the bench generator after loading
-- a million cases with triggers off). Writers wait meanwhile.
CREATE FUNCTION rebuild_oversight_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_figures IN EXCLUSIVE MODE;
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_tallies;
  DELETE FROM case_figures;
  INSERT INTO case_figures SELECT * FROM case_figures_source;
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_tallies;
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

CREATE TRIGGER case_figures_tallies AFTER INSERT OR UPDATE OR DELETE ON case_figures
  FOR EACH ROW EXECUTE FUNCTION case_figures_changed();

SELECT rebuild_oversight_figures();

CREATE TRIGGER cases_figures AFTER INSERT OR UPDATE OF mechanism_id, company_id, municipality_id, status, created_at, escalation_level,
  red_flag, red_flag_released_at, first_acknowledged_at, first_resolved_at ON cases
  FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_cases_row();
CREATE TRIGGER case_categories_figures AFTER INSERT OR UPDATE OR DELETE ON case_categories
  FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_case();
CREATE TRIGGER case_deadlines_figures AFTER INSERT OR DELETE OR UPDATE OF case_id, satisfied_at, cancelled_at, paused_at, due_at ON case_deadlines
  FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_case();
CREATE TRIGGER agreements_figures AFTER INSERT OR DELETE OR UPDATE OF case_id, status ON agreements
  FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_case();
CREATE TRIGGER commitments_figures AFTER INSERT OR DELETE OR UPDATE OF agreement_id, status ON commitments
  FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_commitment();
CREATE TRIGGER case_satisfaction_figures AFTER INSERT OR UPDATE OR DELETE ON case_satisfaction
  FOR EACH ROW EXECUTE FUNCTION refresh_figures_of_case();

CREATE TRIGGER business_days_inserted AFTER INSERT ON business_days REFERENCING NEW TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION business_days_changed();
CREATE TRIGGER business_days_updated AFTER UPDATE ON business_days REFERENCING NEW TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION business_days_changed();
CREATE TRIGGER business_days_deleted AFTER DELETE ON business_days REFERENCING OLD TABLE AS changed_days
  FOR EACH STATEMENT EXECUTE FUNCTION business_days_changed();
CREATE TRIGGER calendar_shift_inserted AFTER INSERT ON calendar_shift REFERENCING NEW TABLE AS changed_shift
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_shift_changed();
CREATE TRIGGER calendar_shift_updated AFTER UPDATE ON calendar_shift REFERENCING NEW TABLE AS changed_shift
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_shift_changed();
CREATE TRIGGER calendar_shift_deleted AFTER DELETE ON calendar_shift REFERENCING OLD TABLE AS changed_shift
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_shift_changed();
`;
