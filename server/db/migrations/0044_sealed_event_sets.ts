/**
 * Case events sealed in sets (issue #16 §7). The audit chain's row trigger (migration 0025) links one
 * event at a time: a plpgsql call, the event's body and an `UPDATE` of its chain's head per row. A
 * deadline sweep appends thousands of events to thousands of chains in one transaction, and profiling a
 * batch of 500 on PostgreSQL showed that trigger taking ~40% of the sweep's main statement.
 *
 * `append_case_events(events jsonb)` appends many events at once: per turn (the first event of each
 * case in the set, then the second…, so two events of one case still link one after the other in the
 * order given), the heads concerned are locked, and one statement computes every new link with the same formula
 * as `audit_chain_link`, moves the heads and inserts the events already sealed. The row trigger keeps
 * such a seal only when the row was sealed by this function (a transaction-local flag it sets and
 * clears) and the inserting role owns the table, i.e. only inside this SECURITY DEFINER function: an
 * application role with row rights only (docs/audit.md) still gets every seal it offers replaced.
 *
 * `record_swept_deadlines(...)`: what the sweep records for a batch in one call — stamp the deadlines,
 * raise the cases' escalation level, append their events — so a batch costs one round trip for all three.
 */
export const sealedEventSets = `
CREATE OR REPLACE FUNCTION audit_seal_case_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sealed by append_case_events, which runs as the table's owner: keep its seal. Anyone else's is replaced.
  IF NEW.chain_hash IS NOT NULL AND current_setting('puente.presealed_events', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RETURN NEW;
  END IF;
  SELECT l.seq, l.hash INTO NEW.chain_seq, NEW.chain_hash FROM audit_chain_link('case_events:' || NEW.case_id, audit_body_case_events(NEW)) l;
  RETURN NEW;
END;
$$;

-- Appends the events of \`p_events\` (a JSON array of case_events columns; id, chain_seq and chain_hash are
-- made here; data defaults to {}, created_at to now()), sealed in sets; returns their ids in the order given.
CREATE FUNCTION append_case_events(p_events jsonb) RETURNS bigint[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  v_turns int;
  v_ids bigint[] := '{}';
  v_turn_ids bigint[];
BEGIN
  SELECT coalesce(max(n), 0) INTO v_turns
    FROM (SELECT count(*) AS n FROM jsonb_array_elements(p_events) e GROUP BY e->>'case_id') c;
  -- Every chain the set moves, locked in one order (a second writer of one of them waits, as at a row trigger).
  PERFORM 1 FROM audit_chain_heads h
    WHERE h.chain IN (SELECT DISTINCT 'case_events:' || (e->>'case_id') FROM jsonb_array_elements(p_events) e)
    ORDER BY h.chain FOR UPDATE;
  PERFORM set_config('puente.presealed_events', 'on', true);
  FOR v_turn IN 1..v_turns LOOP
    WITH ev AS MATERIALIZED (
      -- Ids drawn in the order given (after the sort: the subquery is not flattened past OFFSET 0).
      SELECT nextval('case_events_id_seq') AS id, x.* FROM (
        SELECT r.case_id, r.kind, r.from_status, r.to_status, r.actor_user_id, r.actor_role, r.reason,
               coalesce(r.data, '{}'::jsonb) AS data, coalesce(r.created_at, now()) AS created_at, o.ord
        FROM (SELECT a.e, a.ord, row_number() OVER (PARTITION BY a.e->>'case_id' ORDER BY a.ord) AS turn
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS a(e, ord)) o,
             jsonb_populate_record(NULL::case_events, o.e) r
        WHERE o.turn = v_turn ORDER BY o.ord OFFSET 0
      ) x
    ), sealed AS MATERIALIZED (
      -- The heads are locked (above), so this reads them as they are now; an index lookup per event.
      SELECT ev.*, h.chain IS NULL AS fresh, coalesce(h.seq, 0) + 1 AS chain_seq,
             encode(sha256(convert_to(coalesce(h.hash, repeat('0', 64)) || '|' || audit_field('case_events:' || ev.case_id) || '|'
               || (coalesce(h.seq, 0) + 1)::text || '|'
               || audit_body_case_events(ROW(ev.id, ev.case_id, ev.kind, ev.from_status, ev.to_status, ev.actor_user_id, ev.actor_role,
                    ev.reason, ev.data, ev.created_at, NULL, NULL)::case_events), 'UTF8')), 'hex') AS chain_hash
      FROM ev LEFT JOIN audit_chain_heads h ON h.chain = 'case_events:' || ev.case_id
    ), moved AS (
      UPDATE audit_chain_heads h SET seq = s.chain_seq, hash = s.chain_hash
      FROM sealed s WHERE NOT s.fresh AND h.chain = 'case_events:' || s.case_id
    ), started AS (
      -- A chain begun meanwhile by another writer fails here on the key: nothing of the set is written.
      INSERT INTO audit_chain_heads (chain, seq, hash) SELECT 'case_events:' || s.case_id, s.chain_seq, s.chain_hash FROM sealed s WHERE s.fresh
    ), written AS (
      INSERT INTO case_events (id, case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at, chain_seq, chain_hash)
      SELECT s.id, s.case_id, s.kind, s.from_status, s.to_status, s.actor_user_id, s.actor_role, s.reason, s.data, s.created_at, s.chain_seq, s.chain_hash
      FROM sealed s ORDER BY s.id
      RETURNING case_events.id
    )
    SELECT coalesce(array_agg(w.id ORDER BY w.id), '{}') INTO v_turn_ids FROM written w;
    v_ids := v_ids || v_turn_ids;
  END LOOP;
  PERFORM set_config('puente.presealed_events', 'off', true);
  RETURN v_ids;
END;
$$;

-- One sweep batch's record: stamp each deadline (p_how 'reminded' or 'escalated'), set the cases' new
-- escalation levels, and append one event per deadline (kind p_kind, by the system, in the order given).
CREATE FUNCTION record_swept_deadlines(p_how text, p_deadline_ids uuid[], p_case_ids uuid[], p_data jsonb[], p_kind text,
  p_at timestamptz, p_level_case_ids uuid[], p_levels int[]) RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
  IF p_how = 'escalated' THEN
    UPDATE case_deadlines SET escalated_at = p_at WHERE id = ANY(p_deadline_ids);
  ELSIF p_how = 'reminded' THEN
    UPDATE case_deadlines SET reminded_at = p_at WHERE id = ANY(p_deadline_ids);
  ELSE
    RAISE EXCEPTION 'record_swept_deadlines: unknown stamp %', p_how;
  END IF;
  UPDATE cases c SET escalation_level = l.level, updated_at = p_at
  FROM unnest(p_level_case_ids, p_levels) AS l(case_id, level)
  -- The = ANY lets the planner look the few cases up by key instead of hashing the whole table per batch.
  WHERE c.id = l.case_id AND c.id = ANY(p_level_case_ids);
  RETURN cardinality(append_case_events(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('case_id', e.case_id, 'kind', p_kind, 'actor_role', 'system', 'data', e.data, 'created_at', p_at) ORDER BY e.n), '[]'::jsonb)
     FROM unnest(p_case_ids, p_data) WITH ORDINALITY AS e(case_id, data, n))));
END;
$$;
`;
