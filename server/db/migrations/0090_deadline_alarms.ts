import { statementTriggers } from './0048_effectiveness_tallies';

/**
 * The sweep's stamp as a HOT update of the deadline row (issue #16 §7, docs/scaling.md "Deadline sweep in
 * sets", session 15). The sweep claimed its deadlines from two partial indexes whose predicates hold
 * `escalated_at IS NULL` (and `reminded_at IS NULL`), so stamping either changed an indexed column and every
 * stamp wrote a new entry into each of the table's indexes (~6 after 0089): ~2.8 s of PostgreSQL CPU for the
 * stamps of 100,000 escalations, 0.7 s as HOT updates (measured on copies of the sweep bench's template).
 *
 * Now the deadlines a sweep may act on are kept apart, one row per deadline in `deadline_alarms`, by a
 * statement trigger on `case_deadlines` (so every writer keeps it, the filing's sets included): a deadline has
 * a row while it is running (neither met, called off, paused nor escalated), with its due time and, until it
 * is reminded, its reminder time. The claim walks this table's indexes in due (or reminder) order and reads
 * the deadline by key; its conditions on the deadline row stay, so a row of this table is only ever a
 * candidate and the deadline row, locked, decides. Stamping a deadline escalated deletes its alarm (a
 * deleted row writes no index entry), stamping it reminded clears the reminder time.
 *
 * No index of `case_deadlines` holds `escalated_at` or `reminded_at` any more, and the table keeps a fifth of
 * each page free for the new versions (as `cases` does since 0087), so both stamps are HOT.
 */
export const deadlineAlarms = `
CREATE TABLE deadline_alarms (
  deadline_id uuid PRIMARY KEY,
  due_at timestamptz NOT NULL,
  reminder_at timestamptz
);
CREATE INDEX deadline_alarms_due_idx ON deadline_alarms (due_at, deadline_id);
CREATE INDEX deadline_alarms_reminder_idx ON deadline_alarms (reminder_at, deadline_id) WHERE reminder_at IS NOT NULL;

-- A deadline's alarm as it should be: a row while it runs, its reminder time until reminded.
CREATE FUNCTION alarms_of_case_deadlines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO deadline_alarms (deadline_id, due_at, reminder_at)
    SELECT id, due_at, CASE WHEN reminded_at IS NULL THEN reminder_at END FROM new_rows
    WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM deadline_alarms a USING old_rows o WHERE a.deadline_id = o.id;
  ELSE
    -- Only deadlines whose alarm may have changed (an update of who is responsible leaves it); ids never change.
    WITH changed AS MATERIALIZED (
      SELECT n.id, n.due_at, CASE WHEN n.reminded_at IS NULL THEN n.reminder_at END AS reminder_at,
             n.satisfied_at IS NULL AND n.cancelled_at IS NULL AND n.paused_at IS NULL AND n.escalated_at IS NULL AS running
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.due_at, n.reminder_at, n.satisfied_at, n.cancelled_at, n.paused_at, n.escalated_at, n.reminded_at)
            IS DISTINCT FROM (o.due_at, o.reminder_at, o.satisfied_at, o.cancelled_at, o.paused_at, o.escalated_at, o.reminded_at)
    ), stopped AS (
      DELETE FROM deadline_alarms a USING changed c WHERE a.deadline_id = c.id AND NOT c.running
    )
    INSERT INTO deadline_alarms (deadline_id, due_at, reminder_at)
    SELECT id, due_at, reminder_at FROM changed WHERE running
    ON CONFLICT (deadline_id) DO UPDATE SET due_at = EXCLUDED.due_at, reminder_at = EXCLUDED.reminder_at
      WHERE (deadline_alarms.due_at, deadline_alarms.reminder_at) IS DISTINCT FROM (EXCLUDED.due_at, EXCLUDED.reminder_at);
  END IF;
  RETURN NULL;
END $$;

${statementTriggers('case_deadlines', 'case_deadlines_alarms', 'alarms_of_case_deadlines', { inserted: true, updated: true, deleted: true })}

-- Every alarm again from the deadlines (here, and after deadlines were written with the triggers off, as the sweep bench does).
CREATE FUNCTION rebuild_deadline_alarms() RETURNS void LANGUAGE sql AS $$
  DELETE FROM deadline_alarms;
  INSERT INTO deadline_alarms (deadline_id, due_at, reminder_at)
  SELECT id, due_at, CASE WHEN reminded_at IS NULL THEN reminder_at END FROM case_deadlines
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL;
$$;
SELECT rebuild_deadline_alarms();

DROP INDEX case_deadlines_escalation_claim_idx;
DROP INDEX case_deadlines_reminder_claim_idx;
ALTER TABLE case_deadlines SET (fillfactor = 80);
`;
