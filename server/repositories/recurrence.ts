/**
 * Recurrence counted from the record (learning/recurrence.ts says what each kind means): per kind,
 * month (America/Bogota), company, confirmed cause and place, and the totals per kind. SQL in one
 * place; plain objects out.
 */
import type { RecurrenceKind } from '../../shared/types/learning';
import type { Queryable } from '../db/database';

/** The mechanism and the instants (inclusive) whose recurrence is counted. */
export interface RecurrenceSpan {
  mechanismId: string;
  from: Date;
  to: Date;
}

/** One row of the figures: how many of `kind` a month, company, cause and place saw. */
export interface RecurrenceRow {
  kind: RecurrenceKind;
  month: string;
  company: string | null;
  cause: Record<string, string> | null;
  municipality: string;
  vereda: string | null;
  count: number;
}

/** A case's confirmed causes, one row each, or one row without a cause. */
const CAUSES_OF = (alias: string) => `LEFT JOIN LATERAL (
    SELECT r.id AS cause_id, r.name AS cause_name FROM case_root_causes t JOIN root_causes r ON r.id = t.root_cause_id
    WHERE t.case_id = ${alias}.id AND t.confirmed_at IS NOT NULL
    UNION ALL SELECT NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = ${alias}.id AND t.confirmed_at IS NOT NULL)
  ) causes ON true`;

const PLACE = `
  LEFT JOIN companies co ON co.id = c.company_id
  JOIN municipalities mu ON mu.id = c.municipality_id
  LEFT JOIN veredas v ON v.id = c.vereda_id`;

/** Every counted event (kind, case, when, cause of the same-cause kind), as CTEs; parameters: mechanism, from, to (RecurrenceSpan's order). */
const COUNTED = `WITH resolutions AS (
       SELECT e.case_id, max(e.created_at) AS resolved_at FROM case_events e JOIN cases p ON p.id = e.case_id
       WHERE p.mechanism_id = $1 AND e.kind = 'cases.resolve' GROUP BY e.case_id
     ), counted AS (
       -- Same cause and place after a resolved case.
       SELECT 'same_cause_place' AS kind, c.id, c.created_at AS at, t.root_cause_id AS cause_id
       FROM cases c JOIN case_root_causes t ON t.case_id = c.id AND t.confirmed_at IS NOT NULL
       WHERE c.mechanism_id = $1 AND c.created_at BETWEEN $2 AND $3
         AND EXISTS (
           SELECT 1 FROM cases p JOIN resolutions rs ON rs.case_id = p.id
           JOIN case_root_causes pt ON pt.case_id = p.id AND pt.root_cause_id = t.root_cause_id AND pt.confirmed_at IS NOT NULL
           WHERE p.id <> c.id AND p.mechanism_id = $1 AND rs.resolved_at < c.created_at
             AND p.municipality_id = c.municipality_id AND p.vereda_id IS NOT DISTINCT FROM c.vereda_id)
       UNION ALL
       -- The same complainant again.
       SELECT 'same_complainant', c.id, c.created_at, NULL
       FROM cases c
       WHERE c.mechanism_id = $1 AND c.created_at BETWEEN $2 AND $3 AND c.complainant_user_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM cases p WHERE p.complainant_user_id = c.complainant_user_id AND p.mechanism_id = $1 AND p.created_at < c.created_at)
       UNION ALL
       -- Reopened, and reopened after every commitment was verified.
       SELECT CASE WHEN e.from_status = 'resolved' AND EXISTS (
                SELECT 1 FROM agreements a JOIN commitments k ON k.agreement_id = a.id
                WHERE a.case_id = c.id AND k.verified_at IS NOT NULL AND k.verified_at < e.created_at)
              THEN 'broken_after_verification' ELSE 'reopened' END,
              c.id, e.created_at, NULL
       FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE c.mechanism_id = $1 AND e.kind = 'cases.reopen' AND e.created_at BETWEEN $2 AND $3
     )`;

const MONTH = (column: string) => `to_char(${column} AT TIME ZONE 'America/Bogota', 'YYYY-MM')`;

const paramsOf = (span: RecurrenceSpan) => [span.mechanismId, span.from, span.to];

/** The counts by kind, month, company, cause and place; a case with several confirmed causes counts under each. */
export function recurrenceRows(db: Queryable, span: RecurrenceSpan): Promise<RecurrenceRow[]> {
  return db.query<RecurrenceRow>(
    `${COUNTED}
     SELECT k.kind, ${MONTH('k.at')} AS month, co.name AS company, causes.cause_name AS cause, mu.name AS municipality, v.name AS vereda,
            count(*)::int AS count
     FROM (SELECT kind, id, at, cause_id FROM counted WHERE cause_id IS NOT NULL) k
     JOIN cases c ON c.id = k.id ${PLACE}
     JOIN LATERAL (SELECT r.name AS cause_name FROM root_causes r WHERE r.id = k.cause_id) causes ON true
     GROUP BY 1, 2, 3, 4, 5, 6
     UNION ALL
     SELECT k.kind, ${MONTH('k.at')}, co.name, causes.cause_name, mu.name, v.name, count(*)::int
     FROM (SELECT kind, id, at FROM counted WHERE cause_id IS NULL) k
     JOIN cases c ON c.id = k.id ${PLACE}
     ${CAUSES_OF('c')}
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 2, 1, 3, 5, 6`,
    paramsOf(span),
  );
}

/** How many cases recurred, by kind: a case of two causes is one recurrence, not the rows' cause-by-cause counts. */
export function recurrenceCounts(db: Queryable, span: RecurrenceSpan): Promise<{ kind: RecurrenceKind; count: number }[]> {
  return db.query(`${COUNTED} SELECT kind, count(DISTINCT (id, at))::int AS count FROM counted GROUP BY kind`, paramsOf(span));
}
