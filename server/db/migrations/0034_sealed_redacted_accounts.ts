/**
 * Redacted accounts with sealed identities (docs/encryption.md): 0030 rewrote `users_contact_present`
 * as "a plaintext e-mail or phone, or redacted", which every account sealed by 0029 (blind index only)
 * fails. Both rules are kept: some contact (plaintext or blind index) or a redaction; and a name
 * (plaintext or sealed) or a redaction.
 */
export const sealedRedactedAccounts = `
ALTER TABLE users DROP CONSTRAINT users_contact_present;
ALTER TABLE users ADD CONSTRAINT users_contact_present
  CHECK (email IS NOT NULL OR phone IS NOT NULL OR email_index IS NOT NULL OR phone_index IS NOT NULL OR redacted_at IS NOT NULL);
ALTER TABLE users DROP CONSTRAINT users_name_present;
ALTER TABLE users ADD CONSTRAINT users_name_present CHECK (display_name IS NOT NULL OR name_ciphertext IS NOT NULL OR redacted_at IS NOT NULL);
`;
