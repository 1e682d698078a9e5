/**
 * Escalations that move a case row in place (issue #16 §7, docs/scaling.md "Deadline sweep in sets", session 14).
 * An escalation changes a case's `escalation_level` and `updated_at`. Three indexes held one of them, so no
 * escalation was a HOT update: each wrote a new entry in all ~14 indexes that hold an open case (0 of 10,007
 * HOT on the sweep bench). Now none holds either, and the table keeps room on its pages, so most do:
 * - `cases_export_idx` (0047, 0050) carries neither column any more: the CSV export reads them from the row,
 *   which it now visits (an index scan in the same order instead of an index-only scan);
 * - `cases_escalated_idx` (0006) goes: the oversight list and its escalated queue read the level from
 *   `case_figures` (0037), and counting escalated cases from the rows reads every case of the scope anyway;
 * - `cases_unredacted_closed_idx` (0030) is keyed on the case's id instead of `updated_at`, which the
 *   retention job stopped reading (it dates a closure from its event) and which it orders by id;
 * - `cases` keeps 20% of each page free (fillfactor 80), for the new versions. Pages written from now on keep
 *   that room; existing pages gain it as they are rewritten.
 * `case_figures` still updates every index (its list indexes are ordered by the level: the list's order) and
 * `case_deadlines` too (the claim's partial indexes hold `escalated_at`).
 */
export const hotEscalations = `
DROP INDEX cases_escalated_idx;

DROP INDEX cases_unredacted_closed_idx;
CREATE INDEX cases_unredacted_closed_idx ON cases (mechanism_id, id)
  WHERE identity_redacted_at IS NULL AND status IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved');

DROP INDEX cases_export_idx;
CREATE INDEX cases_export_idx ON cases (mechanism_id, created_at DESC, id DESC)
  INCLUDE (company_id, reference, status, municipality_id, identity_mode, red_flag, red_flag_released_at, filing_language, category_ids);

ALTER TABLE cases SET (fillfactor = 80);
`;
