/**
 * A message's notices and e-mails written after it is pushed (issue #16: a message to 200 sockets waited
 * for its 100 notices and 100 sealed outbox e-mails to be written before anyone heard it). The message
 * commits with a row here; its notices and e-mails are then written in a transaction of their own that
 * deletes the row in the same statement (so they are written once, whoever gets there first), by the
 * server that took the message right after its push, or, after a crash in between, by the
 * `message-notices` job (server/jobs/messageNoticeSweeper.ts). docs/scaling.md, "Session 11".
 */
export const messageNoticesPending = `
CREATE TABLE message_notices_pending (
  message_id bigint PRIMARY KEY REFERENCES case_messages(id),
  created_at timestamptz NOT NULL
);
`;
