/**
 * The cases filed under a name, confidential or named, by index (issue #16 §6, docs/scaling.md "Oversight at
 * a million cases", session 20). The oversight's identity-mode filter read every case row (the summary 3.2 s,
 * the list 0.5 s at a million). With this index the named and confidential cases are found from their own
 * entries, and the anonymous ones are answered as everything but those: the summary tables' sums (kept with
 * no identity filter) less the sums counted from the named and confidential rows (server/oversight/figures.ts),
 * the list's total likewise. Partial, so an anonymous filing writes no entry: the index holds the cases a
 * filter by name or confidence selects, and the complement of the anonymous ones.
 */
export const identityModeIndex = `
CREATE INDEX cases_identified_idx ON cases (mechanism_id, identity_mode) WHERE identity_mode <> 'anonymous';
`;
