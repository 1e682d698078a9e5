/**
 * The oversight's drill-down list at a million cases (issue #16 §6): its first page for one company's
 * overdue cases took 2.6–4.7 s, because counting and sorting read every matching case row (~29,000)
 * from a cold heap to keep 200.
 *
 * `case_figures` (0024) already holds what the list filters on (company, municipality, status,
 * categories, filing date, the queues). It now also holds what the list is ordered by — escalation
 * level, red flag raised, open or closed, filing time — still defined only by `case_figures_source`
 * and kept by the same triggers, and two indexes in exactly the list's order (one per mechanism, one
 * per mechanism and company) carry `overdue_from`, so a page, overdue queue included, is read in order
 * from an index and stops after a page's worth, continuing from a keyset cursor. The index of 0024 on
 * the mechanism alone is covered by the new one and dropped (a filing still writes one index more).
 */
export const oversightList = `
ALTER TABLE case_figures
  ADD COLUMN escalation_level integer NOT NULL DEFAULT 0,
  ADD COLUMN red_flag boolean NOT NULL DEFAULT false,
  ADD COLUMN is_open boolean NOT NULL DEFAULT true,
  ADD COLUMN filed_at timestamptz;

CREATE OR REPLACE VIEW case_figures_source AS
SELECT c.id AS case_id, c.mechanism_id, c.company_id, c.municipality_id, c.status,
       bogota_date(c.created_at) AS filed_on,
       c.escalation_level > 0 AS escalated,
       (c.red_flag AND c.red_flag_released_at IS NULL) AS red_flag_open,
       COALESCE(k.categories, '{}') AS categories,
       bogota_date(c.first_acknowledged_at) AS acknowledged_on,
       mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(c.first_acknowledged_at)) AS acknowledge_days,
       bogota_date(c.first_resolved_at) AS resolved_on,
       mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(c.first_resolved_at)) AS resolve_days,
       COALESCE(a.reached, 0)::int AS agreements_reached, COALESCE(a.kept, 0)::int AS agreements_kept,
       COALESCE(s.total, 0)::int AS satisfaction_sum, COALESCE(s.n, 0)::int AS satisfaction_count,
       COALESCE(d.settled, 0)::int AS deadlines_settled, COALESCE(d.met, 0)::int AS deadlines_met,
       COALESCE(d.open_due_days, '{}') AS open_due_days, d.overdue_from,
       c.escalation_level, c.red_flag,
       c.status NOT IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved') AS is_open,
       c.created_at AS filed_at
FROM cases c
LEFT JOIN (SELECT case_id, array_agg(category_id ORDER BY category_id) AS categories FROM case_categories GROUP BY case_id) k ON k.case_id = c.id
LEFT JOIN (SELECT ag.case_id, count(*) AS reached,
                  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM commitments m WHERE m.agreement_id = ag.id AND m.status <> 'verified')) AS kept
           FROM agreements ag WHERE ag.status = 'accepted' GROUP BY ag.case_id) a ON a.case_id = c.id
LEFT JOIN (SELECT case_id, sum(score) AS total, count(*) AS n FROM case_satisfaction GROUP BY case_id) s ON s.case_id = c.id
LEFT JOIN (SELECT case_id,
                  count(*) FILTER (WHERE satisfied_at IS NOT NULL) AS settled,
                  count(*) FILTER (WHERE satisfied_at IS NOT NULL AND satisfied_at <= due_at) AS met,
                  array_agg((due_at AT TIME ZONE 'UTC')::date ORDER BY due_at) FILTER (WHERE satisfied_at IS NULL) AS open_due_days,
                  min(due_at) FILTER (WHERE satisfied_at IS NULL AND paused_at IS NULL) AS overdue_from
           FROM case_deadlines WHERE cancelled_at IS NULL GROUP BY case_id) d ON d.case_id = c.id;

-- The existing rows: nothing any tally counts changes, so the tallies' trigger stays out of it.
ALTER TABLE case_figures DISABLE TRIGGER case_figures_tallies_updated;
UPDATE case_figures f SET escalation_level = c.escalation_level, red_flag = c.red_flag,
       is_open = c.status NOT IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved'), filed_at = c.created_at
FROM cases c WHERE c.id = f.case_id;
ALTER TABLE case_figures ENABLE TRIGGER case_figures_tallies_updated;
ALTER TABLE case_figures ALTER COLUMN filed_at SET NOT NULL,
  ALTER COLUMN escalation_level DROP DEFAULT, ALTER COLUMN red_flag DROP DEFAULT, ALTER COLUMN is_open DROP DEFAULT;

-- The list's order (server/repositories/oversightList.ts): escalated first, then red-flagged, open
-- before closed, newest first, the case id breaking ties so a cursor names one place.
DROP INDEX case_figures_mechanism_idx;
CREATE INDEX case_figures_list_idx ON case_figures
  (mechanism_id, escalation_level DESC, red_flag DESC, is_open DESC, filed_at DESC, case_id DESC) INCLUDE (overdue_from);
CREATE INDEX case_figures_company_list_idx ON case_figures
  (mechanism_id, company_id, escalation_level DESC, red_flag DESC, is_open DESC, filed_at DESC, case_id DESC) INCLUDE (overdue_from);

CREATE OR REPLACE FUNCTION refresh_case_figures(target uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF target IS NULL THEN RETURN; END IF;
  INSERT INTO case_figures SELECT * FROM case_figures_source WHERE case_id = target
  ON CONFLICT (case_id) DO UPDATE SET
    mechanism_id = EXCLUDED.mechanism_id, company_id = EXCLUDED.company_id, municipality_id = EXCLUDED.municipality_id,
    status = EXCLUDED.status, filed_on = EXCLUDED.filed_on, escalated = EXCLUDED.escalated, red_flag_open = EXCLUDED.red_flag_open,
    categories = EXCLUDED.categories, acknowledged_on = EXCLUDED.acknowledged_on, acknowledge_days = EXCLUDED.acknowledge_days,
    resolved_on = EXCLUDED.resolved_on, resolve_days = EXCLUDED.resolve_days, agreements_reached = EXCLUDED.agreements_reached,
    agreements_kept = EXCLUDED.agreements_kept, satisfaction_sum = EXCLUDED.satisfaction_sum,
    satisfaction_count = EXCLUDED.satisfaction_count, deadlines_settled = EXCLUDED.deadlines_settled,
    deadlines_met = EXCLUDED.deadlines_met, open_due_days = EXCLUDED.open_due_days, overdue_from = EXCLUDED.overdue_from,
    escalation_level = EXCLUDED.escalation_level, red_flag = EXCLUDED.red_flag, is_open = EXCLUDED.is_open, filed_at = EXCLUDED.filed_at
  WHERE (case_figures.*) IS DISTINCT FROM (EXCLUDED.*);
END;
$$;

-- 0033's shortcut for the sweep, now keeping the level itself (the list is ordered by it): a level
-- rising 1 → 2 moves the case in the list, and still no tally.
CREATE OR REPLACE FUNCTION refresh_figures_of_updated_cases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
BEGIN
  UPDATE case_figures f SET escalated = n.escalation_level > 0, escalation_level = n.escalation_level
  FROM new_cases n JOIN old_cases o ON o.id = n.id
  WHERE f.case_id = n.id
    AND (n.mechanism_id, n.company_id, n.municipality_id, n.status, n.created_at, n.red_flag, n.red_flag_released_at,
         n.first_acknowledged_at, n.first_resolved_at)
        IS NOT DISTINCT FROM
        (o.mechanism_id, o.company_id, o.municipality_id, o.status, o.created_at, o.red_flag, o.red_flag_released_at,
         o.first_acknowledged_at, o.first_resolved_at)
    AND f.escalation_level IS DISTINCT FROM n.escalation_level;
  FOR target IN
    SELECT n.id FROM new_cases n JOIN old_cases o ON o.id = n.id
    WHERE (n.mechanism_id, n.company_id, n.municipality_id, n.status, n.created_at, n.red_flag, n.red_flag_released_at,
           n.first_acknowledged_at, n.first_resolved_at)
          IS DISTINCT FROM
          (o.mechanism_id, o.company_id, o.municipality_id, o.status, o.created_at, o.red_flag, o.red_flag_released_at,
           o.first_acknowledged_at, o.first_resolved_at)
  LOOP
    PERFORM refresh_case_figures(target);
  END LOOP;
  RETURN NULL;
END;
$$;
`;
