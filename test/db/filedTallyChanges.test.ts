import { getTestServer, type TestServer } from '../support';
import { buildCase } from '../factories';
import { FILED_STORED_AND_RECOUNTED } from '../filedTallySupport';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import type { CaseRow } from '../../server/repositories/cases';
import type { Tx } from '../../server/db/database';

/**
 * The filed tallies (migration 0053) after any change equal the rows spread afresh. Since migration 0080 an
 * update spreads only the entries of a case that changed, so a change whose entries the trigger failed to
 * spread (an escalation in every slice's status row, a case moved to another month, municipality or
 * category) would leave a group off by one here.
 */
describe('Filed tallies of changed cases', () => {
  let server: TestServer;
  let cases: CaseRow[];
  beforeAll(async () => {
    server = await getTestServer();
    cases = [];
    for (const spec of [{ company: 'perija' }, { company: 'perija', redFlag: true }, { company: 'valle-cesar' }, { company: null }, {}, {}]) {
      cases.push(await buildCase(server.app.ctx, spec));
    }
  });
  afterAll(async () => {
    await server.close();
  });

  /** The groups stored (folded rows plus appended ones) that differ from those counted from `case_figures`. */
  async function differences(): Promise<unknown[]> {
    return server.db.query(
      `WITH ${FILED_STORED_AND_RECOUNTED}
       SELECT 'stored only' AS side, * FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM recounted) a
       UNION ALL SELECT 'recounted only', * FROM (SELECT * FROM recounted EXCEPT ALL SELECT * FROM stored) b`,
    );
  }

  async function appended(): Promise<number> {
    return Number((await server.db.one<{ n: string }>('SELECT count(*) AS n FROM oversight_filed_appends')).n);
  }

  /** Runs `change`, then expects the tallies to equal the recount and whether the change appended any group. */
  async function expectExactAfter(step: string, appends: 'appends' | 'appends nothing', change: (tx: Tx) => Promise<unknown>): Promise<void> {
    const before = await appended();
    await server.db.transaction(change);
    const after = await appended();
    expect({ step, differences: await differences(), appends: after > before ? 'appends' : 'appends nothing' }).toEqual({ step, differences: [], appends });
  }

  const id = (i: number) => cases[i]!.id;

  it('When cases are escalated, moved, recategorised, re-routed or answered, one at a time or many in one statement, Then the tallies equal the recount', async () => {
    expect(await differences()).toEqual([]);
    const otherMunicipality = (
      await server.db.one<{ id: string }>('SELECT m.id FROM municipalities m, cases c WHERE c.id = $1 AND m.id <> c.municipality_id ORDER BY m.id LIMIT 1', [
        id(2),
      ])
    ).id;
    const perija = (await server.db.one<{ id: string }>(`SELECT id FROM companies WHERE slug = 'perija'`)).id;

    await expectExactAfter('escalated 0 → 1', 'appends', (tx) => tx.query('UPDATE cases SET escalation_level = 1 WHERE id = $1', [id(0)]));
    // Nothing the tally reads moves: the pair is skipped, and the figures still agree.
    await expectExactAfter('escalated 1 → 2', 'appends nothing', (tx) => tx.query('UPDATE cases SET escalation_level = 2 WHERE id = $1', [id(0)]));
    await expectExactAfter('status', 'appends', (tx) => tx.query(`UPDATE cases SET status = 'in_dialogue' WHERE id = $1`, [id(0)]));
    await expectExactAfter('red flag released', 'appends', (tx) => tx.query('UPDATE cases SET red_flag_released_at = now() WHERE id = $1', [id(1)]));
    await expectExactAfter('municipality', 'appends', (tx) => tx.query('UPDATE cases SET municipality_id = $2 WHERE id = $1', [id(2), otherMunicipality]));
    await expectExactAfter('company', 'appends', (tx) => tx.query('UPDATE cases SET company_id = $2 WHERE id = $1', [id(3), perija]));
    await expectExactAfter('category added', 'appends', async (tx) => {
      await tx.query(
        `INSERT INTO case_categories (case_id, category_id)
         SELECT $1, id FROM categories WHERE mechanism_id = $2 AND id <> ALL ((SELECT categories FROM case_figures WHERE case_id = $1)::uuid[])
         ORDER BY position LIMIT 1`,
        [id(4), cases[4]!.mechanismId],
      );
    });
    await expectExactAfter('category replaced', 'appends', async (tx) => {
      const [first] = await tx.query<{ category_id: string }>('SELECT category_id FROM case_categories WHERE case_id = $1 ORDER BY category_id LIMIT 1', [
        id(4),
      ]);
      await tx.query('DELETE FROM case_categories WHERE case_id = $1 AND category_id = $2', [id(4), first!.category_id]);
      await tx.query(
        `INSERT INTO case_categories (case_id, category_id)
         SELECT $1, id FROM categories WHERE mechanism_id = $2 AND id <> $3 AND id <> ALL ((SELECT categories FROM case_figures WHERE case_id = $1)::uuid[])
         ORDER BY position DESC LIMIT 1`,
        [id(4), cases[4]!.mechanismId, first!.category_id],
      );
    });
    await expectExactAfter('filed a day earlier', 'appends', (tx) =>
      tx.query(`UPDATE cases SET created_at = created_at - interval '1 day' WHERE id = $1`, [id(5)]),
    );
    await expectExactAfter('filed 40 days earlier (another month)', 'appends', (tx) =>
      tx.query(`UPDATE cases SET created_at = created_at - interval '40 days' WHERE id = $1`, [id(5)]),
    );
    await expectExactAfter('acknowledged', 'appends', (tx) =>
      tx.query("UPDATE cases SET first_acknowledged_at = created_at + interval '2 days' WHERE id = $1", [id(2)]),
    );
    await expectExactAfter('overdue from another day', 'appends', (tx) =>
      tx.query(`UPDATE case_deadlines SET due_at = due_at - interval '3 days' WHERE case_id = $1 AND satisfied_at IS NULL`, [id(3)]),
    );
    await expectExactAfter('de-escalated', 'appends', (tx) => tx.query('UPDATE cases SET escalation_level = 0 WHERE id = $1', [id(0)]));

    // Many rows of one statement, each changed differently (or not at all): the pairs are matched by case.
    await expectExactAfter('many kinds in one statement', 'appends', (tx) =>
      tx.query(
        `UPDATE case_figures f SET
           escalated = CASE WHEN f.case_id = $1 THEN NOT f.escalated ELSE f.escalated END,
           status = CASE WHEN f.case_id = $2 THEN 'acknowledged' ELSE f.status END,
           municipality_id = CASE WHEN f.case_id = $3 THEN $7::uuid ELSE f.municipality_id END,
           filed_on = CASE WHEN f.case_id = $4 THEN f.filed_on + 35 ELSE f.filed_on END,
           red_flag_open = CASE WHEN f.case_id = $5 THEN NOT f.red_flag_open ELSE f.red_flag_open END,
           categories = CASE WHEN f.case_id = $6 THEN '{}' ELSE f.categories END,
           escalation_level = f.escalation_level + 1
         WHERE f.mechanism_id = $8`,
        [id(0), id(1), id(4), id(2), id(3), id(5), otherMunicipality, cases[0]!.mechanismId],
      ),
    );

    // The sweep: every overdue case escalated in one statement per batch.
    await server.db.query(`UPDATE case_deadlines SET due_at = $2::timestamptz - interval '2 days' WHERE case_id = ANY($1) AND satisfied_at IS NULL`, [
      cases.map((c) => c.id),
      server.clock.now(),
    ]);
    const before = await appended();
    const swept = await runDeadlineSweep(server.app.ctx);
    expect({ escalated: swept.escalated, failed: swept.failed, appended: (await appended()) > before, differences: await differences() }).toEqual({
      escalated: expect.any(Number),
      failed: 0,
      appended: true,
      differences: [],
    });
    expect(swept.escalated).toBeGreaterThan(1);
  }, 120_000);
});
