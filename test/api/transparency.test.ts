import { DEMO, getTestServer, type TestServer } from '../support';
import type { OversightSummaryDto, TransparencyDto, TransparencyRow } from '../../shared/types/oversight';
import { DEMO_CASES } from '../../server/db/demoData';
import { FieldCipher } from '../../server/crypto/fieldCipher';
import { TEST_DATA_KEY } from '../testConfig';
import crypto from 'node:crypto';
import { casePlace } from '../../server/crypto/sealedColumns';

const IDENTITIES = DEMO_CASES.flatMap((c) =>
  c.identity ? [c.identity.name, c.identity.documentId, c.identity.phone].filter((v): v is string => Boolean(v)) : [],
);
const TEXTS = DEMO_CASES.flatMap((c) => [c.description.slice(0, 30), c.hopedOutcome.slice(0, 30)]);

function rows(dto: TransparencyDto): TransparencyRow[] {
  return [dto.total, ...dto.byCompany, ...dto.byCategory, ...dto.byMunicipality, ...dto.byQuarter];
}

function expectNoSmallCell(dto: TransparencyDto) {
  for (const row of rows(dto)) {
    for (const cell of [row.filed, row.resolved, row.closedUnresolved]) {
      if (typeof cell === 'number') expect(cell === 0 || cell >= 5).toBe(true);
      else expect(cell).toBe('<5');
    }
  }
}

/** How many cells of a column are hidden: never exactly one in an additive table with a published total. */
function expectNoLoneHiddenCell(table: TransparencyRow[], total: TransparencyRow) {
  for (const column of ['filed', 'resolved', 'closedUnresolved'] as const) {
    const hidden = table.filter((r) => r[column] === '<5').length;
    if (typeof total[column] === 'number') expect(hidden).not.toBe(1);
  }
}

describe('Public transparency figures', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
    // Grow the demo so some cells pass the threshold: 30 more cases for one company and municipality.
    const ids = Array.from({ length: 30 }, () => crypto.randomUUID());
    const cipher = new FieldCipher(TEST_DATA_KEY);
    await server.db.query(
      `INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, description, identity_mode, identity_ciphertext, created_at, updated_at)
       SELECT x.id, c.mechanism_id, 'CES-2026-9' || lpad(g::text, 5, '0'), CASE WHEN g % 3 = 0 THEN 'resolved' ELSE 'received' END,
              (SELECT id FROM companies WHERE slug = 'perija'), (SELECT id FROM municipalities WHERE name = 'La Jagua de Ibirico'),
              'Texto de prueba número ' || g, 'confidential', x.ciphertext, c.created_at, c.created_at
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS x(id, ciphertext, g), (SELECT mechanism_id, created_at FROM cases ORDER BY created_at DESC LIMIT 1) c`,
      [ids, ids.map((id) => cipher.seal({ name: 'Persona Generada Secreta', phone: '3009998877' }, casePlace(id, 'identity')))],
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a visitor without login opens the figures, Then no cell counts 1 to 4 and no lone hidden cell can be recovered from a total', async () => {
    const visitor = await server.client();
    const res = await visitor.get('/api/transparency?mechanism=cesar');
    expect(res.status).toBe(200);
    const dto: TransparencyDto = res.body;
    expectNoSmallCell(dto);
    for (const table of [dto.byCompany, dto.byMunicipality, dto.byQuarter]) expectNoLoneHiddenCell(table, dto.total);
    expect(dto.byCompany.find((r) => r.label === 'Carbones del Perijá S.A.S.')?.filed).toBeGreaterThanOrEqual(30);
    expect(rows(dto).some((r) => r.filed === '<5')).toBe(true);
  });

  it('When the figures are read as JSON or CSV in either language, Then no identity and no complaint text appears', async () => {
    const visitor = await server.client('en');
    for (const path of ['/api/transparency', '/api/transparency?lang=es', '/api/transparency.csv', '/api/transparency.csv?lang=en']) {
      const res = await visitor.get(path);
      expect(res.status).toBe(200);
      // Anonymised figures may be kept a minute by browsers and proxies, per language.
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.headers['vary']).toMatch(/Accept-Language/);
      for (const secret of [...IDENTITIES, ...TEXTS, 'Persona Generada Secreta', '3009998877', 'Texto de prueba']) expect(res.text).not.toContain(secret);
    }
    const csv = await visitor.get('/api/transparency.csv?lang=en');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('Table;Group;Complaints filed;Resolved;Closed without agreement');
    expect(csv.text).toContain('<5');
    expect((await visitor.get('/api/transparency?lang=en')).body.byCategory.some((r: TransparencyRow) => r.label === 'Water')).toBe(true);
  });

  it('When the same period is asked, Then the public totals equal the ombudsman dashboard', async () => {
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const from = '2026-08-01';
    const to = '2026-11-30';
    for (const query of ['', `from=${from}&to=${to}`]) {
      const summary: OversightSummaryDto = (await ombudsman.get(`/api/oversight/summary?${query}`)).body;
      const dto: TransparencyDto = (await (await server.client()).get(`/api/transparency?mechanism=cesar&${query}`)).body;
      expect(dto.total.filed).toBe(summary.total);
      expect(dto.total.resolved).toBe(summary.byStatus.resolved >= 5 || summary.byStatus.resolved === 0 ? summary.byStatus.resolved : '<5');
      const quarterSum = dto.byQuarter.reduce((s, r) => s + (typeof r.filed === 'number' ? r.filed : 0), 0);
      expect(quarterSum).toBeLessThanOrEqual(summary.total);
    }
  });

  it('When the mechanism does not exist or a parameter is wrong, Then the answer is 404 or 400 naming it', async () => {
    const visitor = await server.client();
    expect((await visitor.get('/api/transparency?mechanism=nada')).status).toBe(404);
    const bad = await visitor.get('/api/transparency?from=ayer');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('from');
  });
});
