/**
 * The effectiveness report's facts kept at write time (issue #16 §6, issue #17 item 4): at a million
 * cases the report read every case of its year with its events, deadlines and figures (35–42 s on
 * PostgreSQL, almost all of it reading and joining those tables).
 *
 * - `case_effectiveness`: one row per case with what it adds to the report (the columns it falls in and
 *   its facts), recomputed for the cases the writes touched — triggers per statement on cases, their
 *   figures (categories, satisfaction), events (admission, non-admission, reopening, forwarding),
 *   acknowledgement and first-answer deadlines, agreements, commitments, reprisal reports and referrals
 *   note the cases in case_effectiveness_pending; the keeper job (each minute) and the report before it
 *   reads refresh the noted cases together, so a filing pays for one small insert, not a recomputation.
 *   The facts that change with the clock alone are kept as the instant they start to count: the earliest
 *   due time of a running (unsatisfied, not paused, not called off) deadline of each stage, and the due
 *   dates of the commitments not yet confirmed nor verified. The report compares them with its `now`.
 * - `effectiveness_tallies` / `effectiveness_duration_tallies`: those rows summed per day of filing and
 *   cell, appended as signed rows by the refresh that changed a case's row (no row is updated in
 *   place, so filings never wait on each other here) and folded by the oversight keeper job. The report
 *   adds up a year of them: a few thousand rows instead of half a million cases.
 * - Durations are in the mechanism's business days: a calendar change marks the mechanism stale
 *   (0024), and `recount_effectiveness_durations` brings them back (the keeper job, or the report first).
 *
 * Equity answers stay sealed: the rows carry the blind index (0045) only, so withdrawing consent, a
 * redaction or rotate-key (which clear the index) takes the case out of its equity columns here too.
 * Backfilled below in one set-wise pass per mechanism (the mechanism's calendar as one array).
 * No existing function is redefined.
 */

/** The day's ordinal in the mechanism's calendar for the backfill (`cal` holds one mechanism's days). */
const NOT_A_BUSINESS_DAY = -2147483648;

type Between = (from: string, to: string) => string;

/**
 * mechanism_business_days (0024) written out, for the few cases a transaction changed: called as a
 * function, each of the five durations planned its query again on every refresh (PostgreSQL keeps a SQL
 * function's plan for one execution of the calling statement only); written out, it is planned once.
 */
const byFunction: Between = (from, to) => {
  const lost = (day: string) => `COALESCE((SELECT s.lost FROM calendar_shift s WHERE s.mechanism_id = c.mechanism_id AND s.day = ${day}), 0)`;
  return `(SELECT (t.ordinal - ${lost('t.day')}) - (f.ordinal - ${lost('f.day')})
          FROM business_days f, business_days t WHERE f.day = ${from} AND t.day = ${to})`;
};

/** The same read from `cal` (one mechanism's calendar as an array): for whole mechanisms at once. */
const byArray: Between = (from, to) =>
  `(NULLIF(cal.ordinals[${to} - cal.first + 1], ${NOT_A_BUSINESS_DAY}) - NULLIF(cal.ordinals[${from} - cal.first + 1], ${NOT_A_BUSINESS_DAY}))`;

/** The columns of case_effectiveness, in order (the upsert sets every one). */
const COLUMNS = [
  'case_id',
  'mechanism_id',
  'filed_on',
  'municipality_id',
  'equity_index',
  'status',
  'consequence_level',
  'petition_kind',
  'categories',
  'ack_settled',
  'ack_on_time',
  'ack_pending_from',
  'answer_settled',
  'answer_on_time',
  'answer_pending_from',
  'days_acknowledge',
  'days_admissibility',
  'days_agreement',
  'days_implementation',
  'days_response',
  'admitted',
  'agreement_reached',
  'commitments_settled',
  'commitments_kept',
  'commitments_pending',
  'ever_closed',
  'reopened',
  'satisfaction_sum',
  'satisfaction_count',
  'reprisal_reported',
  'referred',
  'forwarded',
  'ever_not_admitted',
];

/**
 * The rows of case_effectiveness for the cases `scope` selects (a query over `cases c`), as the report
 * counted them before (server/learning/effectivenessFacts.ts), with the clock left out.
 */
function facts(scope: string, between: Between, calendarOf?: string): string {
  return `WITH ${calendarOf ? `cal AS MATERIALIZED (${calendar(calendarOf)}),` : ''} scope AS MATERIALIZED (
       SELECT c.id, c.mechanism_id, c.municipality_id, c.status, c.consequence_level, c.petition_kind, c.equity_index,
              c.created_at, c.first_acknowledged_at, c.first_agreement_at, c.first_resolved_at
       FROM cases c WHERE ${scope}
     ),
     ev AS (
       SELECT ev.case_id,
              min(ev.created_at) FILTER (WHERE ev.kind IN ('cases.admit', 'cases.not_admit')) AS decided_at,
              min(ev.created_at) FILTER (WHERE ev.kind = 'cases.admit') AS admitted_at,
              min(ev.created_at) FILTER (WHERE ev.kind = 'cases.not_admit') AS not_admitted_at,
              min(ev.created_at) FILTER (WHERE ev.kind = 'cases.reopen') AS reopened_at,
              min(ev.created_at) FILTER (WHERE ev.kind = 'cases.referral_sent') AS forwarded_at
       FROM case_events ev JOIN scope s ON s.id = ev.case_id
       WHERE ev.kind IN ('cases.admit', 'cases.not_admit', 'cases.reopen', 'cases.referral_sent')
       GROUP BY ev.case_id
     ),
     -- A deadline counts once satisfied, or from its due time while it runs (not paused); met when satisfied by then.
     dl AS (
       SELECT x.case_id,
              bool_or(x.stage = 'acknowledge' AND x.satisfied_at IS NOT NULL) AS ack_settled,
              bool_and(x.satisfied_at <= x.due_at) FILTER (WHERE x.stage = 'acknowledge' AND x.satisfied_at IS NOT NULL) AS ack_on_time,
              min(x.due_at) FILTER (WHERE x.stage = 'acknowledge' AND x.satisfied_at IS NULL AND x.paused_at IS NULL) AS ack_pending_from,
              bool_or(x.stage = 'first_answer' AND x.satisfied_at IS NOT NULL) AS answer_settled,
              bool_and(x.satisfied_at <= x.due_at) FILTER (WHERE x.stage = 'first_answer' AND x.satisfied_at IS NOT NULL) AS answer_on_time,
              min(x.due_at) FILTER (WHERE x.stage = 'first_answer' AND x.satisfied_at IS NULL AND x.paused_at IS NULL) AS answer_pending_from,
              min(x.satisfied_at) FILTER (WHERE x.stage = 'first_answer') AS answered_at
       FROM case_deadlines x JOIN scope s ON s.id = x.case_id
       WHERE x.cancelled_at IS NULL AND x.stage IN ('acknowledge', 'first_answer')
       GROUP BY x.case_id
     ),
     -- A commitment counts once confirmed or verified, or from the day after its date; kept when reported
     -- done by its date and confirmed by the community.
     km AS (
       SELECT a.case_id,
              count(*) FILTER (WHERE m.confirmed_at IS NOT NULL OR m.status = 'verified')::int AS settled,
              count(*) FILTER (WHERE m.confirmed_at IS NOT NULL AND m.reported_at < (m.due_on + 1)::timestamp AT TIME ZONE 'America/Bogota')::int AS kept,
              array_agg(m.due_on ORDER BY m.due_on) FILTER (WHERE NOT (m.confirmed_at IS NOT NULL OR m.status = 'verified')) AS pending
       FROM agreements a JOIN commitments m ON m.agreement_id = a.id JOIN scope s ON s.id = a.case_id
       WHERE a.status = 'accepted'
       GROUP BY a.case_id
     ),
     reprisals AS (SELECT DISTINCT r.case_id FROM reprisal_reports r JOIN scope s ON s.id = r.case_id),
     referrals AS (SELECT DISTINCT x.case_id FROM case_referrals x JOIN scope s ON s.id = x.case_id)
     SELECT c.id AS case_id, c.mechanism_id, bogota_date(c.created_at) AS filed_on, c.municipality_id, c.equity_index, c.status,
            c.consequence_level, c.petition_kind, COALESCE(f.categories, '{}')::uuid[] AS categories,
            COALESCE(d.ack_settled, false) AS ack_settled, COALESCE(d.ack_on_time, true) AS ack_on_time, d.ack_pending_from,
            COALESCE(d.answer_settled, false) AS answer_settled, COALESCE(d.answer_on_time, true) AS answer_on_time, d.answer_pending_from,
            ${between('bogota_date(c.created_at)', 'bogota_date(c.first_acknowledged_at)')} AS days_acknowledge,
            ${between('bogota_date(c.first_acknowledged_at)', 'bogota_date(e.decided_at)')} AS days_admissibility,
            ${between('bogota_date(e.admitted_at)', 'bogota_date(c.first_agreement_at)')} AS days_agreement,
            ${between('bogota_date(c.first_agreement_at)', 'bogota_date(c.first_resolved_at)')} AS days_implementation,
            ${between('bogota_date(c.created_at)', 'bogota_date(LEAST(d.answered_at, e.not_admitted_at))')} AS days_response,
            e.admitted_at IS NOT NULL AS admitted,
            c.first_agreement_at IS NOT NULL AS agreement_reached,
            COALESCE(k.settled, 0) AS commitments_settled, COALESCE(k.kept, 0) AS commitments_kept,
            COALESCE(k.pending, '{}')::date[] AS commitments_pending,
            (e.reopened_at IS NOT NULL OR c.status IN ('resolved', 'closed_unresolved')) AS ever_closed,
            e.reopened_at IS NOT NULL AS reopened,
            COALESCE(f.satisfaction_sum, 0) AS satisfaction_sum, COALESCE(f.satisfaction_count, 0) AS satisfaction_count,
            r.case_id IS NOT NULL AS reprisal_reported,
            x.case_id IS NOT NULL AS referred,
            e.forwarded_at IS NOT NULL AS forwarded,
            e.not_admitted_at IS NOT NULL AS ever_not_admitted
     FROM ${calendarOf ? 'cal, ' : ''}scope c
     LEFT JOIN case_figures f ON f.case_id = c.id
     LEFT JOIN ev e ON e.case_id = c.id
     LEFT JOIN dl d ON d.case_id = c.id
     LEFT JOIN km k ON k.case_id = c.id
     LEFT JOIN reprisals r ON r.case_id = c.id
     LEFT JOIN referrals x ON x.case_id = c.id`;
}

/** One mechanism's calendar as one array (as the report read it): `first` day and the `ordinals` from it. */
const calendar = (mechanism: string) => `
       SELECT min(d.day) AS first, array_agg(COALESCE(b.ordinal - COALESCE(s.lost, 0), ${NOT_A_BUSINESS_DAY}) ORDER BY d.day) AS ordinals
       FROM (SELECT generate_series(min(day), max(day), interval '1 day')::date AS day FROM business_days) d
       LEFT JOIN business_days b ON b.day = d.day
       LEFT JOIN calendar_shift s ON s.mechanism_id = ${mechanism} AND s.day = d.day`;

/** What each of a cell's sums adds for one signed row `f` of case_effectiveness (in the tables' order). */
const SUMS: [string, string][] = [
  ['cases', 'sign'],
  ['ack_settled', 'sign * ack_settled::int'],
  ['ack_met', 'sign * (ack_settled AND ack_on_time)::int'],
  ['answer_settled', 'sign * answer_settled::int'],
  ['answer_met', 'sign * (answer_settled AND answer_on_time)::int'],
  ['admitted', 'sign * admitted::int'],
  ['agreement_reached', 'sign * (admitted AND agreement_reached)::int'],
  ['commitment_cases', 'sign * (commitments_settled > 0)::int'],
  ['commitments_settled', 'sign * commitments_settled'],
  ['commitments_kept', 'sign * commitments_kept'],
  ['commitment_cases_all_kept', 'sign * (commitments_settled > 0 AND commitments_kept = commitments_settled)::int'],
  ['ever_closed', 'sign * ever_closed::int'],
  ['reopened', 'sign * (ever_closed AND reopened)::int'],
  ['satisfaction_cases', 'sign * (satisfaction_count > 0)::int'],
  ['satisfaction_sum', 'sign * satisfaction_sum'],
  ['satisfaction_count', 'sign * satisfaction_count'],
  ['reprisal_reported', 'sign * reprisal_reported::int'],
  ['referred', 'sign * referred::int'],
  ['forwarded', 'sign * forwarded::int'],
  ['ever_not_admitted', 'sign * ever_not_admitted::int'],
];

/** The cell of effectiveness_tallies: the report's columns, the day of filing and the instants that count with the clock. */
const TALLY_KEY = `mechanism_id, filed_on, municipality_id, equity_index, status, consequence_level, petition_kind, categories,
           ack_pending_from, answer_pending_from, commitments_pending`;

/** The appends of a statement's signed rows of case_effectiveness (`changes`: its rows plus `sign`). */
function tallyStatements(changes: string, compacted = false): string {
  return `
    INSERT INTO effectiveness_tallies
    SELECT ${TALLY_KEY}, ${compacted}, ${SUMS.map(([, expr]) => `sum(${expr})`).join(', ')}
    FROM (${changes}) f GROUP BY ${TALLY_KEY}
    HAVING ${SUMS.map(([, expr]) => `sum(${expr}) <> 0`).join(' OR ')};
    INSERT INTO effectiveness_duration_tallies
    SELECT f.mechanism_id, f.filed_on, f.municipality_id, f.equity_index, f.petition_kind, x.duration, x.days, ${compacted}, sum(f.sign)
    FROM (${changes}) f,
         LATERAL (VALUES ('days_acknowledge', f.days_acknowledge), ('days_admissibility', f.days_admissibility),
                         ('days_agreement', f.days_agreement), ('days_implementation', f.days_implementation),
                         ('days_response', f.days_response)) AS x(duration, days)
    WHERE x.days IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(f.sign) <> 0;`;
}

/** Which cases a statement on a source table touched, per kind of statement (old_rows / new_rows). */
const SOURCES: { table: string; inserted?: string; updated?: string; deleted?: string }[] = [
  {
    table: 'cases',
    inserted: 'SELECT id FROM new_rows',
    updated: `SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE (n.mechanism_id, n.municipality_id, n.equity_index, n.status, n.consequence_level, n.petition_kind, n.created_at,
                     n.first_acknowledged_at, n.first_agreement_at, n.first_resolved_at)
                    IS DISTINCT FROM
                    (o.mechanism_id, o.municipality_id, o.equity_index, o.status, o.consequence_level, o.petition_kind, o.created_at,
                     o.first_acknowledged_at, o.first_agreement_at, o.first_resolved_at)`,
  },
  {
    table: 'case_figures',
    inserted: 'SELECT case_id FROM new_rows',
    updated: `SELECT n.case_id FROM new_rows n JOIN old_rows o ON o.case_id = n.case_id
              WHERE (n.categories, n.satisfaction_sum, n.satisfaction_count) IS DISTINCT FROM (o.categories, o.satisfaction_sum, o.satisfaction_count)`,
  },
  {
    table: 'case_events',
    inserted: `SELECT case_id FROM new_rows WHERE kind IN ('cases.admit', 'cases.not_admit', 'cases.reopen', 'cases.referral_sent')`,
  },
  {
    table: 'case_deadlines',
    inserted: `SELECT case_id FROM new_rows WHERE stage IN ('acknowledge', 'first_answer')`,
    updated: `SELECT x.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.case_id), (o.case_id)) x(case_id)
              WHERE (n.stage IN ('acknowledge', 'first_answer') OR o.stage IN ('acknowledge', 'first_answer'))
                AND (n.case_id, n.stage, n.satisfied_at, n.cancelled_at, n.paused_at, n.due_at)
                    IS DISTINCT FROM (o.case_id, o.stage, o.satisfied_at, o.cancelled_at, o.paused_at, o.due_at)`,
    deleted: `SELECT case_id FROM old_rows WHERE stage IN ('acknowledge', 'first_answer')`,
  },
  {
    table: 'agreements',
    inserted: 'SELECT case_id FROM new_rows',
    updated: `SELECT x.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.case_id), (o.case_id)) x(case_id)
              WHERE (n.case_id, n.status) IS DISTINCT FROM (o.case_id, o.status)`,
    deleted: 'SELECT case_id FROM old_rows',
  },
  {
    table: 'commitments',
    inserted: 'SELECT a.case_id FROM new_rows n JOIN agreements a ON a.id = n.agreement_id',
    updated: `SELECT a.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.agreement_id), (o.agreement_id)) x(agreement_id)
              JOIN agreements a ON a.id = x.agreement_id
              WHERE (n.agreement_id, n.status, n.confirmed_at, n.reported_at, n.due_on) IS DISTINCT FROM (o.agreement_id, o.status, o.confirmed_at, o.reported_at, o.due_on)`,
    deleted: 'SELECT a.case_id FROM old_rows o JOIN agreements a ON a.id = o.agreement_id',
  },
  { table: 'reprisal_reports', inserted: 'SELECT case_id FROM new_rows' },
  {
    table: 'case_referrals',
    inserted: 'SELECT case_id FROM new_rows',
    // Its key is the case and the remedy: an update (mostly of the outcome, which the report reads live) refreshes both sides.
    updated: 'SELECT case_id FROM new_rows UNION ALL SELECT case_id FROM old_rows',
    deleted: 'SELECT case_id FROM old_rows',
  },
];

function sourceTriggers(): string {
  return SOURCES.map(({ table, inserted, updated, deleted }) => {
    const branch = (op: string, query: string | undefined) =>
      query
        ? `IF TG_OP = '${op}' THEN
    INSERT INTO case_effectiveness_pending SELECT DISTINCT pg_current_xact_id(), t FROM (${query}) q(t) WHERE t IS NOT NULL ON CONFLICT DO NOTHING;
  END IF;`
        : '';
    return `
CREATE FUNCTION effectiveness_of_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${branch('INSERT', inserted)}
  ${branch('UPDATE', updated)}
  ${branch('DELETE', deleted)}
  RETURN NULL;
END;
$$;
${statementTriggers(table, `${table}_effectiveness`, `effectiveness_of_${table}`, { inserted, updated, deleted })}`;
  }).join('\n');
}

/** The columns of a case's cells and day of filing, in both case_effectiveness and its tallies. */
const CELL = `mechanism_id uuid NOT NULL,
  filed_on date NOT NULL,
  municipality_id uuid NOT NULL,
  equity_index text,
  status text NOT NULL,
  consequence_level smallint,
  petition_kind text NOT NULL,
  categories uuid[] NOT NULL,`;

/** AFTER … FOR EACH STATEMENT triggers `<name>_inserted` … of `table` running `fn`, for the statements that have a branch. */
function statementTriggers(table: string, name: string, fn: string, ops: { inserted?: unknown; updated?: unknown; deleted?: unknown }): string {
  const trigger = (op: string, when: string, referencing: string) =>
    `CREATE TRIGGER ${name}_${when} AFTER ${op} ON ${table} REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`;
  return [
    ops.inserted ? trigger('INSERT', 'inserted', 'NEW TABLE AS new_rows') : '',
    ops.updated ? trigger('UPDATE', 'updated', 'OLD TABLE AS old_rows NEW TABLE AS new_rows') : '',
    ops.deleted ? trigger('DELETE', 'deleted', 'OLD TABLE AS old_rows') : '',
  ].join('\n');
}

export const effectivenessTallies = `
CREATE TABLE case_effectiveness (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  ${CELL}
  -- Per stage: a satisfied deadline (and whether every satisfied one was met), and the earliest due time
  -- of a running one (the case counts as due, and late, from then on).
  ack_settled boolean NOT NULL,
  ack_on_time boolean NOT NULL,
  ack_pending_from timestamptz,
  answer_settled boolean NOT NULL,
  answer_on_time boolean NOT NULL,
  answer_pending_from timestamptz,
  days_acknowledge integer,
  days_admissibility integer,
  days_agreement integer,
  days_implementation integer,
  days_response integer,
  admitted boolean NOT NULL,
  agreement_reached boolean NOT NULL,
  -- Commitments of accepted agreements confirmed or verified, those kept, and the dates of the others.
  commitments_settled integer NOT NULL,
  commitments_kept integer NOT NULL,
  commitments_pending date[] NOT NULL,
  ever_closed boolean NOT NULL,
  reopened boolean NOT NULL,
  satisfaction_sum integer NOT NULL,
  satisfaction_count integer NOT NULL,
  reprisal_reported boolean NOT NULL,
  referred boolean NOT NULL,
  forwarded boolean NOT NULL,
  ever_not_admitted boolean NOT NULL
);
CREATE INDEX case_effectiveness_mechanism_idx ON case_effectiveness (mechanism_id);

-- compacted: folded by the keeper (one row per cell) or appended by a change (signed).
CREATE TABLE effectiveness_tallies (
  ${CELL}
  ack_pending_from timestamptz,
  answer_pending_from timestamptz,
  commitments_pending date[] NOT NULL,
  compacted boolean NOT NULL,
  ${SUMS.map(([column]) => `${column} integer NOT NULL`).join(',\n  ')}
);
CREATE INDEX effectiveness_tallies_period_idx ON effectiveness_tallies (mechanism_id, filed_on);
CREATE INDEX effectiveness_tallies_appended_idx ON effectiveness_tallies (mechanism_id, filed_on) WHERE NOT compacted;

CREATE TABLE effectiveness_duration_tallies (
  mechanism_id uuid NOT NULL,
  filed_on date NOT NULL,
  municipality_id uuid NOT NULL,
  equity_index text,
  petition_kind text NOT NULL,
  duration text NOT NULL,
  days integer NOT NULL,
  compacted boolean NOT NULL,
  n integer NOT NULL
);
CREATE INDEX effectiveness_duration_tallies_period_idx ON effectiveness_duration_tallies (mechanism_id, filed_on);
CREATE INDEX effectiveness_duration_tallies_appended_idx ON effectiveness_duration_tallies (mechanism_id, filed_on) WHERE NOT compacted;

-- Recomputes the rows of the given cases; the triggers below append the difference to the tallies.
-- One generic plan for any list of cases: the custom plan PostgreSQL would otherwise make on each call
-- cost more than running it (2.6 ms a new case against 0.9 ms, on the million), on every filing.
CREATE FUNCTION refresh_case_effectiveness(targets uuid[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF targets IS NULL OR cardinality(targets) = 0 THEN RETURN; END IF;
  INSERT INTO case_effectiveness
  ${facts('c.id = ANY(targets)', byFunction)}
  ORDER BY 1
  ON CONFLICT (case_id) DO UPDATE SET
    ${COLUMNS.slice(1)
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ')}
  WHERE (case_effectiveness.*) IS DISTINCT FROM (EXCLUDED.*);
END;
$$;

-- The cases whose facts changed since the last refresh. A filing writes its case, figures (twice),
-- events and deadlines: refreshed per statement it cost 3–4 recomputations, and once at its commit still
-- ~2–3 ms of database time a filing (filing bench, PostgreSQL). The statements only note the case here
-- (once a transaction: the key holds it), and the keeper job and the report itself refresh every noted case
-- in one set-wise pass (refresh_pending_case_effectiveness), as they recount durations after a calendar change.
CREATE TABLE case_effectiveness_pending (
  xact xid8 NOT NULL,
  case_id uuid NOT NULL,
  PRIMARY KEY (xact, case_id)
);

-- Takes every noted case and refreshes it; one at a time (a second waits, then finds what the first left).
CREATE FUNCTION refresh_pending_case_effectiveness() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE targets uuid[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('refresh_pending_case_effectiveness'));
  WITH taken AS (DELETE FROM case_effectiveness_pending RETURNING case_id)
  SELECT array_agg(DISTINCT case_id) INTO targets FROM taken;
  PERFORM refresh_case_effectiveness(targets);
  RETURN COALESCE(cardinality(targets), 0);
END;
$$;

CREATE FUNCTION tally_case_effectiveness_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
${tallyStatements('SELECT f.*, 1 AS sign FROM new_rows f')}
  ELSIF TG_OP = 'DELETE' THEN
${tallyStatements('SELECT f.*, -1 AS sign FROM old_rows f')}
  ELSE
${tallyStatements('SELECT f.*, -1 AS sign FROM old_rows f UNION ALL SELECT f.*, 1 AS sign FROM new_rows f')}
  END IF;
  RETURN NULL;
END;
$$;

-- Durations recounted under the mechanism's current calendar, for the cases whose count moved.
CREATE FUNCTION recount_effectiveness_durations(mechanism uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE changed integer;
BEGIN
  PERFORM set_config('work_mem', '64MB', true);
  UPDATE case_effectiveness e SET
    days_acknowledge = n.days_acknowledge, days_admissibility = n.days_admissibility, days_agreement = n.days_agreement,
    days_implementation = n.days_implementation, days_response = n.days_response
  FROM (${facts('c.mechanism_id = mechanism', byArray, 'mechanism')}) n
  WHERE e.case_id = n.case_id
    AND (e.days_acknowledge, e.days_admissibility, e.days_agreement, e.days_implementation, e.days_response)
        IS DISTINCT FROM (n.days_acknowledge, n.days_admissibility, n.days_agreement, n.days_implementation, n.days_response);
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END;
$$;

-- Every row again from the cases, mechanism by mechanism, and the tallies summed from them in one pass
-- each (the tallies' triggers are off meanwhile). For this migration and for data loaded with triggers off.
CREATE FUNCTION rebuild_effectiveness_facts() RETURNS void LANGUAGE plpgsql AS $$
DECLARE m uuid;
BEGIN
  -- Its joins hold a mechanism's cases: in memory, not spilled to disk (this transaction only).
  PERFORM set_config('work_mem', '64MB', true);
  LOCK TABLE case_effectiveness IN EXCLUSIVE MODE;
  ALTER TABLE case_effectiveness DISABLE TRIGGER case_effectiveness_tallies_inserted;
  ALTER TABLE case_effectiveness DISABLE TRIGGER case_effectiveness_tallies_deleted;
  DELETE FROM case_effectiveness;
  FOR m IN SELECT id FROM mechanisms LOOP
    INSERT INTO case_effectiveness ${facts('c.mechanism_id = m', byArray, 'm')};
  END LOOP;
  ALTER TABLE case_effectiveness ENABLE TRIGGER case_effectiveness_tallies_inserted;
  ALTER TABLE case_effectiveness ENABLE TRIGGER case_effectiveness_tallies_deleted;
  DELETE FROM effectiveness_tallies;
  DELETE FROM effectiveness_duration_tallies;
${tallyStatements('SELECT f.*, 1 AS sign FROM case_effectiveness f', true)}
END;
$$;

-- Folds the appended rows into one per cell, for the days they touched. One fold at a time; rows
-- appended meanwhile are not in this statement's snapshot and stay for the next run.
CREATE FUNCTION compact_effectiveness_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE folded integer := 0; moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('compact_effectiveness_tallies')) THEN RETURN 0; END IF;
  WITH touched AS (SELECT DISTINCT mechanism_id, filed_on FROM effectiveness_tallies WHERE NOT compacted),
       gone AS (DELETE FROM effectiveness_tallies t USING touched x
                WHERE t.mechanism_id = x.mechanism_id AND t.filed_on = x.filed_on RETURNING t.*)
  INSERT INTO effectiveness_tallies
  SELECT ${TALLY_KEY}, true, ${SUMS.map(([column]) => `sum(${column})`).join(', ')}
  FROM gone GROUP BY ${TALLY_KEY} HAVING sum(cases) <> 0;
  GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  WITH touched AS (SELECT DISTINCT mechanism_id, filed_on FROM effectiveness_duration_tallies WHERE NOT compacted),
       gone AS (DELETE FROM effectiveness_duration_tallies t USING touched x
                WHERE t.mechanism_id = x.mechanism_id AND t.filed_on = x.filed_on RETURNING t.*)
  INSERT INTO effectiveness_duration_tallies
  SELECT mechanism_id, filed_on, municipality_id, equity_index, petition_kind, duration, days, true, sum(n)
  FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0;
  GET DIAGNOSTICS moved = ROW_COUNT; folded := folded + moved;
  RETURN folded;
END;
$$;

${statementTriggers('case_effectiveness', 'case_effectiveness_tallies', 'tally_case_effectiveness_changes', { inserted: true, updated: true, deleted: true })}

SELECT rebuild_effectiveness_facts();
${sourceTriggers()}
`;
