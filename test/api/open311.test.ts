/**
 * The public open-data feed (Open311 GeoReport v2): its records have GeoReport's field names and
 * types and validate against Puente's published JSON Schema (checked with ajv, an outside
 * validator); no identity reaches it in any mode; words only where the complainant allowed them;
 * a vereda only where five published cases share it and the category; no login needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, demoIds, fileComplaint, loadMechanism } from '../intakeSupport';
import { createSecondMechanism, GUAJIRA } from '../secondMechanism';
import { DEMO_CASES, DEMO_CATEGORIES } from '../../server/db/demoData';
import type { MechanismDto } from '../../shared/types/api';
import type { Open311Request } from '../../shared/types/open311';

const SCHEMA = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../docs/schema/grievance-record.v1.json'), 'utf8'));

/** GeoReport v2's request fields and the JSON types the specification gives them (null: not given). */
const GEOREPORT_FIELDS: Record<string, readonly string[]> = {
  service_request_id: ['string'],
  status: ['string'],
  status_notes: ['string', 'null'],
  service_name: ['string'],
  service_code: ['string'],
  description: ['string', 'null'],
  agency_responsible: ['string', 'null'],
  service_notice: ['string', 'null'],
  requested_datetime: ['string'],
  updated_datetime: ['string', 'null'],
  expected_datetime: ['string', 'null'],
  address: ['string', 'null'],
  address_id: ['string', 'null'],
  zipcode: ['string', 'null'],
  lat: ['number', 'null'],
  long: ['number', 'null'],
  media_url: ['string', 'null'],
};
const SERVICE_FIELDS: Record<string, string> = {
  service_code: 'string',
  service_name: 'string',
  description: 'string',
  metadata: 'boolean',
  type: 'string',
  keywords: 'string',
  group: 'string',
};
// W3C datetime with a zone, as GeoReport v2 writes dates.
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** Distinctive identities: none may ever appear in the feed. */
const PEOPLE = [
  { mode: 'named', name: 'Eustaquio Brumadero Quintal', documentId: '1065111222', phone: '3151112233', email: 'eustaquio.brumadero@example.co', publish: true },
  {
    mode: 'confidential',
    name: 'Filomena Carrizosa Urquijo',
    documentId: '1065333444',
    phone: '3163334455',
    email: 'filomena.carrizosa@example.co',
    publish: false,
  },
  { mode: 'anonymous', publish: true },
  {
    mode: 'confidential',
    name: 'Gumersindo Tarazona Iguarán',
    documentId: '1065555666',
    phone: '3175556677',
    email: 'gumersindo.tarazona@example.co',
    publish: true,
  },
  {
    mode: 'named',
    name: 'Hermelinda Zabaleta Pumarejo',
    documentId: '1065777888',
    phone: '3187778899',
    email: 'hermelinda.zabaleta@example.co',
    publish: false,
  },
] as const;

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

describe('Open311 GeoReport v2 feed', () => {
  let server: TestServer;
  let visitor: TestClient;
  let mechanism: MechanismDto;
  const filed: { caseId: string; reference: string; openDataId: string; text: string; publish: boolean; person: (typeof PEOPLE)[number] }[] = [];
  let lonely: { openDataId: string };
  const validate = new Ajv2020({ allErrors: true, strict: true });
  addFormats(validate);
  const isRecord = validate.compile(SCHEMA);

  const openDataId = async (caseId: string) => (await server.db.one<{ id: string }>('SELECT open_data_id AS id FROM cases WHERE id = $1', [caseId])).id;

  /** Every record from 2000 on, read page by page (5 a page) as a client follows the Link header. */
  async function allRecords(client: TestClient, extra = ''): Promise<Open311Request[]> {
    const records: Open311Request[] = [];
    let next: string | undefined = `/open311/v2/requests.json?start_date=2000-01-01&page_size=5${extra}`;
    while (next) {
      const res = await client.get(next);
      expect(res.status).toBe(200);
      records.push(...(res.body as Open311Request[]));
      const link = /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '');
      next = link ? new URL(link[1]!).pathname + new URL(link[1]!).search : undefined;
    }
    return records;
  }

  beforeAll(async () => {
    server = await getTestServer();
    visitor = await server.client();
    mechanism = await loadMechanism(server);
    // Five dust complaints in El Hatillo (El Paso) against one company, one per person above: their
    // (vereda, category) cell reaches five.
    for (const [i, person] of PEOPLE.entries()) {
      const text = `RELATO-${i} el polvo del carbón cubre la escuela de la vereda y los niños tosen de noche.${i === 3 ? ' Me llamo Gumersindo Tarazona, llamen al 317 555 6677.' : ''}`;
      const body = buildComplaint(mechanism, {
        whatHappened: text,
        identityMode: person.mode,
        ...(person.mode === 'anonymous'
          ? { identity: undefined, contactPreference: 'none' }
          : { identity: { name: person.name, documentId: person.documentId, phone: person.phone, email: person.email }, contactPreference: 'phone' }),
        ...(person.publish ? { publishDescription: true } : {}),
      });
      const c = await fileComplaint(await server.client(), body);
      filed.push({ ...c, openDataId: await openDataId(c.caseId), text, publish: person.publish, person });
    }
    // One water complaint in Plan Bonito: a cell of one, whose vereda would single the person out.
    const elPaso = demoIds(mechanism).municipality('El Paso');
    const alone = await fileComplaint(
      await server.client(),
      buildComplaint(mechanism, {
        categoryCodes: ['water'],
        veredaId: elPaso.veredas.find((v) => v.name === 'Plan Bonito')!.id,
        publishDescription: true,
        whatHappened: 'RELATO-SOLO el pozo de la finca se secó desde que desviaron el arroyo.',
      }),
    );
    lonely = { openDataId: await openDataId(alone.caseId) };
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a visitor without login lists the services, Then each category is a GeoReport v2 service, in JSON and XML', async () => {
    const res = await visitor.get('/open311/v2/services.json');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const services = res.body as Record<string, unknown>[];
    expect(services.map((s) => s.service_code)).toEqual(mechanism.categories.map((c) => c.code));
    for (const service of services) {
      expect(Object.keys(service).sort()).toEqual(Object.keys(SERVICE_FIELDS).sort());
      for (const [field, type] of Object.entries(SERVICE_FIELDS)) expect([field, typeOf(service[field])]).toEqual([field, type]);
    }
    expect(services.find((s) => s.service_code === 'water')?.service_name).toBe('Agua');
    expect(
      (await (await server.client('en')).get('/open311/v2/services.json')).body.find((s: { service_code: string }) => s.service_code === 'water').service_name,
    ).toBe('Water');

    const xml = await visitor.get('/open311/v2/services.xml');
    expect(xml.status).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    const parsed = new XMLParser().parse(xml.text) as { services: { service: { service_code: string }[] } };
    expect(parsed.services.service.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
  });

  it('When every request is read page by page, Then each has GeoReport v2’s fields and types and validates against the published JSON Schema', async () => {
    const records = await allRecords(visitor);
    // The demo's cases plus the six filed here, less the red flag still waiting for the ombudsman.
    const redFlags = DEMO_CATEGORIES.filter((c) => c.redFlag).map((c) => c.code);
    const waiting = DEMO_CASES.filter((c) => c.categories.some((code) => redFlags.includes(code))).length;
    expect(waiting).toBeGreaterThan(0);
    expect(records.length).toBe(DEMO_CASES.length + filed.length + 1 - waiting);
    expect(new Set(records.map((r) => r.service_request_id)).size).toBe(records.length);
    for (const record of records) {
      for (const [field, types] of Object.entries(GEOREPORT_FIELDS)) {
        expect(field in record).toBe(true);
        expect([field, types.includes(typeOf(record[field as keyof Open311Request]))]).toEqual([field, true]);
      }
      expect(['open', 'closed']).toContain(record.status);
      expect(record.requested_datetime).toMatch(W3C);
      expect(record.updated_datetime).toMatch(W3C);
      const valid = isRecord(record);
      expect([record.service_request_id, valid ? [] : isRecord.errors]).toEqual([record.service_request_id, []]);
    }
    // Location is the municipality's head town, never the complaint's own point (9.66, -73.74 here).
    const ours = records.find((r) => r.service_request_id === filed[0]!.openDataId)!;
    expect(ours).toMatchObject({
      lat: 9.66,
      long: -73.75,
      municipality: 'El Paso',
      municipality_code: '20250',
      agency_responsible: 'Carbones del Perijá S.A.S.',
      status: 'open',
      stage: 'received',
      status_notes: 'Recibida',
      jurisdiction_id: 'cesar',
    });
    expect(ours.requested_datetime).toMatch(/T00:00:00-05:00$/);
    // The XML form carries the same records.
    const xml = await visitor.get('/open311/v2/requests.xml?start_date=2000-01-01&page_size=200');
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml.text) as { service_requests: { request: { service_request_id: string }[] } };
    expect(parsed.service_requests.request.map((r) => r.service_request_id).sort()).toEqual(records.map((r) => r.service_request_id).sort());
  });

  it('When the feed is read every way in both languages, Then no name, cédula, phone, e-mail or reference of any complainant appears', async () => {
    const english = await server.client('en');
    const texts: string[] = [];
    for (const client of [visitor, english]) {
      for (const p of [
        '/open311/v2/services.json',
        '/open311/v2/requests.json?start_date=2000-01-01&page_size=200',
        '/open311/v2/requests.xml?start_date=2000-01-01&page_size=200',
      ]) {
        texts.push((await client.get(p)).text);
      }
      for (const f of filed) for (const format of ['json', 'xml']) texts.push((await client.get(`/open311/v2/requests/${f.openDataId}.${format}`)).text);
    }
    const secrets = [
      ...PEOPLE.flatMap((p) => ('name' in p ? [p.name, ...p.name.split(' '), p.documentId, p.phone, p.email] : [])),
      ...DEMO_CASES.flatMap((c) => (c.identity ? [c.identity.name, c.identity.documentId, c.identity.phone].filter((v): v is string => Boolean(v)) : [])),
      ...filed.map((f) => f.reference),
      'CES-20',
      '317 555 6677',
    ];
    for (const text of texts) for (const secret of secrets) expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('When the complainant allowed publication, Then their words are published with their own name and number masked; otherwise no words at all', async () => {
    const records = await allRecords(visitor);
    for (const f of filed) {
      const record = records.find((r) => r.service_request_id === f.openDataId)!;
      if (!f.publish) expect(record.description).toBeNull();
      else expect(record.description).toContain(f.text.slice(0, 60));
    }
    expect(records.find((r) => r.service_request_id === filed[3]!.openDataId)!.description).toMatch(/Me llamo \[…\] \[…\], llamen al \[…\]\./);
    // Nothing filed before the question existed (the demo) is published as text.
    const demoTexts = DEMO_CASES.map((c) => c.description.slice(0, 30));
    for (const record of records) if (record.description) expect(demoTexts.some((t) => record.description!.includes(t))).toBe(false);
  });

  it('When a case’s vereda and category are shared by fewer than five published cases, Then its vereda is not shown; at five it is', async () => {
    const records = await allRecords(visitor);
    const alone = records.find((r) => r.service_request_id === lonely.openDataId)!;
    expect(alone.vereda).toBeNull();
    expect(alone.address).toBe('El Paso, Cesar, Colombia');
    expect(JSON.stringify(alone)).not.toContain('Plan Bonito');
    for (const f of filed) {
      const record = records.find((r) => r.service_request_id === f.openDataId)!;
      expect(record.vereda).toBe('El Hatillo');
      expect(record.address).toBe('El Hatillo, El Paso, Cesar, Colombia');
    }
    // A filter never changes the count a vereda is judged by: asked alone, it is still hidden.
    const asked = await visitor.get(`/open311/v2/requests/${lonely.openDataId}.json`);
    expect(asked.body[0].vereda).toBeNull();
    expect((await visitor.get('/open311/v2/requests.json?service_code=water&start_date=2000-01-01')).text).not.toContain('Plan Bonito');
  });

  it('When the standard filters are given, Then they select by service, status, dates and id; the default is the last 90 days', async () => {
    const all = await allRecords(visitor);
    const water = (await visitor.get('/open311/v2/requests.json?service_code=water&start_date=2000-01-01&page_size=200')).body as Open311Request[];
    expect(water.length).toBeGreaterThan(0);
    expect(water.map((r) => r.service_request_id).sort()).toEqual(
      all
        .filter((r) => r.service_code === 'water')
        .map((r) => r.service_request_id)
        .sort(),
    );
    const closed = (await visitor.get('/open311/v2/requests.json?status=closed&start_date=2000-01-01&page_size=200')).body as Open311Request[];
    expect(closed.length).toBe(all.filter((r) => r.status === 'closed').length);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    const both = (await visitor.get('/open311/v2/requests.json?status=open,closed&start_date=2000-01-01&page_size=200')).body as Open311Request[];
    expect(both.length).toBe(all.length);
    // A day is published as its first instant: a range inside that day finds nothing, so no pair of dates tells the hour.
    const day = filed[0]!;
    const published = all.find((r) => r.service_request_id === day.openDataId)!.requested_datetime;
    const date = published.slice(0, 10);
    const inTheDay = (await visitor.get(`/open311/v2/requests.json?start_date=${date}T00:00:01-05:00&end_date=${date}T23:59:59-05:00`))
      .body as Open311Request[];
    expect(inTheDay).toEqual([]);
    const thatDay = (await visitor.get(`/open311/v2/requests.json?start_date=${date}&end_date=${date}&page_size=200`)).body as Open311Request[];
    expect(thatDay.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(filed.map((f) => f.openDataId)));
    expect(thatDay.every((r) => r.requested_datetime === published)).toBe(true);
    // Without dates: the last 90 days only.
    const recent = (await visitor.get('/open311/v2/requests.json?page_size=200')).body as Open311Request[];
    const cutoff = new Date(server.clock.now().getTime() - 91 * 24 * 3600 * 1000);
    expect(recent.length).toBe(all.filter((r) => new Date(r.requested_datetime) >= cutoff).length);
    expect(recent.length).toBeLessThan(all.length);
    // By id the other filters are ignored, as GeoReport says.
    const byId = (await visitor.get(`/open311/v2/requests.json?service_request_id=${filed[1]!.openDataId},${lonely.openDataId}&service_code=noise_vibration`))
      .body as Open311Request[];
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([filed[1]!.openDataId, lonely.openDataId].sort());
  });

  it('When the input is wrong or names nothing, Then GeoReport errors name the field in the reader’s language and unknown ids answer 404', async () => {
    const bad = await visitor.get('/open311/v2/requests.json?status=pending&page_size=0&start_date=ayer');
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveLength(1);
    expect(bad.body[0].code).toBe(400);
    for (const field of ['status', 'page_size', 'start_date']) expect(bad.body[0].description).toContain(`${field}:`);
    const english = await (await server.client('en')).get('/open311/v2/requests.json?end_date=2020-01-01&start_date=2021-01-01');
    expect(english.status).toBe(400);
    expect(english.body[0].description).toMatch(/^Please check the marked fields/);
    expect(english.body[0].description).toContain('end_date:');
    const badXml = await visitor.get('/open311/v2/requests.xml?page=-1');
    expect(badXml.status).toBe(400);
    expect(new XMLParser().parse(badXml.text).errors.error.code).toBe(400);
    expect((await visitor.get('/open311/v2/requests/0123456789abcdef0123.json')).status).toBe(404);
    expect((await visitor.get(`/open311/v2/requests/${filed[0]!.openDataId}.csv`)).status).toBe(404);
    expect((await visitor.get(`/open311/v2/requests/${filed[0]!.reference}.json`)).status).toBe(404);
    expect((await visitor.get('/open311/v2/services.json?jurisdiction_id=nowhere')).status).toBe(404);
  });

  it('When a red flag waits for the ombudsman, Then it is not in the feed; released, it is, without its words', async () => {
    const redFlag = await fileComplaint(
      await server.client(),
      buildComplaint(mechanism, {
        categoryCodes: ['security_human_rights'],
        publishDescription: true,
        whatHappened: 'RELATO-ROJO hombres armados amenazaron a la junta por denunciar el polvo.',
      }),
    );
    const id = await openDataId(redFlag.caseId);
    expect((await visitor.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect((await ombudsman.post(`/api/cases/${redFlag.caseId}/release-red-flag`, { reason: 'Riesgo valorado' })).status).toBe(200);
    const released = await visitor.get(`/open311/v2/requests/${id}.json`);
    expect(released.status).toBe(200);
    expect(released.body[0]).toMatchObject({ service_code: 'security_human_rights', description: null, vereda: null });
  });

  it('When several mechanisms run, Then jurisdiction_id is needed and scopes the feed to one', async () => {
    const second = await createSecondMechanism(server, await server.loginAs(DEMO.admin));
    const unnamed = await visitor.get('/open311/v2/requests.json');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body[0].description).toContain('jurisdiction_id:');
    const guajira = (await visitor.get(`/open311/v2/requests.json?jurisdiction_id=${GUAJIRA.slug}`)).body as Open311Request[];
    expect(guajira.map((r) => r.jurisdiction_id)).toEqual([GUAJIRA.slug]);
    expect(guajira[0]).toMatchObject({ agency_responsible: GUAJIRA.company, municipality: GUAJIRA.municipality, lat: null, long: null, description: null });
    expect(isRecord(guajira[0])).toBe(true);
    // The admin places La Guajira's municipality for the feed; a bad point changes nothing.
    const admin = await server.loginAs(DEMO.admin);
    const place = `/api/admin/mechanisms/${second.id}/municipalities/${second.municipalityId}`;
    const wrong = await admin.send('patch', place, { centre: { latitude: 95, longitude: 'oeste' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['centre.latitude', 'centre.longitude']);
    expect((await (await server.loginAs(DEMO.liaisonPerija)).send('patch', place, { centre: { latitude: 11.16, longitude: -72.59 } })).status).toBe(404);
    const placed = await admin.send('patch', place, { centre: { latitude: 11.16, longitude: -72.59 } });
    expect(placed.status).toBe(200);
    expect(placed.body.centre).toEqual({ latitude: 11.16, longitude: -72.59 });
    const located = (await visitor.get(`/open311/v2/requests.json?jurisdiction_id=${GUAJIRA.slug}`)).body as Open311Request[];
    expect(located[0]).toMatchObject({ lat: 11.16, long: -72.59 });
    const cesar = (await visitor.get('/open311/v2/requests.json?jurisdiction_id=cesar&page_size=200')).body as Open311Request[];
    expect(cesar.every((r) => r.jurisdiction_id === 'cesar')).toBe(true);
    expect(cesar.map((r) => r.service_request_id)).not.toContain(await openDataId(second.caseId));
  });
});
