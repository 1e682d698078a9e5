/**
 * The demo's taxonomy of root causes for coal mining in Cesar (issue #17 item 1), its companies' sites
 * and a few demo cases tagged with their causes (demo/learning.json) as rows, so the case page, the
 * oversight's recurrence and the admin's taxonomy screen have something true-to-life to show. Company
 * sites are invented like the companies; the causes are those communities near Cesar's open-pit mines
 * name most.
 */
import type { Queryable } from './database';
import { DEMO_LEARNING } from './demoData';

/** Inserts the demo taxonomy, sites and tags into the demo mechanism (inside the seed's transaction). */
export async function seedDemoLearning(tx: Queryable, mechanismId: string, ombudsmanId: string, at: Date): Promise<void> {
  for (const [categoryCode, causes] of Object.entries(DEMO_LEARNING.rootCauses)) {
    for (const [position, cause] of causes.entries()) {
      await tx.query(
        `INSERT INTO root_causes (mechanism_id, category_id, code, name, position)
         SELECT $1, id, $3, $4, $5 FROM categories WHERE mechanism_id = $1 AND code = $2`,
        [mechanismId, categoryCode, cause.code, JSON.stringify(cause.name), position],
      );
    }
  }
  for (const [slug, sites] of Object.entries(DEMO_LEARNING.sites)) {
    for (const site of sites) {
      await tx.query('INSERT INTO company_sites (company_id, name) SELECT id, $3 FROM companies WHERE mechanism_id = $1 AND slug = $2', [
        mechanismId,
        slug,
        site,
      ]);
    }
  }
  for (const tag of DEMO_LEARNING.tags) {
    await tx.query(
      `INSERT INTO case_root_causes (case_id, root_cause_id, site_id, stage, tagged_by_user_id, tagged_by_role, tagged_at, confirmed_at, confirmed_by_user_id)
       SELECT c.id, r.id, s.id, CASE WHEN c.status IN ('resolved', 'closed_unresolved', 'not_admitted') THEN 'closure' ELSE 'admission' END,
              $5, 'ombudsman', $6, $6, $5
       FROM cases c JOIN companies co ON co.id = c.company_id JOIN veredas v ON v.id = c.vereda_id
       JOIN root_causes r ON r.mechanism_id = c.mechanism_id AND r.code = $4
       LEFT JOIN company_sites s ON s.company_id = co.id AND s.name = $7
       WHERE c.mechanism_id = $1 AND co.slug = $2 AND v.name = $3`,
      [mechanismId, tag.company, tag.place, tag.cause, ombudsmanId, at, tag.site ?? null],
    );
  }
}
