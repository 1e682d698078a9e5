/**
 * Retaliation reports can be re-encrypted by `rotate-key` (docs/encryption.md, issue #15 §3 and §5).
 * `reprisal_reports` stays append-only, with one narrow exception: an UPDATE that changes nothing but
 * `account_ciphertext`, from a ciphertext under one data key to a `v2` ciphertext under another key id.
 * Edits of the text under the same key, any other column, and DELETE are still refused. The database
 * cannot check that the plaintext is unchanged (it never holds the key); the threat model
 * (docs/threat-model.md) says what this leaves to a rogue holder of the data key.
 *
 * Also (issue #15 §4): `habeas_requests.corrected_fields` — which fields of the identity a granted
 * correction changed (names of fields only, never values: the values live sealed in the case).
 */
export const reprisalReportRekey = `
CREATE FUNCTION reprisal_reports_rekey_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_key text := CASE WHEN OLD.account_ciphertext LIKE 'v2.%' THEN split_part(OLD.account_ciphertext, '.', 2) ELSE 'k0' END;
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.mechanism_id = OLD.mechanism_id
     AND NEW.reported_by_role = OLD.reported_by_role AND NEW.reported_at = OLD.reported_at
     AND NEW.account_ciphertext LIKE 'v2.%'
     AND split_part(NEW.account_ciphertext, '.', 2) <> old_key THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (only rotate-key may re-encrypt an account under another key)', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER reprisal_reports_append_only ON reprisal_reports;
CREATE TRIGGER reprisal_reports_append_only BEFORE UPDATE OR DELETE ON reprisal_reports
  FOR EACH ROW EXECUTE FUNCTION reprisal_reports_rekey_only();
ALTER TABLE habeas_requests ADD COLUMN corrected_fields text[];
`;
