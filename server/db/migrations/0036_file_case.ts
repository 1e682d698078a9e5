/**
 * A filing's writes in one round trip (issue #16 §5, docs/scaling.md "Filing at speed").
 *
 * `file_case(filing jsonb)` writes what the intake command prepared in Node (validated, encrypted,
 * deadlines computed, notices and e-mails addressed) in one call, in this order: the case with a
 * provisional reference, its categories, its history events in the order given (the hash chain of 0025
 * links them in that order), the first deadlines, the receipt copy and the reprisal-risk assessment
 * when there are, and only then the reference: the counter row is locked by the last three statements
 * (reference, notices, e-mails), never across the rest. Called as one statement outside any explicit
 * transaction, so it commits or rolls back whole: a filing that dies leaves nothing, its number included.
 *
 * Values arrive as JSON objects keyed by column name and are typed by the table's own row type
 * (`jsonb_populate_record`), so each table's columns are named once here; columns not named keep their
 * defaults. The notices' and e-mails' `data` get the reference merged in, since it exists only here.
 * Returns `{ reference, notifications }`, the notifications as rows for the push after commit.
 *
 * The oversight figures (0024, 0033) of the case being filed are computed once, after its categories
 * and deadline are in, instead of once per row inserted (case, each category, the deadline: four
 * recomputations from the view and ten tally statements per filing, ~40% of a filing's database time
 * under load). While `file_case` writes, the transaction-local setting `puente.filing_case` names the
 * case, and the row triggers skip that case's inserts; nothing else changes for any other writer.
 */
export const fileCase = `
CREATE FUNCTION file_case(filing jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  new_case_id uuid := (filing->'case'->>'id')::uuid;
  taken bigint;
  ref text;
  written jsonb;
BEGIN
  PERFORM set_config('puente.filing_case', new_case_id::text, true);
  INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, vereda_id, place_detail, location_ciphertext,
    occurred_on, description, hoped_outcome, identity_mode, identity_ciphertext, equity_ciphertext, contact_preference,
    complainant_user_id, filed_by_user_id, is_collective, group_name, group_kind, group_size, red_flag, receipt_key_hash,
    idempotency_key, filing_fingerprint, consent_policy_version, consent_at, created_at, updated_at,
    receipt_key_fingerprint, provisional_code, publish_description, voice_note_key, filing_language)
  SELECT c.id, c.mechanism_id, 'pending:' || c.id, 'received', c.company_id, c.municipality_id, c.vereda_id, c.place_detail, c.location_ciphertext,
    c.occurred_on, c.description, c.hoped_outcome, c.identity_mode, c.identity_ciphertext, c.equity_ciphertext, c.contact_preference,
    c.complainant_user_id, c.filed_by_user_id, c.is_collective, c.group_name, c.group_kind, c.group_size, c.red_flag, c.receipt_key_hash,
    c.idempotency_key, c.filing_fingerprint, c.consent_policy_version, c.created_at, c.created_at, c.created_at,
    c.receipt_key_fingerprint, c.provisional_code, c.publish_description, c.voice_note_key, c.filing_language
  FROM jsonb_populate_record(NULL::cases, filing->'case') c;

  INSERT INTO case_categories (case_id, category_id)
  SELECT new_case_id, k::uuid FROM jsonb_array_elements_text(filing->'categoryIds') k;

  INSERT INTO case_events (case_id, kind, from_status, to_status, actor_user_id, actor_role, reason, data, created_at)
  SELECT new_case_id, e.kind, e.from_status, e.to_status, e.actor_user_id, e.actor_role, e.reason, coalesce(e.data, '{}'), e.created_at
  FROM jsonb_array_elements(filing->'events') WITH ORDINALITY AS x(v, n), jsonb_populate_record(NULL::case_events, x.v) e
  ORDER BY x.n;

  INSERT INTO case_deadlines (case_id, stage, responsible, started_at, started_on, due_on, due_at, base_days,
    reminder_days_before, reminder_at, created_at)
  SELECT new_case_id, d.stage, d.responsible, d.started_at, d.started_on, d.due_on, d.due_at, d.base_days,
    d.reminder_days_before, d.reminder_at, d.started_at
  FROM jsonb_array_elements(filing->'deadlines') WITH ORDINALITY AS x(v, n), jsonb_populate_record(NULL::case_deadlines, x.v) d
  ORDER BY x.n;

  -- Its figures, once, now that the rows they read are in (and before the counter is locked).
  PERFORM set_config('puente.filing_case', '', true);
  PERFORM refresh_case_figures(new_case_id);

  IF jsonb_typeof(filing->'receipt') = 'object' THEN
    INSERT INTO filing_receipts (idempotency_key, case_id, receipt_key_ciphertext, expires_at)
    SELECT r.idempotency_key, new_case_id, r.receipt_key_ciphertext, r.expires_at
    FROM jsonb_populate_record(NULL::filing_receipts, filing->'receipt') r;
  END IF;

  IF jsonb_typeof(filing->'risk') = 'object' THEN
    INSERT INTO reprisal_risk_assessments (case_id, level, stage, note, assessed_by_user_id, assessed_at)
    SELECT new_case_id, r.level, r.stage, r.note, r.assessed_by_user_id, r.assessed_at
    FROM jsonb_populate_record(NULL::reprisal_risk_assessments, filing->'risk') r;
  END IF;

  -- The mechanism had no deadline policy yet: the defaults the deadline was computed with are kept.
  IF (filing->>'ensureDeadlinePolicy')::boolean THEN
    INSERT INTO deadline_policies (mechanism_id) VALUES ((filing->'case'->>'mechanism_id')::uuid) ON CONFLICT (mechanism_id) DO NOTHING;
  END IF;

  -- Last: the reference. The counter row stays locked from here to the commit that ends this statement.
  INSERT INTO reference_counters (mechanism_id, year, last_value)
  VALUES ((filing->'case'->>'mechanism_id')::uuid, (filing->'counter'->>'year')::integer, 1)
  ON CONFLICT (mechanism_id, year) DO UPDATE SET last_value = reference_counters.last_value + 1
  RETURNING last_value INTO taken;
  -- Six digits at least, more once a year passes 999,999 filings.
  ref := (filing->'counter'->>'prefix') || lpad(taken::text, greatest(6, length(taken::text)), '0');
  UPDATE cases SET reference = ref WHERE id = new_case_id;

  WITH inserted AS (
    INSERT INTO notifications (user_id, case_id, kind, data, created_at)
    SELECT n.user_id, new_case_id, n.kind, coalesce(n.data, '{}') || jsonb_build_object('reference', ref), n.created_at
    FROM jsonb_array_elements(coalesce(filing->'notices', '[]')) WITH ORDINALITY AS x(v, i), jsonb_populate_record(NULL::notifications, x.v) n
    ORDER BY x.i
    RETURNING id, user_id, case_id, kind, data, created_at, read_at
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'userId', user_id, 'caseId', case_id, 'kind', kind, 'data', data,
                                               'createdAt', created_at, 'readAt', read_at) ORDER BY id), '[]'::jsonb)
  INTO written FROM inserted;

  INSERT INTO outbox (seal_id, to_address_ciphertext, language, template, data, mechanism_id, next_attempt_at, created_at)
  SELECT o.seal_id, o.to_address_ciphertext, o.language, o.template, coalesce(o.data, '{}') || jsonb_build_object('reference', ref),
    o.mechanism_id, o.created_at, o.created_at
  FROM jsonb_array_elements(coalesce(filing->'emails', '[]')) WITH ORDINALITY AS x(v, i), jsonb_populate_record(NULL::outbox, x.v) o
  ORDER BY x.i;

  RETURN jsonb_build_object('reference', ref, 'notifications', written);
END;
$$;

-- The row triggers of 0024/0033, skipping the inserts of the case file_case is writing (it refreshes
-- that case's figures itself once its rows are in).
CREATE OR REPLACE FUNCTION refresh_figures_of_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.case_id::text = current_setting('puente.filing_case', true) THEN RETURN NULL; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM refresh_case_figures(NEW.case_id); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.case_id IS DISTINCT FROM NEW.case_id) THEN
    PERFORM refresh_case_figures(OLD.case_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION refresh_figures_of_cases_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id::text = current_setting('puente.filing_case', true) THEN RETURN NULL; END IF;
  PERFORM refresh_case_figures(NEW.id);
  RETURN NULL;
END;
$$;
`;
