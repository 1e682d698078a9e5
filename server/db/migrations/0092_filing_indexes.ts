/**
 * Four indexes a filing wrote and no query needs (issue #16 §5, docs/scaling.md "Filing at speed", session 15).
 * Every filing inserts its case (and rewrites it once, when its reference is taken: a new row version, so every
 * index of `cases` gets a second entry), its event and its notices; each index below cost an insertion a row and
 * served nothing another index does not serve as well:
 * - `cases_mechanism_created_idx` (mechanism, filing time): `cases_export_idx` (0047) begins with the same two
 *   columns (mechanism, filing time descending, id) and serves every condition and order on them;
 * - `cases_mechanism_municipality_idx` (mechanism, municipality): a municipality belongs to one mechanism (the
 *   filing's context read checks it), so `cases_municipality_idx` finds the same rows, and a condition on the
 *   mechanism alone has `cases_mechanism_status_idx`, which begins with it;
 * - `case_events_case_idx` (case, id): `case_events_chain_idx` (case, chain position) finds a case's events as
 *   well; the few a case has are put in id order after it;
 * - `notifications_case_idx` (case): no statement reads notices by case (they are read by person), and cases are
 *   never deleted, so the foreign key never looks for them either.
 */
export const filingIndexes = `
DROP INDEX IF EXISTS cases_mechanism_created_idx;
DROP INDEX IF EXISTS cases_mechanism_municipality_idx;
DROP INDEX IF EXISTS case_events_case_idx;
DROP INDEX IF EXISTS notifications_case_idx;
`;
