import { getTestServer, type TestServer } from '../support';
import { buildCase } from '../factories';
import { tallyDifferences } from '../filedTallySupport';
import type { CaseRow } from '../../server/repositories/cases';

/**
 * A sweep batch raises its cases' levels in one statement (`record_swept_deadlines`), whose figures the cases'
 * statement triggers write (session 21 measured writing them by key instead, migration 0127, and did not take it).
 * What must hold: the figures and tallies follow the levels, and a later change of a case in the same transaction
 * is seen as well.
 */
describe('Levels raised by a sweep batch', () => {
  let server: TestServer;
  let cases: CaseRow[];
  beforeAll(async () => {
    server = await getTestServer();
    cases = [];
    for (const spec of [{ company: 'perija', redFlag: true }, { company: 'perija' }, { company: 'valle-cesar' }])
      cases.push(await buildCase(server.app.ctx, spec));
  });
  afterAll(async () => {
    await server.close();
  });

  const differences = () => tallyDifferences(server.db);

  it('When a batch raises levels and a case then moves to dialogue in the same transaction, Then the figures follow both and the tallies equal the recount', async () => {
    const ids = cases.map((c) => c.id);
    const at = server.clock.now();
    const moved = await server.db.transaction(async (tx) => {
      const deadlines = await tx.query<{ id: string; caseId: string }>(
        `SELECT DISTINCT ON (case_id) id, case_id AS "caseId" FROM case_deadlines WHERE case_id = ANY($1) AND satisfied_at IS NULL ORDER BY case_id, due_at`,
        [ids],
      );
      await tx.query(`SELECT record_swept_deadlines('escalated', $1::uuid[], $2::uuid[], $3::jsonb[], 'cases.escalated', $4, $5::uuid[], $6::int[])`, [
        deadlines.map((d) => d.id),
        deadlines.map((d) => d.caseId),
        deadlines.map((d) => JSON.stringify({ deadlineId: d.id })),
        at,
        ids,
        [1, 1, 2],
      ]);
      // After the batch's statement, in the same transaction: the cases' figures trigger must see this change.
      await tx.query(`UPDATE cases SET status = 'in_dialogue' WHERE id = $1`, [ids[1]]);
      return tx.query<{ id: string; level: number; escalated: boolean; status: string; updatedAt: Date }>(
        `SELECT case_id AS id, escalation_level AS level, escalated, status, updated_at AS "updatedAt" FROM case_figures WHERE case_id = ANY($1) ORDER BY case_id`,
        [ids],
      );
    });
    const byId = Object.fromEntries(moved.map((f) => [f.id, { level: f.level, escalated: f.escalated, status: f.status }]));
    expect(byId).toEqual({
      [ids[0]!]: { level: 1, escalated: true, status: cases[0]!.status },
      [ids[1]!]: { level: 1, escalated: true, status: 'in_dialogue' },
      [ids[2]!]: { level: 2, escalated: true, status: cases[2]!.status },
    });
    expect(moved.filter((f) => f.id !== ids[1]).every((f) => new Date(f.updatedAt).getTime() === at.getTime())).toBe(true);
    expect(await differences()).toEqual([]);
  }, 60_000);
});
