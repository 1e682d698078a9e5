/**
 * The tamper-evident record (issue #15 §1, docs/audit.md). Every case event, every look at a protected
 * identity and every administrative change is linked to the one before it in its chain by a SHA-256
 * hash computed by the database itself, in a BEFORE INSERT trigger, under a row lock on the chain's head:
 * one code path on PGlite and PostgreSQL, no round trip added to any write, and two writers of one chain
 * can never both link to the same predecessor.
 *
 * Chains: one per case for its events (`case_events:<case id>`), one per case for the looks at its
 * identity (`identity_views:<case id>`), one for the whole installation's administrative changes
 * (`admin_changes`). Filing a complaint starts two new chains, so filings never wait for one another.
 *
 * An entry's hash = sha256(previous hash | chain | seq | its fields), each field written as
 * `<bytes>:<text>` (or `~` for null) so no two different rows read alike; the verifier
 * (server/audit/auditVerifier.ts) recomputes it in Node from the raw columns, an implementation of its
 * own. The daily digest (`audit_digests`) commits to every chain's head and to the digest before it;
 * once published outside the database (transparency page, log), a rewrite that recomputes the chains is
 * still caught by anyone who kept it.
 *
 * The linking and digest functions run as the tables' owner (SECURITY DEFINER), so an application role
 * that does not own the tables needs no right on the chain heads at all (docs/audit.md, "Running as a
 * role that does not own the tables").
 */
export const auditChain = `
-- Configuration and staffing changes, written by the admin routes and the admin CLI in the transaction
-- of the change itself (they used to go to the log only).
CREATE TABLE admin_changes (
  id bigserial PRIMARY KEY,
  mechanism_id uuid REFERENCES mechanisms(id),
  actor_user_id uuid REFERENCES users(id),
  -- 'web' (an admin's session) or 'cli' (npm run admin): who stood behind a change with no user.
  source text NOT NULL CHECK (source IN ('web', 'cli', 'system')),
  action text NOT NULL,
  target_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX admin_changes_mechanism_idx ON admin_changes (mechanism_id, id);
CREATE TRIGGER admin_changes_append_only BEFORE UPDATE OR DELETE ON admin_changes
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The last link of every chain: locked FOR UPDATE by each insert, so a chain never forks.
CREATE TABLE audit_chain_heads (
  chain text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- A field as it enters a hash: byte length, colon, text; null as '~'.
CREATE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(value)::text || ':' || value END
$$;

-- An instant as it enters a hash: UTC, microseconds, independent of the session's time zone.
CREATE FUNCTION audit_instant(value timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Appends one entry to \`chain\`: moves its head and returns the new position and hash. One UPDATE
-- computes the new hash from the head it locks (a second writer waits, then re-reads the moved head);
-- a new chain (every filing) is one failed UPDATE and one INSERT, whose key a second first writer waits on.
CREATE FUNCTION audit_chain_link(p_chain text, p_body text, OUT seq bigint, OUT hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
  FOR attempt IN 1..2 LOOP
    UPDATE audit_chain_heads h
       SET seq = h.seq + 1,
           hash = encode(sha256(convert_to(h.hash || '|' || audit_field(p_chain) || '|' || (h.seq + 1)::text || '|' || p_body, 'UTF8')), 'hex')
     WHERE h.chain = p_chain
    RETURNING h.seq, h.hash INTO seq, hash;
    IF FOUND THEN
      RETURN;
    END IF;
    INSERT INTO audit_chain_heads (chain, seq, hash)
    VALUES (p_chain, 1, encode(sha256(convert_to(repeat('0', 64) || '|' || audit_field(p_chain) || '|1|' || p_body, 'UTF8')), 'hex'))
    ON CONFLICT (chain) DO NOTHING
    RETURNING audit_chain_heads.seq, audit_chain_heads.hash INTO seq, hash;
    IF FOUND THEN
      RETURN;
    END IF;
  END LOOP;
  RAISE EXCEPTION 'audit chain % could not be extended', p_chain;
END;
$$;

ALTER TABLE case_events ADD COLUMN chain_seq bigint, ADD COLUMN chain_hash text;
ALTER TABLE identity_views ADD COLUMN chain_seq bigint, ADD COLUMN chain_hash text;
ALTER TABLE admin_changes ADD COLUMN chain_seq bigint, ADD COLUMN chain_hash text;

-- What of each row is sealed: every column but the seal itself (server/audit/auditEntries.ts mirrors it).
CREATE FUNCTION audit_body_case_events(e case_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', audit_field(e.id::text), audit_field(e.case_id::text), audit_field(e.kind), audit_field(e.from_status),
    audit_field(e.to_status), audit_field(e.actor_user_id::text), audit_field(e.actor_role), audit_field(e.reason),
    audit_field(e.data::text), audit_field(audit_instant(e.created_at)))
$$;
CREATE FUNCTION audit_body_identity_views(v identity_views) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', audit_field(v.id::text), audit_field(v.case_id::text), audit_field(v.user_id::text), audit_field(v.context),
    audit_field(audit_instant(v.viewed_at)))
$$;
CREATE FUNCTION audit_body_admin_changes(a admin_changes) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', audit_field(a.id::text), audit_field(a.mechanism_id::text), audit_field(a.actor_user_id::text), audit_field(a.source),
    audit_field(a.action), audit_field(a.target_id), audit_field(a.data::text), audit_field(audit_instant(a.created_at)))
$$;

CREATE FUNCTION audit_seal_case_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l.seq, l.hash INTO NEW.chain_seq, NEW.chain_hash FROM audit_chain_link('case_events:' || NEW.case_id, audit_body_case_events(NEW)) l;
  RETURN NEW;
END;
$$;
CREATE FUNCTION audit_seal_identity_views() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l.seq, l.hash INTO NEW.chain_seq, NEW.chain_hash FROM audit_chain_link('identity_views:' || NEW.case_id, audit_body_identity_views(NEW)) l;
  RETURN NEW;
END;
$$;
CREATE FUNCTION audit_seal_admin_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l.seq, l.hash INTO NEW.chain_seq, NEW.chain_hash FROM audit_chain_link('admin_changes', audit_body_admin_changes(NEW)) l;
  RETURN NEW;
END;
$$;

-- What was recorded before this migration joins its chains now, oldest first, as if sealed on insert.
ALTER TABLE case_events DISABLE TRIGGER case_events_append_only;
ALTER TABLE identity_views DISABLE TRIGGER identity_views_append_only;
DO $$
DECLARE
  r record;
  l record;
BEGIN
  FOR r IN SELECT e FROM case_events e ORDER BY e.case_id, e.id LOOP
    SELECT * INTO l FROM audit_chain_link('case_events:' || (r.e).case_id, audit_body_case_events(r.e));
    UPDATE case_events SET chain_seq = l.seq, chain_hash = l.hash WHERE id = (r.e).id;
  END LOOP;
  FOR r IN SELECT v FROM identity_views v ORDER BY v.case_id, v.id LOOP
    SELECT * INTO l FROM audit_chain_link('identity_views:' || (r.v).case_id, audit_body_identity_views(r.v));
    UPDATE identity_views SET chain_seq = l.seq, chain_hash = l.hash WHERE id = (r.v).id;
  END LOOP;
END;
$$;
ALTER TABLE case_events ENABLE TRIGGER case_events_append_only;
ALTER TABLE identity_views ENABLE TRIGGER identity_views_append_only;

CREATE TRIGGER case_events_seal BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION audit_seal_case_events();
CREATE TRIGGER identity_views_seal BEFORE INSERT ON identity_views FOR EACH ROW EXECUTE FUNCTION audit_seal_identity_views();
CREATE TRIGGER admin_changes_seal BEFORE INSERT ON admin_changes FOR EACH ROW EXECUTE FUNCTION audit_seal_admin_changes();

-- The verifier walks each chain in order.
CREATE INDEX case_events_chain_idx ON case_events (case_id, chain_seq);
CREATE INDEX identity_views_chain_idx ON identity_views (case_id, chain_seq);

-- The daily digest: every chain head that moved since the digest before, and that digest's hash.
CREATE TABLE audit_digests (
  id bigserial PRIMARY KEY,
  -- The Bogota day it was made for; one a day.
  day date NOT NULL UNIQUE,
  made_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  -- Chains in this digest (that moved) and entries recorded in all chains by then.
  chains integer NOT NULL,
  entries bigint NOT NULL,
  hash text NOT NULL
);
CREATE TABLE audit_digest_heads (
  digest_id bigint NOT NULL REFERENCES audit_digests(id),
  chain text NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (chain, seq, digest_id)
);
CREATE TRIGGER audit_digests_append_only BEFORE UPDATE OR DELETE ON audit_digests
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_digest_heads_append_only BEFORE UPDATE OR DELETE ON audit_digest_heads
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Makes the digest of \`p_day\` (once: a second call returns the first), without locking any chain:
-- it reads the heads as committed, so writers never wait for it. Hash = sha256(prev | day | entries |
-- each moved head as chain|seq|hash, by chain).
CREATE FUNCTION audit_publish_digest(p_day date, p_at timestamptz) RETURNS SETOF audit_digests
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp AS $$
DECLARE
  v_prev text;
  v_chains text[];
  v_seqs bigint[];
  v_hashes text[];
  v_lines text;
  v_entries bigint;
  v_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7251025);
  IF EXISTS (SELECT 1 FROM audit_digests WHERE day = p_day) THEN
    RETURN QUERY SELECT * FROM audit_digests WHERE day = p_day;
    RETURN;
  END IF;
  SELECT d.hash INTO v_prev FROM audit_digests d ORDER BY d.id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  -- One statement, so the heads that moved and the count of entries come from one snapshot.
  SELECT coalesce(array_agg(h.chain ORDER BY h.chain) FILTER (WHERE h.moved), '{}'),
         coalesce(array_agg(h.seq ORDER BY h.chain) FILTER (WHERE h.moved), '{}'),
         coalesce(array_agg(h.hash ORDER BY h.chain) FILTER (WHERE h.moved), '{}'),
         coalesce(string_agg(audit_field(h.chain) || '|' || h.seq || '|' || h.hash, '|' ORDER BY h.chain) FILTER (WHERE h.moved), ''),
         coalesce(sum(h.seq), 0)
    INTO v_chains, v_seqs, v_hashes, v_lines, v_entries
    FROM (SELECT c.chain, c.seq, c.hash, NOT EXISTS (SELECT 1 FROM audit_digest_heads d WHERE d.chain = c.chain AND d.seq = c.seq) AS moved
          FROM audit_chain_heads c WHERE c.seq > 0) h;
  INSERT INTO audit_digests (day, made_at, prev_hash, chains, entries, hash)
  VALUES (p_day, p_at, v_prev, cardinality(v_chains), v_entries,
          encode(sha256(convert_to(v_prev || '|' || p_day::text || '|' || v_entries::text || '|' || v_lines, 'UTF8')), 'hex'))
  RETURNING id INTO v_id;
  INSERT INTO audit_digest_heads (digest_id, chain, seq, hash)
  SELECT v_id, u.chain, u.seq, u.hash FROM unnest(v_chains, v_seqs, v_hashes) AS u(chain, seq, hash);
  RETURN QUERY SELECT * FROM audit_digests WHERE id = v_id;
END;
$$;
`;
