/**
 * Complaints that waited on a phone without signal (docs/offline-intake.md): the receipt the device
 * made before the signal, and files that arrive one by one, each at most once, however often a bad line
 * makes the phone send them again.
 */
export const deviceReceipts = `
-- The code the phone showed before the case had a reference (P-7K4P-9XQ2). It is not secret and need
-- not be unique: the receipt key, whose fingerprint is unique, is what opens a case with it.
ALTER TABLE cases
  ADD COLUMN provisional_code text,
  -- HMAC-SHA256 of a device-made receipt key under a key kept outside the database (derived from
  -- DATA_KEY): lets the server refuse a key already used for another case without ever storing it.
  -- The key itself is checked against the slow hash in receipt_key_hash, like server-made keys.
  ADD COLUMN receipt_key_fingerprint text;
CREATE UNIQUE INDEX cases_receipt_key_fingerprint_key ON cases (receipt_key_fingerprint) WHERE receipt_key_fingerprint IS NOT NULL;

-- The device's own key for one file of a complaint: sending it again (the answer was lost) finds the
-- file already kept instead of keeping it twice.
ALTER TABLE attachments ADD COLUMN client_key uuid;
CREATE UNIQUE INDEX attachments_client_key_key ON attachments (case_id, client_key) WHERE client_key IS NOT NULL;
`;
