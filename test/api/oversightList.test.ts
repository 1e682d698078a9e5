import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildCase } from '../factories';
import { oversightCondition } from '../../server/repositories/oversight';
import { translatorFor } from '../../server/i18n';
import type { OversightCaseListDto } from '../../shared/types/oversight';
import type { OversightFilters } from '../../shared/validation/oversight';
import { filtersToQuery } from '../../shared/validation/oversight';
import { sql } from '../../server/db/sql';

/**
 * The drill-down list reads its pages from case_figures in the list's order (migration 0037) and counts
 * from the summary tables: every page and every total must be what the cases themselves give under
 * the one definition of the filters (oversightCondition), in the list's order.
 */
describe('Oversight list pages', () => {
  let server: TestServer;
  let ombudsman: TestClient;
  let mechanismId: string;
  let perija: string;
  beforeAll(async () => {
    server = await getTestServer();
    ombudsman = await server.loginAs(DEMO.ombudsman);
    mechanismId = (await server.db.one<{ id: string }>('SELECT id FROM mechanisms ORDER BY created_at LIMIT 1')).id;
    perija = (await server.db.one<{ id: string }>(`SELECT id FROM companies WHERE slug = 'perija'`)).id;
    for (const spec of [{ company: 'perija' }, { company: 'perija', redFlag: true }, { company: null }, { company: 'perija' }, {}]) {
      await buildCase(server.app.ctx, spec);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  /** The ids the cases give for `filters`, most urgent first, as the list defines its order. */
  async function fromRows(filters: OversightFilters): Promise<string[]> {
    const scope = oversightCondition(mechanismId, filters, server.clock.now());
    const rows = await server.db.query<{ id: string }>(
      sql`SELECT c.id FROM cases c WHERE ${scope}
       ORDER BY c.escalation_level DESC, c.red_flag DESC,
                (c.status IN ('resolved', 'not_admitted', 'withdrawn', 'closed_unresolved')) ASC, c.created_at DESC, c.id DESC`,
    );
    return rows.map((r) => r.id);
  }

  /** Every page of the list through HTTP, `limit` at a time, and the totals each page gave. */
  async function allPages(filters: OversightFilters, limit: number): Promise<{ ids: string[]; totals: number[] }> {
    const base = `/api/oversight/cases?${filtersToQuery(filters as Record<string, string>)}&limit=${limit}`;
    const ids: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    do {
      const res = await ombudsman.get(after ? `${base}&after=${encodeURIComponent(after)}` : base);
      expect(res.status).toBe(200);
      const page = res.body as OversightCaseListDto;
      expect(page.cases.length).toBeLessThanOrEqual(limit);
      ids.push(...page.cases.map((c) => c.id));
      totals.push(page.total);
      after = page.nextCursor;
    } while (after);
    return { ids, totals };
  }

  it('When the ombudsman pages through the list under any filter, Then the pages together are exactly the matching cases, in order, none twice, with the exact total', async () => {
    // A month on, the deadlines of the new cases have passed: the overdue queue is not empty.
    server.clock.advance(30 * 24 * 3600_000);
    ombudsman = await server.loginAs(DEMO.ombudsman);
    // The sweep's shortcut (a level changed alone) must move a case in the list too.
    const [escalate] = await fromRows({ company: perija });
    await server.db.query('UPDATE cases SET escalation_level = 2 WHERE id = $1', [escalate]);
    const filterSets: OversightFilters[] = [
      {},
      { company: perija },
      { company: perija, queue: 'overdue' },
      { queue: 'overdue' },
      { company: 'none' },
      { status: 'received' },
      { queue: 'escalated' },
      { queue: 'red_flag' },
      { category: 'water' },
      { identityMode: 'anonymous' },
      { company: perija, from: '2020-01-01', to: '2100-12-31', q: 'a' },
    ];
    for (const filters of filterSets) {
      const expected = await fromRows(filters);
      const { ids, totals } = await allPages(filters, 3);
      expect({ filters, ids, totals: [...new Set(totals)] }).toEqual({ filters, ids: expected, totals: [expected.length] });
    }
    expect((await fromRows({ company: perija, queue: 'overdue' })).length).toBeGreaterThan(3);
    expect((await allPages({ company: perija }, 500)).ids[0]).toBe(escalate);
  });

  it('When a cursor was not written by the server, Then the list answers 400 naming `after` in Spanish; and only the ombudsman gets the list at all', async () => {
    const first = (await ombudsman.get('/api/oversight/cases?limit=1')).body as OversightCaseListDto;
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const bad of [
      'nonsense',
      `${first.nextCursor}x`,
      Buffer.from('0~0~1~2026-02-30T10:00:00.000000Z~00000000-0000-0000-0000-000000000000').toString('base64url'),
    ]) {
      const res = await ombudsman.get(`/api/oversight/cases?after=${encodeURIComponent(bad)}`);
      expect({ status: res.status, fields: res.body.error?.fields }).toEqual({
        status: 400,
        fields: [{ field: 'after', message: translatorFor('es')('errors:validation.invalid_value') }],
      });
    }
    const next = `/api/oversight/cases?limit=1&after=${encodeURIComponent(first.nextCursor!)}`;
    for (const client of [await server.client(), await server.loginAs(DEMO.liaisonPerija)]) {
      expect((await client.get(next)).status).toBe(404);
    }
  });
});
