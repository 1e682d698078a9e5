/**
 * The filing context's two lookups in `cases` by key, always by their indexes (issue #16 §5, docs/scaling.md "Filing at
 * speed", session 18). The filing's read (`filing_context`, `filing_contexts`: server/repositories/filings.ts) is a named
 * statement, planned once a connection: after five runs PostgreSQL keeps a generic plan, made from the statistics of the
 * moment, until the next ANALYZE of a table it reads. Made while `cases` held a fresh installation's few rows, that plan
 * looked up a retried filing's idempotency key and a device's receipt-key fingerprint by scanning `cases` — the
 * cheapest plan for 14 rows — and kept scanning it for every filing while the table grew: 150–285 ms a read at ~40,000
 * cases in the filing bench, until autovacuum's ANALYZE came (docs/scaling.md, "Slow bench rounds").
 *
 * Both lookups are now these functions, called once a read for the read's keys. A key is looked up through its unique
 * index at any size: `enable_seqscan` is off while the function plans (PL/pgSQL keeps a plan a session, generic too,
 * so the setting is what every plan of theirs is made under), and an index lookup of a handful of keys is the right
 * plan for 14 rows as for millions. The receipt copy's expiry is returned, not judged: each filing judges it by its
 * own clock, as before.
 */
export const filingKeysByIndex = `
CREATE FUNCTION cases_of_idempotency_keys(keys uuid[])
  RETURNS TABLE (idempotency_key uuid, id uuid, reference text, status text, identity_mode text, filing_fingerprint text,
                 provisional_code text, receipt_key_ciphertext text, receipt_expires_at timestamptz)
  LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
  RETURN QUERY
    SELECT c.idempotency_key, c.id, c.reference, c.status, c.identity_mode, c.filing_fingerprint, c.provisional_code,
           fr.receipt_key_ciphertext, fr.expires_at
    FROM cases c LEFT JOIN filing_receipts fr ON fr.idempotency_key = c.idempotency_key
    WHERE c.idempotency_key = ANY(keys);
END $$;

CREATE FUNCTION taken_receipt_fingerprints(fingerprints text[]) RETURNS SETOF text
  LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
  RETURN QUERY SELECT c.receipt_key_fingerprint FROM cases c WHERE c.receipt_key_fingerprint = ANY(fingerprints);
END $$;
`;
