/**
 * The sweep's claims take the deadlines due at one instant in the order of their cases' ids (issue #16 §7,
 * docs/scaling.md "Deadline sweep in sets", session 19). A deadline falls due at the end of its Bogotá day, so
 * every deadline due on one day shares one `due_at`, and the claim's tie-break decided the order within a day's
 * backlog. It was the deadline's random id, so each batch of 500 touched 500 cases scattered over every index
 * keyed by the case (`cases_pkey`, `case_figures_pkey`, the chain heads' key, the events' chain index, the
 * deadlines' case and open-stage indexes…): once those outgrow the shared buffers (a backlog of ~100,000 on a
 * server with 128 MB), every batch read and wrote back pages at random, and a case cost a half more than in a
 * small sweep. Ordered by the case, consecutive batches walk those indexes from one end to the other, each page
 * read and written about once per sweep. The claims' predicates are unchanged; the first key is still the due
 * (or reminder) time, so the most overdue come first and the backlog's oldest (readBacklog) is read as before.
 */
export const claimsByCase = `
DROP INDEX case_deadlines_escalation_claim_idx;
CREATE INDEX case_deadlines_escalation_claim_idx ON case_deadlines (due_at, case_id, id)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL;
DROP INDEX case_deadlines_reminder_claim_idx;
CREATE INDEX case_deadlines_reminder_claim_idx ON case_deadlines (reminder_at, case_id, id)
  WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND reminded_at IS NULL;
`;
