/**
 * Nothing readable in a dump (issue #15 §3, docs/encryption.md): account names, e-mails and phone numbers,
 * the map point of a case and the address of a queued e-mail get ciphertext columns (FieldCipher, bound to
 * their row), and e-mails and phones a keyed blind index (HMAC under a subkey of DATA_KEY) that keeps
 * log-in, "already registered" and lookups by phone working. SQL cannot encrypt (the key never reaches the
 * database): the plaintext columns stay, nullable, until the server's start-up sealing
 * (server/crypto/plaintextSealer.ts) moves each row's values into the new columns and clears them.
 */
export const sealedIdentities = `
ALTER TABLE users ADD COLUMN name_ciphertext text;
ALTER TABLE users ADD COLUMN email_ciphertext text;
ALTER TABLE users ADD COLUMN phone_ciphertext text;
ALTER TABLE users ADD COLUMN email_index text;
ALTER TABLE users ADD COLUMN phone_index text;
ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_contact_present;
ALTER TABLE users ADD CONSTRAINT users_contact_present
  CHECK (email IS NOT NULL OR phone IS NOT NULL OR email_index IS NOT NULL OR phone_index IS NOT NULL);
ALTER TABLE users ADD CONSTRAINT users_name_present CHECK (display_name IS NOT NULL OR name_ciphertext IS NOT NULL);
ALTER TABLE users ADD CONSTRAINT users_email_sealed CHECK ((email_index IS NULL) = (email_ciphertext IS NULL));
ALTER TABLE users ADD CONSTRAINT users_phone_sealed CHECK ((phone_index IS NULL) = (phone_ciphertext IS NULL));
-- The same names as the plaintext indexes they replace, so "already registered" errors keep their field.
DROP INDEX users_email_key;
DROP INDEX users_phone_key;
CREATE UNIQUE INDEX users_email_key ON users (email_index) WHERE email_index IS NOT NULL;
CREATE UNIQUE INDEX users_phone_key ON users (phone_index) WHERE phone_index IS NOT NULL;

ALTER TABLE cases ADD COLUMN location_ciphertext text;

-- An e-mail's address, bound to a key made with the row (the row id is a sequence value, known only after
-- the insert).
ALTER TABLE outbox ADD COLUMN seal_id uuid UNIQUE;
ALTER TABLE outbox ADD COLUMN to_address_ciphertext text;
ALTER TABLE outbox ALTER COLUMN to_address DROP NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_address_present CHECK (to_address IS NOT NULL OR to_address_ciphertext IS NOT NULL);
ALTER TABLE outbox ADD CONSTRAINT outbox_address_sealed CHECK ((seal_id IS NULL) = (to_address_ciphertext IS NULL));
`;
