import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { bogotaDate, isBusinessDay, isHoliday, type CalendarOptions } from '../../shared/calendar';
import type { CaseAuditDto, OversightCaseListDto, OversightSummaryDto, ScorecardsDto, TransparencyDto } from '../../shared/types/oversight';
import { DEMO_CASES, DEMO_USERS } from '../../server/db/demoData';
import { translatorFor } from '../../server/i18n';
import { parse } from 'csv-parse/sync';
import { buildComplaint, demoIds, fileComplaint, loadMechanism } from '../intakeSupport';

/** Business days after `from` up to and including `to`, by walking the calendar one day at a time. */
function walkBusinessDays(from: string, to: string, calendar?: CalendarOptions): number {
  let count = 0;
  const day = new Date(`${from}T12:00:00Z`);
  const end = new Date(`${to}T12:00:00Z`);
  while (day < end) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isBusinessDay(day.toISOString().slice(0, 10), calendar)) count += 1;
  }
  return count;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Every identity and contact of the demo cases, and their complaint texts: none may leak where it must not. */
export const DEMO_SECRETS = [
  ...DEMO_CASES.flatMap((c) => (c.identity ? [c.identity.name, c.identity.documentId, c.identity.phone].filter((v): v is string => Boolean(v)) : [])),
];
const COMPLAINT_TEXTS = DEMO_CASES.map((c) => c.description.slice(0, 40));

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** A CSV download read whole as UTF-8 text (BOM included), as a spreadsheet would open it. */
function downloadCsv(client: TestClient, url: string) {
  return client
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
    });
}

describe('Ombudsman oversight', () => {
  let server: TestServer;
  let ombudsman: TestClient;
  let anyCaseId: string;
  beforeAll(async () => {
    server = await getTestServer();
    ombudsman = await server.loginAs(DEMO.ombudsman);
    anyCaseId = (await server.db.one<{ id: string }>('SELECT id FROM cases ORDER BY reference LIMIT 1')).id;
  });
  afterAll(async () => {
    await server.close();
  });

  const routes = () => [
    '/api/oversight/summary',
    '/api/oversight/scorecards',
    '/api/oversight/cases',
    `/api/oversight/cases/${anyCaseId}/audit`,
    '/api/oversight/export.csv',
    '/api/oversight/export.csv?includeIdentities=true',
  ];

  it('When anyone but the ombudsman asks for any oversight route or export, Then the answer is the same 404 as a missing route', async () => {
    const visitors: [string, TestClient][] = [['anonymous visitor', await server.client()]];
    for (const email of [DEMO.liaisonPerija, DEMO.complainant, DEMO.facilitator, DEMO.admin]) visitors.push([email, await server.loginAs(email)]);
    const missing = await ombudsman.get(`/api/oversight/cases/${MISSING_ID}/audit`);
    expect(missing.status).toBe(404);
    for (const [who, client] of visitors) {
      for (const route of routes()) {
        const res = await client.get(route);
        expect({ who, route, status: res.status }).toEqual({ who, route, status: 404 });
        expect(res.body).toEqual(missing.body);
      }
    }
    const views = await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM identity_views WHERE context = 'export'`);
    expect(views.n).toBe(0);
  });

  it('When the ombudsman opens the dashboard, Then every figure equals what SQL counts in the seeded data', async () => {
    const res = await ombudsman.get('/api/oversight/summary');
    expect(res.status).toBe(200);
    const summary: OversightSummaryDto = res.body;
    const total = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases')).n;
    expect(summary.total).toBe(total);
    const byStatus = await server.db.query<{ status: string; n: number }>('SELECT status, count(*) AS n FROM cases GROUP BY status');
    for (const row of byStatus) expect(summary.byStatus[row.status as keyof typeof summary.byStatus]).toBe(row.n);
    expect(Object.values(summary.byStatus).reduce((a, b) => a + b, 0)).toBe(total);
    expect(summary.queues.escalated).toBe((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE escalation_level > 0')).n);
    expect(summary.queues.redFlag).toBe((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE red_flag')).n);

    const perMunicipality = await server.db.query<{ name: string; n: number }>(
      'SELECT mu.name, count(c.id) AS n FROM municipalities mu LEFT JOIN cases c ON c.municipality_id = mu.id GROUP BY mu.name',
    );
    expect(summary.municipalities).toHaveLength(perMunicipality.length);
    for (const row of perMunicipality) expect(summary.municipalities.find((m) => m.name === row.name)?.count).toBe(row.n);

    const cases = await server.db.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM cases');
    const filedPerMonth = new Map<string, number>();
    for (const c of cases) filedPerMonth.set(bogotaDate(c.created_at).slice(0, 7), (filedPerMonth.get(bogotaDate(c.created_at).slice(0, 7)) ?? 0) + 1);
    for (const [month, n] of filedPerMonth) expect(summary.series.find((p) => p.month === month)?.filed).toBe(n);
    expect(summary.series.reduce((s, p) => s + p.filed, 0)).toBe(total);

    const firstAck = await server.db.query<{ filed: Date; at: Date }>(
      `SELECT c.created_at AS filed, min(e.created_at) AS at FROM cases c JOIN case_events e ON e.case_id = c.id AND e.to_status = 'acknowledged' GROUP BY c.id`,
    );
    expect(summary.medianDaysToAcknowledge).toBe(median(firstAck.map((r) => walkBusinessDays(bogotaDate(r.filed), bogotaDate(r.at)))));
    const resolved = await server.db.query<{ filed: Date; at: Date }>(
      `SELECT c.created_at AS filed, min(e.created_at) AS at FROM cases c JOIN case_events e ON e.case_id = c.id AND e.to_status = 'resolved' GROUP BY c.id`,
    );
    expect(summary.medianDaysToResolve).toBe(median(resolved.map((r) => walkBusinessDays(bogotaDate(r.filed), bogotaDate(r.at)))));
    expect(summary.series.reduce((s, p) => s + p.resolved, 0)).toBe(resolved.length);
  });

  it('When the dashboard is filtered, Then its total equals the drill-down list behind it and SQL', async () => {
    const company = await server.db.one<{ id: string }>(`SELECT id FROM companies WHERE slug = 'perija'`);
    const queries = [
      `company=${company.id}`,
      `company=${company.id}&queue=overdue`,
      'queue=escalated',
      'queue=red_flag',
      'company=none',
      'category=water',
      'identityMode=confidential',
      'escalation=2',
      'status=in_dialogue',
      'q=tractomulas',
      `from=${bogotaDate(new Date(server.clock.now().getTime() - 50 * 86_400_000))}&to=${bogotaDate(server.clock.now())}`,
    ];
    for (const query of queries) {
      const summary: OversightSummaryDto = (await ombudsman.get(`/api/oversight/summary?${query}`)).body;
      const list: OversightCaseListDto = (await ombudsman.get(`/api/oversight/cases?${query}`)).body;
      expect({ query, list: list.total }).toEqual({ query, list: summary.total });
      expect(list.cases).toHaveLength(list.total);
    }
    const perija = await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE company_id = $1', [company.id]);
    expect((await ombudsman.get(`/api/oversight/summary?company=${company.id}`)).body.total).toBe(perija.n);
    const water = await server.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM cases c WHERE EXISTS (SELECT 1 FROM case_categories cc JOIN categories k ON k.id = cc.category_id WHERE cc.case_id = c.id AND k.code = 'water')`,
    );
    expect((await ombudsman.get('/api/oversight/summary?category=water')).body.total).toBe(water.n);
  });

  it('When a filter is malformed or unknown, Then the answer is 400 naming the field and the same parser serves every route', async () => {
    for (const route of ['/api/oversight/summary', '/api/oversight/cases', '/api/oversight/scorecards', '/api/oversight/export.csv']) {
      const bad = await ombudsman.get(`${route}?from=2026-02-31`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual([{ field: 'from', message: translatorFor('es')('errors:validation.date') }]);
      const reversed = await ombudsman.get(`${route}?from=2026-05-01&to=2026-04-01`);
      expect(reversed.body.error.fields[0].field).toBe('to');
      const unknown = await ombudsman.get(`${route}?colour=red`);
      expect(unknown.body.error.fields[0].field).toBe('colour');
    }
    // An untouched select in the form sends an empty value: it means no filter.
    expect((await ombudsman.get('/api/oversight/summary?company=&status=')).status).toBe(200);
  });

  it('When the ombudsman opens the scorecards, Then each company figure equals SQL over the seeded data', async () => {
    const res = await ombudsman.get('/api/oversight/scorecards');
    expect(res.status).toBe(200);
    const body: ScorecardsDto = res.body;
    const companies = await server.db.query<{ id: string; name: string }>('SELECT id, name FROM companies');
    expect(body.scorecards).toHaveLength(companies.length);
    for (const company of companies) {
      const card = body.scorecards.find((s) => s.company.id === company.id)!;
      const rows = await server.db.query<{ filed: Date; ack: Date | null }>(
        `SELECT c.created_at AS filed,
                (SELECT min(created_at) FROM case_events e WHERE e.case_id = c.id AND e.to_status = 'acknowledged') AS ack
         FROM cases c WHERE c.company_id = $1`,
        [company.id],
      );
      expect(card.cases).toBe(rows.length);
      const agreements = await server.db.one<{ reached: number; kept: number; score: number | null; answers: number }>(
        `SELECT (SELECT count(*) FROM agreements a JOIN cases c ON c.id = a.case_id WHERE c.company_id = $1 AND a.status = 'accepted') AS reached,
                (SELECT count(*) FROM agreements a JOIN cases c ON c.id = a.case_id WHERE c.company_id = $1 AND a.status = 'accepted'
                   AND NOT EXISTS (SELECT 1 FROM commitments m WHERE m.agreement_id = a.id AND m.status <> 'verified')) AS kept,
                (SELECT avg(s.score) FROM case_satisfaction s JOIN cases c ON c.id = s.case_id WHERE c.company_id = $1) AS score,
                (SELECT count(*) FROM case_satisfaction s JOIN cases c ON c.id = s.case_id WHERE c.company_id = $1) AS answers`,
        [company.id],
      );
      expect(card.agreementsReached).toBe(agreements.reached);
      expect(card.agreementsKept).toBe(agreements.kept);
      expect(card.satisfactionResponses).toBe(agreements.answers);
      if (agreements.score === null) expect(card.satisfaction).toBeNull();
      else expect(card.satisfaction).toBeCloseTo(agreements.score, 6);
      const deadlines = await server.db.one<{ due: number; met: number }>(
        `SELECT count(*) FILTER (WHERE d.satisfied_at IS NOT NULL OR d.due_at < $2) AS due,
                count(*) FILTER (WHERE d.satisfied_at <= d.due_at) AS met
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id WHERE c.company_id = $1 AND d.cancelled_at IS NULL`,
        [company.id, server.clock.now()],
      );
      expect(card.deadlinesDue).toBe(deadlines.due);
      expect(card.deadlinesMet).toBe(deadlines.due ? deadlines.met / deadlines.due : null);
      const acked = rows.filter((r) => r.ack !== null);
      expect(card.medianDaysToAcknowledge).toBe(median(acked.map((r) => walkBusinessDays(bogotaDate(r.filed), bogotaDate(r.ack!)))));
      expect(card.quarters.reduce((s, q) => s + q.cases, 0)).toBe(rows.length);
    }
  });

  it('When the ombudsman opens a case audit trail, Then every event is there with staff named, community members by role, and the identity reveal logged', async () => {
    const target = await server.db.one<{ id: string; reference: string }>(
      `SELECT c.id, c.reference FROM cases c WHERE c.identity_mode = 'confidential' AND c.status = 'in_mediation'`,
    );
    // Queues and the audit page mask the confidential name and log nothing; a reveal with a reason is the one logged look (#15 §2).
    await ombudsman.get('/api/cases');
    expect((await ombudsman.post(`/api/cases/${target.id}/identity-reveals`, { reason: 'Revisar la mediación' })).status).toBe(201);
    const res = await ombudsman.get(`/api/oversight/cases/${target.id}/audit`);
    expect(res.status).toBe(200);
    const audit: CaseAuditDto = res.body;
    const events = await server.db.query<{ id: number; actor_role: string }>('SELECT id, actor_role FROM case_events WHERE case_id = $1 ORDER BY id', [
      target.id,
    ]);
    expect(audit.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    const filed = audit.events.find((e) => e.kind === 'cases.filed')!;
    expect(filed.actorRole).toBe('complainant');
    expect(filed.actorName).toBeNull();
    const ombudsmanName = DEMO_USERS.find((u) => u.key === 'ombudsman')!.displayName;
    const mediation = audit.events.find((e) => e.kind === 'cases.start_mediation')!;
    expect(mediation.actorName).toBe(ombudsmanName);
    expect(mediation.reason).toMatch(/45 días hábiles/);
    expect(audit.identityViews.map((v) => v.purpose)).toEqual(['reveal']);
    expect(audit.identityViews.every((v) => v.viewerName === ombudsmanName)).toBe(true);
    expect(audit.case.complainantName).toBeNull();
  });

  it('When a liaison lists their queue, Then no identity look is logged because no protected identity reached them', async () => {
    const before = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM identity_views')).n;
    await (await server.loginAs(DEMO.liaisonValle)).get('/api/cases');
    expect((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM identity_views')).n).toBe(before);
  });

  it('When the ombudsman exports a filtered list, Then the CSV opens in Excel right and holds no identity unless asked, which is logged', async () => {
    const company = await server.db.one<{ id: string }>(`SELECT id FROM companies WHERE slug = 'valle-cesar'`);
    const res = await downloadCsv(ombudsman, `/api/oversight/export.csv?company=${company.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="puente-casos-cesar-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Código;Estado;Empresa;Temas;Municipio;Identidad;Alerta de seguridad;Nivel de escalamiento;Presentada;Último cambio;Intérprete (idioma en que se presentó)',
    );
    const n = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE company_id = $1', [company.id])).n;
    expect(lines).toHaveLength(n + 1);
    for (const secret of [...DEMO_SECRETS, ...COMPLAINT_TEXTS]) expect(text).not.toContain(secret);
    // Each case's categories named in the mechanism's order, as SQL lists them.
    const named = await server.db.query<{ reference: string; names: string }>(
      `SELECT c.reference, coalesce(string_agg(cat.name->>'es', ', ' ORDER BY cat.position), '') AS names
       FROM cases c LEFT JOIN case_categories cc ON cc.case_id = c.id LEFT JOIN categories cat ON cat.id = cc.category_id
       WHERE c.company_id = $1 GROUP BY c.reference`,
      [company.id],
    );
    const cells = (parse(text.slice(1), { delimiter: ';' }) as string[][]).slice(1);
    expect(new Map(cells.map((row) => [row[0], row[3]]))).toEqual(new Map(named.map((c) => [c.reference, c.names])));
    // The level and the last change are read from the case's figures (0088): as the case row has them.
    await server.db.query(`UPDATE cases SET escalation_level = 2, updated_at = '2030-01-15T15:00:00Z' WHERE reference = $1`, [cells[0]![0]]);
    const stamped = await server.db.query<{ reference: string; level: number; updated: string }>(
      `SELECT reference, escalation_level AS level, bogota_date(updated_at)::text AS updated FROM cases WHERE company_id = $1`,
      [company.id],
    );
    const again = (
      parse((await downloadCsv(ombudsman, `/api/oversight/export.csv?company=${company.id}`)).body.slice(1), { delimiter: ';' }) as string[][]
    ).slice(1);
    expect(new Map(again.map((row) => [row[0], `${row[7]} ${row[9]}`]))).toEqual(new Map(stamped.map((c) => [c.reference, `${c.level} ${c.updated}`])));
    expect(again.find((row) => row[0] === cells[0]![0])?.slice(7, 10)).toEqual(['2', expect.any(String), '2030-01-15']);

    const viewsBefore = (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM identity_views WHERE context = 'export'`)).n;
    const withNames = await ombudsman.get(`/api/oversight/export.csv?company=${company.id}&includeIdentities=true`);
    expect(withNames.text).toContain('Marleny Villazón Díaz');
    expect(withNames.text.split('\r\n')[0]).toMatch(/;Peticionario$/);
    const identified = (
      await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE company_id = $1 AND identity_mode <> 'anonymous'`, [company.id])
    ).n;
    const viewsAfter = (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM identity_views WHERE context = 'export'`)).n;
    expect(viewsAfter - viewsBefore).toBe(identified);
  });

  it('When deadlines pass unmet, Then the overdue queue holds exactly the cases with a passed, open, running deadline', async () => {
    const overdueBySql = async () =>
      (
        await server.db.one<{ n: number }>(
          `SELECT count(DISTINCT case_id) AS n FROM case_deadlines
           WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND due_at < $1`,
          [server.clock.now()],
        )
      ).n;
    // Then every open deadline of Perijá's cases is moved three weeks into the past.
    for (const step of [0, 1]) {
      if (step === 1) {
        await server.db.query(
          `UPDATE case_deadlines SET due_at = due_at - interval '21 days'
           WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND case_id IN (SELECT id FROM cases WHERE company_id = (SELECT id FROM companies WHERE slug = 'perija'))`,
        );
      }
      const expected = await overdueBySql();
      const summary: OversightSummaryDto = (await ombudsman.get('/api/oversight/summary')).body;
      const list: OversightCaseListDto = (await ombudsman.get('/api/oversight/cases?queue=overdue')).body;
      expect(summary.queues.overdue).toBe(expected);
      expect(list.total).toBe(expected);
      if (step === 1) expect(expected).toBeGreaterThan(0);
    }
  });

  it("When a filed case's categories change afterwards, Then the export names the new ones and every case row's copy matches case_categories", async () => {
    const mechanism = await loadMechanism(server);
    const filed = await fileComplaint(await server.client(), buildComplaint(mechanism, { categoryCodes: ['health', 'water'] }));
    const company = demoIds(mechanism).company('perija');
    const categoriesCell = async () => {
      const res = await downloadCsv(ombudsman, `/api/oversight/export.csv?company=${company}`);
      expect(res.status).toBe(200);
      const rows = parse((res.body as string).slice(1), { delimiter: ';' }) as string[][];
      return rows.find((row) => row[0] === filed.reference)?.[3];
    };
    const namesBySql = async () =>
      (
        await server.db.one<{ names: string }>(
          `SELECT string_agg(cat.name->>'es', ', ' ORDER BY cat.position) AS names
           FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id WHERE cc.case_id = $1`,
          [filed.caseId],
        )
      ).names;
    const copiesOutOfStep = async () =>
      (
        await server.db.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM cases c
           WHERE c.category_ids IS DISTINCT FROM ARRAY(SELECT cc.category_id FROM case_categories cc WHERE cc.case_id = c.id ORDER BY cc.category_id)`,
        )
      ).n;

    // As filed: both categories, in the mechanism's order.
    expect(await categoriesCell()).toBe(await namesBySql());
    expect((await namesBySql()).split(', ')).toHaveLength(2);
    expect(await copiesOutOfStep()).toBe(0);

    // Recategorised straight in SQL (a data fix): one dropped, one added, then all of them dropped.
    await server.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM case_categories cc USING categories k WHERE k.id = cc.category_id AND cc.case_id = $1 AND k.code = 'water'`, [filed.caseId]);
      await tx.query(
        `INSERT INTO case_categories (case_id, category_id) SELECT c.id, k.id FROM cases c JOIN categories k ON k.mechanism_id = c.mechanism_id
         WHERE c.id = $1 AND k.code = 'noise_vibration'`,
        [filed.caseId],
      );
    });
    expect(await categoriesCell()).toBe(await namesBySql());
    expect(await namesBySql()).not.toContain(
      (await server.db.one<{ name: string }>(`SELECT name->>'es' AS name FROM categories WHERE code = 'water' LIMIT 1`)).name,
    );
    expect(await copiesOutOfStep()).toBe(0);
    await server.db.query('DELETE FROM case_categories WHERE case_id = $1', [filed.caseId]);
    expect(await categoriesCell()).toBe('');
    expect(await copiesOutOfStep()).toBe(0);
  });
});

describe("Oversight medians in the mechanism's own calendar", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the mechanism declares its own holidays and works on a national one, Then the medians count business days as its deadlines do', async () => {
    const firstAck = await server.db.query<{ filed: Date; at: Date }>(
      `SELECT c.created_at AS filed, min(e.created_at) AS at FROM cases c JOIN case_events e ON e.case_id = c.id AND e.to_status = 'acknowledged' GROUP BY c.id`,
    );
    const intervals = firstAck.map((r) => ({ from: bogotaDate(r.filed), to: bogotaDate(r.at) }));
    // A regional holiday on the last business day of every interval (so every measured case loses a
    // day), and one national holiday the mechanism works on, inside the longest interval.
    const added = new Set<string>();
    for (const { from, to } of intervals) {
      const day = new Date(`${to}T12:00:00Z`);
      while (day.toISOString().slice(0, 10) > from && !isBusinessDay(day.toISOString().slice(0, 10))) day.setUTCDate(day.getUTCDate() - 1);
      if (day.toISOString().slice(0, 10) > from) added.add(day.toISOString().slice(0, 10));
    }
    const longest = [...intervals].sort((a, b) => walkBusinessDays(b.from, b.to) - walkBusinessDays(a.from, a.to))[0]!;
    let removed: string | null = null;
    for (const day = new Date(`${longest.from}T12:00:00Z`); day.toISOString().slice(0, 10) < longest.to; day.setUTCDate(day.getUTCDate() + 1)) {
      const date = day.toISOString().slice(0, 10);
      if (isHoliday(date) && day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !added.has(date)) removed = date;
    }
    const calendar: CalendarOptions = { extraHolidays: [...added], removedHolidays: removed ? [removed] : [] };
    const mechanism = await server.db.one<{ id: string }>('SELECT id FROM mechanisms LIMIT 1');
    for (const date of added) {
      await server.db.query(`INSERT INTO mechanism_holidays (mechanism_id, date, kind, reason) VALUES ($1, $2, 'added', 'Decreto regional')`, [
        mechanism.id,
        date,
      ]);
    }
    if (removed)
      await server.db.query(`INSERT INTO mechanism_holidays (mechanism_id, date, kind, reason) VALUES ($1, $2, 'removed', 'Se trabaja')`, [
        mechanism.id,
        removed,
      ]);

    const national = median(intervals.map((i) => walkBusinessDays(i.from, i.to)));
    const own = median(intervals.map((i) => walkBusinessDays(i.from, i.to, calendar)));
    expect(own).not.toBe(national);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const summary: OversightSummaryDto = (await ombudsman.get('/api/oversight/summary')).body;
    expect(summary.medianDaysToAcknowledge).toBe(own);
    // The public figures count the same way (demo data measures more than 5 cases, so nothing is suppressed).
    expect(intervals.length).toBeGreaterThanOrEqual(5);
    const published: TransparencyDto = (await (await server.client()).get('/api/transparency?mechanism=cesar')).body;
    expect(published.total.medianDaysToAcknowledge).toBe(own);
    const acknowledgedPerCompany = await server.db.query<{ companyId: string; filed: Date; at: Date }>(
      `SELECT c.company_id AS "companyId", c.created_at AS filed, min(e.created_at) AS at FROM cases c
       JOIN case_events e ON e.case_id = c.id AND e.to_status = 'acknowledged' WHERE c.company_id IS NOT NULL GROUP BY c.id`,
    );
    const scorecards: ScorecardsDto = (await ombudsman.get('/api/oversight/scorecards')).body;
    for (const card of scorecards.scorecards) {
      const mine = acknowledgedPerCompany.filter((r) => r.companyId === card.company.id);
      expect({ company: card.company.name, median: card.medianDaysToAcknowledge }).toEqual({
        company: card.company.name,
        median: median(mine.map((r) => walkBusinessDays(bogotaDate(r.filed), bogotaDate(r.at), calendar))),
      });
    }

    // The admin takes the mechanism back to the national calendar: the medians follow at once.
    const admin = await server.loginAs(DEMO.admin);
    for (const date of [...added, ...(removed ? [removed] : [])]) {
      expect((await admin.delete(`/api/admin/mechanisms/${mechanism.id}/holidays/${date}`)).status).toBe(200);
    }
    expect(((await ombudsman.get('/api/oversight/summary')).body as OversightSummaryDto).medianDaysToAcknowledge).toBe(national);
  });
});
