/**
 * A company's liaisons found by index (issue #16 §5, docs/scaling.md "Filing at speed", session 18). Every filing that
 * names a company reads its active liaisons (`filing_context`, `filing_contexts`: server/repositories/filings.ts) to
 * address their notices and e-mails, and `users` had no index on `company_id`: the read scanned every account, and an
 * installation's accounts are mostly complainants' (3.4 ms a read at 20,000 accounts, measured). Liaisons are few and
 * never change role (`users_company_scope`), so a partial index of them by company is small and untouched by every
 * other account's writes.
 */
export const liaisonsByCompany = `
CREATE INDEX users_liaisons_by_company_idx ON users (company_id) WHERE role = 'liaison';
`;
