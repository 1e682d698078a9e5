/**
 * An ombudsman officer granted another mechanism runs its oversight with `?mechanism=<slug>`: the
 * figures, scorecards, lists and export of that mechanism only; nobody else, and not before the grant.
 */
import { DEMO, getTestServer, type TestClient, type TestServer, emailIndex } from '../support';
import { createSecondMechanism, grantMechanisms, GUAJIRA, type SecondMechanism } from '../secondMechanism';
import { addBusinessDays, bogotaDate, businessDaysBetween, isBusinessDay } from '../../shared/calendar';
import type { CaseAuditDto, OverseenMechanismsDto, OversightCaseListDto, OversightSummaryDto, ScorecardsDto } from '../../shared/types/oversight';

const SLUG = GUAJIRA.slug;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('Oversight of a granted mechanism', () => {
  let server: TestServer;
  let admin: TestClient;
  let officer: TestClient;
  let officerId: string;
  let cesarId: string;
  let guajira: SecondMechanism;
  let notFound: unknown;

  const grant = (extraMechanismIds: string[]) => grantMechanisms(admin, cesarId, officerId, extraMechanismIds);
  const count = async (mechanismId: string, where = 'true', params: unknown[] = []) =>
    (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE c.mechanism_id = $1 AND ${where}`, [mechanismId, ...params])).n;
  const guajiraRoutes = () => [
    `/api/oversight/summary?mechanism=${SLUG}`,
    `/api/oversight/scorecards?mechanism=${SLUG}`,
    `/api/oversight/cases?mechanism=${SLUG}`,
    `/api/oversight/cases/${guajira.caseId}/audit`,
    `/api/oversight/export.csv?mechanism=${SLUG}`,
    `/api/oversight/export.csv?mechanism=${SLUG}&includeIdentities=true`,
  ];
  const viewsOfGuajira = async () =>
    (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM identity_views v JOIN cases c ON c.id = v.case_id WHERE c.mechanism_id = $1', [guajira.id]))
      .n;

  beforeAll(async () => {
    server = await getTestServer();
    admin = await server.loginAs(DEMO.admin);
    officer = await server.loginAs(DEMO.ombudsman);
    officerId = (await server.db.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndex(DEMO.ombudsman)])).id;
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    guajira = await createSecondMechanism(server, admin);
    notFound = (await officer.get(`/api/oversight/cases/${MISSING_ID}/audit`)).body;
    expect(notFound).toMatchObject({ error: { code: 'not_found' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the officer has no grant, Then every oversight route naming that mechanism (or an unknown one) answers the 404 of a missing route and logs no look', async () => {
    for (const route of [...guajiraRoutes(), '/api/oversight/summary?mechanism=no-existe', '/api/oversight/cases?mechanism=no-existe']) {
      const res = await officer.get(route);
      expect({ route, status: res.status }).toEqual({ route, status: 404 });
      expect(res.body).toEqual(notFound);
    }
    expect(await viewsOfGuajira()).toBe(0);
    const list: OverseenMechanismsDto = (await officer.get('/api/oversight/mechanisms')).body;
    expect(list).toEqual({ mechanisms: [{ slug: 'cesar', name: expect.any(String), own: true }] });
  });

  it('When the slug is malformed, Then the answer is 400 naming the mechanism field', async () => {
    const res = await officer.get('/api/oversight/summary?mechanism=La%20Guajira');
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['mechanism']);
  });

  describe('once the admin grants it', () => {
    beforeAll(async () => {
      // The demo admin created Guajira, so they manage both mechanisms and may grant it.
      await grant([guajira.id]);
    });

    it('When the officer lists the mechanisms they oversee, Then their own comes first, then the granted one', async () => {
      const res = await officer.get('/api/oversight/mechanisms');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        mechanisms: [
          { slug: 'cesar', name: expect.any(String), own: true },
          { slug: SLUG, name: GUAJIRA.name, own: false },
        ],
      });
    });

    it('When the officer asks for the granted mechanism, Then summary, scorecards, list and export count only its cases', async () => {
      const total = await count(guajira.id);
      expect(total).toBe(1);
      const summary: OversightSummaryDto = (await officer.get(`/api/oversight/summary?mechanism=${SLUG}`)).body;
      expect(summary.total).toBe(total);
      expect(summary.byStatus.received).toBe(await count(guajira.id, `c.status = 'received'`));
      expect(summary.municipalities.map((m) => [m.name, m.count])).toEqual([[GUAJIRA.municipality, total]]);

      const scorecards: ScorecardsDto = (await officer.get(`/api/oversight/scorecards?mechanism=${SLUG}`)).body;
      expect(scorecards.scorecards.map((s) => [s.company.name, s.cases])).toEqual([[GUAJIRA.company, total]]);

      const list: OversightCaseListDto = (await officer.get(`/api/oversight/cases?mechanism=${SLUG}`)).body;
      expect(list.total).toBe(total);
      expect(list.cases.map((c) => c.reference)).toEqual([guajira.reference]);

      const csv = await officer.get(`/api/oversight/export.csv?mechanism=${SLUG}`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toContain(`filename="puente-casos-${SLUG}-`);
      const lines = csv.text.trim().split('\r\n');
      expect(lines).toHaveLength(total + 1);
      expect(lines[1]).toContain(guajira.reference);
      expect(csv.text).not.toMatch(/CES-/);
    });

    it('When the officer asks without a mechanism or with their own slug, Then only their own mechanism is counted', async () => {
      const own = await count(cesarId);
      for (const suffix of ['', '?mechanism=cesar']) {
        const summary: OversightSummaryDto = (await officer.get(`/api/oversight/summary${suffix}`)).body;
        expect(summary.total).toBe(own);
        const list: OversightCaseListDto = (await officer.get(`/api/oversight/cases${suffix}${suffix ? '&' : '?'}limit=500`)).body;
        expect(list.total).toBe(own);
        expect(JSON.stringify(list)).not.toMatch(/GUA-/);
        const scorecards: ScorecardsDto = (await officer.get(`/api/oversight/scorecards${suffix}`)).body;
        expect(scorecards.scorecards.map((s) => s.company.name)).not.toContain(GUAJIRA.company);
        expect((await officer.get(`/api/oversight/export.csv${suffix}`)).text).not.toMatch(/GUA-/);
      }
    });

    it('When filters name a company or municipality of the other mechanism, Then nothing matches', async () => {
      const cesarCompany = (await server.db.one<{ id: string }>('SELECT id FROM companies WHERE mechanism_id = $1 LIMIT 1', [cesarId])).id;
      const cesarMunicipality = (await server.db.one<{ id: string }>('SELECT id FROM municipalities WHERE mechanism_id = $1 LIMIT 1', [cesarId])).id;
      const scorecardsOf = async (query: string) =>
        ((await officer.get(`/api/oversight/scorecards?${query}`)).body as ScorecardsDto).scorecards.map((s) => [s.company.name, s.cases]);
      for (const filter of [`company=${cesarCompany}`, `municipality=${cesarMunicipality}`]) {
        expect((await officer.get(`/api/oversight/summary?mechanism=${SLUG}&${filter}`)).body.total).toBe(0);
        expect((await officer.get(`/api/oversight/cases?mechanism=${SLUG}&${filter}`)).body.total).toBe(0);
      }
      expect(await scorecardsOf(`mechanism=${SLUG}&company=${cesarCompany}`)).toEqual([]);
      expect(await scorecardsOf(`mechanism=${SLUG}&municipality=${cesarMunicipality}`)).toEqual([[GUAJIRA.company, 0]]);
      expect((await officer.get(`/api/oversight/summary?company=${guajira.companyId}`)).body.total).toBe(0);
      expect((await officer.get(`/api/oversight/cases?municipality=${guajira.municipalityId}`)).body.total).toBe(0);
      expect((await officer.get(`/api/oversight/scorecards?company=${guajira.companyId}`)).body.scorecards).toEqual([]);
    });

    it('When the granted mechanism has a holiday of its own, Then the list, the audit and the queue count its case down with that calendar', async () => {
      const today = bogotaDate(server.clock.now());
      const holiday = addBusinessDays(today, 1);
      const res = await admin.post(`/api/admin/mechanisms/${guajira.id}/holidays`, {
        date: holiday,
        kind: 'added',
        reason: 'Festividad de la Virgen en Albania.',
      });
      expect(res.status).toBeLessThan(300);
      const guajiraCalendar = { extraHolidays: [holiday] };
      expect(isBusinessDay(holiday)).toBe(true);
      const audit: CaseAuditDto = (await officer.get(`/api/oversight/cases/${guajira.caseId}/audit`)).body;
      const badge = audit.case.deadline!;
      expect(badge.dueOn > holiday).toBe(true);
      const expected = businessDaysBetween(today, badge.dueOn, guajiraCalendar);
      // The officer's own (Cesar) calendar would count the Guajira holiday as a working day.
      expect(businessDaysBetween(today, badge.dueOn)).toBe(expected + 1);
      expect(badge.businessDaysLeft).toBe(expected);
      const list: OversightCaseListDto = (await officer.get(`/api/oversight/cases?mechanism=${SLUG}`)).body;
      expect(list.cases[0]!.deadline).toEqual(badge);
      const queue = (await officer.get('/api/cases?limit=500')).body as OversightCaseListDto;
      expect(queue.cases.find((c) => c.id === guajira.caseId)!.deadline).toEqual(badge);
    });

    it('When a liaison, a complainant, an admin or an anonymous visitor names the mechanism, Then it is the 404 of a missing route', async () => {
      const visitors: TestClient[] = [await server.client()];
      for (const email of [DEMO.liaisonPerija, DEMO.complainant, DEMO.admin]) visitors.push(await server.loginAs(email));
      for (const client of visitors) {
        for (const route of [...guajiraRoutes(), '/api/oversight/mechanisms']) {
          const res = await client.get(route);
          expect({ route, status: res.status }).toEqual({ route, status: 404 });
          expect(res.body).toEqual(notFound);
        }
      }
    });

    it("When the grant is withdrawn, Then the mechanism is gone from the officer's list and every route naming it answers 404 again", async () => {
      // While granted, an export with identities logs the officer's look at the named Guajira case like
      // any other (pages and lists log none: docs/custody.md).
      expect((await officer.get(`/api/oversight/export.csv?mechanism=${SLUG}&includeIdentities=true`)).status).toBe(200);
      const views = await viewsOfGuajira();
      expect(views).toBeGreaterThan(0);
      await grant([]);
      for (const route of guajiraRoutes()) {
        const res = await officer.get(route);
        expect({ route, status: res.status }).toEqual({ route, status: 404 });
        expect(res.body).toEqual(notFound);
      }
      expect(await viewsOfGuajira()).toBe(views);
      expect((await officer.get('/api/oversight/mechanisms')).body.mechanisms.map((m: { slug: string }) => m.slug)).toEqual(['cesar']);
    });
  });
});
