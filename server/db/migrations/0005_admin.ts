/**
 * Administration and accounts: officers with access to more than one mechanism, invitations and
 * password resets (only a SHA-256 of each token is stored), e-mail preferences, and complainant
 * accounts that sign up with a phone number instead of an e-mail. (The versioned data policy the
 * admin publishes lives in `data_policies`, created by 0002_intake.)
 */
export const admin = `
-- Extra mechanisms an ombudsman officer (or an admin) may act in, besides users.mechanism_id.
CREATE TABLE user_mechanisms (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  granted_by uuid REFERENCES users(id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, mechanism_id)
);

-- A link sent by e-mail; the token itself only ever exists in that e-mail.
CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_user_idx ON invitations (user_id);

CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

ALTER TABLE users ADD COLUMN email_preferences jsonb NOT NULL DEFAULT
  '{"new_case": true, "message": true, "deadline_reminder": true, "escalation": true, "agreement": true, "commitment_due": true}'::jsonb;
-- Complainants may sign up with a phone number alone (there is no SMS gateway: they log in with it).
ALTER TABLE users ADD COLUMN phone text;
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_contact_present CHECK (email IS NOT NULL OR phone IS NOT NULL);
CREATE UNIQUE INDEX users_phone_key ON users (phone) WHERE phone IS NOT NULL;
`;
