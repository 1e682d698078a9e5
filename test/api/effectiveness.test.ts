/**
 * The effectiveness report and the referral ladder (issue #17 items 4–5) through the API. The report's
 * figures are checked against counts the test computes from the rows it seeds itself (a month of 2021
 * no demo case falls in), cell by cell; suppression is checked on every table; totals against the
 * dashboard's. The ladder is walked on a complaint filed and not admitted through the API.
 */
import crypto from 'node:crypto';
import { bogotaDate } from '../../shared/calendar';
import type { MechanismDto } from '../../shared/types/api';
import type { EffectivenessDto, ReportTable } from '../../shared/types/effectiveness';
import type { OversightSummaryDto } from '../../shared/types/oversight';
import type { CaseReferralsDto } from '../../shared/types/referrals';
import { FieldCipher } from '../../server/crypto/fieldCipher';
import { casePlace } from '../../server/crypto/sealedColumns';
import { DEMO, getTestServer, openUserNameOf, type TestClient, type TestServer } from '../support';
import { TEST_DATA_KEY } from '../testConfig';
import { equityColumns, equityIndexOf } from '../../server/learning/equityIndex';
import { buildComplaint, demoIds, fileComplaint, loadMechanism } from '../intakeSupport';

const cipher = new FieldCipher(TEST_DATA_KEY);
const PERIOD = 'from=2021-02-01&to=2021-02-28';

let server: TestServer;
let mechanism: MechanismDto;
let ombudsman: TestClient;
let liaison: TestClient;
let complainant: TestClient;
let visitor: TestClient;

/** What the test seeds for one case, and so knows. */
interface Seed {
  gender?: string;
  ethnicGroup?: string;
  ageBand?: string;
  municipality: 'A' | 'B';
  status: 'resolved' | 'closed_unresolved' | 'in_dialogue' | 'not_admitted';
  ackOnTime: boolean;
  ackDay: string;
  satisfaction?: number;
  reopened?: boolean;
}

const GENDERS = ['woman', 'man', 'non_binary'];
/** 31 cases: genders 13 women, 13 men, 3 non-binary (a small column), 2 not declared. */
const SEEDS: Seed[] = Array.from({ length: 31 }, (_, i) => {
  const status = (['resolved', 'in_dialogue', 'closed_unresolved', 'resolved', 'not_admitted'] as const)[i % 5]!;
  return {
    gender: i < 26 ? GENDERS[i % 2] : i < 29 ? 'non_binary' : undefined,
    ethnicGroup: i % 3 === 0 ? 'indigenous' : i % 3 === 1 ? 'afro_colombian' : undefined,
    ageBand: i % 7 === 0 ? '60_plus' : '30_44',
    municipality: i < 24 ? 'A' : 'B',
    status,
    ackOnTime: i % 4 !== 0,
    // Filed Tuesday 2 February 2021; acknowledged two or three business days later (no holiday in February).
    ackDay: i % 2 ? '2021-02-04' : '2021-02-05',
    satisfaction: status === 'resolved' ? 1 + (i % 5) : undefined,
    reopened: status === 'resolved' && i % 10 === 0,
  };
});

beforeAll(async () => {
  server = await getTestServer();
  mechanism = await loadMechanism(server);
  [ombudsman, liaison, complainant] = await Promise.all([server.loginAs(DEMO.ombudsman), server.loginAs(DEMO.liaisonPerija), server.loginAs(DEMO.complainant)]);
  visitor = await server.client();
  const { municipality, company } = demoIds(mechanism);
  const places = { A: municipality('El Paso').id, B: municipality('Becerril').id };
  const air = (await server.db.one<{ id: string }>('SELECT id FROM categories WHERE mechanism_id = $1 AND code = $2', [mechanism.id, 'air_dust'])).id;
  await server.db.transaction(async (tx) => {
    for (const [i, s] of SEEDS.entries()) {
      const id = crypto.randomUUID();
      const filed = '2021-02-02T14:00:00Z';
      const equity = s.gender || s.ethnicGroup ? { gender: s.gender, ethnicGroup: s.ethnicGroup, ageBand: s.ageBand, consent: true } : null;
      await tx.query(
        `INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, description, identity_mode, equity_ciphertext, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'Polvo en la vía.', 'anonymous', $7, $8, $8)`,
        [
          id,
          mechanism.id,
          `EFF-2021-${String(i).padStart(6, '0')}`,
          s.status,
          company('perija'),
          places[s.municipality],
          equity && cipher.seal(equity, casePlace(id, 'equity')),
          filed,
        ],
      );
      await tx.query('INSERT INTO case_categories (case_id, category_id) VALUES ($1, $2)', [id, air]);
      const event = (kind: string, to: string, at: string) =>
        tx.query(`INSERT INTO case_events (case_id, kind, to_status, actor_role, created_at) VALUES ($1, $2, $3, 'ombudsman', $4)`, [id, kind, to, at]);
      await event('cases.filed', 'received', filed);
      await event('cases.acknowledge', 'acknowledged', `${s.ackDay}T15:00:00Z`);
      await tx.query(
        `INSERT INTO case_deadlines (case_id, stage, responsible, started_at, started_on, due_on, due_at, base_days, reminder_days_before, satisfied_at)
         VALUES ($1, 'acknowledge', 'company', $2, '2021-02-02', '2021-02-05', $3, 3, 1, $4)`,
        [id, filed, s.ackOnTime ? '2021-02-06T04:59:59Z' : '2021-02-03T04:59:59Z', `${s.ackDay}T15:00:00Z`],
      );
      if (s.status === 'not_admitted') await event('cases.not_admit', 'not_admitted', '2021-02-10T15:00:00Z');
      else await event('cases.admit', 'in_dialogue', '2021-02-10T15:00:00Z');
      if (s.status === 'resolved') {
        await event('cases.accept_agreement', 'in_implementation', '2021-02-15T15:00:00Z');
        await event('cases.resolve', 'resolved', '2021-02-22T15:00:00Z');
        const resolvedEvent = await tx.one<{ id: number }>(`SELECT max(id) AS id FROM case_events WHERE case_id = $1`, [id]);
        await tx.query(`INSERT INTO case_satisfaction (case_id, resolved_event_id, score, by_role) VALUES ($1, $2, $3, 'complainant')`, [
          id,
          resolvedEvent.id,
          s.satisfaction,
        ]);
        if (s.reopened) await event('cases.reopen', 'in_dialogue', '2021-02-24T15:00:00Z');
      }
      if (s.status === 'closed_unresolved') {
        await event('cases.close_unresolved', 'closed_unresolved', '2021-02-25T15:00:00Z');
        await tx.query(
          `INSERT INTO case_referrals (case_id, remedy, offered_at) SELECT $1, r, now() FROM unnest(ARRAY['pnc_colombia', 'personeria', 'tutela']) r`,
          [id],
        );
      }
    }
  });
});

afterAll(async () => {
  await server?.close();
});

/** The table `id` by `dimension`. */
function table(report: EffectivenessDto, id: ReportTable['id'], dimension: ReportTable['dimension']): ReportTable {
  return report.tables.find((t) => t.id === id && t.dimension === dimension)!;
}

const columnOf = (s: Seed, dimension: 'gender' | 'ethnicGroup') => s[dimension] ?? 'not_declared';

describe('The effectiveness report', () => {
  let report: EffectivenessDto;
  beforeAll(async () => {
    const res = await ombudsman.get(`/api/oversight/effectiveness?${PERIOD}`);
    expect(res.status).toBe(200);
    report = res.body as EffectivenessDto;
  });

  test('When the ombudsman reads a period, Then every published figure equals the count made from the seeded rows, and how many declared is said', () => {
    expect(report.cases).toBe(SEEDS.length);
    expect(report.declared).toEqual({
      any: SEEDS.filter((s) => s.gender || s.ethnicGroup).length,
      gender: SEEDS.filter((s) => s.gender).length,
      ethnicGroup: SEEDS.filter((s) => s.ethnicGroup).length,
      ageBand: SEEDS.filter((s) => s.gender || s.ethnicGroup).length,
    });
    let compared = 0;
    for (const dimension of ['gender', 'ethnicGroup'] as const) {
      const status = table(report, 'status', dimension);
      for (const row of status.rows) {
        expect(row.total.value).toBe(SEEDS.filter((s) => s.status === row.key).length);
        row.cells.forEach((cell, c) => {
          const expected = SEEDS.filter((s) => s.status === row.key && columnOf(s, dimension) === status.columns[c]!.key).length;
          if (expected > 0 && expected < 5) expect(cell.value).toBe('<5');
          if (cell.value !== '<5') {
            expect(cell.value).toBe(expected);
            compared += 1;
          }
        });
      }
    }
    expect(compared).toBeGreaterThan(20);
    const indicators = table(report, 'indicators', 'gender');
    const row = (key: string) => indicators.rows.find((r) => r.key === key)!;
    const women = indicators.columns.findIndex((c) => c.key === 'woman');
    const pct = (met: number, base: number) => Math.round((1000 * met) / base) / 10;
    expect(row('acknowledged_on_time').total).toEqual({ value: pct(SEEDS.filter((s) => s.ackOnTime).length, SEEDS.length), base: SEEDS.length });
    // Per column: what is published equals the count; the women's or men's column is published.
    const published = indicators.columns.filter((col, c) => {
      const mine = SEEDS.filter((s) => (s.gender ?? 'not_declared') === col.key);
      const cell = row('acknowledged_on_time').cells[c]!;
      if (cell.value === '<5') return false;
      expect(cell).toEqual(mine.length ? { value: pct(mine.filter((s) => s.ackOnTime).length, mine.length), base: mine.length } : { value: null, base: 0 });
      return mine.length > 0;
    });
    expect(published.map((c) => c.key).some((k) => k === 'woman' || k === 'man')).toBe(true);
    expect(women).toBeGreaterThanOrEqual(0);
    const admitted = SEEDS.filter((s) => s.status !== 'not_admitted');
    expect(row('agreement_reached').total).toEqual({
      value: pct(admitted.filter((s) => s.status === 'resolved').length, admitted.length),
      base: admitted.length,
    });
    const answers = SEEDS.flatMap((s) => (s.satisfaction ? [s.satisfaction] : []));
    expect(row('satisfaction').total).toEqual({ value: Math.round((100 * answers.reduce((a, b) => a + b, 0)) / answers.length) / 100, base: answers.length });
    const days = SEEDS.map((s) => (s.ackDay === '2021-02-04' ? 2 : 3)).sort((a, b) => a - b);
    expect(row('days_acknowledge').total).toEqual({ value: days[Math.floor(days.length / 2)], base: SEEDS.length });
    const closed = SEEDS.filter((s) => s.status === 'resolved' || s.status === 'closed_unresolved');
    expect(row('reopened').total).toEqual({ value: pct(SEEDS.filter((s) => s.reopened).length, closed.length), base: closed.length });
    expect(row('referrals').total.value).toBe(SEEDS.filter((s) => s.status === 'closed_unresolved').length);
    const pqrsd = report.pqrsd.find((p) => p.kind === 'total')!;
    expect(pqrsd).toMatchObject({ received: SEEDS.length, refused: SEEDS.filter((s) => s.status === 'not_admitted').length, forwarded: 0 });
    expect(report.referrals.find((r) => r.remedy === 'tutela')!.offered).toBe(SEEDS.filter((s) => s.status === 'closed_unresolved').length);
  });

  test('When any breakdown is read, Then no cell counts 1 to 4 people and no row or column with a shown total hides exactly one cell', () => {
    const small = (v: unknown) => typeof v === 'number' && v > 0 && v < 5;
    for (const t of report.tables) {
      for (const row of t.rows) {
        for (const cell of row.cells) {
          if (row.kind === 'count') expect(small(cell.value)).toBe(false);
          expect(small(cell.base)).toBe(false);
        }
        if (row.kind === 'count') expect(row.cells.filter((c) => c.value === '<5').length).not.toBe(1);
      }
    }
    // The three non-binary people are never shown as such, in any table.
    const nonBinary = table(report, 'status', 'gender').columns.findIndex((c) => c.key === 'non_binary');
    for (const t of report.tables.filter((x) => x.dimension === 'gender'))
      for (const row of t.rows) expect([0, '<5', null]).toContain(row.cells[nonBinary]!.base);
    for (const r of report.referrals) for (const v of [r.offered, ...Object.values(r.outcomes)]) expect(small(v)).toBe(false);
  });

  test('When the dashboard is read for the same period, Then the report’s totals match it, and the CSV carries the same figures', async () => {
    const summary = (await ombudsman.get(`/api/oversight/summary?${PERIOD}`)).body as OversightSummaryDto;
    expect(summary.total).toBe(report.cases);
    for (const row of table(report, 'status', 'municipality').rows) expect(row.total.value).toBe(summary.byStatus[row.key as keyof typeof summary.byStatus]);
    const csv = await ombudsman.get(`/api/oversight/effectiveness.csv?${PERIOD}&lang=en`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain(`Cases by status;By gender;Resolved;Whole mechanism;${report.tables[0]!.rows.find((r) => r.key === 'resolved')!.total.value}`);
    expect(csv.text).toContain('"PQRSD (Resolución 1519 de 2020, annex 2)";Total;Received;;31;');
  });

  test('When a liaison, a complainant, a visitor or an unknown mechanism asks for the report, Then it is not found', async () => {
    for (const client of [liaison, complainant, visitor]) {
      expect((await client.get(`/api/oversight/effectiveness?${PERIOD}`)).status).toBe(404);
      expect((await client.get(`/api/oversight/effectiveness.csv?${PERIOD}`)).status).toBe(404);
    }
    expect((await ombudsman.get('/api/oversight/effectiveness?mechanism=nowhere')).status).toBe(404);
    expect((await ombudsman.get('/api/oversight/effectiveness?from=2021-03-01&to=2021-02-01')).status).toBe(400);
  });

  test('When a complainant files equity answers and then withdraws the consent, Then the report counts them, then no longer, and the case’s blind index always matches its sealed answers', async () => {
    const today = bogotaDate(server.clock.now());
    const read = async () => ((await ombudsman.get(`/api/oversight/effectiveness?from=${today}&to=${today}`)).body as EffectivenessDto).declared;
    const indexOf = async (caseId: string) =>
      await server.db.one<{ index: string | null; ciphertext: string | null }>(
        'SELECT equity_index AS index, equity_ciphertext AS ciphertext FROM cases WHERE id = $1',
        [caseId],
      );
    const before = await read();
    const filed = await fileComplaint(complainant, buildComplaint(mechanism, { equity: { gender: 'woman', ageBand: '60_plus', consent: true } }));
    expect(await read()).toEqual({ ...before, any: before.any + 1, gender: before.gender + 1, ageBand: before.ageBand + 1 });
    // The index the report keeps is the recount from the sealed answers, and no plaintext answer is stored.
    const indexed = await indexOf(filed.caseId);
    const answers = cipher.open<{ gender: string; ageBand: string; consent: boolean }>(indexed.ciphertext!, casePlace(filed.caseId, 'equity'));
    expect(indexed.index).toBe(equityIndexOf(cipher, mechanism.id, equityColumns(answers)));
    expect(indexed.index).not.toContain('woman');
    expect((await complainant.post('/api/habeas/sensitive-data/withdraw')).status).toBe(200);
    expect(await indexOf(filed.caseId)).toEqual({ index: null, ciphertext: null });
    expect(await read()).toEqual(before);
  });

  test('When the tallies kept by every write are rebuilt from the cases themselves, Then the report of the seeded period and of today is the same figure for figure', async () => {
    const today = bogotaDate(server.clock.now());
    const read = async (as = ombudsman) =>
      await Promise.all([PERIOD, `from=${today}&to=${today}`].map(async (q) => (await as.get(`/api/oversight/effectiveness?${q}`)).body as EffectivenessDto));
    // Today's filings still have running deadlines: the clock-dependent part is compared too.
    await fileComplaint(complainant, buildComplaint(mechanism, { equity: { gender: 'man', consent: true } }));
    const kept = await read();
    expect(kept[1]!.cases).toBeGreaterThan(0);
    await server.db.query('SELECT compact_effectiveness_tallies()');
    expect(await read()).toEqual(kept);
    await server.db.query('SELECT rebuild_effectiveness_facts()');
    expect(await read()).toEqual(kept);
    // No write marks a deadline falling due: the report counts today's running ones once the clock passes them.
    const filedAt = server.clock.now();
    try {
      server.clock.advance(30 * 86_400_000);
      const now = server.clock.now();
      // A new session: the first one is idle past its 12 hours at the moved clock.
      const late = (await read(await server.loginAs(DEMO.ombudsman)))[1]!;
      const recount = await server.db.one<{ due: number; met: number }>(
        `SELECT count(DISTINCT d.case_id)::int AS due,
                (count(DISTINCT d.case_id) - count(DISTINCT d.case_id) FILTER (WHERE d.satisfied_at IS NULL OR d.satisfied_at > d.due_at))::int AS met
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id
         WHERE c.mechanism_id = $1 AND bogota_date(c.created_at) = $2 AND d.stage = 'acknowledge' AND d.cancelled_at IS NULL
           AND (d.satisfied_at IS NOT NULL OR (d.paused_at IS NULL AND d.due_at < $3))`,
        [mechanism.id, bogotaDate(filedAt), now],
      );
      const indicator = table(late, 'indicators', 'gender').rows.find((r) => r.key === 'acknowledged_on_time')!;
      expect(recount.due).toBeGreaterThan(table(kept[1]!, 'indicators', 'gender').rows.find((r) => r.key === 'acknowledged_on_time')!.total.base as number);
      expect(indicator.total).toEqual({ value: Math.round((1000 * recount.met) / recount.due) / 10, base: recount.due });
    } finally {
      server.clock.set(filedAt);
    }
  });
});

describe('The referral ladder', () => {
  test('When the ombudsman does not admit a complaint, Then its complainant is offered the remedies that fit, records what became of one, and prints a packet naming nobody else; the company sees none of it', async () => {
    const filed = await fileComplaint(complainant, buildComplaint(mechanism, { identity: { name: 'Ana Mercedes Toro', phone: '3105550101' } }));
    const moved = await ombudsman.post(`/api/cases/${filed.caseId}/transitions`, {
      action: 'not_admit',
      reason: 'El asunto es laboral.',
      referral: { to: 'Inspección de Trabajo de Valledupar' },
    });
    expect(moved.status).toBe(200);
    const ladder = (await complainant.get(`/api/cases/${filed.caseId}/referrals`)).body as CaseReferralsDto;
    // The demo company is neither Dutch-linked nor IFC-financed.
    expect(ladder.referrals.map((r) => r.remedy)).toEqual(['competent_body', 'pnc_colombia', 'personeria', 'tutela']);
    expect((await complainant.put(`/api/cases/${filed.caseId}/referrals/personeria`, { outcome: 'taken', note: 'Fui el lunes.' })).status).toBe(204);
    expect((await complainant.put(`/api/cases/${filed.caseId}/referrals/cao`, { outcome: 'taken' })).status).toBe(404);
    const bad = await complainant.put(`/api/cases/${filed.caseId}/referrals/tutela`, { outcome: 'won' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('outcome');
    const after = (await ombudsman.get(`/api/cases/${filed.caseId}/referrals`)).body as CaseReferralsDto;
    expect(after.referrals.find((r) => r.remedy === 'personeria')).toMatchObject({ outcome: 'taken', outcomeNote: 'Fui el lunes.' });
    const packet = await complainant.get(ladder.packetUrl);
    expect(packet.status).toBe(200);
    expect(packet.headers['content-type']).toMatch(/text\/html/);
    expect(packet.text).toContain(filed.reference);
    expect(packet.text).toContain('Inspección de Trabajo de Valledupar');
    expect(packet.text).toContain('Punto Nacional de Contacto de Colombia');
    expect(packet.text).toContain('La persona acudió a esta vía');
    const staffNames = await server.db.query<{ id: string; name_ciphertext: string }>(
      `SELECT id, name_ciphertext FROM users WHERE role IN ('ombudsman', 'liaison') AND name_ciphertext IS NOT NULL`,
    );
    for (const row of staffNames) expect(packet.text).not.toContain(openUserNameOf(row));
    expect(packet.text).not.toContain('Ana Mercedes Toro');
    for (const path of [`/api/cases/${filed.caseId}/referrals`, ladder.packetUrl]) {
      expect((await liaison.get(path)).status).toBe(404);
      expect((await visitor.get(path)).status).toBe(401);
    }
    expect((await liaison.put(`/api/cases/${filed.caseId}/referrals/tutela`, { outcome: 'taken' })).status).toBe(404);
    // The report counts the referral and its outcome for the month it was filed in.
    const today = bogotaDate(server.clock.now());
    const report = (await ombudsman.get(`/api/oversight/effectiveness?from=${today}&to=${today}`)).body as EffectivenessDto;
    expect(report.tables.find((t) => t.id === 'indicators')!.rows.find((r) => r.key === 'referrals')!.total.value).toBeGreaterThanOrEqual(1);
  });

  test('When the ombudsman assesses a case’s consequence level, Then the history says so and the learning panel shows it to them alone', async () => {
    const filed = await fileComplaint(complainant, buildComplaint(mechanism));
    expect((await ombudsman.put(`/api/cases/${filed.caseId}/consequence`, { level: 3 })).status).toBe(200);
    expect((await ombudsman.put(`/api/cases/${filed.caseId}/consequence`, { level: 4 })).status).toBe(400);
    expect((await liaison.put(`/api/cases/${filed.caseId}/consequence`, { level: 1 })).status).toBe(404);
    expect((await complainant.put(`/api/cases/${filed.caseId}/consequence`, { level: 1 })).status).toBe(404);
    expect((await ombudsman.get(`/api/cases/${filed.caseId}/learning`)).body.consequenceLevel).toBe(3);
    expect((await complainant.get(`/api/cases/${filed.caseId}/learning`)).body.consequenceLevel).toBeUndefined();
    const kinds = await server.db.query<{ kind: string }>('SELECT kind FROM case_events WHERE case_id = $1', [filed.caseId]);
    expect(kinds.map((k) => k.kind)).toContain('cases.consequence_assessed');
  });

  test('When an anonymous complainant opens their not-admitted case with the receipt key, Then they read its ladder and packet without an account; another session gets nothing', async () => {
    const anonymous = buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' });
    const filed = await fileComplaint(await server.client(), anonymous);
    expect(
      (
        await ombudsman.post(`/api/cases/${filed.caseId}/transitions`, {
          action: 'not_admit',
          reason: 'No corresponde a la empresa.',
          referral: { to: 'Alcaldía de El Paso' },
        })
      ).status,
    ).toBe(200);
    const phone = await server.client();
    const path = `/api/cases/${filed.caseId}/referrals`;
    // Before the key is checked this session follows nothing: 401, as every case route answers.
    expect((await phone.get(path)).status).toBe(401);
    expect((await phone.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey })).status).toBe(200);
    const ladder = (await phone.get(path)).body as CaseReferralsDto;
    expect(ladder.referrals.map((r) => r.remedy)).toEqual(['competent_body', 'pnc_colombia', 'personeria', 'tutela']);
    expect((await phone.put(`${path}/tutela`, { outcome: 'taken' })).status).toBe(204);
    const packet = await phone.get(ladder.packetUrl);
    expect(packet.status).toBe(200);
    expect(packet.text).toContain(filed.reference);
    // A session that follows another case (its own) may not read this one's.
    const other = await server.client();
    const own = await fileComplaint(other, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    expect(own.caseId).not.toBe(filed.caseId);
    expect((await other.get(path)).status).toBe(404);
    expect((await other.get(ladder.packetUrl)).status).toBe(404);
    expect((await other.put(`${path}/tutela`, { outcome: 'declined' })).status).toBe(404);
    expect(((await ombudsman.get(path)).body as CaseReferralsDto).referrals.find((r) => r.remedy === 'tutela')!.outcome).toBe('taken');
  });

  test('When the admin marks a company Dutch-linked and IFC-financed, Then the change is recorded and its next case not admitted is offered the Dutch NCP and the CAO; nobody else may set them', async () => {
    const { company } = demoIds(mechanism);
    const valle = company('valle-cesar');
    const admin = await server.loginAs(DEMO.admin);
    const m = `/api/admin/mechanisms/${mechanism.id}`;
    const other = await server.db.one<{ id: string }>(
      `INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('eff-otra', 'Otra', 'Otra', 'EFO') RETURNING id`,
    );
    const otherCompany = await server.db.one<{ id: string }>(`INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, 'Ajena', 'ajena') RETURNING id`, [
      other.id,
    ]);
    const flags = { dutchLinked: true, ifcFinanced: true };
    // No login, another role, another mechanism, another mechanism's company: refused, nothing changes.
    expect((await visitor.send('patch', `${m}/companies/${valle}`, flags)).status).toBe(401);
    for (const client of [ombudsman, liaison, complainant]) expect((await client.send('patch', `${m}/companies/${valle}`, flags)).status).toBe(404);
    expect((await admin.send('patch', `/api/admin/mechanisms/${other.id}/companies/${otherCompany.id}`, flags)).status).toBe(404);
    expect((await admin.send('patch', `${m}/companies/${otherCompany.id}`, flags)).status).toBe(404);
    const bad = await admin.send('patch', `${m}/companies/${valle}`, { dutchLinked: 'sí' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['dutchLinked']);
    const untouched = await server.db.query<{ dutch_linked: boolean; ifc_financed: boolean }>(
      'SELECT dutch_linked, ifc_financed FROM companies WHERE id = ANY($1::uuid[])',
      [[valle, otherCompany.id]],
    );
    expect(untouched.every((c) => !c.dutch_linked && !c.ifc_financed)).toBe(true);

    const set = await admin.send('patch', `${m}/companies/${valle}`, flags);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id: valle, ...flags });
    expect(
      ((await admin.get(`${m}/companies`)).body as { id: string; dutchLinked: boolean; ifcFinanced: boolean }[]).find((c) => c.id === valle),
    ).toMatchObject(flags);
    const change = await server.db.one<{ action: string; data: unknown }>(
      `SELECT action, data FROM admin_changes WHERE target_id = $1 ORDER BY id DESC LIMIT 1`,
      [valle],
    );
    expect(change).toEqual({ action: 'companies.update', data: flags });

    try {
      const filed = await fileComplaint(complainant, buildComplaint(mechanism, { companyId: valle }));
      expect(
        (
          await ombudsman.post(`/api/cases/${filed.caseId}/transitions`, {
            action: 'not_admit',
            reason: 'No es de competencia del mecanismo.',
            referral: { to: 'Corpocesar' },
          })
        ).status,
      ).toBe(200);
      const ladder = (await complainant.get(`/api/cases/${filed.caseId}/referrals`)).body as CaseReferralsDto;
      expect(ladder.referrals.map((r) => r.remedy)).toEqual(['competent_body', 'pnc_colombia', 'ncp_netherlands', 'cao', 'personeria', 'tutela']);
    } finally {
      expect((await admin.send('patch', `${m}/companies/${valle}`, { dutchLinked: false, ifcFinanced: false })).body).toMatchObject({
        dutchLinked: false,
        ifcFinanced: false,
      });
    }
  });
});
