/**
 * Complaints by SMS and WhatsApp (docs/channels.md): the phone numbers that wrote, encrypted and found by
 * a keyed blind index; each number's conversation through the numbered menus; the cases a number follows;
 * gateway messages taken once; files sent before the case existed; and the outbox of outbound messages,
 * a sibling of the e-mail outbox with the same claim-by-lease design and the same admin screen.
 */
export const channels = `
-- A phone number is an identity: only its ciphertext (fieldCipher) and a keyed HMAC of its E.164 form
-- (FieldCipher.fingerprint, purpose 'phone') are stored, so a dump reveals no number and lookups still work.
CREATE TABLE channel_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  phone_index text NOT NULL UNIQUE,
  phone_ciphertext text NOT NULL,
  -- The number sent SALIR: nothing is sent to it again until it writes VOLVER.
  opted_out_at timestamptz,
  created_at timestamptz NOT NULL
);

-- Where a number stands in the menus of one gateway and channel. The answers so far (the complaint's
-- text, a name) are ciphertext; the step is plain so the sweep can find drafts left for a day.
CREATE TABLE channel_conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES channel_contacts(id),
  gateway text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id),
  step text NOT NULL,
  state_ciphertext text NOT NULL,
  language text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en')),
  last_inbound_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (contact_id, gateway, channel)
);
CREATE INDEX channel_conversations_silent_idx ON channel_conversations (last_inbound_at) WHERE step NOT IN ('idle', 'expired');

-- The cases a number filed (not anonymous ones unless the person asked for replies there): it may
-- answer in their threads, and the parties' messages reach it when push was chosen at filing.
CREATE TABLE channel_case_links (
  case_id uuid NOT NULL REFERENCES cases(id),
  contact_id uuid NOT NULL REFERENCES channel_contacts(id),
  gateway text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
  push boolean NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, contact_id, channel)
);
CREATE INDEX channel_case_links_contact_idx ON channel_case_links (contact_id, created_at DESC);

-- Every gateway message is handled once, however often the gateway retries its webhook.
CREATE TABLE channel_inbound (
  gateway text NOT NULL,
  external_id text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (gateway, external_id)
);

-- Photos and voice notes sent while telling what happened, before the case exists; they become the
-- case's attachments when it is filed. The orphan-file sweep keeps files with a row here.
CREATE TABLE channel_media (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES channel_conversations(id) ON DELETE CASCADE,
  storage_key text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('photo', 'audio', 'document')),
  mime text NOT NULL,
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX channel_media_conversation_idx ON channel_media (conversation_id, created_at);

-- Outbound SMS and WhatsApp messages, written in the transaction of what causes them and sent by a
-- job that claims one at a time with a lease (like the e-mail outbox): a gateway outage delays a
-- message but never loses it, and message_key makes each logical message exist once.
CREATE TABLE channel_outbox (
  id bigserial PRIMARY KEY,
  message_key text NOT NULL UNIQUE,
  gateway text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
  contact_id uuid NOT NULL REFERENCES channel_contacts(id),
  mechanism_id uuid REFERENCES mechanisms(id),
  kind text NOT NULL,
  body_ciphertext text NOT NULL,
  segments integer NOT NULL CHECK (segments > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  gateway_message_id text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX channel_outbox_due_idx ON channel_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX channel_outbox_status_created_idx ON channel_outbox (status, created_at DESC, id DESC);
CREATE INDEX channel_outbox_contact_idx ON channel_outbox (contact_id) WHERE status = 'pending';
`;
