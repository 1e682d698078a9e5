/**
 * The ombudsman's CSV export with its categories in the export index (issue #16 §6), part 1 of 2.
 * After 0047 the export walked `cases_export_idx` index-only at ~100,000 rows/s, but fetched each case's
 * categories from `case_categories`' primary key, one probe a row: 12,900–18,500 rows/s at a million.
 *
 * Now each case row carries its category ids (`cases.category_ids`, sorted, as the export writes them)
 * and the export index carries that column too (0050), so the whole export without identities is one
 * index-only scan. `case_categories` stays the source of truth (the figures, lists, open data and
 * related cases read it); the column follows it:
 * - a filing writes it with the case (`file_case`: one more column in the same INSERT, no extra
 *   statement or row version), and the trigger below, finding it already right, writes nothing;
 * - any other change to `case_categories` (the demo seed, a data fix, a statement that moves a case's
 *   categories) rewrites the column of the cases it touched, once per statement, only where it differs.
 *
 * The existing rows are filled in one statement, with the statement triggers on cases off (nothing they
 * keep reads this column) and the export index dropped: 0050 builds it again in a transaction of its
 * own, once the rows' old versions are dead to everyone; built here it would hold both versions of every
 * row (an index built in the transaction that updated the rows indexes the versions it deleted too: 369 MB
 * instead of 197 MB at a million). The update leaves as many dead row versions as cases, which
 * autovacuum then clears (it also marks the pages all-visible again, which index-only scans need).
 */
import { fileCase } from './0036_file_case';

/** `text` with `from` (present exactly once) replaced by `to`; a change in the source fails loudly here. */
function replacedOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`0049: expected one ${JSON.stringify(from)} in file_case`);
  return text.replace(from, () => to);
}

/** 0036's `file_case`, which also writes the case's sorted category ids into the case row it inserts. */
export const fileCaseWithCategories = [
  ['CREATE FUNCTION file_case(', 'CREATE OR REPLACE FUNCTION file_case('],
  ['voice_note_key, filing_language)\n  SELECT', 'voice_note_key, filing_language, category_ids)\n  SELECT'],
  [
    'c.voice_note_key, c.filing_language\n  FROM',
    "c.voice_note_key, c.filing_language,\n    ARRAY(SELECT k::uuid FROM jsonb_array_elements_text(filing->'categoryIds') k ORDER BY 1)\n  FROM",
  ],
].reduce((text, [from, to]) => replacedOnce(text, from!, to!), fileCase.slice(0, fileCase.indexOf('\n-- The row triggers of 0024/0033')));

/** case_category_ids_follow after each kind of statement on case_categories, with the rows it changed. */
const followTriggers = (
  [
    ['inserted', 'INSERT', 'NEW TABLE AS new_rows'],
    ['updated', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ['deleted', 'DELETE', 'OLD TABLE AS old_rows'],
  ] as const
)
  .map(
    ([name, op, rows]) =>
      `CREATE TRIGGER case_categories_ids_${name} AFTER ${op} ON case_categories REFERENCING ${rows} FOR EACH STATEMENT EXECUTE FUNCTION case_category_ids_follow();`,
  )
  .join('\n');

/** The column, its backfill, the trigger that keeps it and `file_case` writing it; the export index dropped until 0050. */
export const exportCategories = `
ALTER TABLE cases ADD COLUMN category_ids uuid[] NOT NULL DEFAULT '{}';

DROP INDEX cases_export_idx;
ALTER TABLE cases DISABLE TRIGGER cases_figures_updated;
ALTER TABLE cases DISABLE TRIGGER cases_effectiveness_updated;
UPDATE cases c SET category_ids = k.ids
FROM (SELECT case_id, array_agg(category_id ORDER BY category_id) AS ids FROM case_categories GROUP BY case_id) k
WHERE k.case_id = c.id;
ALTER TABLE cases ENABLE TRIGGER cases_figures_updated;
ALTER TABLE cases ENABLE TRIGGER cases_effectiveness_updated;

-- The cases a statement on case_categories touched, their ids again from it where they differ.
CREATE FUNCTION case_category_ids_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE touched uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT case_id) INTO touched FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT case_id) INTO touched FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT case_id) INTO touched FROM (SELECT case_id FROM new_rows UNION ALL SELECT case_id FROM old_rows) x;
  END IF;
  UPDATE cases c SET category_ids = k.ids
  FROM (SELECT t.id, ARRAY(SELECT cc.category_id FROM case_categories cc WHERE cc.case_id = t.id ORDER BY cc.category_id) AS ids
        FROM unnest(touched) t(id)) k
  WHERE c.id = k.id AND c.category_ids IS DISTINCT FROM k.ids;
  RETURN NULL;
END;
$$;
${followTriggers}

${fileCaseWithCategories}
`;
