/**
 * Files in the dialogue: photos and voice notes sent with a message, and evidence that a commitment
 * was kept. They live in the intake's `attachments` table (same storage, same checks), linked to the
 * message or commitment they belong to, and are readable only by whoever may read that.
 */
export const dialogueAttachments = `
-- What a file was uploaded for: the complaint itself, a message of the thread, or a commitment's evidence.
-- Files for a message or evidence stay unlinked (and unreadable) until the message is posted or the report made.
ALTER TABLE attachments ADD COLUMN purpose text NOT NULL DEFAULT 'case' CHECK (purpose IN ('case', 'message', 'evidence'));
ALTER TABLE attachments ADD COLUMN message_id bigint REFERENCES case_messages(id);
ALTER TABLE attachments ADD COLUMN commitment_id bigint REFERENCES commitments(id);
ALTER TABLE attachments ADD CONSTRAINT attachments_link CHECK (
  (message_id IS NULL OR purpose = 'message') AND (commitment_id IS NULL OR purpose = 'evidence'));
CREATE INDEX attachments_message_idx ON attachments (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_commitment_idx ON attachments (commitment_id) WHERE commitment_id IS NOT NULL;

-- A voice note or a photo may be the whole message: the text may be empty (never missing) when files go with it.
ALTER TABLE case_messages DROP CONSTRAINT case_messages_body_check;
ALTER TABLE case_messages ADD CONSTRAINT case_messages_body_length CHECK (body IS NULL OR char_length(body) <= 5000);
`;
