import { getTestServer, type TestServer } from '../support';

/**
 * `case_figures_of(ids)` (migration 0102) is the figures view's query for a list of cases, which `file_cases` inserts
 * a batch's rows from: it must answer exactly what `case_figures_source` answers for those cases, in every column,
 * for cases with every part the view reads (categories, accepted agreements kept or not, satisfaction answers,
 * deadlines met, missed, open and paused, acknowledgement and resolution days).
 */
describe('Figures of a list of cases', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
    // The demo has no satisfaction answer: one for the first resolution.
    await server.db.query(
      `INSERT INTO case_satisfaction (case_id, resolved_event_id, score, by_role)
       SELECT case_id, id, 4, 'complainant' FROM case_events WHERE to_status = 'resolved' ORDER BY id LIMIT 1`,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the figures of every demo case are read for their ids, Then they equal the view row for row', async () => {
    const differing = await server.db.query(
      `WITH listed AS (SELECT * FROM case_figures_of(ARRAY(SELECT id FROM cases)))
       SELECT 'listed only' AS side, * FROM (SELECT * FROM listed EXCEPT ALL SELECT * FROM case_figures_source) a
       UNION ALL SELECT 'view only', * FROM (SELECT * FROM case_figures_source EXCEPT ALL SELECT * FROM listed) b`,
    );
    expect(differing).toEqual([]);
    // The demo reaches every part of the view, so the comparison above compares something in each.
    const reached = await server.db.one<Record<string, boolean>>(
      `SELECT bool_or(cardinality(categories) > 1) AS categories, bool_or(agreements_reached > 0) AS agreements,
              bool_or(satisfaction_count > 0) AS satisfaction, bool_or(deadlines_settled > 0) AS settled,
              bool_or(cardinality(open_due_days) > 0) AS open_deadlines, bool_or(overdue_from IS NOT NULL) AS overdue,
              bool_or(acknowledge_days IS NOT NULL) AS acknowledged, bool_or(resolve_days IS NOT NULL) AS resolved
       FROM case_figures_of(ARRAY(SELECT id FROM cases))`,
    );
    expect(reached).toEqual({
      categories: true,
      agreements: true,
      satisfaction: true,
      settled: true,
      open_deadlines: true,
      overdue: true,
      acknowledged: true,
      resolved: true,
    });
  });

  it('When a few ids are given, one of them unknown, Then only the known cases answer, as the view does for them', async () => {
    const ids = (await server.db.query<{ id: string }>('SELECT id FROM cases ORDER BY created_at LIMIT 3')).map((r) => r.id);
    const listed = await server.db.query<{ case_id: string }>(`SELECT case_id FROM case_figures_of($1::uuid[] || gen_random_uuid()) ORDER BY case_id`, [ids]);
    expect(listed.map((r) => r.case_id)).toEqual([...ids].sort());
    const differing = await server.db.query(
      `SELECT * FROM case_figures_of($1::uuid[]) EXCEPT ALL SELECT * FROM case_figures_source WHERE case_id = ANY ($1::uuid[])`,
      [ids],
    );
    expect(differing).toEqual([]);
  });
});
