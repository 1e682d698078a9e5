/**
 * A filing without the trigger cascades that changed nothing (issue #16 §5, docs/scaling.md "Filing at
 * speed", session 11).
 *
 * Measured on one backend filing 300 complaints one after another (each its own transaction, the CPU of
 * the backend read from /proc): `file_case` cost 3.3 ms of database CPU a filing, and ~1.5 ms of it was
 * statements that wrote no row but still ran, each firing the statement triggers of what it touched:
 * - `refresh_case_figures` is an `INSERT … ON CONFLICT DO UPDATE`, which fires the `UPDATE` statement
 *   triggers of `case_figures` too (its tallies, overdue tallies, effectiveness) with empty transition
 *   tables. A filed case has no figures row yet, so `file_case` now inserts it plainly (the same row
 *   from the same view). 3.3 → 2.5 ms.
 * - `case_category_ids_follow` (0049) recomputed the categories of the case being filed and ran an
 *   `UPDATE cases` that matched no row (`file_case` writes `category_ids` with the case), which still
 *   fired the cases' `UPDATE` statement triggers. Inserts of the case `file_case` is writing are now
 *   skipped, as the figures' row triggers already skip them. → 2.2 ms.
 * - `refresh_figures_of_updated_cases` (0033, 0037) ran its `UPDATE case_figures` (and through it the
 *   three statement triggers of `case_figures`) and its loop for every `UPDATE cases`, even one that
 *   touches no column the figures read (the filing's reference, a category list followed, a text
 *   edited). It now looks once at the changed rows and stops when none of those columns moved. → 1.8 ms.
 * Nothing they keep changes: the same rows are written in every case where a column they read changes
 * (test/api/oversightTallies.test.ts checks every figure against the rows, filings included).
 */
import { oversightList } from './0037_oversight_list';
import { exportCategories, fileCaseWithCategories } from './0049_export_categories';

/** `text` with `from` (present exactly once) replaced by `to`; a change in the source fails loudly here. */
export function replacedOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`0058: expected one ${JSON.stringify(from)}`);
  return text.replace(from, () => to);
}

/** The function definition in `text` that begins with `start` (present once), up to its closing `$$;`. */
export function definitionIn(text: string, start: string): string {
  const at = text.indexOf(start);
  if (at < 0 || text.indexOf(start, at + 1) >= 0) throw new Error(`0058: expected one ${JSON.stringify(start)}`);
  return text.slice(at, text.indexOf('$$;', at) + 3);
}

/** 0049's `file_case`, inserting the new case's figures row instead of upserting it (0066 files batches with its parts). */
export const fileCaseInsertingFigures = replacedOnce(
  fileCaseWithCategories,
  'PERFORM refresh_case_figures(new_case_id);',
  '-- A new case has no figures row: a plain INSERT, which fires only the INSERT triggers of case_figures.\n' +
    '  INSERT INTO case_figures SELECT * FROM case_figures_source WHERE case_id = new_case_id;',
);

/** The columns of cases that case_figures_source reads, plus the level the list is ordered by. */
const FIGURE_COLUMNS = [
  'mechanism_id',
  'company_id',
  'municipality_id',
  'status',
  'created_at',
  'red_flag',
  'red_flag_released_at',
  'first_acknowledged_at',
  'first_resolved_at',
];
const of = (alias: string, columns: string[]) => `(${columns.map((c) => `${alias}.${c}`).join(', ')})`;

/** 0049's follower, returning at once for the rows of the case file_case is writing (it wrote their ids with the case). */
export const categoryIdsFollowSkippingTheFiling = replacedOnce(
  replacedOnce(definitionIn(exportCategories, 'CREATE FUNCTION case_category_ids_follow()'), 'CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'),
  "  IF TG_OP = 'INSERT' THEN\n",
  `  IF TG_OP = 'INSERT' THEN
    -- A nested IF: the condition is one statement, planned whole, and a DELETE has no new_rows to plan it against.
    IF NOT EXISTS (SELECT 1 FROM new_rows WHERE case_id::text IS DISTINCT FROM current_setting('puente.filing_case', true)) THEN
      RETURN NULL;
    END IF;
`,
);

/** 0037's refresh_figures_of_updated_cases, stopping after one look when nothing the figures read (or the level) moved. */
export const figuresOfUpdatedCasesStoppingEarly = replacedOnce(
  definitionIn(oversightList, 'CREATE OR REPLACE FUNCTION refresh_figures_of_updated_cases()'),
  'BEGIN\n',
  `BEGIN
  -- Nothing the figures read moved (a reference given, categories followed, a text edited): done.
  IF NOT EXISTS (SELECT 1 FROM new_cases n JOIN old_cases o ON o.id = n.id
                 WHERE ${of('n', [...FIGURE_COLUMNS, 'escalation_level'])} IS DISTINCT FROM ${of('o', [...FIGURE_COLUMNS, 'escalation_level'])}) THEN
    RETURN NULL;
  END IF;
`,
);

export const filingWithoutCascades = `
${fileCaseInsertingFigures}

${categoryIdsFollowSkippingTheFiling}

${figuresOfUpdatedCasesStoppingEarly}
`;
