/**
 * A batch's cases written once, with their references, after the counters (issue #16 §5, docs/scaling.md "Filing at
 * speed", session 17). `file_cases` (0070, 0102) inserted the cases under provisional references first and gave them
 * their numbers at the end with an UPDATE: a second version of every case row, every index of `cases` written again,
 * the four parents' foreign keys checked again (PostgreSQL re-checks unchanged keys of a row its own transaction
 * inserted), and the UPDATE's statement triggers with their transition tables. Now:
 * - the children's foreign keys to `cases` that a filing writes ahead of its case (categories, events, deadlines,
 *   figures, risk assessment) are `DEFERRABLE INITIALLY IMMEDIATE`: every other writer checks them at its statement's end as
 *   before; `file_cases` defers them while it writes the children, ahead of the cases they point at;
 * - the figures rows are computed from the cases' rows as they will be inserted (`case_figures_of_rows`: 0102's
 *   `case_figures_of` reading those rows instead of the table; its other parts read the children already written);
 * - the counters are taken as before, the cases inserted once with their numbers, and the deferred checks run at
 *   `SET CONSTRAINTS … IMMEDIATE` right after, before the notices and e-mails (whose keys are checked as before);
 *   the receipt copies follow their cases, so the idempotency key's race is still lost on the cases' key.
 * So a child pointing at no case is still refused, by the end of the statement. The counter row's lock, as before,
 * is taken only after everything but the cases, their checks, the notices and the e-mails is written, never across
 * the whole filing. A filing's events move no milestone (`record_case_milestone` would update a case not yet
 * written): `file_cases` refuses a batch with such an event.
 *
 * `file_case` now files a batch of one through `file_cases`: the two take the counter and insert the case in the same
 * order, so a draft sent twice at once (alone and in a batch) cannot make them wait on each other; the loser fails on
 * the idempotency key as before.
 */
import { definitionIn, replacedOnce } from './0058_filing_without_cascades';
import { filingFiguresInSets } from './0102_filing_figures_in_sets';

/** The children's foreign keys to `cases` that a filing writes ahead of its case. */
const DEFERRED_WHILE_FILING = [
  ['case_categories', 'case_categories_case_id_fkey'],
  ['case_events', 'case_events_case_id_fkey'],
  ['case_deadlines', 'case_deadlines_case_id_fkey'],
  ['case_figures', 'case_figures_case_id_fkey'],
  ['reprisal_risk_assessments', 'reprisal_risk_assessments_case_id_fkey'],
] as const;
const constraints = DEFERRED_WHILE_FILING.map(([, name]) => name).join(', ');

/** The text of `source` from `start` (present once) up to, not including, `end`. */
function from(source: string, start: string, end: string): string {
  const at = source.indexOf(start);
  const to = source.indexOf(end, at);
  if (at < 0 || to < 0 || source.indexOf(start, at + 1) >= 0) throw new Error(`0108: expected one ${JSON.stringify(start)}`);
  return source.slice(at, to);
}

const figuresOf = definitionIn(filingFiguresInSets, 'CREATE FUNCTION case_figures_of(ids uuid[])');
/** 0102's figures of listed cases, reading the cases' rows given instead of the table (the same expressions). */
const figuresOfRows = replacedOnce(
  replacedOnce(figuresOf, 'CREATE FUNCTION case_figures_of(ids uuid[])', 'CREATE FUNCTION case_figures_of_rows(ids uuid[], rows cases[])'),
  'FROM cases c',
  'FROM unnest(rows) c',
);

const before = definitionIn(filingFiguresInSets, 'CREATE OR REPLACE FUNCTION file_cases(filings jsonb)');
const casesInserted = from(before, '  INSERT INTO cases (id,', '  INSERT INTO case_categories');
const referencesGiven = from(before, '  UPDATE cases c SET reference = b.ref', '  WITH inserted AS (');
const receiptsInserted = from(before, '    INSERT INTO filing_receipts', '    INSERT INTO reprisal_risk_assessments');

// The cases' rows once, as the INSERT writes them: the filing's columns, what a new case starts with, and the columns
// the figures read that a new case leaves empty (so the figures are of exactly the rows inserted).
const CASE_ROWS = `  new_cases := ARRAY(
    SELECT jsonb_populate_record(NULL::cases, b.v->'case' || jsonb_build_object('status', 'received', 'escalation_level', 0,
             'consent_at', b.v->'case'->'created_at', 'updated_at', b.v->'case'->'created_at',
             'red_flag_released_at', NULL, 'first_acknowledged_at', NULL, 'first_agreement_at', NULL, 'first_resolved_at', NULL,
             'category_ids', ARRAY(SELECT k::uuid FROM jsonb_array_elements_text(b.v->'categoryIds') k ORDER BY 1)))
    FROM jsonb_array_elements(filings) WITH ORDINALITY AS b(v, n) ORDER BY b.n);`;

const CASES_WITH_REFERENCES = `  -- The cases once, with their numbers (no second row version), then the children's checks deferred above.
  PERFORM set_config('puente.filing_case', '*', true);
  INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, vereda_id, place_detail, location_ciphertext,
    occurred_on, description, hoped_outcome, identity_mode, identity_ciphertext, equity_ciphertext, contact_preference,
    complainant_user_id, filed_by_user_id, is_collective, group_name, group_kind, group_size, red_flag, escalation_level, receipt_key_hash,
    idempotency_key, filing_fingerprint, consent_policy_version, consent_at, created_at, updated_at,
    receipt_key_fingerprint, provisional_code, publish_description, voice_note_key, filing_language, category_ids,
    red_flag_released_at, first_acknowledged_at, first_agreement_at, first_resolved_at)
  SELECT c.id, c.mechanism_id, refs[c.ordinality::integer], c.status, c.company_id, c.municipality_id, c.vereda_id, c.place_detail,
    c.location_ciphertext, c.occurred_on, c.description, c.hoped_outcome, c.identity_mode, c.identity_ciphertext, c.equity_ciphertext,
    c.contact_preference, c.complainant_user_id, c.filed_by_user_id, c.is_collective, c.group_name, c.group_kind, c.group_size, c.red_flag,
    c.escalation_level, c.receipt_key_hash, c.idempotency_key, c.filing_fingerprint, c.consent_policy_version, c.consent_at, c.created_at,
    c.updated_at, c.receipt_key_fingerprint, c.provisional_code, c.publish_description, c.voice_note_key, c.filing_language, c.category_ids,
    c.red_flag_released_at, c.first_acknowledged_at, c.first_agreement_at, c.first_resolved_at
  FROM unnest(new_cases) WITH ORDINALITY AS c ORDER BY c.ordinality;
  PERFORM set_config('puente.filing_case', '', true);
  -- The receipt copies after their cases: a retry that lost the race for its idempotency key fails on the cases' key
  -- (which the app answers with the winner's case), not on the copy's, which is the same key.
${receiptsInserted.trimEnd()}
  SET CONSTRAINTS ${constraints} IMMEDIATE;
`;

const fileCasesLast = replacedOnce(
  replacedOnce(
    replacedOnce(
      replacedOnce(replacedOnce(replacedOnce(before, casesInserted, ''), receiptsInserted, ''), '  filed jsonb;\n', '  filed jsonb;\n  new_cases cases[];\n'),
      "  PERFORM set_config('puente.filing_case', '*', true);\n",
      `  IF EXISTS (SELECT 1 FROM jsonb_array_elements(filings) x(v), jsonb_array_elements(x.v->'events') e
             WHERE e->>'to_status' IN ('acknowledged', 'in_implementation', 'resolved')) THEN
    RAISE EXCEPTION 'file_cases: a filing''s events move no milestone (its case is written last)';
  END IF;
${CASE_ROWS}
  -- The children first, each checked against its case once the cases are in (below).
  SET CONSTRAINTS ${constraints} DEFERRED;
  PERFORM set_config('puente.filing_case', '*', true);
`,
    ),
    'FROM case_figures_of(ids) f',
    'FROM case_figures_of_rows(ids, new_cases) f',
  ),
  referencesGiven,
  CASES_WITH_REFERENCES,
);

export const filingCasesLast = `
${DEFERRED_WHILE_FILING.map(([table, name]) => `ALTER TABLE ${table} ALTER CONSTRAINT ${name} DEFERRABLE INITIALLY IMMEDIATE;`).join('\n')}

-- 0102's case_figures_of over the rows given.
${figuresOfRows}

${fileCasesLast}

-- One filing is a batch of one: the counter taken before the case is inserted, as in a batch.
CREATE OR REPLACE FUNCTION file_case(filing jsonb) RETURNS jsonb LANGUAGE sql AS $$
  SELECT file_cases(jsonb_build_array(filing)) -> 0
$$;
`;
