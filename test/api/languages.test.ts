/**
 * Languages beyond Spanish (issue #14 §7): the admin turns on an audio-first and a written language,
 * a community translator round-trips the texts through a spreadsheet, keys left untranslated fall back
 * to Spanish and are listed, and a complaint filed in another language is marked for an interpreter.
 */
import { parse } from 'csv-parse/sync';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import type { CaseSummaryDto, MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto } from '../../shared/types/intake';
import type { AdminLanguageListDto, LanguageTextsDto, TranslationImportDto } from '../../shared/languages';
import { spanishSource } from '../../server/languages/translationFile';

const LANGUAGES = [
  { code: 'en', name: 'English', mode: 'written' },
  { code: 'yup', name: 'Yukpa', mode: 'audio_first' },
  { code: 'cbg', name: 'Ette Taara', mode: 'written' },
];

/** Rows of a CSV answer, header first (the BOM and `;` as the export writes them). */
const rowsOf = (csv: string): string[][] => parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';' });

describe('Languages of a mechanism', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let admin: TestClient;
  let base: string;
  /** Every text of this mechanism's translation: the product's, then its categories' names and descriptions. */
  let total: number;
  beforeAll(async () => {
    server = await getTestServer();
    mechanism = await loadMechanism(server);
    total = spanishSource().size + 2 * mechanism.categories.length;
    admin = await server.loginAs(DEMO.admin);
    base = `/api/admin/mechanisms/${mechanism.id}/languages`;
  });
  afterAll(async () => {
    await server.close();
  });

  /** PUT of a translation file's bytes, as the admin screen sends it. */
  const importFile = async (client: TestClient, language: string, content: string) =>
    client.agent
      .put(`${base}/${language}/texts`)
      .set('x-csrf-token', (await client.refreshSession()).body.csrfToken)
      .set('Accept-Language', client.language)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(content, 'utf8'));

  it('When the admin turns on Yukpa (audio-first) and Ette Taara (written), Then the form lists Spanish first and then them, and a bad list is refused naming its fields', async () => {
    expect(mechanism.languages).toEqual([
      { code: 'es', name: 'Español', mode: 'written' },
      { code: 'en', name: 'English', mode: 'written' },
    ]);
    const refused = await admin.put(base, {
      languages: [
        { code: 'es', name: 'Español', mode: 'written' },
        { code: 'Yukpa', name: '', mode: 'spoken' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'languages.0.code',
      'languages.1.code',
      'languages.1.mode',
      'languages.1.name',
    ]);
    expect(refused.body.error.fields.find((f: { field: string }) => f.field === 'languages.0.code').message).toContain('español siempre está');

    const saved = await admin.put(base, { languages: LANGUAGES });
    expect(saved.status).toBe(200);
    const list = saved.body as AdminLanguageListDto;
    expect(list.languages.map((l) => [l.code, l.mode, l.builtIn])).toEqual([
      ['es', 'written', true],
      ['en', 'written', true],
      ['yup', 'audio_first', false],
      ['cbg', 'written', false],
    ]);
    expect(list.languages.find((l) => l.code === 'yup')).toMatchObject({ translated: 0, totalTexts: total, clipsRecorded: 0 });
    expect(list.languages.find((l) => l.code === 'es')!.clipsRecorded).toBe(list.languages[0]!.totalClips);
    expect(((await loadMechanism(server)) as MechanismDto).languages.map((l) => l.code)).toEqual(['es', 'en', 'yup', 'cbg']);
    // The change is on the audit record.
    expect(await server.db.one(`SELECT count(*)::int AS n FROM admin_changes WHERE action = 'languages.update'`)).toEqual({ n: 1 });
  });

  it('When the translator exports, fills in and imports Ette Taara, Then export/import round-trips, the untranslated keys are listed and fall back to Spanish', async () => {
    const exported = await admin.get(`${base}/cbg/texts.csv`);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const rows = rowsOf(exported.text);
    expect(rows[0]).toEqual(['key', 'es', 'cbg']);
    expect(rows.length - 1).toBe(total);
    const title = rows.find((r) => r[0] === 'intakeUi:steps.what.title')!;
    expect(title[1]).toBe(spanishSource().get('intakeUi:steps.what.title'));
    expect(title[2]).toBe('');

    // The translator fills in two texts (one with ; and a quote, one starting with "-") and saves with commas, as a spreadsheet may.
    const translated = new Map([
      ['intakeUi:steps.what.title', 'Ette taara: ¿ati kuaka? "uno"; dos'],
      ['app:nav.home', '- Inicio ette'],
    ]);
    const filled = [
      'key,es,cbg',
      ...rows.slice(1).map((r) => [r[0]!, r[1]!, translated.get(r[0]!) ?? ''].map((c) => `"${c.replace(/"/g, '""')}"`).join(',')),
      'intakeUi:no.such.key,x,y',
    ].join('\r\n');
    const report = await importFile(admin, 'cbg', filled);
    expect(report.status).toBe(200);
    const body = report.body as TranslationImportDto;
    expect(body).toMatchObject({ language: 'cbg', translated: 2, total, unknown: ['intakeUi:no.such.key'] });
    expect(body.missing).toHaveLength(total - 2);
    expect(body.missing).toContain('intakeUi:steps.what.intro');
    expect(body.missing).not.toContain('intakeUi:steps.what.title');

    // Exported again, the file holds the translation as imported: the round trip loses nothing.
    const again = rowsOf((await admin.get(`${base}/cbg/texts.csv`)).text);
    // (A cell a spreadsheet would run as a formula keeps the export's guard, which the import takes off.)
    expect(
      new Map(
        again
          .slice(1)
          .filter((r) => r[2])
          .map((r) => [r[0], r[2]]),
      ),
    ).toEqual(new Map([...translated].map(([k, v]) => [k, v.replace(/^-/, "'-")])));
    expect(again.map((r) => r.slice(0, 2))).toEqual(rows.map((r) => r.slice(0, 2)));
    expect((await importFile(admin, 'cbg', (await admin.get(`${base}/cbg/texts.csv`)).text)).body).toEqual({ ...body, unknown: [] });

    // The browser gets only the translated keys; i18next shows Spanish for the rest.
    const texts = (await (await server.client()).get(`/api/mechanisms/${mechanism.id}/languages/cbg/texts`)).body as LanguageTextsDto;
    expect(texts).toEqual({
      language: 'cbg',
      texts: { intakeUi: { steps: { what: { title: translated.get('intakeUi:steps.what.title') } } }, app: { nav: { home: '- Inicio ette' } } },
    });
    expect((await admin.get(base)).body.languages.find((l: { code: string }) => l.code === 'cbg').translated).toBe(2);
  });

  it('When the translator names the categories in Ette Taara, Then the form in Ette Taara lists them, those left out are reported and read in Spanish, and Spanish and English readers see the mechanism’s own', async () => {
    const [water, air] = mechanism.categories;
    const exported = rowsOf((await admin.get(`${base}/cbg/texts.csv`)).text);
    // The mechanism's words come after the product's, with their Spanish.
    const categoryRows = exported.filter((r) => r[0]!.startsWith('category:'));
    expect(categoryRows.map((r) => r.slice(0, 2))).toEqual(
      mechanism.categories.flatMap((c) => [
        [`category:${c.code}.name`, c.name],
        [`category:${c.code}.description`, c.description],
      ]),
    );

    const words = new Map([
      [`category:${water!.code}.name`, 'Ette: ja´ntu'],
      [`category:${water!.code}.description`, 'Ette: ja´ntu ni kuaka'],
      [`category:${air!.code}.name`, 'Ette: kambi'],
    ]);
    const filled = exported
      .map((r, i) => (i === 0 ? r : [r[0]!, r[1]!, words.get(r[0]!) ?? r[2]!]))
      .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(';'));
    const report = (await importFile(admin, 'cbg', filled.join('\r\n'))).body as TranslationImportDto;
    expect(report).toMatchObject({ translated: 5, total, unknown: [] });
    expect(report.missing).toContain(`category:${air!.code}.description`);
    expect(report.missing).not.toContain(`category:${water!.code}.name`);

    // The form in Ette Taara (its requests say so) lists the translator's words, Spanish where there are none.
    const inEtte = (await (await server.client()).agent.get('/api/mechanism').set('Accept-Language', 'cbg')).body as MechanismDto;
    expect(inEtte.categories.slice(0, 2).map((c) => [c.name, c.description])).toEqual([
      ['Ette: ja´ntu', 'Ette: ja´ntu ni kuaka'],
      ['Ette: kambi', air!.description],
    ]);
    expect(inEtte.categories.slice(2)).toEqual(mechanism.categories.slice(2));
    // Spanish and English readers, and the browser's texts of the language, are untouched.
    expect((await loadMechanism(server)).categories).toEqual(mechanism.categories);
    const english = (await (await server.client('en')).get('/api/mechanism')).body as MechanismDto;
    expect(english.categories[0]!.name).not.toBe(water!.name);
    expect(english.categories[0]!.name).not.toContain('Ette');
    const texts = (await (await server.client()).get(`/api/mechanisms/${mechanism.id}/languages/cbg/texts`)).body as LanguageTextsDto;
    expect(Object.keys(texts.texts).sort()).toEqual(['app', 'intakeUi']);
  });

  it('When a file is not a translation table, or its language column is another’s, Then it is refused naming the file and the texts stay', async () => {
    for (const content of ['', 'hola mundo', 'key;es;yup\r\nintakeUi:steps.what.title;¿Qué pasó?;x']) {
      const refused = await importFile(admin, 'cbg', content);
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields).toEqual([{ field: 'file', message: expect.stringContaining('key y cbg') }]);
    }
    expect((await admin.get(base)).body.languages.find((l: { code: string }) => l.code === 'cbg').translated).toBe(5);
    // Spanish and English are the product's own texts, and a language not offered has none.
    for (const language of ['es', 'en', 'wayuu', 'guc']) {
      expect((await admin.get(`${base}/${language}/texts.csv`)).status).toBe(404);
      expect((await importFile(admin, language, 'key;es;x')).status).toBe(404);
      expect((await (await server.client()).get(`/api/mechanisms/${mechanism.id}/languages/${language}/texts`)).status).toBe(404);
    }
  });

  it('When anyone but an admin of the mechanism reads or changes its languages, Then the routes do not exist for them', async () => {
    const anonymous = await server.client();
    expect((await anonymous.get(base)).status).toBe(401);
    expect((await anonymous.get(`${base}/cbg/texts.csv`)).status).toBe(401);
    for (const who of [DEMO.liaisonPerija, DEMO.ombudsman, DEMO.complainant]) {
      const client = await server.loginAs(who);
      expect((await client.get(base)).status).toBe(404);
      expect((await client.put(base, { languages: [] })).status).toBe(404);
      expect((await client.get(`${base}/cbg/texts.csv`)).status).toBe(404);
      expect((await importFile(client, 'cbg', 'key;es;cbg')).status).toBe(404);
    }
    const other = `/api/admin/mechanisms/00000000-0000-4000-8000-000000000000/languages`;
    expect((await admin.get(other)).status).toBe(404);
    expect((await admin.put(other, { languages: LANGUAGES })).status).toBe(404);
    expect((await admin.get(base)).body.languages).toHaveLength(4);
  });

  it('When a complaint is filed by voice in Yukpa, Then the liaison, the ombudsman, the oversight list and its CSV export see that it needs an interpreter; a Spanish one does not', async () => {
    const visitor = await server.client();
    const yukpa = await fileComplaint(visitor, buildComplaint(mechanism, { language: 'yup' }));
    const spanish = await fileComplaint(visitor, buildComplaint(mechanism));
    const badCode = await visitor.post('/api/complaints', buildComplaint(mechanism, { language: 'Yukpa' }));
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.fields).toEqual([{ field: 'language', message: expect.stringContaining('ISO 639') }]);

    for (const who of [DEMO.liaisonPerija, DEMO.ombudsman]) {
      const staff = await server.loginAs(who);
      expect(((await staff.get(`/api/cases/${yukpa.caseId}`)).body as CaseDetailDto).interpreterLanguage).toBe('yup');
      expect(((await staff.get(`/api/cases/${spanish.caseId}`)).body as CaseDetailDto).interpreterLanguage).toBeNull();
      const queue = (await staff.get('/api/cases')).body.cases as CaseSummaryDto[];
      expect(queue.find((c) => c.id === yukpa.caseId)!.interpreterLanguage).toBe('yup');
    }
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const overseen = (await ombudsman.get('/api/oversight/cases')).body.cases as CaseSummaryDto[];
    expect(overseen.find((c) => c.id === yukpa.caseId)!.interpreterLanguage).toBe('yup');
    expect(overseen.find((c) => c.id === spanish.caseId)!.interpreterLanguage).toBeNull();
    // The oversight export names the language, so the Defensoría can arrange the interpreter from its spreadsheet.
    const exported = rowsOf((await ombudsman.get('/api/oversight/export.csv')).text);
    const column = exported[0]!.indexOf('Intérprete (idioma en que se presentó)');
    expect(column).toBeGreaterThan(0);
    expect(exported.find((r) => r[0] === yukpa.reference)![column]).toBe('Yukpa');
    expect(exported.find((r) => r[0] === spanish.reference)![column]).toBe('');
  });
});
