import { getTestServer, type TestServer } from '../support';
import { buildCase } from '../factories';
import { tallyDifferences } from '../filedTallySupport';
import { figuresChangeStamp } from '../../server/repositories/oversightTallies';
import type { CaseRow } from '../../server/repositories/cases';
import type { Tx } from '../../server/db/database';

/** What the tallies a level-only change does not reach append to (migrations 0033, 0043, 0095, 0040). */
const UNREACHED = [
  'oversight_period_tallies',
  'oversight_duration_tallies',
  'oversight_group_duration_tallies',
  'oversight_category_tallies',
  'oversight_due_tallies',
  'oversight_overdue_tallies',
  'oversight_scorecard_appends',
  'case_effectiveness_pending',
];

/**
 * A change of cases that moves only their escalation level (the deadline sweep's, migration 0096) is tallied by one
 * trigger of its own, which spreads only what an escalation moves: the escalated count of every slice the case is
 * in and the escalated queue's slice, which the case joins or leaves. So a case whose red flag is open, with
 * categories, acknowledged, resolved or overdue escalates into groups the other cases do not reach, and a wrong or
 * missing entry leaves one of them off by one here.
 */
describe('Figures of cases whose level alone moved', () => {
  let server: TestServer;
  let cases: CaseRow[];
  beforeAll(async () => {
    server = await getTestServer();
    cases = [];
    for (const spec of [{ company: 'perija', redFlag: true }, { company: 'perija' }, { company: 'valle-cesar' }, { company: null }, {}, {}]) {
      cases.push(await buildCase(server.app.ctx, spec));
    }
    const id = (i: number) => cases[i]!.id;
    await server.db.transaction(async (tx) => {
      // Two categories on one case, acknowledged on another, one resolved, one overdue since days ago.
      await tx.query(
        `INSERT INTO case_categories (case_id, category_id)
         SELECT $1, id FROM categories WHERE mechanism_id = $2 ORDER BY position LIMIT 2 ON CONFLICT DO NOTHING`,
        [id(1), cases[1]!.mechanismId],
      );
      await tx.query(`UPDATE cases SET first_acknowledged_at = created_at + interval '2 days' WHERE id = $1`, [id(2)]);
      await tx.query(
        `UPDATE cases SET status = 'resolved', first_acknowledged_at = created_at + interval '1 day', first_resolved_at = created_at + interval '9 days'
         WHERE id = $1`,
        [id(4)],
      );
      await tx.query(`UPDATE case_deadlines SET due_at = $2::timestamptz - interval '3 days' WHERE case_id = $1 AND satisfied_at IS NULL`, [
        id(5),
        server.clock.now(),
      ]);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const differences = () => tallyDifferences(server.db);

  /** Rows in the tables only other changes append to. */
  async function unreached(): Promise<Record<string, number>> {
    const row = await server.db.one<Record<string, string>>(`SELECT ${UNREACHED.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
    return Object.fromEntries(Object.entries(row).map(([table, n]) => [table, Number(n)]));
  }

  /**
   * Runs `change`, then expects both tallies to equal the recount and the figures' stamp moved, and (unless the change
   * also moves more than levels) nothing else appended.
   */
  async function expectExactAfter(step: string, change: (tx: Tx) => Promise<unknown>, others: 'levels only' | 'more' = 'levels only'): Promise<void> {
    const before = await unreached();
    const stamp = await figuresChangeStamp(server.db);
    await server.db.transaction(change);
    const after = await unreached();
    expect({ step, differences: await differences(), stampMoved: (await figuresChangeStamp(server.db)) !== stamp }).toEqual({
      step,
      differences: [],
      stampMoved: true,
    });
    if (others === 'levels only') expect({ step, others: after }).toEqual({ step, others: before });
  }

  const id = (i: number) => cases[i]!.id;
  const levels = () =>
    server.db.query<{ id: string; escalated: boolean }>('SELECT case_id AS id, escalated FROM case_figures WHERE case_id = ANY($1)', [cases.map((c) => c.id)]);

  it('When cases are escalated and de-escalated, alone or several ways in one statement, Then the tallies equal the recount and nothing else is appended', async () => {
    expect(await differences()).toEqual([]);
    await expectExactAfter('the red-flagged case escalated', (tx) => tx.query('UPDATE cases SET escalation_level = 1 WHERE id = $1', [id(0)]));
    await expectExactAfter('the others escalated in one statement', (tx) =>
      tx.query('UPDATE cases SET escalation_level = 1, updated_at = now() WHERE id = ANY($1)', [cases.map((c) => c.id)]),
    );
    expect((await levels()).every((c) => c.escalated)).toBe(true);
    await expectExactAfter('raised further: no escalated count moves', (tx) =>
      tx.query('UPDATE cases SET escalation_level = 2 WHERE id = ANY($1)', [cases.map((c) => c.id)]),
    );
    await expectExactAfter('back to 0, kept, and 2 → 1 in one statement', (tx) =>
      tx.query(`UPDATE cases SET escalation_level = CASE WHEN id = ANY($2) THEN 0 WHEN id = $3 THEN 1 ELSE escalation_level END WHERE id = ANY($1)`, [
        cases.map((c) => c.id),
        [id(0), id(1), id(3), id(4)],
        id(5),
      ]),
    );
    expect(Object.fromEntries((await levels()).map((c) => [c.id, c.escalated]))).toEqual({
      [id(0)]: false,
      [id(1)]: false,
      [id(2)]: true,
      [id(3)]: false,
      [id(4)]: false,
      [id(5)]: true,
    });
    await expectExactAfter('only the update time', (tx) => tx.query(`UPDATE cases SET updated_at = now() + interval '1 minute' WHERE id = $1`, [id(2)]));
    // One statement of both kinds: the level-only rows by the setting, then the other case recounted whole with it off.
    await expectExactAfter(
      'a level raised and another case moved to dialogue in one statement',
      (tx) =>
        tx.query(
          `UPDATE cases SET escalation_level = CASE WHEN id = $1 THEN 1 ELSE escalation_level END,
                          status = CASE WHEN id = $2 THEN 'in_dialogue' ELSE status END
         WHERE id = ANY(ARRAY[$1, $2]::uuid[])`,
          [id(3), id(1)],
        ),
      'more',
    );
  }, 60_000);

  it('When an UPDATE of case_figures that moves more than the level runs with the level-only setting on, Then it is refused and nothing is tallied', async () => {
    const before = await differences();
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('puente.figures_level_only', 'on', true)`);
        await tx.query(`UPDATE case_figures SET escalated = NOT escalated, status = 'closed_unresolved' WHERE case_id = $1`, [id(2)]);
      }),
    ).rejects.toThrow(/changed more than the level/);
    expect({ differences: await differences() }).toEqual({ differences: before });
  });
});
