/**
 * Deadlines: the policy of each mechanism (terms in business days), the holidays a mechanism adds or
 * removes, one row per case and stage holding its due date and the state of its reminder and
 * escalation (the durable timers the sweeper claims), and a minimal in-app notifications table.
 */
export const deadlines = `
CREATE TABLE deadline_policies (
  mechanism_id uuid PRIMARY KEY REFERENCES mechanisms(id),
  acknowledge_days integer NOT NULL DEFAULT 3 CHECK (acknowledge_days BETWEEN 1 AND 120),
  admissibility_days integer NOT NULL DEFAULT 10 CHECK (admissibility_days BETWEEN 1 AND 120),
  first_answer_days integer NOT NULL DEFAULT 15 CHECK (first_answer_days BETWEEN 1 AND 120),
  agreement_days integer NOT NULL DEFAULT 45 CHECK (agreement_days BETWEEN 1 AND 120),
  reminder_days_before integer NOT NULL DEFAULT 1 CHECK (reminder_days_before BETWEEN 1 AND 120),
  -- How long after closing a case the complainant may ask to reopen it.
  appeal_days integer NOT NULL DEFAULT 30 CHECK (appeal_days BETWEEN 1 AND 120),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_user_id uuid REFERENCES users(id),
  CHECK (reminder_days_before < LEAST(acknowledge_days, admissibility_days, first_answer_days, agreement_days))
);
INSERT INTO deadline_policies (mechanism_id) SELECT id FROM mechanisms;

-- A decree can add a holiday; a mechanism may agree to work on one. Fed to shared/calendar.ts.
CREATE TABLE mechanism_holidays (
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('added', 'removed')),
  reason text NOT NULL,
  created_by_user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mechanism_id, date)
);

-- One row per stage a case goes through. The columns are the timer's whole state: the sweeper
-- claims rows whose reminder_at or due_at has passed and sets reminded_at / escalated_at in the same
-- transaction as the history event, so a second instance finds nothing left to do.
CREATE TABLE case_deadlines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  stage text NOT NULL CHECK (stage IN ('acknowledge', 'admissibility', 'first_answer', 'agreement', 'commitment')),
  responsible text NOT NULL CHECK (responsible IN ('company', 'ombudsman', 'complainant', 'parties')),
  started_at timestamptz NOT NULL,
  -- Bogota date the stage began; it never counts (Ley 1755: from the day after).
  started_on date NOT NULL,
  due_on date NOT NULL,
  -- endOfBogotaDay(due_on), kept beside it so the sweep is one index range.
  due_at timestamptz NOT NULL,
  base_days integer NOT NULL CHECK (base_days >= 0),
  extended_days integer NOT NULL DEFAULT 0 CHECK (extended_days >= 0 AND extended_days <= base_days),
  reminder_days_before integer NOT NULL,
  paused_at timestamptz,
  paused_business_days integer NOT NULL DEFAULT 0 CHECK (paused_business_days >= 0),
  reminder_at timestamptz,
  reminded_at timestamptz,
  escalated_at timestamptz,
  satisfied_at timestamptz,
  cancelled_at timestamptz,
  -- Set for commitment deadlines (the commitments table lives with agreements).
  commitment_id bigint REFERENCES commitments(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_deadlines_case_idx ON case_deadlines (case_id);
CREATE UNIQUE INDEX case_deadlines_open_stage_key ON case_deadlines (case_id, stage)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND commitment_id IS NULL;
CREATE INDEX case_deadlines_due_idx ON case_deadlines (due_at)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL;
CREATE INDEX case_deadlines_reminder_idx ON case_deadlines (reminder_at)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND reminded_at IS NULL;

-- In-app notices; the notifications issue builds e-mail and read state on top of this.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  case_id uuid REFERENCES cases(id),
  kind text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_case_idx ON notifications (case_id);
`;
