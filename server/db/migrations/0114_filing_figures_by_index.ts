/**
 * A batch's figures read the cases' children by their indexes whatever the plan's age (issue #16 §5, docs/scaling.md
 * "Filing at speed", session 18). `file_cases` (0108) inserts its figures rows from `case_figures_of_rows(ids, rows)`, a
 * SQL function PostgreSQL inlined into that INSERT, whose plan PL/pgSQL keeps a session (a generic one after five runs)
 * until the next ANALYZE of a table it reads. Made while a fresh installation's `case_categories` and `case_deadlines`
 * held a few hundred rows, the plan read both by scanning them, every batch, at whatever size they reached: in the filing
 * bench, one connection's batches read ~400–700 rows of each a filing at ~10,000 cases (`pg_stat_user_tables`: the
 * deadlines' sequential scans went up with the batches, their index scans not at all), more the longer it ran, until
 * autovacuum's ANALYZE came — the same as the filing context's lookups in `cases` (0110).
 *
 * The function is now PL/pgSQL, its query the same text (0108's, made from 0102's `case_figures_of`), planned with
 * `enable_seqscan` off as 0110's are: each part of a batch's figures (its categories, accepted agreements,
 * satisfaction answers, live deadlines) is an index lookup of the batch's case ids at any size. Not inlined any more,
 * it is called once a batch (its plan kept by PL/pgSQL, no planning a call).
 */
import { definitionIn, replacedOnce } from './0058_filing_without_cascades';
import { filingCasesLast } from './0108_filing_cases_last';

const HEAD = 'CREATE FUNCTION case_figures_of_rows(ids uuid[], rows cases[]) RETURNS SETOF case_figures LANGUAGE sql STABLE AS $$';
const asSql = definitionIn(filingCasesLast, HEAD);

export const filingFiguresByIndex = replacedOnce(
  replacedOnce(
    asSql,
    HEAD,
    'CREATE OR REPLACE FUNCTION case_figures_of_rows(ids uuid[], rows cases[]) RETURNS SETOF case_figures\n' +
      '  LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$\nBEGIN\n  RETURN QUERY',
  ),
  '\n$$;',
  ';\nEND $$;',
);
