/**
 * The identity custodian and the reprisal-risk protocol (issue #15 §2 and §5).
 *
 * - `mechanisms.identity_reveal_approval`: when true, an officer's request to see a protected identity
 *   waits until a second officer of the mechanism approves it (GlobaLeaks' identity custodian).
 * - `identity_reveals`: every request to see a protected identity, with its reason and decision. A
 *   granted reveal shows the identity to the requester until `expires_at`; the look itself is written
 *   once, at the grant, to `identity_views` (context `reveal`), whose hash chain seals it.
 * - `reprisal_risk_assessments`: the risk of retaliation a complainant runs, assessed by staff at intake
 *   and again at each stage; never updated, so the history stays.
 * - `reprisal_reports`: a complainant's report of retaliation, read only by the Defensoría. The text is
 *   encrypted like identities: it may name the people who threatened them.
 * - `protective_measures`: measures agreed with the person; each row carries how they consented.
 */
export const custodian = `
ALTER TABLE mechanisms ADD COLUMN identity_reveal_approval boolean NOT NULL DEFAULT false;

CREATE TABLE identity_reveals (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  requested_by_user_id uuid NOT NULL REFERENCES users(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  requested_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'granted', 'refused')),
  decided_by_user_id uuid REFERENCES users(id),
  decided_at timestamptz,
  expires_at timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'granted') = (expires_at IS NOT NULL))
);
CREATE INDEX identity_reveals_case_idx ON identity_reveals (case_id, id);
CREATE UNIQUE INDEX identity_reveals_one_pending ON identity_reveals (case_id, requested_by_user_id) WHERE status = 'pending';

CREATE TABLE reprisal_risk_assessments (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  level text NOT NULL CHECK (level IN ('low', 'medium', 'high')),
  stage text NOT NULL,
  note text CHECK (length(note) <= 2000),
  assessed_by_user_id uuid NOT NULL REFERENCES users(id),
  assessed_at timestamptz NOT NULL
);
CREATE INDEX reprisal_risk_case_idx ON reprisal_risk_assessments (case_id, id);
CREATE TRIGGER reprisal_risk_append_only BEFORE UPDATE OR DELETE ON reprisal_risk_assessments
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE reprisal_reports (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  account_ciphertext text NOT NULL,
  reported_by_role text NOT NULL CHECK (reported_by_role IN ('complainant', 'facilitator', 'anonymous')),
  reported_at timestamptz NOT NULL
);
CREATE INDEX reprisal_reports_case_idx ON reprisal_reports (case_id, id);
CREATE INDEX reprisal_reports_mechanism_idx ON reprisal_reports (mechanism_id, reported_at);
CREATE TRIGGER reprisal_reports_append_only BEFORE UPDATE OR DELETE ON reprisal_reports
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE protective_measures (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  measure text NOT NULL CHECK (length(measure) BETWEEN 1 AND 2000),
  consent_how text NOT NULL CHECK (consent_how IN ('written', 'verbal', 'recorded')),
  recorded_by_user_id uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX protective_measures_case_idx ON protective_measures (case_id, id);
`;
