/**
 * Case events sealed in sets with one pass over their chains' heads (issue #16 §7, docs/scaling.md "Deadline sweep in
 * sets", session 17). A sweep batch appends 500 events to 500 chains through `append_case_events` (0044), which
 * visited each chain's head three times: locked it (`SELECT … FOR UPDATE`, a lock written into the row), read it
 * again to compute the event's link, and moved it (`UPDATE`). Now one `UPDATE` per turn finds, locks and moves each
 * head and computes the link from the head it locked, as `audit_chain_link` (0025) does for one event: a second writer
 * of that chain waits, then reads the moved head (PostgreSQL re-evaluates the `SET` on the row's newest version), so
 * the chain never forks. The events' bodies are computed once, before the heads are touched; the heads are moved in
 * the chains' order, as they were locked before. A chain without a head (every filing) is begun by an `INSERT`, as
 * before: one begun meanwhile by another writer fails on the key, and nothing of the set is written.
 *
 * `audit_instant` (0025) is declared `STABLE`, what its body is (`to_char` is stable): declared `IMMUTABLE`, PostgreSQL
 * would not inline it, and a call of it made `audit_field` around it too dear to inline, so every sealed event ran two
 * SQL functions through the function executor. Its text, and so every hash, is unchanged.
 */
import { sealedEventSets } from './0044_sealed_event_sets';
import { definitionIn, replacedOnce } from './0058_filing_without_cascades';

const appendCaseEvents = definitionIn(sealedEventSets, 'CREATE FUNCTION append_case_events(p_events jsonb)');

/** 0044's statement of a turn from the events' ids on: the link computed as each head is moved, not after a lock. */
const linkedAsMoved = `    ), bodies AS MATERIALIZED (
      -- What each event seals but its chain's head, in the chains' order (the order the heads are then moved in), and
      -- whether its chain has a head yet.
      SELECT ev.*, 'case_events:' || ev.case_id AS chain,
             NOT EXISTS (SELECT 1 FROM audit_chain_heads h WHERE h.chain = 'case_events:' || ev.case_id) AS fresh,
             audit_body_case_events(ROW(ev.id, ev.case_id, ev.kind, ev.from_status, ev.to_status, ev.actor_user_id, ev.actor_role,
               ev.reason, ev.data, ev.created_at, NULL, NULL)::case_events) AS body
      FROM ev ORDER BY chain
    ), moved AS (
      -- Found, locked and moved at once; the link is computed from the head as locked (a second writer waits, then
      -- re-reads the moved head), with audit_chain_link's formula.
      UPDATE audit_chain_heads h
         SET seq = h.seq + 1,
             hash = encode(sha256(convert_to(h.hash || '|' || audit_field(b.chain) || '|' || (h.seq + 1)::text || '|' || b.body, 'UTF8')), 'hex')
      FROM bodies b WHERE NOT b.fresh AND h.chain = b.chain
      RETURNING b.id, b.case_id, b.kind, b.from_status, b.to_status, b.actor_user_id, b.actor_role, b.reason, b.data, b.created_at,
                h.seq AS chain_seq, h.hash AS chain_hash
    ), begun AS MATERIALIZED (
      SELECT b.id, b.case_id, b.kind, b.from_status, b.to_status, b.actor_user_id, b.actor_role, b.reason, b.data, b.created_at, b.chain,
             1 AS chain_seq,
             encode(sha256(convert_to(repeat('0', 64) || '|' || audit_field(b.chain) || '|1|' || b.body, 'UTF8')), 'hex') AS chain_hash
      FROM bodies b WHERE b.fresh
    ), started AS (
      -- A chain begun meanwhile by another writer fails here on the key: nothing of the set is written.
      INSERT INTO audit_chain_heads (chain, seq, hash) SELECT chain, chain_seq, chain_hash FROM begun
    ), written AS (
      INSERT INTO case_events (id, case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at, chain_seq, chain_hash)
      SELECT * FROM (
        SELECT id, case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at, chain_seq, chain_hash FROM moved
        UNION ALL
        SELECT id, case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at, chain_seq, chain_hash FROM begun
      ) l ORDER BY l.id
      RETURNING case_events.id
    )
`;

const onePass = replacedOnce(
  replacedOnce(
    appendCaseEvents.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'),
    `  -- Every chain the set moves, locked in one order (a second writer of one of them waits, as at a row trigger).
  PERFORM 1 FROM audit_chain_heads h
    WHERE h.chain IN (SELECT DISTINCT 'case_events:' || (e->>'case_id') FROM jsonb_array_elements(p_events) e)
    ORDER BY h.chain FOR UPDATE;
`,
    '',
  ),
  appendCaseEvents.slice(
    appendCaseEvents.indexOf('    ), sealed AS MATERIALIZED ('),
    appendCaseEvents.indexOf('    SELECT coalesce(array_agg(w.id ORDER BY w.id)'),
  ),
  linkedAsMoved,
);

export const sealedSetsOnePass = `
CREATE OR REPLACE FUNCTION audit_instant(value timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

${onePass}
`;
