/**
 * A deadline's escalation stamp writes one index entry fewer (issue #16 §7, docs/scaling.md "Deadline sweep in sets",
 * session 22). The stamp is not a HOT update (the claims' partial indexes hold `escalated_at`), so the stamped row gets
 * a new entry in every index whose predicate it still meets. `case_deadlines_open_span_idx` (0013) held every open
 * deadline, escalated or not, but its one reader — the deadlines a calendar change moves (`spansDaySql`) — asks only
 * for deadlines not escalated: an escalated deadline is not moved by a new holiday. With `escalated_at IS NULL` in its
 * predicate the index still serves that query (its conditions imply the predicate), and a stamped deadline leaves it
 * instead of adding an entry to a posting list of one day's deadlines (all share their start and due days), which is
 * where the stamp's index insertions spent their bottom-up deletion passes.
 */
export const openSpanUnescalated = `
DROP INDEX case_deadlines_open_span_idx;
CREATE INDEX case_deadlines_open_span_idx ON case_deadlines (started_on, due_on)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND escalated_at IS NULL;
`;
