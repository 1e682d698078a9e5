/**
 * The ombudsman's CSV export with its categories in the export index (issue #16 §6), part 2 of 2: 0047's
 * `cases_export_idx` again, now also carrying each case's category ids (0049), so the export without
 * identities is one index-only scan with nothing read per row. Its own migration, hence its own
 * transaction: see 0049 for why it is not built in the one that filled the column.
 */
export const exportIndexCategories = `
CREATE INDEX cases_export_idx ON cases (mechanism_id, created_at DESC, id DESC)
  INCLUDE (company_id, reference, status, municipality_id, identity_mode, red_flag, red_flag_released_at, escalation_level, updated_at,
           filing_language, category_ids);
`;
