/**
 * The clock as Ley 1755 de 2015 writes it (issue #13 §2):
 * - petition kinds (art. 14: general 15, documents and information 10, consultations 30 business days),
 *   each case's kind chosen by the ombudsman at admission, their terms in each mechanism's policy;
 * - formal information requests to the complainant (art. 17): the only way a party other than the
 *   ombudsman stops a case's clock, answered by a reply in the thread, and closed as withdrawn by the
 *   sweeper when a month (the mechanism's `information_wait_months`) passes without one;
 * - the referral of a case the mechanism is not competent for (art. 21): a `referral` deadline of
 *   `referral_days` business days that starts when the ombudsman does not admit the case;
 * - the thread entries that tell the parties of each of these, and of pauses and extensions.
 */
export const clockLaw = `
-- Until the ombudsman chooses at admission, a petition is the general kind (art. 14's residual rule).
ALTER TABLE cases ADD COLUMN petition_kind text NOT NULL DEFAULT 'general'
  CHECK (petition_kind IN ('general', 'documents', 'consultation'));

ALTER TABLE deadline_policies
  ADD COLUMN documents_answer_days integer NOT NULL DEFAULT 10 CHECK (documents_answer_days BETWEEN 1 AND 120),
  ADD COLUMN consultation_answer_days integer NOT NULL DEFAULT 30 CHECK (consultation_answer_days BETWEEN 1 AND 120),
  ADD COLUMN referral_days integer NOT NULL DEFAULT 5 CHECK (referral_days BETWEEN 1 AND 120),
  -- Calendar months the complainant has to answer an information request (art. 17: one month).
  ADD COLUMN information_wait_months integer NOT NULL DEFAULT 1 CHECK (information_wait_months BETWEEN 1 AND 3);
-- The reminder still comes before the shortest term, now counting the new ones. NOT VALID: a policy
-- saved before this migration stays as it is until its admin next saves it (the form then asks).
ALTER TABLE deadline_policies DROP CONSTRAINT deadline_policies_check;
ALTER TABLE deadline_policies ADD CONSTRAINT deadline_policies_reminder_before_terms
  CHECK (reminder_days_before < LEAST(acknowledge_days, admissibility_days, first_answer_days, agreement_days,
    documents_answer_days, consultation_answer_days, referral_days)) NOT VALID;

ALTER TABLE case_deadlines DROP CONSTRAINT case_deadlines_stage_check;
ALTER TABLE case_deadlines ADD CONSTRAINT case_deadlines_stage_check
  CHECK (stage IN ('acknowledge', 'admissibility', 'first_answer', 'agreement', 'commitment', 'referral'));

ALTER TABLE case_messages DROP CONSTRAINT case_messages_kind_check;
ALTER TABLE case_messages ADD CONSTRAINT case_messages_kind_check CHECK (kind IN ('message', 'meeting_scheduled',
  'meeting_minutes_recorded', 'meeting_minutes_agreed', 'agreement_proposed', 'agreement_accepted', 'agreement_rejected',
  'agreement_in_force', 'commitment_reported', 'commitment_confirmed', 'commitment_disputed', 'commitment_verified',
  'case_resolved', 'satisfaction_recorded', 'case_reopened', 'information_requested', 'information_answered',
  'information_lapsed', 'clock_paused', 'clock_resumed', 'deadline_extended', 'referral_sent'));

-- One row per formal request for information. Its columns are the withdrawal timer's whole state: the
-- sweeper claims open rows whose lapses_at has passed and closes them in the same transaction as the
-- case's withdrawal, so a second instance finds nothing left to do.
CREATE TABLE information_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  asked_by_user_id uuid NOT NULL REFERENCES users(id),
  asked_by_role text NOT NULL CHECK (asked_by_role IN ('liaison', 'ombudsman')),
  question text NOT NULL CHECK (char_length(question) BETWEEN 1 AND 2000),
  -- The thread entry the complainant reads it in.
  message_id bigint NOT NULL REFERENCES case_messages(id),
  asked_at timestamptz NOT NULL,
  -- Last Bogota day to answer; the case is withdrawn once lapses_at (the end of that day) has passed.
  lapses_on date NOT NULL,
  lapses_at timestamptz NOT NULL,
  -- The months it was given (the mechanism's policy then), so a calendar change can recount lapses_on.
  wait_months integer NOT NULL CHECK (wait_months BETWEEN 1 AND 3),
  -- Whether this request stopped the clock (false when the ombudsman had already paused it).
  paused_clock boolean NOT NULL,
  closed_at timestamptz,
  closed_how text CHECK (closed_how IN ('answered', 'resumed', 'case_closed', 'lapsed')),
  answer_message_id bigint REFERENCES case_messages(id),
  CHECK ((closed_at IS NULL) = (closed_how IS NULL))
);
CREATE UNIQUE INDEX information_requests_open_key ON information_requests (case_id) WHERE closed_at IS NULL;
CREATE INDEX information_requests_lapse_idx ON information_requests (lapses_at) WHERE closed_at IS NULL;
`;
