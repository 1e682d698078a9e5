/**
 * Habeas data (Ley 1581 de 2012, Decreto 1377 de 2013; issue #15 item 4, docs/habeas-data.md).
 *
 * - `habeas_requests`: what a person asked about their data (a consulta, or a reclamo to correct,
 *   withdraw consent or delete), with the legal due date in business days and its one extension,
 *   answered by the mechanism's staff. The requester is an account or, for someone who files with a
 *   receipt key, the case they proved. `details` is emptied when the person's identity is redacted.
 * - `mechanisms.identity_retention_days`: days after a case closes after which the retention job
 *   redacts its complainant's identity; null keeps identities until someone asks.
 * - `cases.identity_redacted_at` / `users.redacted_at`: when an identity was redacted. A redacted
 *   case keeps its dialogue and history (an event says when); a redacted account has neither name
 *   nor contact, so the two checks that demanded them now accept a redaction instead.
 */
export const habeasData = `
ALTER TABLE mechanisms ADD COLUMN identity_retention_days integer
  CHECK (identity_retention_days IS NULL OR identity_retention_days BETWEEN 1 AND 36500);

ALTER TABLE cases ADD COLUMN identity_redacted_at timestamptz;
ALTER TABLE cases DROP CONSTRAINT cases_identity_present;
ALTER TABLE cases ADD CONSTRAINT cases_identity_present CHECK (
  CASE WHEN identity_mode = 'anonymous' THEN identity_ciphertext IS NULL
       ELSE identity_ciphertext IS NOT NULL OR identity_redacted_at IS NOT NULL END);
-- The retention job looks for closed cases not yet redacted.
CREATE INDEX cases_unredacted_closed_idx ON cases (mechanism_id, updated_at)
  WHERE identity_redacted_at IS NULL AND status IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved');

ALTER TABLE users ADD COLUMN redacted_at timestamptz;
ALTER TABLE users DROP CONSTRAINT users_contact_present;
ALTER TABLE users ADD CONSTRAINT users_contact_present CHECK (email IS NOT NULL OR phone IS NOT NULL OR redacted_at IS NOT NULL);

CREATE TABLE habeas_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  kind text NOT NULL CHECK (kind IN ('consulta', 'correction', 'withdraw_consent', 'deletion')),
  requester_user_id uuid REFERENCES users(id),
  -- The case a receipt-key holder proved; for an account, the case the request is about, if one.
  case_id uuid REFERENCES cases(id),
  by_receipt_key boolean NOT NULL,
  details text,
  received_on date NOT NULL,
  due_on date NOT NULL,
  extended_due_on date,
  extension_reason text,
  extended_at timestamptz,
  extended_by_user_id uuid REFERENCES users(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  outcome text CHECK (outcome IN ('answered', 'granted', 'denied')),
  answer text,
  answered_at timestamptz,
  answered_by_user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  CONSTRAINT habeas_requests_requester CHECK (by_receipt_key = (requester_user_id IS NULL) AND (requester_user_id IS NOT NULL OR case_id IS NOT NULL)),
  CONSTRAINT habeas_requests_answer CHECK ((status = 'answered') = (answered_at IS NOT NULL AND outcome IS NOT NULL))
);
CREATE INDEX habeas_requests_queue_idx ON habeas_requests (mechanism_id, status, due_on);
CREATE INDEX habeas_requests_user_idx ON habeas_requests (requester_user_id) WHERE requester_user_id IS NOT NULL;
CREATE INDEX habeas_requests_case_idx ON habeas_requests (case_id) WHERE case_id IS NOT NULL;
`;
