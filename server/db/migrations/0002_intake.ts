/**
 * Intake and the case lifecycle: idempotent filing, consent to a versioned data policy, encrypted
 * equity answers, red flags released by the ombudsman, attachments, and the audit of identity views.
 */
export const intake = `
-- The data-treatment policy (Ley 1581 de 2012) a filer consents to. Versions are never edited: a new
-- text is a new row, and each case keeps the version it was filed under.
CREATE TABLE data_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  version text NOT NULL,
  text jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  UNIQUE (mechanism_id, version)
);
CREATE TRIGGER data_policies_append_only BEFORE UPDATE OR DELETE ON data_policies
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

ALTER TABLE cases
  -- The client's key per draft: a retried submission finds the case it already made.
  ADD COLUMN idempotency_key uuid UNIQUE,
  -- sha256 of the accepted request and filer, so the same key with other content is refused.
  ADD COLUMN filing_fingerprint text,
  -- Optional equity answers, encrypted like identities; statistics only, never shown to companies.
  ADD COLUMN equity_ciphertext text,
  ADD COLUMN consent_policy_version text,
  ADD COLUMN consent_at timestamptz,
  -- A red-flag case stays hidden from the company until the ombudsman releases it.
  ADD COLUMN red_flag_released_at timestamptz;

-- For 24 hours after filing an anonymous case, an encrypted copy of its receipt key, so a retry after a
-- lost response can still show it. Deleted when expired (on the next filing).
CREATE TABLE filing_receipts (
  idempotency_key uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  receipt_key_ciphertext text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX filing_receipts_expires_idx ON filing_receipts (expires_at);

CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL CHECK (kind IN ('photo', 'audio', 'document')),
  mime text NOT NULL,
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  -- Random name in the storage module; never derived from the uploaded file name.
  storage_key text NOT NULL UNIQUE,
  uploaded_by_user_id uuid REFERENCES users(id),
  uploaded_by_role text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_case_idx ON attachments (case_id, created_at);

-- Every time a protected identity is shown to the ombudsman (its custodian). Append-only.
CREATE TABLE identity_views (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  user_id uuid NOT NULL REFERENCES users(id),
  context text NOT NULL,
  viewed_at timestamptz NOT NULL
);
CREATE INDEX identity_views_case_idx ON identity_views (case_id, id);
CREATE TRIGGER identity_views_append_only BEFORE UPDATE OR DELETE ON identity_views
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE INDEX cases_municipality_idx ON cases (municipality_id);
`;
