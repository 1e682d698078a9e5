/**
 * The dashboard under a period, a category, a place, a status or a queue from tallies (issue #16 §6). 0024's
 * tallies keep the summary's sums per company only (months of filing, quarters, months reached), so any other
 * filter counted from the cases: half a year of one category took 1.8 s on a quiet machine at a million cases
 * and 7 s under load; one municipality 1.2 s, one status 2.9 s.
 *
 * `oversight_filed_tallies` keeps what the dashboard shows per mechanism, company, slice and Bogotá day of
 * filing, and again per month of filing (`span`): a period reads its whole months from month rows and only
 * its two partial months from day rows. A slice is a set of cases a filter names: `all` (every case once),
 * `category` (a case once under each of its categories), `municipality`, `status`, `escalated` and
 * `red_flag` (the two queues); `slice_key` names the category, municipality or status ('' otherwise). So a
 * period, a company and one of those filters read one slice's rows; two of them together (a status and a
 * municipality) still count from the cases. Each row is one `facet`:
 * - `status`: cases per status, with how many of them are escalated and have a red flag pending;
 * - `municipality`: cases per municipality (the map; the dashboard adds up status and place apart);
 * - `overdue`: cases whose running deadline falls or fell due on `on_day` (UTC), as 0043's tally;
 * - `acknowledged` / `resolved`: cases that reached the milestone in month `on_day`, after `days` business
 *   days of their mechanism's calendar (case_figures' durations, null outside the calendar table), so
 *   medians come exactly from histograms as 0024's do.
 *
 * Statement triggers on `case_figures` append the old contribution negated and the new one, summed per
 * group, in the changing transaction, as 0033's tallies are kept; a calendar change reaches them through
 * 0024's recount, which updates `case_figures`. Unlike 0024's tallies this one holds millions of groups at a
 * million cases, so appended rows go to a table of their own, `oversight_filed_appends`, small and in cache
 * (appended into the big table they cost a changing statement ~4 ms under load: ~28 index entries on cold
 * pages); readers add both up. The fold moves the appended rows into the one row of their group (a unique
 * index, nulls equal), touching only the groups that changed instead of rewriting the table. A row whose
 * sums fall to zero is kept (readers leave it out): a group that had cases, and will likely have them again.
 */

/** Each row of `figures` (SQL of case_figures rows plus `sign`) spread over the tally's groups, summed. */
export function filedTallyRows(figures: string): string {
  return `
    SELECT f.mechanism_id, f.company_id, k.slice, k.slice_key, s.span, s.filed_on, x.facet, x.status, x.municipality_id, x.on_day, x.days,
           sum(f.sign)::int, sum(f.sign * x.escalated)::int, sum(f.sign * x.red_flag_open)::int
    FROM (${figures}) f,
         LATERAL (SELECT 'all' AS slice, '' AS slice_key
                  UNION ALL SELECT 'category', c::text FROM unnest(f.categories) c
                  UNION ALL SELECT 'municipality', f.municipality_id::text
                  UNION ALL SELECT 'status', f.status
                  UNION ALL SELECT 'escalated', '' WHERE f.escalated
                  UNION ALL SELECT 'red_flag', '' WHERE f.red_flag_open) k,
         LATERAL (VALUES ('day', f.filed_on), ('month', date_trunc('month', f.filed_on)::date)) AS s(span, filed_on),
         LATERAL (VALUES ('status', f.status, NULL::uuid, NULL::date, NULL::integer, f.escalated::int, f.red_flag_open::int),
                         ('municipality', NULL, f.municipality_id, NULL, NULL, 0, 0),
                         ('overdue', NULL, NULL, utc_day(f.overdue_from), NULL, 0, 0),
                         ('acknowledged', NULL, NULL, date_trunc('month', f.acknowledged_on)::date, f.acknowledge_days, 0, 0),
                         ('resolved', NULL, NULL, date_trunc('month', f.resolved_on)::date, f.resolve_days, 0, 0))
           AS x(facet, status, municipality_id, on_day, days, escalated, red_flag_open)
    WHERE x.facet IN ('status', 'municipality') OR x.on_day IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    HAVING sum(f.sign) <> 0 OR sum(f.sign * x.escalated) <> 0 OR sum(f.sign * x.red_flag_open) <> 0`;
}

/**
 * The backfill's rows, written in the readers' index order: a period of one category is then a few dozen
 * heap pages instead of one page per row (3,100 pages, 53 ms cold, for half a year of one category).
 */
const BACKFILL = `${filedTallyRows('SELECT c.*, 1 AS sign FROM case_figures c')}
    ORDER BY 1, 3, 4, 5, 6`;

const COLUMNS = `mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days,
  cases, escalated, red_flag_open`;

/**
 * The body of `tally_filed_changes()`: inserted and deleted rows spread whole, the rows of an update as
 * `updated` (SQL giving the appended rows) says.
 */
export function tallyFiledChangesBody(updated: string): string {
  return `BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO oversight_filed_appends (${COLUMNS})
    ${filedTallyRows('SELECT n.*, 1 AS sign FROM new_figures n')};
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO oversight_filed_appends (${COLUMNS})
    ${filedTallyRows('SELECT o.*, -1 AS sign FROM old_figures o')};
  ELSE
    INSERT INTO oversight_filed_appends (${COLUMNS})
    ${updated};
  END IF;
  RETURN NULL;
END;`;
}

/** The statement triggers on `case_figures`, one per kind of change, with the transition tables each has. */
const TRIGGERS = Object.entries({
  inserted: 'INSERT ON case_figures REFERENCING NEW TABLE AS new_figures',
  updated: 'UPDATE ON case_figures REFERENCING OLD TABLE AS old_figures NEW TABLE AS new_figures',
  deleted: 'DELETE ON case_figures REFERENCING OLD TABLE AS old_figures',
})
  .map(([name, on]) => `CREATE TRIGGER case_figures_filed_${name} AFTER ${on} FOR EACH STATEMENT EXECUTE FUNCTION tally_filed_changes();`)
  .join('\n');

export const filedTallies = `
CREATE TABLE oversight_filed_tallies (
  mechanism_id uuid NOT NULL,
  company_id uuid,
  -- Which cases: all, or those of one category, municipality, status (slice_key) or queue.
  slice text NOT NULL CHECK (slice IN ('all', 'category', 'municipality', 'status', 'escalated', 'red_flag')),
  slice_key text NOT NULL,
  span text NOT NULL CHECK (span IN ('day', 'month')),
  -- The Bogotá day of filing, or the first day of its month.
  filed_on date NOT NULL,
  facet text NOT NULL CHECK (facet IN ('status', 'municipality', 'overdue', 'acknowledged', 'resolved')),
  status text,
  municipality_id uuid,
  -- overdue: the UTC day the case is overdue from; acknowledged / resolved: the month reached.
  on_day date,
  days integer,
  cases integer NOT NULL,
  escalated integer NOT NULL,
  red_flag_open integer NOT NULL
);
-- Rows appended by changes since the last fold, the same columns.
CREATE TABLE oversight_filed_appends (LIKE oversight_filed_tallies INCLUDING ALL);
CREATE INDEX oversight_filed_appends_idx ON oversight_filed_appends (mechanism_id, slice, slice_key, span, filed_on);

CREATE FUNCTION tally_filed_changes() RETURNS trigger LANGUAGE plpgsql AS $$
${tallyFiledChangesBody(filedTallyRows('SELECT o.*, -1 AS sign FROM old_figures o UNION ALL SELECT n.*, 1 AS sign FROM new_figures n'))}
$$;

${TRIGGERS}

INSERT INTO oversight_filed_tallies (${COLUMNS})
${BACKFILL};

-- After the backfill: built once over the loaded rows rather than row by row. One row per group, which the
-- fold adds appended rows into; its first columns are the readers' (one mechanism, slice, span, range of days).
CREATE UNIQUE INDEX oversight_filed_tallies_group_idx ON oversight_filed_tallies
  (mechanism_id, slice, slice_key, span, filed_on, company_id, facet, status, municipality_id, on_day, days) NULLS NOT DISTINCT;

ALTER FUNCTION rebuild_oversight_figures() RENAME TO rebuild_oversight_figures_0043;
ALTER FUNCTION compact_oversight_tallies() RENAME TO compact_oversight_tallies_0043;

CREATE FUNCTION rebuild_oversight_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE case_figures IN EXCLUSIVE MODE;
  -- The reload deletes and inserts every row: counted afterwards in one set instead.
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_filed_inserted;
  ALTER TABLE case_figures DISABLE TRIGGER case_figures_filed_deleted;
  PERFORM rebuild_oversight_figures_0043();
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_filed_inserted;
  ALTER TABLE case_figures ENABLE TRIGGER case_figures_filed_deleted;
  DELETE FROM oversight_filed_tallies;
  DELETE FROM oversight_filed_appends;
  INSERT INTO oversight_filed_tallies (${COLUMNS})
  ${BACKFILL};
END;
$$;

-- The appended rows moved into their groups' rows. One fold at a time: the lock every oversight fold takes
-- (taken again when the calling transaction already holds it).
CREATE FUNCTION fold_filed_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('compact_oversight_tallies')) THEN RETURN 0; END IF;
  WITH gone AS (DELETE FROM oversight_filed_appends RETURNING *)
  INSERT INTO oversight_filed_tallies AS t (${COLUMNS})
  SELECT mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days,
         sum(cases), sum(escalated), sum(red_flag_open)
  FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  HAVING sum(cases) <> 0 OR sum(escalated) <> 0 OR sum(red_flag_open) <> 0
  ON CONFLICT (mechanism_id, slice, slice_key, span, filed_on, company_id, facet, status, municipality_id, on_day, days)
  DO UPDATE SET cases = t.cases + EXCLUDED.cases, escalated = t.escalated + EXCLUDED.escalated,
                red_flag_open = t.red_flag_open + EXCLUDED.red_flag_open;
  GET DIAGNOSTICS moved = ROW_COUNT;
  RETURN moved;
END;
$$;

CREATE FUNCTION compact_oversight_tallies() RETURNS integer LANGUAGE sql AS $$
  SELECT compact_oversight_tallies_0043() + fold_filed_tallies();
$$;
`;
