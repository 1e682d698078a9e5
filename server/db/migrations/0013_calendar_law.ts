/**
 * The calendar follows the law as it changes: national holidays an administrator records when a law or
 * decree passes (for every mechanism, without a release), and the state of `business_days` (0006), which
 * the server now generates and extends from shared/calendar.ts at start and whenever holidays change
 * (server/deadlines/businessDayTable.ts) instead of keeping the copy migration 0006 froze up to 2041.
 */
export const calendarLaw = `
-- A national holiday a law or decree added ('added'), or a holiday of shared/holidayRules.ts a law
-- abolished for a date ('removed'), recorded before a release carries the law in the rules.
CREATE TABLE national_holidays (
  date date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('added', 'removed')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  law text NOT NULL CHECK (length(law) BETWEEN 1 AND 300),
  created_by_user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What business_days holds: one row saying its first and last day and a digest of its ordinals, so a
-- start (or a periodic check) tells with one read whether the table still says what the rules say.
CREATE TABLE business_days_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  first_day date NOT NULL,
  last_day date NOT NULL,
  digest text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The table must cover the earliest case and a margin after the latest due date: both are read at start.
CREATE INDEX IF NOT EXISTS cases_created_idx ON cases (created_at);
CREATE INDEX IF NOT EXISTS case_deadlines_due_on_idx ON case_deadlines (due_on);
-- A calendar change recomputes the open deadlines whose term spans the changed day.
CREATE INDEX IF NOT EXISTS case_deadlines_open_span_idx ON case_deadlines (started_on, due_on)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL;
`;
