/**
 * The overdue queue's count from a tally (issue #16 §6). The dashboard counted `case_figures.overdue_from
 * < now` by index on every request: 90,000 index entries at a million cases, the largest single cost of
 * the summary (~190 ms of its ~230 ms on a lightly loaded machine).
 *
 * `oversight_overdue_tallies` counts, per mechanism, company and UTC day, the cases whose running
 * deadline fell or falls due that day (`overdue_from`). A case becomes overdue with the clock and no
 * row changes then, so a reader adds the tallied days before today (UTC) to today's cases counted from
 * `case_figures` by index (`case_figures_overdue_day_idx`, a day's worth of entries) — as the deadlines
 * due of 0024 are counted. Statement triggers on `case_figures` append the old contribution negated and
 * the new one, summed per group (an update that moves nothing appends nothing), beside the six tallies
 * of 0024/0033, which are left as they are: the rebuild and the fold of 0033 are kept under a name of
 * their own and called by new functions of the old names that also rebuild and fold this tally.
 *
 * The same trigger draws a number from `oversight_figures_changes` on every statement that changes
 * `case_figures`, whatever it changes: the public page's cache (server/oversight/publicFiguresCache.ts)
 * keeps its sums only while that number stands still, on every app server.
 */
export const overdueTallies = `
CREATE TABLE oversight_overdue_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid,
  overdue_day date NOT NULL,
  n integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX oversight_overdue_tallies_idx ON oversight_overdue_tallies (mechanism_id);
CREATE INDEX case_figures_overdue_day_idx ON case_figures (mechanism_id, overdue_from) WHERE overdue_from IS NOT NULL;

-- The UTC day a case becomes overdue on.
CREATE FUNCTION utc_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (at AT TIME ZONE 'UTC')::date;

CREATE SEQUENCE oversight_figures_changes;

CREATE FUNCTION tally_overdue_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('oversight_figures_changes');
  IF TG_OP = 'INSERT' THEN
    INSERT INTO oversight_overdue_tallies (mechanism_id, company_id, overdue_day, n)
    SELECT mechanism_id, company_id, utc_day(overdue_from), count(*) FROM new_figures WHERE overdue_from IS NOT NULL GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO oversight_overdue_tallies (mechanism_id, company_id, overdue_day, n)
    SELECT mechanism_id, company_id, utc_day(overdue_from), -count(*) FROM old_figures WHERE overdue_from IS NOT NULL GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO oversight_overdue_tallies (mechanism_id, company_id, overdue_day, n)
    SELECT mechanism_id, company_id, utc_day(overdue_from), sum(sign)
    FROM (SELECT mechanism_id, company_id, overdue_from, -1 AS sign FROM old_figures
          UNION ALL SELECT mechanism_id, company_id, overdue_from, 1 FROM new_figures) x
    WHERE overdue_from IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(sign) <> 0;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER case_figures_overdue_inserted AFTER INSERT ON case_figures REFERENCING NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_overdue_changes();
CREATE TRIGGER case_figures_overdue_updated AFTER UPDATE ON case_figures REFERENCING OLD TABLE AS old_figures NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_overdue_changes();
CREATE TRIGGER case_figures_overdue_deleted AFTER DELETE ON case_figures REFERENCING OLD TABLE AS old_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_overdue_changes();

INSERT INTO oversight_overdue_tallies
SELECT mechanism_id, company_id, utc_day(overdue_from), count(*), true FROM case_figures WHERE overdue_from IS NOT NULL GROUP BY 1, 2, 3;

ALTER FUNCTION rebuild_oversight_figures() RENAME TO rebuild_oversight_figures_0033;
ALTER FUNCTION compact_oversight_tallies() RENAME TO compact_oversight_tallies_0033;

CREATE FUNCTION rebuild_oversight_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_figures IN EXCLUSIVE MODE;
  -- The reload below deletes and inserts every row: counted afterwards in one set instead.
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_overdue_inserted;
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_overdue_deleted;
  PERFORM rebuild_oversight_figures_0033();
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_overdue_inserted;
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_overdue_deleted;
  DELETE FROM oversight_overdue_tallies;
  INSERT INTO oversight_overdue_tallies
  SELECT mechanism_id, company_id, utc_day(overdue_from), count(*), true FROM case_figures WHERE overdue_from IS NOT NULL GROUP BY 1, 2, 3;
  PERFORM nextval('oversight_figures_changes');
END;
$$;

CREATE FUNCTION compact_oversight_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE folded integer; moved integer;
BEGIN
  -- The same lock as the six tallies' fold (taken again there by this transaction, which holds it).
  IF NOT pg_try_advisory_xact_lock(hashtext('compact_oversight_tallies')) THEN RETURN 0; END IF;
  folded := compact_oversight_tallies_0033();
  IF EXISTS (SELECT 1 FROM oversight_overdue_tallies WHERE NOT compacted) THEN
    WITH gone AS (DELETE FROM oversight_overdue_tallies RETURNING *)
    INSERT INTO oversight_overdue_tallies
    SELECT mechanism_id, company_id, overdue_day, sum(n), true FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  END IF;
  RETURN folded;
END;
$$;
`;
