/**
 * The oversight's text search answered from trigram indexes (issue #16 §6, docs/scaling.md "Oversight at a
 * million cases", session 20). The ombudsman's list, summary and scorecards under `q` select the cases whose
 * reference or description contains the text, case-insensitively (`ILIKE '%…%'`), and PostgreSQL could only
 * find them by reading every case row (1.9–3.4 s at a million). A `gin_trgm_ops` index on each column answers
 * `ILIKE` with a text of three characters or more: the two index scans are OR-ed into a bitmap of candidate
 * rows, rechecked against the pattern, so the answer is the same set of cases (a shorter text still reads the
 * rows, as before). `pg_trgm` is created by 0031 and loaded by PGlite (server/db/pgliteExtensions.ts): one
 * code path on both databases. A filing writes the entries of its description's trigrams: measured with
 * `npm run bench:filing` (docs/scaling.md).
 */
export const oversightTextSearch = `
CREATE INDEX cases_reference_trgm_idx ON cases USING gin (reference gin_trgm_ops);
CREATE INDEX cases_description_trgm_idx ON cases USING gin (description gin_trgm_ops);
`;
