/**
 * The filed tallies of a changed figures row spread only over what changed (issue #16 §7, docs/scaling.md
 * "Deadline sweep in sets", session 13). 0053's `tally_filed_changes` spread every old and new `case_figures`
 * row of an `UPDATE` over all its slices, spans and facets (~21 entries a row) and summed them per group, so
 * a sweep batch of 500 escalations spread ~21,000 entries to append ~70 sums: ~1 s of PostgreSQL CPU per
 * 10,000 cases (measured by dropping the trigger on a copy, session 12).
 *
 * An entry is one (slice, span, facet) of a row: its group is the row's mechanism and company, the slice's
 * key, the span's day and the facet's key (status, municipality, day or month and days); its counted values
 * are 1 case and, in the `status` facet only, the row's escalated and red-flag flags. For an `UPDATE`, each
 * old row is paired with the new row of the same case, and now:
 * - a pair equal in every column the tally reads, as it reads them (a level rising 1 → 2, a satisfaction
 *   answer, a deadline stamped), spreads into nothing: its old and new entries are the same; and the old row
 *   of a pair whose groups all stay (an escalation: only the flags in the `status` facet moved, and the case
 *   joins the escalated slice rather than leaving one) is not spread at all;
 * - otherwise an entry whose group is the same in the old and the new row (same owner, the slice in both,
 *   the span's day and the facet's key unchanged) is left out of both sides, and if its counted values
 *   moved (an escalation in the `status` facet) the new side gives one entry of the difference (0 cases,
 *   +1 escalated) instead of −1 and +1;
 * - every other entry is spread as before: old ones negated, new ones as they are.
 * So the same groups get the same sums as before, only without spreading the entries that cancelled out
 * in them: an escalation now spreads ~14 entries where it spread ~42 (old and new). A row without a
 * partner (the case id itself changed) is spread whole. A category slice counts as the same only when the
 * two rows' category lists are equal, so a recategorised case spreads all its category entries again
 * (exact whatever the lists hold). Inserts and deletes spread whole, as before.
 *
 * The function keeps 0073's setting (the sums hashed, not sorted): a `CREATE OR REPLACE` drops it. It also
 * runs without JIT: the planner guesses the transition tables' sizes and the laterals' rows, which put the
 * new statement's cost above `jit_above_cost`, and compiling it took ~70 ms a batch on this machine where
 * running it takes ~20 ms (0053's statement stayed just under the threshold).
 */
import { tallyFiledChangesBody } from './0053_filed_tallies';

/**
 * The entries of one side of the updated pairs that did not cancel out: `f` is that side's row, `g` its
 * partner of the other side (NULL when it has none), `same` whether an entry's group is the partner's too.
 */
function changedEntries(side: 'old' | 'new'): string {
  const [mine, theirs] = side === 'old' ? ['old_figures', 'new_figures'] : ['new_figures', 'old_figures'];
  // What places a row's entries in their groups, as the tally reads it.
  const keys = (r: string) =>
    `(${r}.mechanism_id, ${r}.company_id, ${r}.categories, ${r}.municipality_id, ${r}.status, ${r}.filed_on, utc_day(${r}.overdue_from),
      date_trunc('month', ${r}.acknowledged_on), ${r}.acknowledge_days, date_trunc('month', ${r}.resolved_on), ${r}.resolve_days)`;
  // Which pairs can give an entry on this side: an old row only when one of its groups is not the new row's
  // (a key moved, or it leaves a queue's slice); a new row also when its flags moved.
  const pairs =
    side === 'old'
      ? `(g.case_id IS NULL OR ${keys('f')} IS DISTINCT FROM ${keys('g')} OR (f.escalated AND NOT g.escalated) OR (f.red_flag_open AND NOT g.red_flag_open))`
      : `(g.case_id IS NULL OR ${keys('f')} IS DISTINCT FROM ${keys('g')} OR (f.escalated, f.red_flag_open) IS DISTINCT FROM (g.escalated, g.red_flag_open))`;
  const same = `COALESCE(f.mechanism_id = g.mechanism_id AND f.company_id IS NOT DISTINCT FROM g.company_id AND k.same AND s.same AND x.same, false)`;
  // The old side gives its entries whose group changed, negated; the new side gives its own, and for a group
  // both have, the difference of the counted values when there is one.
  const [counts, emitted] =
    side === 'old'
      ? ['-1, -x.escalated, -x.red_flag_open', `NOT ${same}`]
      : [
          `CASE WHEN ${same} THEN 0 ELSE 1 END, x.escalated - CASE WHEN ${same} THEN x.their_escalated ELSE 0 END,
           x.red_flag_open - CASE WHEN ${same} THEN x.their_red_flag_open ELSE 0 END`,
          `(NOT ${same} OR x.escalated <> x.their_escalated OR x.red_flag_open <> x.their_red_flag_open)`,
        ];
  return `
    SELECT f.mechanism_id, f.company_id, k.slice, k.slice_key, s.span, s.filed_on, x.facet, x.status, x.municipality_id, x.on_day, x.days,
           ${counts}
    FROM ${mine} f LEFT JOIN ${theirs} g ON g.case_id = f.case_id,
         LATERAL (SELECT 'all' AS slice, '' AS slice_key, true AS same
                  UNION ALL SELECT 'category', c::text, f.categories = g.categories FROM unnest(f.categories) c
                  UNION ALL SELECT 'municipality', f.municipality_id::text, f.municipality_id = g.municipality_id
                  UNION ALL SELECT 'status', f.status, f.status = g.status
                  UNION ALL SELECT 'escalated', '', g.escalated WHERE f.escalated
                  UNION ALL SELECT 'red_flag', '', g.red_flag_open WHERE f.red_flag_open) k,
         LATERAL (VALUES ('day', f.filed_on, f.filed_on = g.filed_on),
                         ('month', date_trunc('month', f.filed_on)::date, date_trunc('month', f.filed_on) = date_trunc('month', g.filed_on)))
           AS s(span, filed_on, same),
         LATERAL (VALUES ('status', f.status, NULL::uuid, NULL::date, NULL::integer, f.escalated::int, f.red_flag_open::int,
                          g.escalated::int, g.red_flag_open::int, f.status = g.status),
                         ('municipality', NULL, f.municipality_id, NULL, NULL, 0, 0, 0, 0, f.municipality_id = g.municipality_id),
                         ('overdue', NULL, NULL, utc_day(f.overdue_from), NULL, 0, 0, 0, 0, utc_day(f.overdue_from) = utc_day(g.overdue_from)),
                         ('acknowledged', NULL, NULL, date_trunc('month', f.acknowledged_on)::date, f.acknowledge_days, 0, 0, 0, 0,
                          date_trunc('month', f.acknowledged_on) = date_trunc('month', g.acknowledged_on)
                            AND f.acknowledge_days IS NOT DISTINCT FROM g.acknowledge_days),
                         ('resolved', NULL, NULL, date_trunc('month', f.resolved_on)::date, f.resolve_days, 0, 0, 0, 0,
                          date_trunc('month', f.resolved_on) = date_trunc('month', g.resolved_on)
                            AND f.resolve_days IS NOT DISTINCT FROM g.resolve_days))
           AS x(facet, status, municipality_id, on_day, days, escalated, red_flag_open, their_escalated, their_red_flag_open, same)
    WHERE ${pairs}
      AND (x.facet IN ('status', 'municipality') OR x.on_day IS NOT NULL)
      AND ${emitted}`;
}

export const filedTallyChanges = `
CREATE OR REPLACE FUNCTION tally_filed_changes() RETURNS trigger LANGUAGE plpgsql SET enable_sort = off SET jit = off AS $$
${tallyFiledChangesBody(`
    SELECT mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days,
           sum(cases)::int, sum(escalated)::int, sum(red_flag_open)::int
    FROM (${changedEntries('old')}
          UNION ALL ${changedEntries('new')}) e (mechanism_id, company_id, slice, slice_key, span, filed_on, facet, status, municipality_id, on_day, days,
                                                 cases, escalated, red_flag_open)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    HAVING sum(cases) <> 0 OR sum(escalated) <> 0 OR sum(red_flag_open) <> 0`)}
$$;
`;
