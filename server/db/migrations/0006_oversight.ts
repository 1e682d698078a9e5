/**
 * Oversight, transparency and notifications: indexes that keep the ombudsman's dashboard fast on
 * 100,000 cases, the log of every look at a protected identity, and in-app notifications.
 *
 * `identity_views` (intake branch) and `notifications` (deadlines branch) are created here only if an
 * earlier migration has not created them already, with exactly the shape those branches agreed on.
 */
export const oversight = `
CREATE TABLE IF NOT EXISTS identity_views (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  viewer_user_id uuid REFERENCES users(id),
  viewed_at timestamptz NOT NULL DEFAULT now(),
  purpose text NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_views_case_idx ON identity_views (case_id, viewed_at);

CREATE TABLE IF NOT EXISTS notifications (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases(id),
  kind text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX IF NOT EXISTS notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;
CREATE INDEX IF NOT EXISTS notifications_user_idx ON notifications (user_id, created_at DESC);

-- The dashboard filters and groups cases by filing date, municipality and escalation; the series and
-- medians read the first acknowledgement and resolution of each case from its history.
CREATE INDEX IF NOT EXISTS cases_mechanism_created_idx ON cases (mechanism_id, created_at);
CREATE INDEX IF NOT EXISTS cases_mechanism_municipality_idx ON cases (mechanism_id, municipality_id);
CREATE INDEX IF NOT EXISTS cases_escalated_idx ON cases (mechanism_id, escalation_level) WHERE escalation_level > 0;
CREATE INDEX IF NOT EXISTS cases_red_flag_idx ON cases (mechanism_id) WHERE red_flag;
CREATE INDEX IF NOT EXISTS case_categories_category_idx ON case_categories (category_id, case_id);
CREATE INDEX IF NOT EXISTS case_events_milestone_idx ON case_events (case_id, to_status, created_at)
  WHERE to_status IN ('acknowledged', 'resolved', 'in_implementation');
CREATE INDEX IF NOT EXISTS outbox_failed_idx ON outbox (created_at DESC) WHERE status = 'failed';
`;
