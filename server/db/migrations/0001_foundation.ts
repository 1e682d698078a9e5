/**
 * The foundation: mechanisms and their reference lists, accounts and sessions, the core of a case and
 * its append-only history, the e-mail outbox and rate-limit counters. Later migrations extend these.
 */
export const foundation = `
CREATE TABLE mechanisms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  region text NOT NULL,
  reference_prefix text NOT NULL UNIQUE CHECK (reference_prefix ~ '^[A-Z]{2,5}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  name text NOT NULL,
  slug text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mechanism_id, slug)
);

-- Names and descriptions are {"es": …, "en": …} so a mechanism can add a language without a migration.
CREATE TABLE categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  code text NOT NULL,
  icon text NOT NULL,
  name jsonb NOT NULL,
  description jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  -- Complaints in these categories (threats, security forces) go to the ombudsman first.
  red_flag boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (mechanism_id, code)
);

CREATE TABLE municipalities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  name text NOT NULL,
  dane_code text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (mechanism_id, dane_code)
);

CREATE TABLE veredas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL REFERENCES municipalities(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('vereda', 'corregimiento')),
  active boolean NOT NULL DEFAULT true,
  UNIQUE (municipality_id, name)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  role text NOT NULL CHECK (role IN ('complainant', 'facilitator', 'liaison', 'ombudsman', 'admin')),
  email text NOT NULL,
  display_name text NOT NULL,
  -- Null until an invited person sets a password.
  password_hash text,
  language text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en')),
  company_id uuid REFERENCES companies(id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  -- A liaison answers for exactly one company; nobody else has one.
  CONSTRAINT users_company_scope CHECK ((role = 'liaison') = (company_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- express-session rows; user_id is copied out of the data so a logout or deactivation can end every
-- session of a person at once.
CREATE TABLE sessions (
  sid text PRIMARY KEY,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  data jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE user_id IS NOT NULL;

-- Reference codes are sequential per mechanism and year (CES-2026-000123); the row lock on the counter
-- serialises concurrent filings without gaps from rolled-back transactions.
CREATE TABLE reference_counters (
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  year integer NOT NULL,
  last_value integer NOT NULL DEFAULT 0,
  PRIMARY KEY (mechanism_id, year)
);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  reference text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('received', 'acknowledged', 'in_dialogue', 'agreement_proposed',
    'in_mediation', 'in_implementation', 'resolved', 'not_admitted', 'withdrawn', 'closed_unresolved')),
  -- Null while nobody knows which company it concerns: the ombudsman routes it.
  company_id uuid REFERENCES companies(id),
  municipality_id uuid NOT NULL REFERENCES municipalities(id),
  vereda_id uuid REFERENCES veredas(id),
  place_detail text,
  latitude numeric(9, 6),
  longitude numeric(9, 6),
  occurred_on date,
  description text NOT NULL,
  hoped_outcome text,
  identity_mode text NOT NULL CHECK (identity_mode IN ('named', 'confidential', 'anonymous')),
  -- AES-256-GCM ciphertext of the complainant's identity and contact (server/crypto/fieldCipher.ts);
  -- null for anonymous cases.
  identity_ciphertext text,
  contact_preference text CHECK (contact_preference IN ('phone', 'whatsapp', 'email', 'facilitator', 'none')),
  complainant_user_id uuid REFERENCES users(id),
  filed_by_user_id uuid REFERENCES users(id),
  is_collective boolean NOT NULL DEFAULT false,
  group_name text,
  group_kind text CHECK (group_kind IN ('community', 'junta_accion_comunal', 'resguardo', 'consejo_comunitario', 'other')),
  group_size integer CHECK (group_size > 0),
  red_flag boolean NOT NULL DEFAULT false,
  escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
  receipt_key_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cases_identity_present CHECK ((identity_mode = 'anonymous') = (identity_ciphertext IS NULL))
);
CREATE INDEX cases_mechanism_status_idx ON cases (mechanism_id, status);
CREATE INDEX cases_company_idx ON cases (company_id, created_at DESC);
CREATE INDEX cases_complainant_idx ON cases (complainant_user_id) WHERE complainant_user_id IS NOT NULL;
CREATE INDEX cases_filed_by_idx ON cases (filed_by_user_id) WHERE filed_by_user_id IS NOT NULL;

CREATE TABLE case_categories (
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  category_id uuid NOT NULL REFERENCES categories(id),
  PRIMARY KEY (case_id, category_id)
);

-- The case history: every change, who made it, when and why. Append-only, enforced below.
CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL,
  from_status text,
  to_status text,
  actor_user_id uuid REFERENCES users(id),
  actor_role text NOT NULL,
  reason text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- E-mails are written here in the same transaction as the event that causes them and sent afterwards
-- by a worker, so a mail-server outage delays a message but never loses it.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  to_address text NOT NULL,
  language text NOT NULL CHECK (language IN ('es', 'en')),
  template text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';

-- Fixed-window counters shared by every server instance (login, receipt keys, filing).
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  hits integer NOT NULL
);
`;
