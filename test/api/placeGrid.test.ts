/**
 * Each municipality's square on the oversight map is data (migration 0010_place_grid): the demo's and
 * any installation's Cesar squares come filled in, an admin sets or clears the squares of any mechanism
 * they manage, and the oversight summary hands them to the map.
 */
import { DEMO, getTestServer, type TestClient, type TestServer, emailIndex } from '../support';
import { createSecondMechanism, grantMechanisms, GUAJIRA, type SecondMechanism } from '../secondMechanism';
import { DEMO_MUNICIPALITIES } from '../../server/db/demoData';
import { cesarGridBackfill } from '../../server/db/migrations/0010_place_grid';
import type { AdminMunicipalityDto } from '../../shared/types/admin';
import type { OversightSummaryDto } from '../../shared/types/oversight';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** The demo's squares by DANE code, as `column,row`. */
const DEMO_SQUARES = new Map(DEMO_MUNICIPALITIES.map((m) => [m.daneCode, `${m.mapPosition.column},${m.mapPosition.row}`]));

describe('Squares of the oversight map', () => {
  let server: TestServer;
  let admin: TestClient;
  let officer: TestClient;
  let cesarId: string;
  let guajira: SecondMechanism;
  /** Guajira's second and third municipalities (the first, Albania, has its case). */
  let maicao: AdminMunicipalityDto;
  let uribia: AdminMunicipalityDto;

  const guajiraPath = () => `/api/admin/mechanisms/${guajira.id}/municipalities`;
  const squaresOf = async (mechanismId: string) =>
    server.db.query<{ daneCode: string; name: string; mapColumn: number | null; mapRow: number | null }>(
      `SELECT dane_code AS "daneCode", name, map_column AS "mapColumn", map_row AS "mapRow" FROM municipalities WHERE mechanism_id = $1 ORDER BY dane_code`,
      [mechanismId],
    );

  beforeAll(async () => {
    server = await getTestServer();
    admin = await server.loginAs(DEMO.admin);
    officer = await server.loginAs(DEMO.ombudsman);
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    guajira = await createSecondMechanism(server, admin);
    maicao = (await admin.post(guajiraPath(), { name: 'Maicao', daneCode: '44430' })).body;
    uribia = (await admin.post(guajiraPath(), { name: 'Uribia', daneCode: '44847' })).body;
    const officerId = (await server.db.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndex(DEMO.ombudsman)])).id;
    await grantMechanisms(admin, cesarId, officerId, [guajira.id]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the officer reads the demo summary, Then it names the mechanism and every Cesar municipality has its own square', async () => {
    const res = await officer.get('/api/oversight/summary');
    expect(res.status).toBe(200);
    const summary: OversightSummaryDto = res.body;
    expect(summary.mechanism).toEqual({ slug: 'cesar', name: 'Cesar — minería de carbón' });
    expect(summary.municipalities).toHaveLength(25);
    for (const m of summary.municipalities) {
      expect({ name: m.name, square: m.mapPosition && `${m.mapPosition.column},${m.mapPosition.row}` }).toEqual({
        name: m.name,
        square: DEMO_SQUARES.get(m.daneCode),
      });
    }
    // The map of before: Valledupar in the north-east, San Alberto alone at the southern tip, five columns by nine rows.
    const at = (name: string) => summary.municipalities.find((m) => m.name === name)?.mapPosition;
    expect(at('Valledupar')).toEqual({ column: 3, row: 0 });
    expect(at('San Alberto')).toEqual({ column: 1, row: 8 });
    expect(new Set(summary.municipalities.map((m) => `${m.mapPosition!.column},${m.mapPosition!.row}`)).size).toBe(25);
    expect(Math.max(...summary.municipalities.map((m) => m.mapPosition!.column))).toBe(4);
    expect(Math.max(...summary.municipalities.map((m) => m.mapPosition!.row))).toBe(8);
  });

  it('When the migration’s Cesar squares are applied, Then every place with a Cesar DANE code gets the demo’s square, in whichever mechanism, and other places none', async () => {
    // A mechanism that also holds Valledupar (a neighbouring pilot), and Cesar with its squares wiped.
    const valledupar = (await admin.post(guajiraPath(), { name: 'Valledupar', daneCode: '20001' })).body as AdminMunicipalityDto;
    await server.db.query('UPDATE municipalities SET map_column = NULL, map_row = NULL WHERE mechanism_id = $1', [cesarId]);
    try {
      await server.db.query(cesarGridBackfill);
      for (const row of await squaresOf(cesarId))
        expect({ row: row.daneCode, square: `${row.mapColumn},${row.mapRow}` }).toEqual({ row: row.daneCode, square: DEMO_SQUARES.get(row.daneCode) });
      const inGuajira = await squaresOf(guajira.id);
      expect(inGuajira.filter((r) => r.mapColumn !== null).map((r) => [r.daneCode, r.mapColumn, r.mapRow])).toEqual([['20001', 3, 0]]);
    } finally {
      await admin.send('patch', `${guajiraPath()}/${valledupar.id}`, { mapPosition: null, active: false });
    }
  });

  it('When the Guajira admin places its municipalities, Then the officer’s summary for Guajira carries those squares and clearing one takes it off', async () => {
    const albaniaSet = await admin.send('patch', `${guajiraPath()}/${guajira.municipalityId}`, { mapPosition: { column: 1, row: 0 } });
    expect(albaniaSet.status).toBe(200);
    expect((albaniaSet.body as AdminMunicipalityDto).mapPosition).toEqual({ column: 1, row: 0 });
    expect((await admin.send('patch', `${guajiraPath()}/${maicao.id}`, { mapPosition: { column: 2, row: 1 } })).status).toBe(200);
    // Only the square changes: the name and activity stay as they were.
    const listed = ((await admin.get(guajiraPath())).body as AdminMunicipalityDto[]).find((m) => m.id === maicao.id)!;
    expect(listed).toMatchObject({ name: 'Maicao', active: true, mapPosition: { column: 2, row: 1 } });

    const summary: OversightSummaryDto = (await officer.get(`/api/oversight/summary?mechanism=${GUAJIRA.slug}`)).body;
    expect(summary.mechanism).toEqual({ slug: GUAJIRA.slug, name: GUAJIRA.name });
    const squares = Object.fromEntries(summary.municipalities.map((m) => [m.name, m.mapPosition]));
    expect(squares).toMatchObject({ [GUAJIRA.municipality]: { column: 1, row: 0 }, Maicao: { column: 2, row: 1 }, Uribia: null });
    expect(summary.municipalities.find((m) => m.name === GUAJIRA.municipality)?.count).toBe(1);

    // A square Cesar uses is free in Guajira: squares are unique per mechanism only.
    expect((await admin.send('patch', `${guajiraPath()}/${uribia.id}`, { mapPosition: { column: 3, row: 0 } })).status).toBe(200);
    const cleared = await admin.send('patch', `${guajiraPath()}/${uribia.id}`, { mapPosition: null });
    expect(cleared.status).toBe(200);
    expect((cleared.body as AdminMunicipalityDto).mapPosition).toBeNull();
    const after: OversightSummaryDto = (await officer.get(`/api/oversight/summary?mechanism=${GUAJIRA.slug}`)).body;
    expect(after.municipalities.find((m) => m.name === 'Uribia')?.mapPosition).toBeNull();

    // A municipality the mechanism stops serving leaves the map, unless it has cases to show.
    await admin.send('patch', `${guajiraPath()}/${uribia.id}`, { active: false });
    await admin.send('patch', `${guajiraPath()}/${guajira.municipalityId}`, { active: false });
    try {
      const served: OversightSummaryDto = (await officer.get(`/api/oversight/summary?mechanism=${GUAJIRA.slug}`)).body;
      expect(served.municipalities.map((m) => [m.name, m.count])).toEqual(expect.arrayContaining([[GUAJIRA.municipality, 1]]));
      expect(served.municipalities.map((m) => m.name)).not.toContain('Uribia');
    } finally {
      await admin.send('patch', `${guajiraPath()}/${uribia.id}`, { active: true });
      await admin.send('patch', `${guajiraPath()}/${guajira.municipalityId}`, { active: true });
    }
  });

  it('When a square is taken by another municipality of the mechanism, Then the answer is 400 on mapPosition in the caller’s language and nothing changes', async () => {
    await admin.send('patch', `${guajiraPath()}/${maicao.id}`, { mapPosition: { column: 0, row: 4 } });
    const before = await squaresOf(guajira.id);
    const res = await admin.send('patch', `${guajiraPath()}/${uribia.id}`, { name: 'Uribia renombrada', mapPosition: { column: 0, row: 4 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toEqual([
      {
        field: 'mapPosition',
        message: 'Otro municipio de este mecanismo ya ocupa ese cuadro del mapa. Elija otro, o quite primero del mapa al otro municipio.',
      },
    ]);
    // An admin who reads English gets it in English.
    expect((await admin.put('/api/me/language', { language: 'en' })).status).toBe(200);
    try {
      const english = await admin.send('patch', `${guajiraPath()}/${uribia.id}`, { mapPosition: { column: 0, row: 4 } });
      expect(english.body.error.fields).toEqual([
        { field: 'mapPosition', message: expect.stringContaining('Another municipality of this mechanism already has that square') },
      ]);
    } finally {
      await admin.put('/api/me/language', { language: 'es' });
    }
    // Neither the square nor the name in the same request was applied.
    expect(await squaresOf(guajira.id)).toEqual(before);
    // The municipality holding the square may keep it (saving it again is no conflict).
    expect((await admin.send('patch', `${guajiraPath()}/${maicao.id}`, { mapPosition: { column: 0, row: 4 } })).status).toBe(200);
  });

  it('When a square is not two whole numbers from 0 to 30, Then the answer is 400 naming the field and nothing changes', async () => {
    const before = await squaresOf(guajira.id);
    const range = 'Escriba un número entero de 0 a 30.';
    const cases: [body: unknown, fields: { field: string; message: string }[]][] = [
      [{ mapPosition: { column: -1, row: 0 } }, [{ field: 'mapPosition.column', message: range }]],
      [{ mapPosition: { column: 0, row: 31 } }, [{ field: 'mapPosition.row', message: range }]],
      [{ mapPosition: { column: 2.5, row: 1 } }, [{ field: 'mapPosition.column', message: range }]],
      // A string where a number goes is named as the wrong kind of value (#13 §3 item 8), not as out of range.
      [{ mapPosition: { column: '3', row: 1 } }, [{ field: 'mapPosition.column', message: 'Este campo lleva un número, y llegó otro tipo de valor.' }]],
      [{ mapPosition: { column: 3 } }, [{ field: 'mapPosition.row', message: 'Este campo es obligatorio.' }]],
      [{ mapPosition: { column: 3, row: 1, zoom: 2 } }, [{ field: 'mapPosition.zoom', message: 'Este campo no se esperaba.' }]],
      [{ mapPosition: [3, 1] }, [{ field: 'mapPosition', message: 'Este campo lleva un grupo de datos con nombre (un objeto), y llegó otro tipo de valor.' }]],
    ];
    for (const [body, fields] of cases) {
      const res = await admin.send('patch', `${guajiraPath()}/${uribia.id}`, body);
      expect({ body, status: res.status, fields: res.body.error?.fields }).toEqual({ body, status: 400, fields });
    }
    expect(await squaresOf(guajira.id)).toEqual(before);
  });

  it('When anyone but an admin of that mechanism sets a square, Then liaisons and officers get 404, visitors 401, and other mechanisms’ ids are not found', async () => {
    const path = `${guajiraPath()}/${maicao.id}`;
    const body = { mapPosition: { column: 9, row: 9 } };
    const before = await squaresOf(guajira.id);
    const notFound = (await admin.send('patch', `${guajiraPath()}/${MISSING_ID}`, body)).body;
    expect(notFound).toMatchObject({ error: { code: 'not_found' } });
    for (const email of [DEMO.liaisonPerija, DEMO.ombudsman, DEMO.complainant]) {
      const res = await (await server.loginAs(email)).send('patch', path, body);
      expect({ email, status: res.status, body: res.body }).toEqual({ email, status: 404, body: notFound });
    }
    const visitor = await server.client();
    expect((await visitor.send('patch', path, body)).status).toBe(401);
    // A Guajira municipality through Cesar's path, and a mechanism this admin does not manage.
    expect((await admin.send('patch', `/api/admin/mechanisms/${cesarId}/municipalities/${maicao.id}`, body)).body).toEqual(notFound);
    const other = await server.db.one<{ id: string }>(
      `INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('otra', 'Otra', 'Otra', 'OTR') RETURNING id`,
    );
    const stranger = await server.db.one<{ id: string }>(
      `INSERT INTO municipalities (mechanism_id, name, dane_code) VALUES ($1, 'Lejos', '99001') RETURNING id`,
      [other.id],
    );
    expect((await admin.send('patch', `/api/admin/mechanisms/${other.id}/municipalities/${stranger.id}`, body)).body).toEqual(notFound);
    expect(await squaresOf(guajira.id)).toEqual(before);
    expect((await squaresOf(other.id))[0]).toMatchObject({ mapColumn: null, mapRow: null });
  });
});
