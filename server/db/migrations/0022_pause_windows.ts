/**
 * Each stretch a deadline's clock stood still, kept per deadline (Ley 1755 de 2015, art. 17: the
 * ombudsman's pause and an unanswered information request). `case_deadlines.paused_business_days`
 * held only a count, fixed under the calendar of the day the clock restarted, so a holiday later
 * declared (or abolished) on a day inside a finished pause moved the deadline although that day fell
 * while the clock stood still. With the window kept, the recalculator recounts each ended window under
 * the new calendar (docs/deadlines.md, "The calendar follows the law").
 *
 * A window is open (resumed_* and business_days null) while the clock stands still, and closed when it
 * restarts, with the business days it added to `paused_business_days` under the calendar last applied,
 * so that `paused_business_days` = (days counted before this migration, which no window holds)
 * + sum(business_days of the closed windows). Deadlines paused and resumed before this migration have
 * no windows: their stored count stays as it was. One still paused when it runs gets its window when it
 * restarts (its start is `case_deadlines.paused_at`).
 */
export const pauseWindows = `
CREATE TABLE deadline_pauses (
  id bigserial PRIMARY KEY,
  deadline_id uuid NOT NULL REFERENCES case_deadlines(id) ON DELETE CASCADE,
  paused_at timestamptz NOT NULL,
  -- Bogota date the clock stopped: it had already run, so it never counts as paused.
  paused_on date NOT NULL,
  resumed_at timestamptz,
  -- Bogota date it restarted: counts as paused (the term runs again from the day after).
  resumed_on date,
  -- Business days d with paused_on < d <= resumed_on, under the calendar last applied to the deadline.
  business_days integer CHECK (business_days >= 0),
  CHECK ((resumed_at IS NULL) = (resumed_on IS NULL) AND (resumed_at IS NULL) = (business_days IS NULL)),
  CHECK (resumed_on IS NULL OR resumed_on >= paused_on)
);
CREATE INDEX deadline_pauses_deadline_idx ON deadline_pauses (deadline_id);
-- A clock stands still at most once at a time.
CREATE UNIQUE INDEX deadline_pauses_open_key ON deadline_pauses (deadline_id) WHERE resumed_at IS NULL;
`;
