/**
 * Resumable uploads (the tus protocol, server/routes/intake/resumableUploads.ts): a file cut off on a
 * bad line continues from the last byte that arrived instead of starting again. Each row is one upload
 * in progress or recently finished: which case it is for, whom it belongs to (every request of the
 * protocol must come from the same account or anonymous session), its declared size, and once it is
 * finished the attachment it became, so a client that lost the final answer learns its file arrived
 * instead of sending it twice; and the send queue's key for the file (`?key=`), so a resend continues
 * the upload already made, or learns its file is kept. The bytes of an unfinished upload live outside the attachment storage
 * until they are complete and checked (see server/storage/resumableStore.ts).
 */
export const resumableUploads = `
CREATE TABLE resumable_uploads (
  -- The tus upload id: 32 random hex characters, also the name of its part on disk.
  id text PRIMARY KEY CHECK (id ~ '^[a-f0-9]{32}$'),
  case_id uuid NOT NULL REFERENCES cases(id),
  purpose text NOT NULL CHECK (purpose IN ('case', 'message', 'evidence')),
  -- 'user:<uuid>' for an account, 'session:<sha256 of the session id>' for an anonymous tracker.
  owner text NOT NULL,
  size bigint NOT NULL CHECK (size > 0),
  created_at timestamptz NOT NULL,
  -- The send queue's key for the file (attachments.client_key once kept); null from the intake's own uploads.
  client_key uuid,
  -- Two uploads of one keyed file (sent twice at once) both end as its one attachment.
  attachment_id uuid REFERENCES attachments(id),
  finished_at timestamptz,
  CONSTRAINT resumable_uploads_finished CHECK ((attachment_id IS NULL) = (finished_at IS NULL))
);
CREATE INDEX resumable_uploads_open_idx ON resumable_uploads (case_id) WHERE attachment_id IS NULL;
CREATE INDEX resumable_uploads_created_idx ON resumable_uploads (created_at);
CREATE INDEX resumable_uploads_key_idx ON resumable_uploads (case_id, client_key) WHERE client_key IS NOT NULL;
`;
