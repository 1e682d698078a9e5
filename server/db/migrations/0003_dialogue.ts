/**
 * The dialogue of a case: its thread (messages and the entries meetings and agreements leave in it),
 * who read how far, meetings, versioned agreements with their commitments, and the complainant's
 * satisfaction once a case is resolved. Also the mechanism's appeal window for reopening.
 */
export const dialogue = `
-- Calendar days after resolution or closure during which the complainant may reopen the case.
ALTER TABLE mechanisms ADD COLUMN appeal_window_days integer NOT NULL DEFAULT 30 CHECK (appeal_window_days > 0);

-- One thread per case. The id is the catch-up cursor: writers lock the case row while inserting, so
-- within one case ids commit in order and "everything after id N" never skips a late commit.
-- kind 'message' is something a person wrote; every other kind is an entry a meeting, agreement or
-- commitment change leaves in the thread (its facts in data, rendered in the reader's language).
CREATE TABLE case_messages (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'meeting_scheduled', 'meeting_minutes_recorded',
    'meeting_minutes_agreed', 'agreement_proposed', 'agreement_accepted', 'agreement_rejected', 'agreement_in_force',
    'commitment_reported', 'commitment_confirmed', 'commitment_disputed', 'commitment_verified', 'case_resolved',
    'satisfaction_recorded', 'case_reopened')),
  -- Null for an anonymous complainant (receipt key) and for entries the system writes.
  author_user_id uuid REFERENCES users(id),
  author_role text NOT NULL CHECK (author_role IN ('complainant', 'facilitator', 'liaison', 'ombudsman', 'anonymous', 'system')),
  visibility text NOT NULL CHECK (visibility IN ('parties', 'ombudsman_private', 'internal')),
  -- Whose internal note: 'company:<uuid>' or 'ombudsman'.
  internal_org text,
  body text CHECK (body IS NULL OR char_length(body) BETWEEN 1 AND 5000),
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Written while the ombudsman led the case in mediation.
  during_mediation boolean NOT NULL DEFAULT false,
  -- The writer's own id for the message, so a retried POST does not post it twice.
  client_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT case_messages_internal_org CHECK ((visibility = 'internal') = (internal_org IS NOT NULL)),
  CONSTRAINT case_messages_body CHECK ((kind = 'message') = (body IS NOT NULL)),
  CONSTRAINT case_messages_client_key CHECK ((kind = 'message') = (client_key IS NOT NULL))
);
CREATE INDEX case_messages_case_idx ON case_messages (case_id, id);
CREATE UNIQUE INDEX case_messages_client_key_idx
  ON case_messages (case_id, (COALESCE(author_user_id::text, author_role)), client_key) WHERE client_key IS NOT NULL;
CREATE TRIGGER case_messages_append_only BEFORE UPDATE OR DELETE ON case_messages
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- How far each person has read each thread; unread counts are messages after this they may see.
CREATE TABLE case_reads (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases(id),
  last_read_message_id bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, case_id)
);

CREATE TABLE case_meetings (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  scheduled_at timestamptz NOT NULL,
  place text NOT NULL,
  -- Shared with the parties in advance.
  agenda text NOT NULL,
  scheduled_by_user_id uuid REFERENCES users(id),
  scheduled_by_role text NOT NULL,
  attendees text[] NOT NULL DEFAULT '{}',
  minutes text,
  minutes_recorded_at timestamptz,
  minutes_agreed_by_complainant_at timestamptz,
  minutes_agreed_by_company_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_meetings_case_idx ON case_meetings (case_id, scheduled_at);

-- Every version of every proposal is kept; at most one per case is 'proposed' at a time.
CREATE TABLE agreements (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  version integer NOT NULL CHECK (version > 0),
  proposed_by_user_id uuid REFERENCES users(id),
  proposed_by_role text NOT NULL,
  -- Proposed while the case was in mediation: a rejection returns the case to mediation.
  during_mediation boolean NOT NULL DEFAULT false,
  text text NOT NULL,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected', 'superseded')),
  complainant_decision text CHECK (complainant_decision IN ('accepted', 'rejected')),
  complainant_decided_at timestamptz,
  complainant_decided_by_user_id uuid REFERENCES users(id),
  company_decision text CHECK (company_decision IN ('accepted', 'rejected')),
  company_decided_at timestamptz,
  company_decided_by_user_id uuid REFERENCES users(id),
  rejection_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, version)
);
CREATE UNIQUE INDEX agreements_one_pending_idx ON agreements (case_id) WHERE status = 'proposed';

CREATE TABLE commitments (
  id bigserial PRIMARY KEY,
  agreement_id bigint NOT NULL REFERENCES agreements(id),
  position integer NOT NULL,
  owner text NOT NULL CHECK (owner IN ('company', 'complainant', 'ombudsman')),
  description text NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reported', 'confirmed', 'disputed', 'verified')),
  evidence text,
  reported_at timestamptz,
  reported_by_user_id uuid REFERENCES users(id),
  confirmed_at timestamptz,
  disputed_reason text,
  disputed_at timestamptz,
  verified_at timestamptz,
  verified_by_user_id uuid REFERENCES users(id),
  UNIQUE (agreement_id, position)
);

-- How satisfied the complainant is with a resolution; one answer per resolution (a reopened and
-- again resolved case asks again), keyed by the history event that resolved it.
CREATE TABLE case_satisfaction (
  case_id uuid NOT NULL REFERENCES cases(id),
  resolved_event_id bigint NOT NULL REFERENCES case_events(id),
  score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text,
  by_user_id uuid REFERENCES users(id),
  by_role text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, resolved_event_id)
);
`;
