/**
 * Live pushes across app servers (server/realtime/postgresCluster.ts). @socket.io/postgres-adapter
 * sends each push to the other servers with NOTIFY, whose payload PostgreSQL caps at 8000 bytes; a
 * bigger one (a long testimony in a message) is written here and only its id is notified. The adapter
 * deletes rows older than its cleanup interval (30 s) every 30 s, so the table stays a few rows long.
 * Created on the embedded database too (one schema), where it stays empty: one process needs no adapter.
 */
export const socketIoAttachments = `
CREATE TABLE socket_io_attachments (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  payload bytea NOT NULL
);
-- The adapter's cleanup deletes by age.
CREATE INDEX socket_io_attachments_created_at ON socket_io_attachments (created_at);
`;
