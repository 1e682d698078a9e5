/**
 * The cases' INSERT triggers skip a batch that `file_cases` writes itself (issue #16 §5, docs/scaling.md "Filing at
 * speed", session 17). Since 0108 the cases' INSERT runs inside the reference counter's lock, and with it two triggers
 * that do nothing for a filing:
 * - `cases_figures_inserted` (0033), a PL/pgSQL call a row that returns at once when `puente.filing_case` names the
 *   case or is `*` (the filing writes the figures row itself): the same test is now the trigger's `WHEN`, evaluated by
 *   the executor without calling the function; the function keeps its own test, so it does the same if called;
 * - `cases_effectiveness_inserted` (0048), which notes the inserted cases in `case_effectiveness_pending`: under `*`
 *   (only `file_cases` sets it) every one of those cases has had its figures row inserted earlier in the same
 *   transaction, whose own INSERT trigger (`case_figures_effectiveness_inserted`) noted the same `(xact, case_id)`
 *   pairs, so the cases' note only met its key (`ON CONFLICT DO NOTHING`). It now does not fire under `*`; every other
 *   writer of cases (a case's own setting included) notes them as before.
 * Same names, so the same order among the cases' triggers.
 */
export const filingCaseTriggers = `
DROP TRIGGER cases_figures_inserted ON cases;
CREATE TRIGGER cases_figures_inserted AFTER INSERT ON cases FOR EACH ROW
  WHEN (current_setting('puente.filing_case', true) IS DISTINCT FROM '*'
        AND current_setting('puente.filing_case', true) IS DISTINCT FROM NEW.id::text)
  EXECUTE FUNCTION refresh_figures_of_cases_row();

DROP TRIGGER cases_effectiveness_inserted ON cases;
CREATE TRIGGER cases_effectiveness_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('puente.filing_case', true) IS DISTINCT FROM '*')
  EXECUTE FUNCTION effectiveness_of_cases();
`;
