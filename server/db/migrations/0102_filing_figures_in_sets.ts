/**
 * A batch's figures rows read in one statement (issue #16 §5, docs/scaling.md "Filing at speed", session 16).
 * `file_cases` (0070) read `case_figures_source` once a case (a LATERAL subquery kept apart with OFFSET 0, so the
 * case's id reached each of the view's aggregates as a constant): twenty rescans of the view's five parts a batch.
 * `case_figures_of(ids)` is the view's query for a list of cases, with the list given to each part (the cases, their
 * categories, accepted agreements, satisfaction answers and live deadlines), so a batch reads each table once, by
 * index, for all its cases. Same columns, same expressions, same answers: test/api/oversightTallies.test.ts checks
 * every stored figures row against the view, and test/db/figuresOfCases.test.ts checks this function against the
 * view for every case of the demo. A later change to the view must change this function with it.
 *
 * A function runs with its caller's rights where the view ran with its owner's: an application role that does not own
 * the tables (docs/audit.md) now reads those six tables itself, which the recipe there grants (SELECT on every table);
 * test/db/restrictedRole.test.ts files a batch as such a role.
 */
import { definitionIn, replacedOnce } from './0058_filing_without_cascades';
import { setBasedFiling } from './0070_set_based_filing';

/** The 0070 statement that reads the figures one case at a time, and its comment. */
const FIGURES_ONE_BY_ONE = `  -- The view read one case at a time (OFFSET 0 keeps it apart, so the case's id reaches each of its aggregates as a
  -- constant): read for a list of ids, its aggregates would run over every case.
  INSERT INTO case_figures SELECT f.* FROM`;

const fileCasesFiguresInSets = replacedOnce(
  replacedOnce(
    definitionIn(setBasedFiling, 'CREATE OR REPLACE FUNCTION file_cases(filings jsonb)'),
    `${FIGURES_ONE_BY_ONE} (SELECT bx.v AS filing, bx.n::integer AS pos, (bx.v->'case'->>'id')::uuid AS case_id, refs[bx.n::integer] AS ref
      FROM jsonb_array_elements(filings) WITH ORDINALITY AS bx(v, n) WHERE true) b, LATERAL (SELECT * FROM case_figures_source s WHERE s.case_id = b.case_id OFFSET 0) f
  ORDER BY b.pos;`,
    `  -- The batch's figures read together, each table once (0102), inserted in the array's order.
  INSERT INTO case_figures SELECT f.* FROM case_figures_of(ids) f JOIN unnest(ids) WITH ORDINALITY AS b(case_id, pos) ON b.case_id = f.case_id
  ORDER BY b.pos;`,
  ),
  '  filed jsonb;\nBEGIN\n',
  "  filed jsonb;\n  ids uuid[] := ARRAY(SELECT (x.v->'case'->>'id')::uuid FROM jsonb_array_elements(filings) WITH ORDINALITY AS x(v, n) ORDER BY x.n);\nBEGIN\n",
);

export const filingFiguresInSets = `
-- case_figures_source (0088) for the cases listed: each part of the view read for those cases only.
CREATE FUNCTION case_figures_of(ids uuid[]) RETURNS SETOF case_figures LANGUAGE sql STABLE AS $$
  SELECT c.id, c.mechanism_id, c.company_id, c.municipality_id, c.status, bogota_date(c.created_at), c.escalation_level > 0,
    c.red_flag AND c.red_flag_released_at IS NULL, COALESCE(k.categories, '{}'::uuid[]), bogota_date(c.first_acknowledged_at),
    mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(c.first_acknowledged_at)),
    bogota_date(c.first_resolved_at),
    mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(c.first_resolved_at)),
    COALESCE(a.reached, 0)::integer, COALESCE(a.kept, 0)::integer, COALESCE(s.total, 0)::integer, COALESCE(s.n, 0)::integer,
    COALESCE(d.settled, 0)::integer, COALESCE(d.met, 0)::integer, COALESCE(d.open_due_days, '{}'::date[]), d.overdue_from,
    c.escalation_level, c.red_flag, c.status <> ALL (ARRAY['resolved', 'not_admitted', 'withdrawn', 'closed_unresolved']),
    c.created_at, c.updated_at
  FROM cases c
  LEFT JOIN (SELECT case_id, array_agg(category_id ORDER BY category_id) AS categories
             FROM case_categories WHERE case_id = ANY (ids) GROUP BY case_id) k ON k.case_id = c.id
  LEFT JOIN (SELECT ag.case_id, count(*) AS reached,
                    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM commitments m WHERE m.agreement_id = ag.id AND m.status <> 'verified')) AS kept
             FROM agreements ag WHERE ag.status = 'accepted' AND ag.case_id = ANY (ids) GROUP BY ag.case_id) a ON a.case_id = c.id
  LEFT JOIN (SELECT case_id, sum(score) AS total, count(*) AS n FROM case_satisfaction WHERE case_id = ANY (ids) GROUP BY case_id) s
    ON s.case_id = c.id
  LEFT JOIN (SELECT case_id, count(*) FILTER (WHERE satisfied_at IS NOT NULL) AS settled,
                    count(*) FILTER (WHERE satisfied_at IS NOT NULL AND satisfied_at <= due_at) AS met,
                    array_agg((due_at AT TIME ZONE 'UTC')::date ORDER BY due_at) FILTER (WHERE satisfied_at IS NULL) AS open_due_days,
                    min(due_at) FILTER (WHERE satisfied_at IS NULL AND paused_at IS NULL) AS overdue_from
             FROM case_deadlines WHERE cancelled_at IS NULL AND case_id = ANY (ids) GROUP BY case_id) d ON d.case_id = c.id
  WHERE c.id = ANY (ids)
$$;

${fileCasesFiguresInSets}
`;
