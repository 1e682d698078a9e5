/**
 * A batch of filings written set-based (issue #16 §5, docs/scaling.md "Filing at speed", session 12):
 * `file_cases` (0066) looped over `file_case`'s own statements, so each INSERT and the statement triggers
 * behind it (the figures' tallies, filed tallies, overdue tallies, effectiveness, category ids) ran once a
 * filing. It now writes each table's rows of the whole batch in one statement, the same statements as
 * `file_case` (0036, 0049, 0058) read over the batch (`b`, one row a filing in the array's order) instead of
 * one filing, so every statement trigger fires once a batch:
 * - the cases under their provisional references, their categories, their events (sealed in sets by the
 *   sweep's `append_case_events`, 0044: each case's chain starts here, in the order its filing gives),
 *   deadlines, figures (one INSERT from the view), receipt copies, risk assessments, deadline policies;
 * - then each reference counter once, as 0066 does (gap-free, per mechanism and year, in the array's
 *   order), one UPDATE giving every case its reference, one INSERT of the notices and one of the e-mails.
 * Rows of every table are written in the array's order, and the filings' own rows keep their order, so
 * ids and numbers run as in the loop (events: the filings' first events, then their second ones).
 * While the rows are inserted, `puente.filing_case` is `*`: every row inserted then belongs to a filing
 * being written, whose figures are inserted once its rows are in, so the row triggers that refresh
 * figures and the category follower return at once for them, as they already do for one filing.
 */
import { fileCase } from './0036_file_case';
import { categoryIdsFollowSkippingTheFiling, definitionIn, fileCaseInsertingFigures, replacedOnce } from './0058_filing_without_cascades';
import { filingBatches } from './0066_filing_batches';

/** The text of `source` from `start` (present once; included when `keep`) up to, not including, `end`. */
function between(source: string, start: string, end: string, keep = true): string {
  const from = source.indexOf(start);
  const to = source.indexOf(end, from);
  if (from < 0 || to < 0 || source.indexOf(start, from + 1) >= 0) throw new Error(`0070: expected one ${JSON.stringify(start)}`);
  return source.slice(keep ? from : from + start.length, to);
}

/** One row a filing of the batch, in the array's order, with its reference once the counters are taken. */
const batch = (where = 'true') =>
  `(SELECT bx.v AS filing, bx.n::integer AS pos, (bx.v->'case'->>'id')::uuid AS case_id, refs[bx.n::integer] AS ref
      FROM jsonb_array_elements(filings) WITH ORDINALITY AS bx(v, n) WHERE ${where}) b`;

/**
 * One of file_case's statements (`filing` and `new_case_id` its one filing's) over every filing of the
 * batch: the batch joins its FROM (`filing` is then the batch's column), and rows go in the array's order.
 */
function overTheBatch(statement: string, where?: string): string {
  let text = statement.replaceAll('new_case_id', 'b.case_id').replaceAll("jsonb_build_object('reference', ref)", "jsonb_build_object('reference', b.ref)");
  text = replacedOnce(text, 'FROM jsonb_', `FROM ${batch(where)}, jsonb_`);
  if (/ORDER BY x\.[ni]/.test(text)) return text.replace(/ORDER BY x\.([ni])/g, 'ORDER BY b.pos, x.$1');
  if (!text.trimEnd().endsWith(';')) throw new Error('0070: expected a statement');
  return `${text.trimEnd().slice(0, -1)}\n  ORDER BY b.pos;\n`;
}

const F = fileCaseInsertingFigures;
const casesInserted = replacedOnce(
  between(F, "PERFORM set_config('puente.filing_case', new_case_id::text, true);\n", '\n\n  INSERT INTO case_categories', false),
  "FROM jsonb_populate_record(NULL::cases, filing->'case') c;",
  `FROM ${batch()}, jsonb_populate_record(NULL::cases, b.filing->'case') c\n  ORDER BY b.pos;`,
);
const categoriesInserted = overTheBatch(between(F, '  INSERT INTO case_categories', '\n\n  INSERT INTO case_events'));
const deadlinesInserted = overTheBatch(between(F, '  INSERT INTO case_deadlines', '\n\n  -- Its figures'));
const receiptsInserted = overTheBatch(
  between(F, "IF jsonb_typeof(filing->'receipt') = 'object' THEN\n", '  END IF;', false),
  "jsonb_typeof(bx.v->'receipt') = 'object'",
);
const risksInserted = overTheBatch(
  between(F, "IF jsonb_typeof(filing->'risk') = 'object' THEN\n", '  END IF;', false),
  "jsonb_typeof(bx.v->'risk') = 'object'",
);
const countersTaken = between(filingBatches, '  -- Each counter once,', '\n  FOR pos IN 1 .. jsonb_array_length');
const noticesInserted = replacedOnce(
  replacedOnce(
    overTheBatch(between(F, '  WITH inserted AS (', '\n\n  INSERT INTO outbox')),
    '  )\n  SELECT coalesce(',
    '  ), written AS (\n  SELECT b.case_id, coalesce(',
  ),
  '\n  INTO written FROM inserted;',
  ` AS notifications
  FROM inserted b GROUP BY b.case_id
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('reference', b.ref, 'notifications', coalesce(w.notifications, '[]'::jsonb)) ORDER BY b.pos), '[]'::jsonb)
  INTO filed FROM ${batch()} LEFT JOIN written w ON w.case_id = b.case_id;`,
);
const emailsInserted = overTheBatch(between(F, '  INSERT INTO outbox', '\n\n  RETURN jsonb_build_object'));

/** 0036's row triggers and 0058's category follower, returning at once for every insert while a batch is written (`*`). */
const FILING = "current_setting('puente.filing_case', true)";
const skippingBatches = [
  replacedOnce(
    definitionIn(fileCase, 'CREATE OR REPLACE FUNCTION refresh_figures_of_case()'),
    `NEW.case_id::text = ${FILING}`,
    `${FILING} IN (NEW.case_id::text, '*')`,
  ),
  replacedOnce(
    definitionIn(fileCase, 'CREATE OR REPLACE FUNCTION refresh_figures_of_cases_row()'),
    `NEW.id::text = ${FILING}`,
    `${FILING} IN (NEW.id::text, '*')`,
  ),
  replacedOnce(
    categoryIdsFollowSkippingTheFiling,
    `WHERE case_id::text IS DISTINCT FROM ${FILING})`,
    `WHERE ${FILING} IS DISTINCT FROM '*' AND case_id::text IS DISTINCT FROM ${FILING})`,
  ),
].join('\n\n');

export const setBasedFiling = `
${skippingBatches}

CREATE OR REPLACE FUNCTION file_cases(filings jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  counter record;
  taken bigint;
  refs text[] := '{}';
  pos integer;
  filed jsonb;
BEGIN
  PERFORM set_config('puente.filing_case', '*', true);
${casesInserted}

${categoriesInserted}
  -- Each case's chain starts here: sealed in sets, the filings' events in their order.
  PERFORM append_case_events(coalesce((SELECT jsonb_agg(x.v || jsonb_build_object('case_id', b.case_id) ORDER BY b.pos, x.n)
                                       FROM ${batch()}, jsonb_array_elements(b.filing->'events') WITH ORDINALITY AS x(v, n)), '[]'::jsonb));

${deadlinesInserted}
  PERFORM set_config('puente.filing_case', '', true);
  -- The view read one case at a time (OFFSET 0 keeps it apart, so the case's id reaches each of its aggregates as a
  -- constant): read for a list of ids, its aggregates would run over every case.
  INSERT INTO case_figures SELECT f.* FROM ${batch()}, LATERAL (SELECT * FROM case_figures_source s WHERE s.case_id = b.case_id OFFSET 0) f
  ORDER BY b.pos;
${receiptsInserted}${risksInserted}
  INSERT INTO deadline_policies (mechanism_id)
  SELECT DISTINCT (b.filing->'case'->>'mechanism_id')::uuid FROM ${batch("(bx.v->>'ensureDeadlinePolicy')::boolean")}
  ON CONFLICT (mechanism_id) DO NOTHING;

${countersTaken}
  UPDATE cases c SET reference = b.ref FROM ${batch()} WHERE c.id = b.case_id;
${noticesInserted}
${emailsInserted}
  RETURN filed;
END;
$$;

-- 0066's parts of file_case, which the loop ran.
DROP FUNCTION file_case_rows(jsonb);
DROP FUNCTION file_case_reference(jsonb, text);
`;
