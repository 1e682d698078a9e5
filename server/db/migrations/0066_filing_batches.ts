/**
 * Filings written in batches (issue #16 §5, docs/scaling.md "Filing at speed", session 12): concurrent
 * filings of one app server go to the database in one statement and commit together
 * (server/repositories/filings.ts gathers them). `file_cases(filings jsonb)` takes an array of what
 * `file_case` (0036, 0049, 0058) takes and runs `file_case`'s own text in two parts:
 * - for each filing in the array's order, everything before the reference (`file_case_rows`): the case
 *   under its provisional reference, categories, events, deadline, figures, receipt copy, risk;
 * - then each reference counter the batch needs (one per mechanism and year, taken in one order so that
 *   two batches never wait on each other crosswise) once, advanced by the number of its filings, and for
 *   each filing in order its reference, notices and e-mails (`file_case_reference`).
 * So the counter rows are locked, as for one filing, only for the reference, notices and e-mails and the
 * commit, not while the batch's cases are written: another server's batch writes its cases meanwhile.
 * References follow the array's order, gap-free. No EXCEPTION block (no subtransaction): a batch that
 * fails rolls back whole and is filed again one filing at a time by the caller, so one bad filing fails
 * alone with its own error. `file_case` itself is unchanged (a filing alone, and those retries).
 */
import { fileCaseInsertingFigures } from './0058_filing_without_cascades';

/** The text of 0058's file_case from `start` (present once) up to, not including, `end`. */
function partOfFileCase(start: string, end: string): string {
  const from = fileCaseInsertingFigures.indexOf(start);
  const to = fileCaseInsertingFigures.indexOf(end, from);
  if (from < 0 || to < 0 || fileCaseInsertingFigures.indexOf(start, from + 1) >= 0) throw new Error(`0066: expected one ${JSON.stringify(start)} in file_case`);
  return fileCaseInsertingFigures.slice(from + start.length, to);
}

const LAST_THE_REFERENCE = '  -- Last: the reference.';
const REFERENCE_GIVEN = '  UPDATE cases SET reference = ref WHERE id = new_case_id;\n';

export const filingBatches = `
CREATE FUNCTION file_case_rows(filing jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  new_case_id uuid := (filing->'case'->>'id')::uuid;
BEGIN
${partOfFileCase('BEGIN\n', LAST_THE_REFERENCE)}END;
$$;

CREATE FUNCTION file_case_reference(filing jsonb, ref text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  new_case_id uuid := (filing->'case'->>'id')::uuid;
  written jsonb;
BEGIN
${REFERENCE_GIVEN}${partOfFileCase(REFERENCE_GIVEN, 'END;\n$$;')}END;
$$;

CREATE FUNCTION file_cases(filings jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  filing jsonb;
  counter record;
  taken bigint;
  refs text[] := '{}';
  pos integer;
  filed jsonb := '[]'::jsonb;
BEGIN
  FOR filing IN SELECT x.v FROM jsonb_array_elements(filings) WITH ORDINALITY AS x(v, n) ORDER BY x.n LOOP
    PERFORM file_case_rows(filing);
  END LOOP;

  -- Each counter once, advanced by the number of its filings, which take its numbers in the array's order.
  FOR counter IN
    SELECT f.mechanism_id, f.year, array_agg(f.n ORDER BY f.n) AS positions
    FROM (SELECT (x.v->'case'->>'mechanism_id')::uuid AS mechanism_id, (x.v->'counter'->>'year')::integer AS year, x.n::integer AS n
          FROM jsonb_array_elements(filings) WITH ORDINALITY AS x(v, n)) f
    GROUP BY f.mechanism_id, f.year ORDER BY f.mechanism_id, f.year
  LOOP
    INSERT INTO reference_counters (mechanism_id, year, last_value) VALUES (counter.mechanism_id, counter.year, cardinality(counter.positions))
    ON CONFLICT (mechanism_id, year) DO UPDATE SET last_value = reference_counters.last_value + cardinality(counter.positions)
    RETURNING last_value - cardinality(counter.positions) INTO taken;
    FOREACH pos IN ARRAY counter.positions LOOP
      taken := taken + 1;
      -- As file_case: six digits at least.
      refs[pos] := (filings->(pos - 1)->'counter'->>'prefix') || lpad(taken::text, greatest(6, length(taken::text)), '0');
    END LOOP;
  END LOOP;

  FOR pos IN 1 .. jsonb_array_length(filings) LOOP
    filed := filed || jsonb_build_array(file_case_reference(filings->(pos - 1), refs[pos]));
  END LOOP;
  RETURN filed;
END;
$$;
`;
