/**
 * The cases' trigram indexes (0123) written entry by entry, without GIN's pending list (issue #16 §5,
 * docs/scaling.md "Filing at speed", session 22). With `fastupdate` on, a filing's trigrams went to a pending
 * list, and the filing statement that filled it (4 MB: every ~3,100 cases at the bench's descriptions) merged
 * it into the index: that write took 32–43 ms against ~12, inside the reference counter's lock, so every
 * filing behind it waited too (session 21's trace: the slowest 1% wait through one or more slow writes). Off,
 * each filing pays its own entries as it goes, and no one filing pays for three thousand. Changing the option
 * leaves entries already pending where they are: `gin_clean_pending_list` moves them into the index now, so
 * the oversight's text search no longer reads them one by one either.
 */
export const trigramIndexesWithoutPendingList = `
ALTER INDEX cases_reference_trgm_idx SET (fastupdate = off);
ALTER INDEX cases_description_trgm_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('cases_reference_trgm_idx'::regclass);
SELECT gin_clean_pending_list('cases_description_trgm_idx'::regclass);
`;
