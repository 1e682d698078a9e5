/**
 * The outbox knows which mechanism each e-mail belongs to, so an admin sees (and retries) only the
 * e-mails of the mechanisms they manage. Rows written before this migration are placed by the backfill
 * below; the few it cannot place keep a null mechanism and are shown to every admin (see outboxPolicy).
 */

/**
 * Places outbox rows that have no mechanism yet, best evidence first: the case a notice links to
 * (`/casos/<id>`, as new notices are scoped), else the account with that address (case-insensitive; an
 * invited person's account exists from the moment of the invitation), else the invitation whose link the
 * e-mail carries (`/invitacion/<token>`, matched by the token's SHA-256 as stored), which still places it
 * after the person changed their address. Exported so a test can run it on rows it wrote itself.
 */
export const OUTBOX_MECHANISM_BACKFILL = `
UPDATE outbox o SET mechanism_id = COALESCE(
  (SELECT c.mechanism_id FROM cases c
   WHERE c.id = (CASE WHEN o.data->>'path' ~ '^/casos/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                      THEN substring(o.data->>'path' from 8)::uuid END)),
  (SELECT u.mechanism_id FROM users u WHERE lower(u.email) = lower(o.to_address)),
  (SELECT u.mechanism_id FROM invitations i JOIN users u ON u.id = i.user_id
   WHERE i.token_hash = encode(sha256(convert_to(substring(o.data->>'path' from '^/invitacion/([A-Za-z0-9_-]{43})$'), 'UTF8')), 'hex'))
)
WHERE o.mechanism_id IS NULL`;

/** 0008: outbox.mechanism_id, its backfill, and the index of the admin's failed list. */
export const outboxScope = `
ALTER TABLE outbox ADD COLUMN mechanism_id uuid REFERENCES mechanisms(id);
${OUTBOX_MECHANISM_BACKFILL};
-- The admin's failed list and the overview's count, per mechanism, newest first.
CREATE INDEX outbox_failed_mechanism_idx ON outbox (mechanism_id, created_at DESC) WHERE status = 'failed';
`;
