/**
 * A deadline sweep's batch written in one call (issue #16 §7). Migration 0044 let a batch stamp its
 * deadlines, raise its cases and append its events in one call (`record_swept_deadlines`), but the
 * notices and the e-mails still took three more round trips: the notices (the audiences expanded in SQL,
 * every row returned to Node), their recipients' accounts, the outbox. Under a loaded machine each round
 * trip waits for the scheduler, and a sweep of 100,000 cases makes hundreds of them.
 *
 * Now the sweep reads the accounts of the batch's audiences once, expands them and seals the e-mails in
 * Node, and `record_sweep_batch` writes everything in one call: what `record_swept_deadlines` does
 * (unchanged, called from here), then the outbox rows and the notices, returning only the notices' ids
 * (in the order given: ids are drawn in that order). A notice's case, kind and data are sent once per
 * notice, not once per recipient.
 */
export const sweepBatch = `
CREATE FUNCTION record_sweep_batch(p_how text, p_deadline_ids uuid[], p_case_ids uuid[], p_data jsonb[], p_kind text,
  p_at timestamptz, p_level_case_ids uuid[], p_levels int[],
  -- The notices: one entry per notice (case, kind, data), then one per recipient (account, which notice).
  p_notice_case_ids uuid[], p_notice_kinds text[], p_notice_data jsonb[], p_recipient_ids uuid[], p_recipient_notices int[],
  -- The outbox rows, their recipient already sealed.
  p_mail_seal_ids uuid[], p_mail_recipients text[], p_mail_languages text[], p_mail_templates text[], p_mail_data jsonb[],
  p_mail_mechanism_ids uuid[]) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
  v_ids bigint[];
BEGIN
  PERFORM record_swept_deadlines(p_how, p_deadline_ids, p_case_ids, p_data, p_kind, p_at, p_level_case_ids, p_levels);
  INSERT INTO outbox (seal_id, to_address_ciphertext, language, template, data, mechanism_id, next_attempt_at, created_at)
  SELECT e.seal_id, e.recipient, e.language, e.template, e.data, e.mechanism_id, p_at, p_at
  FROM unnest(p_mail_seal_ids, p_mail_recipients, p_mail_languages, p_mail_templates, p_mail_data, p_mail_mechanism_ids)
    WITH ORDINALITY AS e(seal_id, recipient, language, template, data, mechanism_id, n)
  ORDER BY e.n;
  WITH written AS (
    INSERT INTO notifications (user_id, case_id, kind, data, created_at)
    SELECT r.user_id, n.case_id, n.kind, n.data, p_at
    FROM unnest(p_recipient_ids, p_recipient_notices) WITH ORDINALITY AS r(user_id, notice, i)
    JOIN unnest(p_notice_case_ids, p_notice_kinds, p_notice_data) WITH ORDINALITY AS n(case_id, kind, data, notice) ON n.notice = r.notice
    ORDER BY r.i
    RETURNING id
  )
  SELECT coalesce(array_agg(w.id ORDER BY w.id), '{}') INTO v_ids FROM written w;
  RETURN v_ids;
END;
$$;
`;
