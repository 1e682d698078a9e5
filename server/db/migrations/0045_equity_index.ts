/**
 * A keyed blind index of each case's equity answers (issue #16 §6, issue #17 item 4), so the
 * effectiveness report groups cases by gender, ethnic self-identification and age band in SQL instead of
 * opening every case's sealed answers in Node (over 14 minutes at a million cases).
 *
 * `cases.equity_index` is an HMAC (under a subkey of DATA_KEY, which never reaches the database) of the
 * mechanism and the three answers as the report counts them (only answers given with their own consent;
 * see server/learning/equityIndex.ts). A dump shows which cases of a mechanism answered alike, never what
 * they answered; the answers themselves stay only in `equity_ciphertext`. The database cannot compute the
 * HMAC, so the column is filled from Node: by the report, for the cases of its mechanism not indexed yet
 * (rows from before this migration, or written by any path that did not index them).
 *
 * The index is always either null (not known) or derived from the current ciphertext: any change of
 * `equity_ciphertext` that does not set `equity_index` with it (the erasure of habeas data, a redaction,
 * rotate-key's new ciphertext) clears it, so an erased answer never lingers in a figure.
 *
 * At a million cases: the column is added without rewriting the table (no default), and the partial index
 * of the cases still to index holds only rows with answers (built in one pass; seconds).
 */
export const equityIndex = `
ALTER TABLE cases ADD COLUMN equity_index text;

CREATE FUNCTION cases_equity_index_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.equity_ciphertext IS DISTINCT FROM OLD.equity_ciphertext AND NEW.equity_index IS NOT DISTINCT FROM OLD.equity_index THEN
    NEW.equity_index := NULL;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER cases_equity_index_follows BEFORE UPDATE OF equity_ciphertext ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_equity_index_follows();

CREATE INDEX cases_equity_unindexed_idx ON cases (mechanism_id, id) WHERE equity_ciphertext IS NOT NULL AND equity_index IS NULL;
`;
