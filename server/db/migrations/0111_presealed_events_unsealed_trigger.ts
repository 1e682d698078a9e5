/**
 * Events sealed by `append_case_events` no longer call the seal trigger (issue #16 §7, docs/scaling.md "Deadline sweep
 * in sets", session 18). The row trigger `case_events_seal` (0025, 0044) ran for every event, and for an event the
 * function had already sealed it only confirmed the seal: a PL/pgSQL call and a catalog query for the table's owner
 * per row, ~6 µs an event (0.6 s of a sweep of 100,000 cases, and every filing's first event through `file_cases`).
 * A trigger's `WHEN` is evaluated in the executor without a call, so the trigger now runs only where it might act:
 * an event with no seal, or with a seal but outside the sealing function (the flag off), or inserted by a role
 * without the owner's rights. A `WHEN` cannot look the owner up (no subquery), so it asks what the owner always has
 * and a role with row rights only does not: `INSERT WITH GRANT OPTION` on the table (held by the owner, its members
 * and superusers; docs/audit.md's application role has plain row rights). Where the `WHEN` lets a row through, the
 * trigger's own check (unchanged) decides as before, so a seal offered by any other role is still replaced.
 */
export const presealedEventsUnsealedTrigger = `
DROP TRIGGER case_events_seal ON case_events;
CREATE TRIGGER case_events_seal BEFORE INSERT ON case_events FOR EACH ROW
  WHEN (NEW.chain_hash IS NULL OR current_setting('puente.presealed_events', true) IS DISTINCT FROM 'on'
        OR NOT has_table_privilege(current_user, 'case_events'::regclass, 'INSERT WITH GRANT OPTION'))
  EXECUTE FUNCTION audit_seal_case_events();
`;
