/**
 * Oversight, transparency and notifications: a business-day table, milestone dates and indexes that
 * keep the ombudsman's dashboard fast on 100,000 cases (bench/oversight.ts), and the index of the
 * notification bell. Looks at identities go to 0002's identity_views, notices to 0004's notifications.
 */
import { isBusinessDay } from '../../../shared/calendar';

/** First and last day of the business-day table; cases outside it are left out of the medians. */
const CALENDAR_FROM = '2015-01-01';
const CALENDAR_DAYS = 365 * 26 + 7;

/**
 * For each date, the number of business days (national calendar of shared/calendar.ts) from the start
 * of the table up to and including it: businessDaysBetween(a, b) = ordinal(b) − ordinal(a), so
 * PostgreSQL can take medians in días hábiles without a second definition of the calendar.
 */
function businessDayOrdinals(): string {
  const ordinals: number[] = [];
  let count = 0;
  const day = new Date(`${CALENDAR_FROM}T12:00:00Z`);
  for (let i = 0; i < CALENDAR_DAYS; i++) {
    if (isBusinessDay(day.toISOString().slice(0, 10))) count += 1;
    ordinals.push(count);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return ordinals.join(',');
}

export const oversight = `
CREATE TABLE business_days (
  day date PRIMARY KEY,
  ordinal integer NOT NULL
);
INSERT INTO business_days (day, ordinal)
SELECT DATE '${CALENDAR_FROM}' + (t.i - 1)::int, t.o
FROM unnest('{${businessDayOrdinals()}}'::int[]) WITH ORDINALITY AS t(o, i);

-- The bell lists a person's unread notices first (table: migration 0004).
CREATE INDEX IF NOT EXISTS notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

-- The dashboard filters and groups cases by filing date, municipality and escalation; the series and
-- medians read the first acknowledgement and resolution of each case from its history.
CREATE INDEX IF NOT EXISTS cases_mechanism_created_idx ON cases (mechanism_id, created_at);
CREATE INDEX IF NOT EXISTS cases_mechanism_municipality_idx ON cases (mechanism_id, municipality_id);
CREATE INDEX IF NOT EXISTS cases_escalated_idx ON cases (mechanism_id, escalation_level) WHERE escalation_level > 0;
CREATE INDEX IF NOT EXISTS cases_red_flag_idx ON cases (mechanism_id) WHERE red_flag;
CREATE INDEX IF NOT EXISTS case_categories_category_idx ON case_categories (category_id, case_id);

-- When each case first reached its milestones, copied from its history by a trigger as events are
-- appended. The dashboard's medians and scorecards then scan one table instead of looking up the
-- history of 100,000 cases one by one (measured in bench/oversight.ts: seconds → milliseconds).
ALTER TABLE cases
  ADD COLUMN first_acknowledged_at timestamptz,
  ADD COLUMN first_agreement_at timestamptz,
  ADD COLUMN first_resolved_at timestamptz;

UPDATE cases c SET first_acknowledged_at = m.acknowledged, first_agreement_at = m.agreement, first_resolved_at = m.resolved
FROM (SELECT case_id,
             min(created_at) FILTER (WHERE to_status = 'acknowledged') AS acknowledged,
             min(created_at) FILTER (WHERE to_status = 'in_implementation') AS agreement,
             min(created_at) FILTER (WHERE to_status = 'resolved') AS resolved
      FROM case_events GROUP BY case_id) m
WHERE m.case_id = c.id;

CREATE FUNCTION record_case_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.to_status = 'acknowledged' THEN
    UPDATE cases SET first_acknowledged_at = LEAST(COALESCE(first_acknowledged_at, NEW.created_at), NEW.created_at) WHERE id = NEW.case_id;
  ELSIF NEW.to_status = 'in_implementation' THEN
    UPDATE cases SET first_agreement_at = LEAST(COALESCE(first_agreement_at, NEW.created_at), NEW.created_at) WHERE id = NEW.case_id;
  ELSIF NEW.to_status = 'resolved' THEN
    UPDATE cases SET first_resolved_at = LEAST(COALESCE(first_resolved_at, NEW.created_at), NEW.created_at) WHERE id = NEW.case_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER case_events_milestones AFTER INSERT ON case_events
  FOR EACH ROW WHEN (NEW.to_status IN ('acknowledged', 'in_implementation', 'resolved'))
  EXECUTE FUNCTION record_case_milestone();
-- Open, running deadlines by due time: the overdue queue.
CREATE INDEX IF NOT EXISTS case_deadlines_open_due_idx ON case_deadlines (due_at)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_failed_idx ON outbox (created_at DESC) WHERE status = 'failed';
`;
