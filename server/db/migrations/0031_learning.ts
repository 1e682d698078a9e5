/**
 * Learning (issue #17 items 1–3): root causes, related and collective complaints, recurrence.
 *
 * - `pg_trgm`: trigram similarity of complaint texts, to suggest related open cases. It ships with
 *   PostgreSQL (a trusted extension since 13, so the database owner may create it) and PGlite loads it
 *   from server/db/pgliteExtensions.ts. No trigram index: suggestions compare one new case with the open
 *   cases of one mechanism in a time window, and an index would slow every filing for nothing.
 * - `root_causes`: each mechanism's taxonomy of causes under its categories, kept by the admin.
 * - `company_sites`: a company's sites or operations (a mine, a haul road, a port), named by the admin.
 * - `mechanisms.company_proposes_causes`: whether a company may propose a case's causes (they count
 *   only once the ombudsman confirms them).
 * - `case_root_causes`: a case's causes, at admission or at closure, with the site when known.
 * - `case_links`: cases joined into one issue under a lead case; each keeps its complainant, identity
 *   mode and thread, only the link is shared.
 * - `cases.open_to_signatories` and `case_signatories`: people who joined a collective complaint, each
 *   with their own identity mode (identity encrypted as a case's is); `join_fingerprint` is a keyed hash
 *   of who joined (account, document number, or the browser session for an anonymous signatory), unique
 *   per case so nobody is counted twice.
 */
export const learning = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE root_causes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  category_id uuid NOT NULL REFERENCES categories(id),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,59}$'),
  -- {"es": …, "en": …}, like categories.
  name jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (mechanism_id, code)
);
CREATE INDEX root_causes_category_idx ON root_causes (category_id, position);

CREATE TABLE company_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies(id),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (company_id, name)
);

ALTER TABLE mechanisms ADD COLUMN company_proposes_causes boolean NOT NULL DEFAULT false;

CREATE TABLE case_root_causes (
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  root_cause_id uuid NOT NULL REFERENCES root_causes(id),
  site_id uuid REFERENCES company_sites(id),
  stage text NOT NULL CHECK (stage IN ('admission', 'closure')),
  tagged_by_user_id uuid REFERENCES users(id),
  tagged_by_role text NOT NULL CHECK (tagged_by_role IN ('ombudsman', 'liaison')),
  tagged_at timestamptz NOT NULL,
  -- A company's proposal counts once the ombudsman confirms it; the ombudsman's own tags are confirmed.
  confirmed_at timestamptz,
  confirmed_by_user_id uuid REFERENCES users(id),
  PRIMARY KEY (case_id, root_cause_id)
);
CREATE INDEX case_root_causes_cause_idx ON case_root_causes (root_cause_id) WHERE confirmed_at IS NOT NULL;

CREATE TABLE case_links (
  case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  lead_case_id uuid NOT NULL REFERENCES cases(id),
  linked_by_user_id uuid REFERENCES users(id),
  linked_at timestamptz NOT NULL,
  CHECK (case_id <> lead_case_id)
);
CREATE INDEX case_links_lead_idx ON case_links (lead_case_id);

ALTER TABLE cases ADD COLUMN open_to_signatories boolean NOT NULL DEFAULT false;

CREATE TABLE case_signatories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  identity_mode text NOT NULL CHECK (identity_mode IN ('named', 'confidential', 'anonymous')),
  identity_ciphertext text,
  user_id uuid REFERENCES users(id),
  join_fingerprint text NOT NULL,
  joined_at timestamptz NOT NULL,
  CONSTRAINT case_signatories_identity_present CHECK ((identity_mode = 'anonymous') = (identity_ciphertext IS NULL)),
  CONSTRAINT case_signatories_once UNIQUE (case_id, join_fingerprint)
);
CREATE INDEX case_signatories_case_idx ON case_signatories (case_id, joined_at);
`;
