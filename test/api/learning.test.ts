/**
 * Learning (issue #17 items 1–3) through the API: the admin's taxonomy of root causes, tagging causes
 * on cases, related complaints ranked and linked as one issue, people joining a collective complaint
 * with their own identity mode, and recurrence in the oversight. One server for the file; each test
 * builds the cases it needs by filing them as a visitor would.
 */
import type { MechanismDto } from '../../shared/types/api';
import type { AdminRootCausesDto, CaseLearningDto, RecurrenceDto, RelatedCasesDto, SignatoryListDto } from '../../shared/types/learning';
import type { MessageListDto } from '../../shared/types/dialogue';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, demoIds, fileComplaint, loadMechanism } from '../intakeSupport';
import { ABOUT, demoCaseId, message } from '../dialogueFactory';

let server: TestServer;
let mechanism: MechanismDto;
let admin: TestClient;
let ombudsman: TestClient;
let liaisonPerija: TestClient;
let liaisonValle: TestClient;
let complainant: TestClient;
let visitor: TestClient;

beforeAll(async () => {
  server = await getTestServer();
  mechanism = await loadMechanism(server);
  [admin, ombudsman, liaisonPerija, liaisonValle, complainant] = await Promise.all([
    server.loginAs(DEMO.admin),
    server.loginAs(DEMO.ombudsman),
    server.loginAs(DEMO.liaisonPerija),
    server.loginAs(DEMO.liaisonValle),
    server.loginAs(DEMO.complainant),
  ]);
  visitor = await server.client();
});

afterAll(async () => {
  await server?.close();
});

/** The vereda `place` of municipality `name`, as the intake form offers it. */
function placeOf(name: string, place: string) {
  const municipality = demoIds(mechanism).municipality(name);
  return { municipalityId: municipality.id, veredaId: municipality.veredas.find((v) => v.name === place)!.id };
}

/** Files a complaint as a fresh visitor; returns its id. */
async function file(overrides: Parameters<typeof buildComplaint>[1]): Promise<string> {
  const filer = await server.client();
  return (await fileComplaint(filer, buildComplaint(mechanism, overrides))).caseId;
}

/** The id of the demo taxonomy's cause with this code. */
async function causeId(code: string): Promise<string> {
  return (await server.db.one<{ id: string }>('SELECT id FROM root_causes WHERE code = $1', [code])).id;
}

const mechanismPath = () => `/api/admin/mechanisms/${mechanism.id}`;

describe('The taxonomy of root causes', () => {
  test('When the admin reads and extends the taxonomy, Then the demo causes for Cesar coal are there and a new cause and site are added once', async () => {
    const res = await admin.get(`${mechanismPath()}/root-causes`);
    expect(res.status).toBe(200);
    const taxonomy = res.body as AdminRootCausesDto;
    const dust = taxonomy.categories.find((c) => c.code === 'air_dust')!;
    expect(dust.causes.map((c) => c.code)).toEqual(['haul_road', 'blasting_dust', 'coal_stockpile', 'train_loading', 'waste_dump']);
    expect(taxonomy.categories.find((c) => c.code === 'water')!.causes.map((c) => c.code)).toEqual([
      'mine_water_discharge',
      'diverted_stream',
      'wells_drawdown',
    ]);
    expect(taxonomy.companyProposesCauses).toBe(false);

    const body = { categoryId: dust.id, code: 'conveyor_belt', name: { es: 'Banda transportadora', en: 'Conveyor belt' } };
    const added = await admin.post(`${mechanismPath()}/root-causes`, body);
    expect(added.status).toBe(201);
    expect((added.body as AdminRootCausesDto).categories.find((c) => c.code === 'air_dust')!.causes.at(-1)).toMatchObject({
      code: 'conveyor_belt',
      active: true,
    });
    const again = await admin.post(`${mechanismPath()}/root-causes`, body);
    expect(again.status).toBe(400);
    expect(again.body.error.fields).toEqual([{ field: 'code', message: 'Ese código ya existe en este mecanismo.' }]);
    const bad = await admin.post(`${mechanismPath()}/root-causes`, { ...body, code: 'Mal Código', name: { es: '', en: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'name.es']);

    const perija = taxonomy.companies.find((c) => c.name.startsWith('Carbones del Perijá'))!;
    const site = await admin.post(`${mechanismPath()}/companies/${perija.id}/sites`, { name: 'Puerto de cargue' });
    expect(site.status).toBe(201);
    expect((site.body as AdminRootCausesDto).companies.find((c) => c.id === perija.id)!.sites.map((s) => s.name)).toContain('Puerto de cargue');

    for (const other of [ombudsman, liaisonPerija, complainant]) expect((await other.get(`${mechanismPath()}/root-causes`)).status).toBe(404);
    expect((await visitor.get(`${mechanismPath()}/root-causes`)).status).toBe(401);
  });

  test('When the ombudsman tags a cause, Then it counts at once; a company proposes only where the mechanism allows it, and only the ombudsman confirms', async () => {
    const caseId = await file({ companyId: demoIds(mechanism).company('perija'), ...placeOf('La Jagua de Ibirico', 'Las Palmitas') });
    const haulRoad = await causeId('haul_road');
    const site = await server.db.one<{ id: string }>(`SELECT id FROM company_sites WHERE name = 'Vía de acarreo Boquerón'`);

    const tagged = await ombudsman.post(`/api/cases/${caseId}/causes`, { rootCauseId: haulRoad, siteId: site.id });
    expect(tagged.status).toBe(201);
    expect((tagged.body as CaseLearningDto).causes).toEqual([
      {
        rootCause: { id: haulRoad, code: 'haul_road', name: 'Vías de acarreo sin riego' },
        category: { code: 'air_dust', name: 'Aire y polvo' },
        site: { id: site.id, name: 'Vía de acarreo Boquerón' },
        stage: 'admission',
        taggedBy: 'ombudsman',
        confirmed: true,
      },
    ]);
    expect((await ombudsman.post(`/api/cases/${caseId}/causes`, { rootCauseId: haulRoad })).status).toBe(409);
    const wrongSite = await ombudsman.post(`/api/cases/${caseId}/causes`, {
      rootCauseId: await causeId('coal_stockpile'),
      siteId: (await server.db.one<{ id: string }>(`SELECT id FROM company_sites WHERE name = 'Tajo Becerril'`)).id,
    });
    expect(wrongSite.status).toBe(400);
    expect(wrongSite.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['siteId']);
    const noCause = await ombudsman.post(`/api/cases/${caseId}/causes`, { rootCauseId: 'dust' });
    expect(noCause.status).toBe(400);
    expect(noCause.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['rootCauseId']);

    // Companies may not tag until the admin allows it; then their tag is a proposal.
    const stockpile = await causeId('coal_stockpile');
    expect((await liaisonPerija.post(`/api/cases/${caseId}/causes`, { rootCauseId: stockpile })).status).toBe(404);
    expect((await liaisonPerija.get(`/api/cases/${caseId}/learning`)).body.may).toEqual({ tag: false, confirm: false, link: false, openToSignatories: false });
    expect((await admin.put(`${mechanismPath()}/learning-settings`, { companyProposesCauses: true })).status).toBe(200);
    try {
      const proposed = await liaisonPerija.post(`/api/cases/${caseId}/causes`, { rootCauseId: stockpile });
      expect(proposed.status).toBe(201);
      expect((proposed.body as CaseLearningDto).causes.find((c) => c.rootCause.code === 'coal_stockpile')).toMatchObject({
        taggedBy: 'liaison',
        confirmed: false,
      });
      expect((await liaisonValle.post(`/api/cases/${caseId}/causes`, { rootCauseId: await causeId('train_loading') })).status).toBe(404);
      expect((await liaisonPerija.post(`/api/cases/${caseId}/causes/${stockpile}/confirm`)).status).toBe(404);
      const confirmed = await ombudsman.post(`/api/cases/${caseId}/causes/${stockpile}/confirm`);
      expect(confirmed.status).toBe(200);
      expect((confirmed.body as CaseLearningDto).causes.every((c) => c.confirmed)).toBe(true);
    } finally {
      await admin.put(`${mechanismPath()}/learning-settings`, { companyProposesCauses: false });
    }
    const history = (await ombudsman.get(`/api/cases/${caseId}`)).body.history as { kind: string }[];
    expect(history.map((h) => h.kind).filter((k) => k.startsWith('cases.cause'))).toEqual([
      'cases.cause_tagged',
      'cases.cause_tagged',
      'cases.cause_confirmed',
    ]);
    expect((await visitor.post(`/api/cases/${caseId}/causes`, { rootCauseId: haulRoad })).status).toBe(401);
  });
});

describe('Related complaints', () => {
  test('When a new dust complaint arrives in the same vereda against the same company, Then the ombudsman sees the seeded ones first and links them keeping identities and threads apart', async () => {
    const perija = demoIds(mechanism).company('perija');
    const boqueron = placeOf('La Jagua de Ibirico', 'Boquerón');
    const demoDust = await demoCaseId(server, 'polvo de carbón entra a las casas');
    const first = await file({
      companyId: perija,
      ...boqueron,
      whatHappened: 'El polvo negro de carbón cae sobre las casas de Boquerón todas las tardes cuando pasan las volquetas.',
    });
    const second = await file({
      companyId: perija,
      ...boqueron,
      identityMode: 'confidential',
      identity: { name: 'Eulalia Reservada Quintero', phone: '3105550199' },
      whatHappened: 'Mucho polvo de carbón en la escuela de Boquerón; los niños tosen.',
    });
    // Distractors: the same words elsewhere against another company, and another subject nearby.
    const elsewhere = await file({
      companyId: demoIds(mechanism).company('valle-cesar'),
      whatHappened: 'El polvo de carbón cae sobre las casas todas las tardes.',
    });
    const water = await file({
      companyId: perija,
      ...placeOf('La Jagua de Ibirico', 'El Zorro'),
      categoryCodes: ['water'],
      whatHappened: 'El arroyo bajó turbio después de las lluvias.',
    });
    const arriving = await file({
      companyId: perija,
      ...boqueron,
      whatHappened: 'Polvo de carbón sobre las casas de Boquerón en las tardes, la ropa queda negra.',
    });

    const res = await ombudsman.get(`/api/cases/${arriving}/related`);
    expect(res.status).toBe(200);
    const related = (res.body as RelatedCasesDto).related;
    expect(new Set(related.slice(0, 3).map((r) => r.id))).toEqual(new Set([first, second, demoDust]));
    const rank = (id: string) => related.findIndex((r) => r.id === id);
    expect(rank(elsewhere)).toBeGreaterThan(2);
    expect(rank(water)).toBeGreaterThan(2);
    expect(related[0]!.reasons).toMatchObject({ sameCompany: true, sameVereda: true, sharedCategories: 1 });
    expect(related[0]!.reasons.textSimilarity).toBeGreaterThan(0);
    // Nothing in the suggestions says who complained.
    expect(JSON.stringify(res.body)).not.toContain('Eulalia');
    expect(JSON.stringify(res.body)).not.toContain('Ana Mercedes');
    for (const other of [liaisonPerija, complainant]) expect((await other.get(`/api/cases/${arriving}/related`)).status).toBe(404);

    // Link the arriving and the confidential case under the first one.
    expect((await liaisonPerija.post(`/api/cases/${arriving}/link`, { leadCaseId: first })).status).toBe(404);
    expect((await ombudsman.post(`/api/cases/${first}/link`, { leadCaseId: first })).status).toBe(409);
    expect((await ombudsman.post(`/api/cases/${arriving}/link`, { leadCaseId: first })).status).toBe(200);
    const linked = await ombudsman.post(`/api/cases/${second}/link`, { leadCaseId: arriving });
    expect(linked.status).toBe(200);
    // Linking under a member links under its lead: one issue, one lead.
    const issue = (linked.body as CaseLearningDto).link!;
    expect(issue.lead!.id).toBe(first);
    expect(issue.members.map((m) => m.id).sort()).toEqual([arriving, second].sort());
    expect(issue.members.find((m) => m.id === second)!.identityMode).toBe('confidential');

    // Identities stay as each complainant chose: the company still does not know the confidential one.
    for (const id of [first, second, arriving]) expect((await liaisonPerija.get(`/api/cases/${id}/learning`)).body.link.lead.id).toBe(first);
    const seenByCompany = await liaisonPerija.get(`/api/cases/${second}`);
    expect(seenByCompany.body.complainantName).toBeNull();
    expect(JSON.stringify(seenByCompany.body)).not.toContain('Eulalia');
    expect((await liaisonPerija.get(`/api/cases/${first}`)).body.complainantName).toBe('Ana Mercedes Toro');

    // Threads stay apart: a message in the lead is not in the members'.
    expect((await ombudsman.post(`/api/cases/${first}/messages`, message('Reunión sobre el polvo en Boquerón el jueves.'))).status).toBe(201);
    const thread = async (id: string) => ((await ombudsman.get(`/api/cases/${id}/messages`)).body as MessageListDto).messages.map((m) => m.body);
    expect(await thread(first)).toContain('Reunión sobre el polvo en Boquerón el jueves.');
    expect(await thread(second)).not.toContain('Reunión sobre el polvo en Boquerón el jueves.');
    expect(await thread(arriving)).not.toContain('Reunión sobre el polvo en Boquerón el jueves.');

    expect((await ombudsman.delete(`/api/cases/${arriving}/link`)).status).toBe(200);
    expect((await ombudsman.get(`/api/cases/${arriving}/learning`)).body.link).toBeNull();
  });
});

describe('Joining a collective complaint', () => {
  test('When people join with their own identity modes, Then it speaks for more, nobody joins twice, and the company never learns who joined confidentially or anonymously', async () => {
    const trucks = await demoCaseId(server, ABOUT.trucks);
    const { reference } = await server.db.one<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [trucks]);
    const before = await visitor.get(`/api/collective/${reference}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      reference,
      groupName: null,
      groupKind: 'junta_accion_comunal',
      count: { declaredSize: 340, signatories: 0, speaksFor: 340, openToSignatories: false },
    });

    const stranger = await server.client();
    const confidential = { identityMode: 'confidential', identity: { name: 'Rosa Callada Ustariz', documentId: '12.345.678' } };
    const joined = await stranger.post(`/api/collective/${reference}/signatories`, confidential);
    expect(joined.status).toBe(201);
    expect(joined.body.count).toMatchObject({ signatories: 1, speaksFor: 341 });
    // The same person from another phone: the same document number.
    const twice = await (
      await server.client()
    ).post(`/api/collective/${reference}/signatories`, { ...confidential, identity: { name: 'Rosa C. Ustariz', documentId: '12345678' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('Usted ya se sumó a esta queja colectiva. Su firma cuenta una sola vez.');

    const anonymous = await server.client('en');
    expect((await anonymous.post(`/api/collective/${reference}/signatories`, { identityMode: 'anonymous' })).status).toBe(201);
    const anonymousAgain = await anonymous.post(`/api/collective/${reference}/signatories`, { identityMode: 'anonymous' });
    expect(anonymousAgain.status).toBe(409);
    expect(anonymousAgain.body.error.message).toBe('You have already joined this collective complaint. Your signature counts once.');

    expect(
      (await complainant.post(`/api/collective/${reference}/signatories`, { identityMode: 'named', identity: { name: 'Yolanda Arias Mindiola' } })).status,
    ).toBe(201);
    expect((await complainant.post(`/api/collective/${reference}/signatories`, { identityMode: 'anonymous' })).status).toBe(409);
    expect((await liaisonValle.post(`/api/collective/${reference}/signatories`, { identityMode: 'anonymous' })).status).toBe(404);

    const missingName = await server.client();
    const bad = await missingName.post(`/api/collective/${reference}/signatories`, { identityMode: 'named' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ field: 'identity.name', message: expect.any(String) }]);
    expect((await missingName.post(`/api/collective/CES-2026-999999/signatories`, { identityMode: 'anonymous' })).status).toBe(404);
    const notCollective = await server.db.one<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [
      await demoCaseId(server, 'voladuras de los martes'),
    ]);
    expect((await missingName.get(`/api/collective/${notCollective.reference}`)).status).toBe(404);

    // The company: names only for those who joined named.
    const seen = await liaisonValle.get(`/api/cases/${trucks}/signatories`);
    expect(seen.status).toBe(200);
    const list = seen.body as SignatoryListDto;
    expect(list.count).toMatchObject({ signatories: 3, speaksFor: 343 });
    expect(list.byMode).toEqual({ named: 1, confidential: 1, anonymous: 1 });
    // All joined at the same instant of the test clock: compare in the order of identity modes.
    const byMode = (list: SignatoryListDto) => list.signatories.map((s) => [s.identityMode, s.name]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byMode(list)).toEqual([
      ['anonymous', null],
      ['confidential', null],
      ['named', 'Yolanda Arias Mindiola'],
    ]);
    for (const path of [
      `/api/cases/${trucks}/signatories`,
      `/api/cases/${trucks}`,
      `/api/cases/${trucks}/learning`,
      `/api/cases/${trucks}/messages`,
      '/api/cases',
    ]) {
      const text = JSON.stringify((await liaisonValle.get(path)).body);
      expect(text).not.toContain('Rosa');
      expect(text).not.toContain('12345678');
    }
    // A confidential signatory is protected from the ombudsman too until a reveal (docs/custody.md): the
    // list shows who joined named, masks the rest and logs no look; the promoters see only how many.
    const views = async () => (await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM identity_views WHERE case_id = $1', [trucks])).n;
    const viewsBefore = await views();
    expect(byMode((await ombudsman.get(`/api/cases/${trucks}/signatories`)).body as SignatoryListDto)).toEqual([
      ['anonymous', null],
      ['confidential', null],
      ['named', 'Yolanda Arias Mindiola'],
    ]);
    expect(await views()).toBe(viewsBefore);
    const facilitator = await server.loginAs(DEMO.facilitator);
    const promoters = (await facilitator.get(`/api/cases/${trucks}/signatories`)).body as SignatoryListDto;
    expect(promoters.signatories).toEqual([]);
    expect(promoters.count.speaksFor).toBe(343);
    expect((await facilitator.get(`/api/cases/${trucks}/learning`)).body.collective).toMatchObject({ speaksFor: 343, signatories: 3 });

    // The promoters list it on the public page; then its name shows there.
    expect((await liaisonValle.put(`/api/cases/${trucks}/signatories/open`, { open: true })).status).toBe(404);
    expect((await facilitator.put(`/api/cases/${trucks}/signatories/open`, { open: true })).status).toBe(200);
    const listed = await visitor.get('/api/collective');
    expect(listed.status).toBe(200);
    expect(listed.body.collectives).toEqual([
      expect.objectContaining({
        reference,
        groupName: 'Junta de Acción Comunal del corregimiento La Loma',
        count: expect.objectContaining({ speaksFor: 343, openToSignatories: true }),
      }),
    ]);
  });
});

describe('Recurrence', () => {
  test('When a complaint of the same cause and place follows a resolved one, Then recurrence counts it, per company, cause and place', async () => {
    const recurrence = async () => {
      const res = await ombudsman.get('/api/oversight/recurrence?from=2026-01-01&to=2026-12-31');
      expect(res.status).toBe(200);
      return res.body as RecurrenceDto;
    };
    const before = await recurrence();
    const esperanza = demoIds(mechanism).company('la-esperanza');
    const fences = await causeId('fences_crops');
    // The demo's resolved fence case in Tamaquito (Becerril) is tagged fences_crops; the same cause comes back there, and elsewhere.
    const again = await file({
      companyId: esperanza,
      ...placeOf('Becerril', 'Tamaquito'),
      categoryCodes: ['land_property'],
      whatHappened: 'Otra vez tumbaron la cerca del potrero para pasar maquinaria.',
    });
    const elsewhere = await file({
      companyId: esperanza,
      ...placeOf('Becerril', 'Estados Unidos'),
      categoryCodes: ['land_property'],
      whatHappened: 'Tumbaron la cerca de la finca.',
    });
    for (const id of [again, elsewhere]) expect((await ombudsman.post(`/api/cases/${id}/causes`, { rootCauseId: fences })).status).toBe(201);

    const after = await recurrence();
    expect(after.totals.same_cause_place).toBe(before.totals.same_cause_place + 1);
    const row = after.rows.find((r) => r.kind === 'same_cause_place' && r.vereda === 'Tamaquito');
    expect(row).toEqual({
      kind: 'same_cause_place',
      month: '2026-11',
      company: 'Carbonífera La Esperanza S.A.S.',
      cause: 'Cercas y cultivos dañados por contratistas',
      municipality: 'Becerril',
      vereda: 'Tamaquito',
      count: 1,
    });
    expect(after.rows.some((r) => r.kind === 'same_cause_place' && r.vereda === 'Estados Unidos')).toBe(false);
    expect(Object.keys(after.totals).sort()).toEqual(['broken_after_verification', 'reopened', 'same_cause_place', 'same_complainant']);

    const bad = await ombudsman.get('/api/oversight/recurrence?from=ayer');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['from']);
  });

  test('When anyone but the ombudsman asks for the recurrence figures, Then they are not found', async () => {
    const facilitator = await server.loginAs(DEMO.facilitator);
    for (const client of [liaisonPerija, complainant, facilitator, admin, visitor]) {
      expect((await client.get('/api/oversight/recurrence')).status).toBe(404);
    }
  });
});
