/**
 * The admin's outbox list pages through one status newest first by keyset: `(created_at, id) < cursor`
 * ORDER BY created_at DESC, id DESC. Only failed e-mails had an index in that order (0006), so a page of
 * sent or queued ones sorted every such row: ~100 ms at 250,000 sent e-mails on PostgreSQL 15, growing
 * with the table. This index serves every status in exactly the list's order, with the whole cursor as
 * its condition (~0.1 ms at any depth). It also answers the failed list, so 0006's failed-only index on
 * created_at is dropped; 0008's per-mechanism one stays for the failed counts.
 */
/** 0011: the outbox list's index by status and creation order. */
export const outboxListing = `
CREATE INDEX IF NOT EXISTS outbox_status_created_idx ON outbox (status, created_at DESC, id DESC);
DROP INDEX IF EXISTS outbox_failed_idx;
`;
