/**
 * The filed and scorecard tallies of inserted figures rows spread once a kind of case, not once a case (issue #16 §5,
 * docs/scaling.md "Filing at speed", session 16). An INSERT of figures rows (a batch of filings) spread each row over
 * every slice, span and facet of the filed tallies (0053: ~30 entries a row) and of the scorecard tallies (0095: ~12)
 * and then summed the entries by group; the cases of one batch mostly share every column those spreads read (the
 * mechanism, company, municipality, categories, status, day of filing and due day), so most of that spreading made
 * the same entries again. Now the inserted rows are first counted by the columns the spread reads, and each kind is
 * spread once with its count as its sign: every sum the spread takes is of the sign times a column of the kind, so
 * every group gets the same sums, and the same rows are appended.
 *
 * Only the INSERT triggers change, to functions of their own (`tally_filed_inserts`, `tally_scorecard_inserts`);
 * `tally_filed_changes` and `tally_scorecard_changes` keep the UPDATE and DELETE triggers. Their INSERT branches are
 * not called any more; the SQL of the new functions is built from the same spreads (0053's `filedTallyRows`, 0095's
 * INSERT branch), so the two cannot drift apart in what they append.
 */
import { filedTallyRows } from './0053_filed_tallies';
import { replacedOnce } from './0058_filing_without_cascades';
import { scorecardTallies } from './0095_scorecard_tallies';

/** The inserted rows counted by `columns` (those the spread reads), the count as the sign. */
const kinds = (columns: string) => `SELECT ${columns}, count(*)::int AS sign FROM new_figures n GROUP BY ${columns}`;

const FILED_READS =
  'mechanism_id, company_id, categories, municipality_id, status, escalated, red_flag_open, filed_on, overdue_from, acknowledged_on, acknowledge_days, resolved_on, resolve_days';
const SCORECARD_READS =
  'mechanism_id, company_id, categories, municipality_id, status, filed_on, agreements_reached, agreements_kept, satisfaction_sum, satisfaction_count, deadlines_settled, deadlines_met, open_due_days';

/** 0095's INSERT branch of tally_scorecard_changes: the scorecard appends of the inserted rows. */
const scorecardInsertBranch = (() => {
  const start = "  IF TG_OP = 'INSERT' THEN\n";
  const from = scorecardTallies.indexOf(start);
  const to = scorecardTallies.indexOf("  ELSIF TG_OP = 'DELETE' THEN", from);
  if (from < 0 || to < 0) throw new Error('0103: expected 0095 to branch on INSERT then DELETE');
  return scorecardTallies.slice(from + start.length, to);
})();

/** The INSERT trigger of `case_figures` for the `tally` tallies, under its name (so it fires in the same order), calling `tally_<tally>_inserts`. */
const insertTriggerCalling = (tally: string) => `DROP TRIGGER case_figures_${tally}_inserted ON case_figures;
CREATE TRIGGER case_figures_${tally}_inserted AFTER INSERT ON case_figures REFERENCING NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION tally_${tally}_inserts();`;

export const filedTalliesGrouped = `
CREATE FUNCTION tally_filed_inserts() RETURNS trigger LANGUAGE plpgsql SET enable_sort = off SET jit = off AS $$
BEGIN
  INSERT INTO oversight_filed_appends (mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days,
    cases, escalated, red_flag_open)
  ${filedTallyRows(kinds(FILED_READS))};
  RETURN NULL;
END;
$$;

CREATE FUNCTION tally_scorecard_inserts() RETURNS trigger LANGUAGE plpgsql SET enable_sort = off SET jit = off AS $$
BEGIN
${replacedOnce(scorecardInsertBranch, 'SELECT n.*, 1 AS sign FROM new_figures n', kinds(SCORECARD_READS))}
  RETURN NULL;
END;
$$;

${['filed', 'scorecard'].map(insertTriggerCalling).join('\n')}
`;
