/**
 * The scorecards under a period, a category, a place or a status from tallies (issue #16 §6, docs/scaling.md
 * "Oversight at a million cases", session 15). 0024's tallies keep the scorecards' sums per company and month
 * of filing only, so any other filter counted from the cases: half a year took 3.3 s at a million cases on a
 * quiet machine, one category 3.6 s.
 *
 * A scorecard is, per company and per company and quarter of filing: cases, the medians of the business days
 * to acknowledge and to resolve, deadlines due and met, agreements reached and kept, satisfaction answers.
 * 0053's `oversight_filed_tallies` already hold the cases (facet `status`) and the duration histograms (facets
 * `acknowledged`, `resolved`) per company, slice and day and month of filing, so medians stay exact. What they
 * lack is kept here, in `oversight_scorecard_tallies`, in the same slices and spans (so a period reads whole
 * months from month rows and only its partial months from day rows, with 0053's ranges):
 * - a row with `due_day` null: the agreements reached and kept, the satisfaction sum and count, the deadlines
 *   settled (met, late or on time) and met on time of the group's cases;
 * - rows with `due_day` a UTC day: how many open deadlines (neither met nor called off) fall or fell due that
 *   day, `open_due`: a deadline counts as due from its due time on, which no change marks, so a reader adds the
 *   days before today to today's deadlines counted by index, as 0024's `oversight_due_tallies` are read.
 * Only routed cases (a scorecard is a company's) and the slices `all`, `category`, `municipality` and `status`
 * (not the two queues: an escalation would then move these rows too, on the deadline sweep's path). Groups of
 * nothing but zeros are not written: a new filing adds only its open deadline's rows.
 *
 * Statement triggers on `case_figures` append the old contribution negated and the new one, summed per group,
 * to `oversight_scorecard_appends`, as 0053's do; an update appends only for the cases whose columns read here
 * changed (an escalation, an update time, a duration recounted: nothing). The keeper job's fold moves them into
 * their groups' rows; readers add both up.
 */

/** Each row of `figures` (SQL of case_figures rows plus `sign`) spread over the scorecard tally's groups, summed. */
function scorecardTallyRows(figures: string): string {
  return `
    SELECT f.mechanism_id, f.company_id, k.slice, k.slice_key, s.span, s.filed_on, x.due_day,
           sum(f.sign * x.agreements_reached)::int, sum(f.sign * x.agreements_kept)::int, sum(f.sign * x.satisfaction_sum)::int,
           sum(f.sign * x.satisfaction_count)::int, sum(f.sign * x.deadlines_settled)::int, sum(f.sign * x.deadlines_met)::int,
           sum(f.sign * x.open_due)::int
    FROM (${figures}) f,
         LATERAL (SELECT 'all' AS slice, '' AS slice_key
                  UNION ALL SELECT 'category', c::text FROM unnest(f.categories) c
                  UNION ALL SELECT 'municipality', f.municipality_id::text
                  UNION ALL SELECT 'status', f.status) k,
         LATERAL (VALUES ('day', f.filed_on), ('month', date_trunc('month', f.filed_on)::date)) AS s(span, filed_on),
         LATERAL (SELECT NULL::date AS due_day, f.agreements_reached, f.agreements_kept, f.satisfaction_sum, f.satisfaction_count,
                         f.deadlines_settled, f.deadlines_met, 0 AS open_due
                  WHERE (f.agreements_reached, f.agreements_kept, f.satisfaction_sum, f.satisfaction_count, f.deadlines_settled, f.deadlines_met)
                        <> (0, 0, 0, 0, 0, 0)
                  UNION ALL SELECT d, 0, 0, 0, 0, 0, 0, 1 FROM unnest(f.open_due_days) d) x
    WHERE f.company_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(f.sign * x.agreements_reached) <> 0 OR sum(f.sign * x.agreements_kept) <> 0 OR sum(f.sign * x.satisfaction_sum) <> 0
        OR sum(f.sign * x.satisfaction_count) <> 0 OR sum(f.sign * x.deadlines_settled) <> 0 OR sum(f.sign * x.deadlines_met) <> 0
        OR sum(f.sign * x.open_due) <> 0`;
}

const COLUMNS = `mechanism_id, company_id, slice, slice_key, span, filed_on, due_day, agreements_reached, agreements_kept,
  satisfaction_sum, satisfaction_count, deadlines_settled, deadlines_met, open_due`;

/** What places a figures row in the scorecard tally's groups and what it counts there. */
const read = (r: string) =>
  `(${r}.mechanism_id, ${r}.company_id, ${r}.categories, ${r}.municipality_id, ${r}.status, ${r}.filed_on, ${r}.agreements_reached,
    ${r}.agreements_kept, ${r}.satisfaction_sum, ${r}.satisfaction_count, ${r}.deadlines_settled, ${r}.deadlines_met, ${r}.open_due_days)`;

/** The rows of one side of an update whose partner differs in what the tally reads (or that have none). */
const changed = (mine: string, theirs: string) =>
  `SELECT f.*, ${mine === 'old_figures' ? -1 : 1} AS sign FROM ${mine} f LEFT JOIN ${theirs} g ON g.case_id = f.case_id
   WHERE g.case_id IS NULL OR ${read('f')} IS DISTINCT FROM ${read('g')}`;

/** The backfill's rows in the readers' index order (few heap pages for a period of one slice, as 0053's). */
const BACKFILL = `${scorecardTallyRows('SELECT c.*, 1 AS sign FROM case_figures c')}
    ORDER BY 1, 3, 4, 5, 6`;

export const scorecardTallies = `
CREATE TABLE oversight_scorecard_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid NOT NULL,
  -- Which cases: all, or those of one category, municipality or status (slice_key).
  slice text NOT NULL CHECK (slice IN ('all', 'category', 'municipality', 'status')),
  slice_key text NOT NULL,
  span text NOT NULL CHECK (span IN ('day', 'month')),
  -- The Bogotá day of filing, or the first day of its month.
  filed_on date NOT NULL,
  -- Null: the sums row; else the UTC day the open deadlines counted in open_due fall due on.
  due_day date,
  agreements_reached integer NOT NULL,
  agreements_kept integer NOT NULL,
  satisfaction_sum integer NOT NULL,
  satisfaction_count integer NOT NULL,
  deadlines_settled integer NOT NULL,
  deadlines_met integer NOT NULL,
  open_due integer NOT NULL
);
-- Rows appended by changes since the last fold, the same columns.
CREATE TABLE oversight_scorecard_appends (LIKE oversight_scorecard_tallies INCLUDING ALL);
CREATE INDEX oversight_scorecard_appends_idx ON oversight_scorecard_appends (mechanism_id, slice, slice_key, span, filed_on);

CREATE FUNCTION tally_scorecard_changes() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO oversight_scorecard_appends (${COLUMNS})
    ${scorecardTallyRows('SELECT n.*, 1 AS sign FROM new_figures n')};
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO oversight_scorecard_appends (${COLUMNS})
    ${scorecardTallyRows('SELECT o.*, -1 AS sign FROM old_figures o')};
  ELSE
    INSERT INTO oversight_scorecard_appends (${COLUMNS})
    ${scorecardTallyRows(`${changed('old_figures', 'new_figures')} UNION ALL ${changed('new_figures', 'old_figures')}`)};
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER case_figures_scorecard_inserted AFTER INSERT ON case_figures REFERENCING NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_scorecard_changes();
CREATE TRIGGER case_figures_scorecard_updated AFTER UPDATE ON case_figures REFERENCING OLD TABLE AS old_figures NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_scorecard_changes();
CREATE TRIGGER case_figures_scorecard_deleted AFTER DELETE ON case_figures REFERENCING OLD TABLE AS old_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_scorecard_changes();

INSERT INTO oversight_scorecard_tallies (${COLUMNS})
${BACKFILL};

-- After the backfill, as 0053's: one row per group, which the fold adds appended rows into.
CREATE UNIQUE INDEX oversight_scorecard_tallies_group_idx ON oversight_scorecard_tallies
  (mechanism_id, slice, slice_key, span, filed_on, company_id, due_day) NULLS NOT DISTINCT;

ALTER FUNCTION rebuild_oversight_figures() RENAME TO rebuild_oversight_figures_0053;
ALTER FUNCTION compact_oversight_tallies() RENAME TO compact_oversight_tallies_0053;

CREATE FUNCTION rebuild_oversight_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_figures IN EXCLUSIVE MODE;
  -- The reload deletes and inserts every row: counted afterwards in one set instead.
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_scorecard_inserted;
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_scorecard_deleted;
  PERFORM rebuild_oversight_figures_0053();
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_scorecard_inserted;
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_scorecard_deleted;
  DELETE FROM oversight_scorecard_tallies;
  DELETE FROM oversight_scorecard_appends;
  INSERT INTO oversight_scorecard_tallies (${COLUMNS})
  ${BACKFILL};
END;
$$;

-- The appended rows moved into their groups' rows, under the lock every oversight fold takes.
CREATE FUNCTION fold_scorecard_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('compact_oversight_tallies')) THEN RETURN 0; END IF;
  WITH gone AS (DELETE FROM oversight_scorecard_appends RETURNING *)
  INSERT INTO oversight_scorecard_tallies AS t (${COLUMNS})
  SELECT mechanism_id, company_id, slice, slice_key, span, filed_on, due_day, sum(agreements_reached), sum(agreements_kept),
         sum(satisfaction_sum), sum(satisfaction_count), sum(deadlines_settled), sum(deadlines_met), sum(open_due)
  FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(agreements_reached) <> 0 OR sum(agreements_kept) <> 0 OR sum(satisfaction_sum) <> 0 OR sum(satisfaction_count) <> 0
      OR sum(deadlines_settled) <> 0 OR sum(deadlines_met) <> 0 OR sum(open_due) <> 0
  ON CONFLICT (mechanism_id, slice, slice_key, span, filed_on, company_id, due_day)
  DO UPDATE SET agreements_reached = t.agreements_reached + EXCLUDED.agreements_reached,
                agreements_kept = t.agreements_kept + EXCLUDED.agreements_kept,
                satisfaction_sum = t.satisfaction_sum + EXCLUDED.satisfaction_sum,
                satisfaction_count = t.satisfaction_count + EXCLUDED.satisfaction_count,
                deadlines_settled = t.deadlines_settled + EXCLUDED.deadlines_settled,
                deadlines_met = t.deadlines_met + EXCLUDED.deadlines_met, open_due = t.open_due + EXCLUDED.open_due;
  GET DIAGNOSTICS moved = ROW_COUNT;
  RETURN moved;
END;
$$;

CREATE FUNCTION compact_oversight_tallies() RETURNS integer LANGUAGE sql AS $$
  SELECT compact_oversight_tallies_0053() + fold_scorecard_tallies();
$$;
`;
