/**
 * Three indexes of `case_deadlines` another index already serves (issue #16 §7, docs/scaling.md "Deadline sweep
 * in sets", session 15). Every filing inserts a deadline into each index, and every change of a deadline that is
 * not HOT — the sweep's stamp among them — writes a new entry into each whose predicate still holds:
 * - `case_deadlines_due_idx (due_at)` (0004) has the predicate of `case_deadlines_escalation_claim_idx
 *   (due_at, id)` (0033), whose first key is the same: the backlog's oldest escalation (readBacklog) reads the
 *   claim's index as it read this one, one entry from its start;
 * - `case_deadlines_reminder_idx (reminder_at)` (0004) likewise beside `case_deadlines_reminder_claim_idx`;
 * - `case_deadlines_open_due_idx (due_at)` (0006) served the oversight overdue queue, which reads
 *   `case_figures.overdue_from` since 0024; what still asks for open deadlines by due time without the pause
 *   (the overdue tally of today, oversightTallies) reads `case_deadlines_unsatisfied_due_idx`, whose predicate
 *   it matches, and no query left matches this one's `paused_at IS NULL` without the claim's condition.
 */
export const deadlineIndexes = `
DROP INDEX case_deadlines_due_idx;
DROP INDEX case_deadlines_reminder_idx;
DROP INDEX case_deadlines_open_due_idx;
`;
