/**
 * The CSV export in its index's order again, with escalations still HOT updates of the case row (issue #16
 * §6, docs/scaling.md "Oversight at a million cases", session 14). 0087 took the two columns an escalation
 * changes (`escalation_level`, `updated_at`) out of `cases_export_idx`, so the export read them from the case
 * rows: at a million cases PostgreSQL then picked one company's year by `cases_company_idx`, read its heap pages
 * and sorted them in memory before the first row (811 ms).
 *
 * `case_figures` already holds the level and is rewritten by every escalation anyway (not HOT: its list
 * indexes are ordered by the level). It now also holds the case's update time, kept by the same triggers, and
 * one index in the export's order (mechanism, filing time, id, as `cases_export_idx`) carries both. The export
 * reads `cases_export_idx` in order and probes this one for each case (index-only, the probes walking it in
 * the same order), visiting no case row. An escalation writes one index entry more in `case_figures`; the
 * case row stays HOT.
 */
import { oversightList } from './0037_oversight_list';
import { definitionIn, figuresOfUpdatedCasesStoppingEarly, replacedOnce } from './0058_filing_without_cascades';

const viewStart = 'CREATE OR REPLACE VIEW case_figures_source AS';
const view = oversightList.slice(oversightList.indexOf(viewStart), oversightList.indexOf(';\n', oversightList.indexOf(viewStart)) + 2);

/** 0037's view with the update time last (the table's new column is last too: rows go in by `SELECT *`). */
const sourceWithUpdateTime = replacedOnce(view, '       c.created_at AS filed_at\nFROM cases c', '       c.created_at AS filed_at, c.updated_at\nFROM cases c');

const refreshWithUpdateTime = replacedOnce(
  definitionIn(oversightList, 'CREATE OR REPLACE FUNCTION refresh_case_figures(target uuid)'),
  'filed_at = EXCLUDED.filed_at\n',
  'filed_at = EXCLUDED.filed_at, updated_at = EXCLUDED.updated_at\n',
);

/** 0058's trigger: an update time that moved alone (a claim, an escalation) is copied as the level is. */
const updatedCasesWithUpdateTime = [
  ['n.escalation_level) IS DISTINCT FROM', 'n.escalation_level, n.updated_at) IS DISTINCT FROM'],
  ['o.escalation_level)) THEN', 'o.escalation_level, o.updated_at)) THEN'],
  ['escalation_level = n.escalation_level\n', 'escalation_level = n.escalation_level, updated_at = n.updated_at\n'],
  [
    'AND f.escalation_level IS DISTINCT FROM n.escalation_level;',
    'AND (f.escalation_level, f.updated_at) IS DISTINCT FROM (n.escalation_level, n.updated_at);',
  ],
].reduce((text, [from, to]) => replacedOnce(text, from!, to!), figuresOfUpdatedCasesStoppingEarly);

export const exportFigures = `
ALTER TABLE case_figures ADD COLUMN updated_at timestamptz;
${sourceWithUpdateTime}
-- The existing rows: no tally counts the update time.
ALTER TABLE case_figures DISABLE TRIGGER USER;
UPDATE case_figures f SET updated_at = c.updated_at FROM cases c WHERE c.id = f.case_id;
ALTER TABLE case_figures ENABLE TRIGGER USER;
ALTER TABLE case_figures ALTER COLUMN updated_at SET NOT NULL;

${refreshWithUpdateTime}

${updatedCasesWithUpdateTime}

CREATE INDEX case_figures_export_idx ON case_figures (mechanism_id, filed_at DESC, case_id DESC) INCLUDE (escalation_level, updated_at);
`;
