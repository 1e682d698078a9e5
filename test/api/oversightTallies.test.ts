import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildCase } from '../factories';
import { companyScorecards, oversightSummary, transparencyFigures } from '../../server/oversight/figures';
import { keepOversightTallies, talliesFresh } from '../../server/repositories/oversightTallies';
import { oversightCondition, scorecardRows, type ScorecardRow } from '../../server/repositories/oversight';
import type { CaseRow } from '../../server/repositories/cases';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import { bogotaDate } from '../../shared/calendar';
import type { OversightFilters } from '../../shared/validation/oversight';

/**
 * The summary tables (migration 0024) must give exactly what counting the rows gives, after any mix of
 * changes: every figure read through HTTP is compared with the same figure counted from the rows.
 */
describe('Oversight figures from summary tables', () => {
  let server: TestServer;
  let ombudsman: TestClient;
  let liaison: TestClient;
  let mechanism: { id: string; slug: string; name: string };
  let perija: string;
  let categoryCodes: string[];
  let municipality: string;
  beforeAll(async () => {
    server = await getTestServer();
    ombudsman = await server.loginAs(DEMO.ombudsman);
    liaison = await server.loginAs(DEMO.liaisonPerija);
    mechanism = await server.db.one('SELECT id, slug, name FROM mechanisms ORDER BY created_at LIMIT 1');
    perija = (await server.db.one<{ id: string }>(`SELECT id FROM companies WHERE slug = 'perija'`)).id;
    municipality = (
      await server.db.one<{ id: string }>('SELECT municipality_id AS id FROM cases WHERE mechanism_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1', [
        mechanism.id,
      ])
    ).id;
    categoryCodes = (await server.db.query<{ code: string }>('SELECT code FROM categories WHERE mechanism_id = $1 ORDER BY position', [mechanism.id])).map(
      (c) => c.code,
    );
    await keepOversightTallies(server.db);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Moves the clock on; sessions end with time, so both people log in again. */
  async function advanceDays(days: number): Promise<void> {
    server.clock.advance(days * 24 * 3600_000);
    ombudsman = await server.loginAs(DEMO.ombudsman);
    liaison = await server.loginAs(DEMO.liaisonPerija);
  }

  /** Every figure through HTTP equals the one counted from the rows, and came from the tallies. */
  async function expectExact(step: string): Promise<void> {
    expect({ step, fresh: await talliesFresh(server.db, mechanism.id) }).toEqual({ step, fresh: true });
    const now = server.clock.now();
    for (const company of [undefined, perija, 'none'] as const) {
      const query = company ? `?company=${company}` : '';
      const summary = await ombudsman.get(`/api/oversight/summary${query}`);
      expect({ step, company, body: summary.body }).toEqual({ step, company, body: await oversightSummary(server.db, mechanism, { company }, now, 'rows') });
      const scorecards = await ombudsman.get(`/api/oversight/scorecards${query}`);
      expect({ step, company, body: scorecards.body }).toEqual({
        step,
        company,
        body: await companyScorecards(server.db, mechanism.id, { company }, now, 'rows'),
      });
    }
    const transparency = await (await server.client()).get('/api/transparency?lang=es');
    expect({ step, body: transparency.body }).toEqual({ step, body: await transparencyFigures(server.db, mechanism, {}, 'es', now, 'rows') });
    await expectFilteredExact(step);
  }

  /** The first day of the month `months` before today's (Bogotá), and the day before it. */
  function monthEdge(months: number): { first: string; lastBefore: string } {
    const [year, month] = bogotaDate(server.clock.now()).split('-').map(Number) as [number, number];
    const first = new Date(Date.UTC(year, month - 1 - months, 1));
    return { first: first.toISOString().slice(0, 10), lastBefore: new Date(first.getTime() - 86_400_000).toISOString().slice(0, 10) };
  }

  /**
   * The dashboard under a period of filing, a company and one of a category, a municipality, a status and a
   * queue (migration 0053's tallies) equals the rows: periods with partial months at both ends, whole months
   * only, one day, open at either end; two such filters together (counted from the rows) too. So do the
   * scorecards under the same filters (0095's tallies, the queues counted from the rows).
   */
  async function expectFilteredExact(step: string): Promise<void> {
    const now = server.clock.now();
    const day = (offset: number) => bogotaDate(new Date(now.getTime() + offset * 86_400_000));
    const periods: Pick<OversightFilters, 'from' | 'to'>[] = [
      { from: day(-75), to: day(-2) },
      { from: monthEdge(3).first, to: monthEdge(0).lastBefore },
      { from: monthEdge(2).first, to: day(0) },
      { from: day(0), to: day(0) },
      { from: day(-20) },
      { to: day(-40) },
      {},
    ];
    const sets: OversightFilters[] = [
      ...periods.filter((p) => p.from || p.to),
      ...periods.flatMap((p) => [categoryCodes[0]!, categoryCodes[1]!].map((category) => ({ ...p, category }))),
      ...[perija, 'none'].flatMap((company) => [periods[0]!, periods[2]!].map((p) => ({ ...p, company }))),
      { ...periods[0]!, company: perija, category: 'water' },
      { company: perija, category: 'water' },
      { category: 'not_a_category' },
      ...[{}, periods[0]!, periods[2]!].flatMap((p): OversightFilters[] => [
        { ...p, municipality },
        { ...p, municipality: municipality.toUpperCase() },
        { ...p, status: 'received' },
        { ...p, status: 'resolved', company: perija },
        { ...p, queue: 'escalated' },
        { ...p, queue: 'red_flag' },
      ]),
      { status: 'received', municipality },
      { ...periods[0]!, queue: 'overdue' },
      // The anonymous cases as every case less the named and confidential ones (migration 0124), under the
      // filters the tallies keep; the other modes and a filter they do not keep are counted from the rows.
      { identityMode: 'anonymous' },
      { ...periods[0]!, identityMode: 'anonymous', company: perija, category: 'water' },
      { ...periods[2]!, identityMode: 'anonymous', queue: 'escalated' },
      { identityMode: 'anonymous', queue: 'overdue' },
      { identityMode: 'named' },
      { identityMode: 'confidential', company: perija },
    ];
    for (const filters of sets) {
      const query = new URLSearchParams(filters as Record<string, string>).toString();
      const summary = await ombudsman.get(`/api/oversight/summary?${query}`);
      expect({ step, filters, body: summary.body }).toEqual({ step, filters, body: await oversightSummary(server.db, mechanism, filters, now, 'rows') });
      const scorecards = await ombudsman.get(`/api/oversight/scorecards?${query}`);
      expect({ step, filters, body: scorecards.body }).toEqual({
        step,
        filters,
        body: await companyScorecards(server.db, mechanism.id, filters, now, 'rows'),
      });
    }
  }

  it('When cases are filed, moved, re-routed, recategorised, rated and their deadlines change, Then every figure stays exact', async () => {
    await expectExact('demo data');

    const filed: CaseRow[] = [];
    for (const spec of [{ company: 'perija' }, { company: 'perija', redFlag: true }, { company: null }, { company: 'valle-cesar' }, {}]) {
      filed.push(await buildCase(server.app.ctx, spec));
    }
    await expectExact('five filings');

    // A transition through the product: the liaison acknowledges one (the red-flagged one is not theirs to see yet).
    await advanceDays(3);
    for (const c of filed.slice(0, 1)) {
      const moved = await liaison.post(`/api/cases/${c.id}/transitions`, { action: 'acknowledge' });
      expect({ status: moved.status, body: moved.body }).toEqual({ status: 200, body: expect.anything() });
    }
    await expectExact('one acknowledged');

    // Changes made straight in SQL reach the tallies too: they are kept by triggers, not by the commands.
    await server.db.transaction(async (tx) => {
      await tx.query(`UPDATE cases SET company_id = $2, escalation_level = 2 WHERE id = $1`, [filed[2]!.id, perija]);
      await tx.query(`UPDATE cases SET red_flag_released_at = now() WHERE id = $1`, [filed[1]!.id]);
      await tx.query(`DELETE FROM case_categories WHERE case_id = $1`, [filed[3]!.id]);
      await tx.query(`INSERT INTO case_categories (case_id, category_id) SELECT $1, id FROM categories WHERE code = 'water' AND mechanism_id = $2`, [
        filed[3]!.id,
        mechanism.id,
      ]);
      await tx.query(`UPDATE cases SET status = 'resolved' WHERE id = $1`, [filed[0]!.id]);
      await tx.query(
        `INSERT INTO case_events (case_id, kind, from_status, to_status, actor_role, created_at) VALUES ($1, 'cases.resolve', 'in_implementation', 'resolved', 'system', $2)`,
        [filed[0]!.id, new Date(server.clock.now().getTime() + 20 * 24 * 3600_000)],
      );
      const event = await tx.one<{ id: number }>(`SELECT id FROM case_events WHERE case_id = $1 AND to_status = 'resolved'`, [filed[0]!.id]);
      await tx.query(`INSERT INTO case_satisfaction (case_id, resolved_event_id, score, by_role) VALUES ($1, $2, 4, 'complainant')`, [filed[0]!.id, event.id]);
    });
    await expectExact('re-routed, escalated, released, recategorised, resolved, rated');

    // A filing day moved into an earlier month and a second category: the case leaves its day and month
    // rows for others, and counts under both categories (migration 0053's tallies).
    await server.db.transaction(async (tx) => {
      await tx.query(`UPDATE cases SET created_at = created_at - interval '40 days' WHERE id = $1`, [filed[4]!.id]);
      await tx.query(
        `INSERT INTO case_categories (case_id, category_id) SELECT $1, id FROM categories WHERE code = $2 AND mechanism_id = $3 ON CONFLICT DO NOTHING`,
        [filed[4]!.id, categoryCodes[1], mechanism.id],
      );
    });
    await expectExact('filing day moved, second category');

    // Deadlines: some moved into the past, one paused, one called off, one met late.
    await server.db.transaction(async (tx) => {
      await tx.query(`UPDATE case_deadlines SET due_at = due_at - interval '30 days' WHERE case_id = ANY($1) AND satisfied_at IS NULL`, [
        filed.slice(2).map((c) => c.id),
      ]);
      await tx.query(`UPDATE case_deadlines SET paused_at = now() WHERE case_id = $1 AND satisfied_at IS NULL`, [filed[3]!.id]);
      await tx.query(`UPDATE case_deadlines SET cancelled_at = now() WHERE case_id = $1 AND satisfied_at IS NULL`, [filed[4]!.id]);
      // Due earlier today (UTC), halfway from midnight to now: counted from the deadlines, not from the tallied days.
      await tx.query(
        `UPDATE case_deadlines SET due_at = $2::timestamptz - ($2::timestamptz - date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') / 2
         WHERE case_id = $1 AND satisfied_at IS NULL AND cancelled_at IS NULL`,
        [filed[1]!.id, server.clock.now()],
      );
    });
    await expectExact('deadlines moved, paused, called off, one due earlier today');

    // The sweep escalates the overdue cases in one statement (migration 0033's shortcut: only the
    // escalation figure moves) and raises an escalated one further (no figure moves).
    const swept = await runDeadlineSweep(server.app.ctx);
    expect({ escalated: swept.escalated > 1, failed: swept.failed }).toEqual({ escalated: true, failed: 0 });
    await expectExact('overdue cases escalated by the sweep');

    // Time alone makes deadlines due and cases overdue: no row changes, the figures still agree.
    for (const days of [1, 40]) {
      await advanceDays(days);
      await expectExact(`${days} more days`);
    }

    // Folding the appended rows changes no figure.
    const { folded } = await keepOversightTallies(server.db);
    expect(folded).toBeGreaterThan(0);
    const appended = await server.db.one<{ n: number }>(
      `SELECT (SELECT count(*) FROM oversight_case_tallies WHERE NOT compacted) + (SELECT count(*) FROM oversight_filed_appends)
              + (SELECT count(*) FROM oversight_scorecard_appends) AS n`,
    );
    expect(Number(appended.n)).toBe(0);
    await expectExact('folded');

    // Rebuilt in sets from the rows (what the benchmark generator does after loading with triggers off).
    await server.db.query('SELECT rebuild_oversight_figures()');
    await expectExact('rebuilt');

    // The scorecards' rows looked up case by case (a few cases) and grouped per table (many) are the same sums.
    const now = server.clock.now();
    for (const filters of [{}, { company: perija }, { queue: 'escalated' }, { status: 'resolved' }, { q: 'a' }] as OversightFilters[]) {
      const scope = oversightCondition(mechanism.id, filters, now);
      const sorted = (rows: ScorecardRow[]) =>
        rows.map((r) => ({ ...r })).sort((a, b) => `${a.companyId} ${a.quarter}`.localeCompare(`${b.companyId} ${b.quarter}`));
      expect({ filters, rows: sorted(await scorecardRows(server.db, scope, now, 'by case')) }).toEqual({
        filters,
        rows: sorted(await scorecardRows(server.db, scope, now, 'grouped')),
      });
    }
  }, 180_000);

  it('When the mechanism changes its calendar, Then figures are counted from the rows until the durations are recounted, and are exact both ways', async () => {
    // A holiday of the mechanism's own on a business day inside the demo cases' acknowledgement times.
    const day = await server.db.one<{ day: string }>(
      `SELECT to_char(c.filed_on + 1, 'YYYY-MM-DD') AS day FROM case_figures c WHERE c.acknowledge_days > 1 AND extract(isodow FROM c.filed_on + 1) < 6
       ORDER BY c.filed_on LIMIT 1`,
    );
    const before = (await ombudsman.get('/api/oversight/summary')).body.medianDaysToAcknowledge;
    await server.db.query(`INSERT INTO mechanism_holidays (mechanism_id, date, kind, reason) VALUES ($1, $2, 'added', 'Prueba')`, [mechanism.id, day.day]);
    expect(await talliesFresh(server.db, mechanism.id)).toBe(false);
    const now = server.clock.now();
    const staleRes = await ombudsman.get('/api/oversight/summary');
    expect(staleRes.status).toBe(200);
    const stale = staleRes.body;
    expect(stale).toEqual(await oversightSummary(server.db, mechanism, {}, now, 'rows'));
    const { recounted } = await keepOversightTallies(server.db);
    expect(recounted).toBeGreaterThan(0);
    await expectExact('calendar recounted');
    expect(before).not.toBeUndefined();
  }, 60_000);
});
