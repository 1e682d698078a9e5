/**
 * Chain heads that can move in place (issue #16 §7, session 11). Every event moves its case's head in
 * `audit_chain_heads`; the update changes `seq` and `hash`, which no index holds, so PostgreSQL can keep the
 * new version on the same page (a HOT update, no new primary-key entry) when the page has room. The table
 * was filled to the brim (fillfactor 100), so none of a sweep's 10,000 head moves was HOT; with room left
 * on each page, about half were (measured on the sweep bench's template). Pages written from now on keep
 * that room; existing pages gain it as they are rewritten.
 */
export const sweepRows = `
ALTER TABLE audit_chain_heads SET (fillfactor = 70);
`;
