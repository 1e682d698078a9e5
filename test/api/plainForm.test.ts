import request from 'supertest';
import { DEMO, collect, connected, type TestServer } from '../support';
import { demoIds, onIntakeServer, countCases as countAllCases } from '../intakeSupport';
import { untranslatedIn } from '../rawText';
import type { MechanismDto } from '../../shared/types/api';
import { RECEIPT_KEY_PATTERN } from '../../shared/receiptKey';

const FORM = '/presentar-queja/formulario-sencillo';

/** A browser without JavaScript: a cookie jar, the form's page, and the hidden fields the server drew into it. */
async function openForm(server: TestServer, query = '') {
  const agent = request.agent(server.url);
  const page = await agent.get(`${FORM}${query}`).set('Accept-Language', 'es-CO,es;q=0.9');
  const hidden = (name: string) => new RegExp(`name="${name.replace('.', '\\.')}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
  return { agent, page, csrf: hidden('_csrf'), idempotencyKey: hidden('idempotencyKey'), policyVersion: hidden('consent.policyVersion') };
}

/** What a person reads on a page: its text without the markup, the style sheet and the fields' names. */
function readable(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
}

/** Posts `fields` form-encoded, as a browser sends a form (repeated names for the topics). */
function postForm(agent: ReturnType<typeof request.agent>, fields: [string, string][], headers: Record<string, string> = {}) {
  return agent
    .post(FORM)
    .set({ 'Accept-Language': 'es-CO', ...headers })
    .type('form')
    .send(new URLSearchParams(fields).toString());
}

describe('Filing a complaint with no JavaScript (the plain HTML form)', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  onIntakeServer((s, m) => ((server = s), (mechanism = m)));

  const countCases = () => countAllCases(server);

  function answers(form: { csrf: string; idempotencyKey: string; policyVersion: string }, overrides: Record<string, string | null> = {}): [string, string][] {
    const { company, municipality } = demoIds(mechanism);
    const base: Record<string, string | null> = {
      _csrf: form.csrf,
      idempotencyKey: form.idempotencyKey,
      idioma: 'es',
      'consent.policyVersion': form.policyVersion,
      whatHappened: 'El polvo de la mina cubre las casas de la vereda desde hace un mes.',
      municipalityId: municipality('El Paso').id,
      placeDetail: 'Frente a la escuela',
      companyId: company('perija'),
      identityMode: 'anonymous',
      // Typed before choosing "anonymous": left out, as the app's form hides it.
      'identity.name': 'Nadie',
      contactPreference: '',
      'consent.accepted': 'yes',
      ...overrides,
    };
    const fields = Object.entries(base).filter((e): e is [string, string] => e[1] !== null);
    return [...fields, ['categoryCodes', 'air_dust'], ['categoryCodes', 'water']];
  }

  it('When a visitor without JavaScript sends the form anonymously, Then the receipt shows the reference and the key once, the key opens the case on the tracking API, the liaison hears of it live with its deadline running, and sending again files nothing more', async () => {
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const socket = liaison.socket();
    const events = collect<{ caseId: string }>(socket, 'cases.changed');
    await connected(socket);
    try {
      const form = await openForm(server);
      expect(form.page.status).toBe(200);
      expect(form.page.headers['content-type']).toContain('text/html');
      expect(form.page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(form.page.text).toContain('<html lang="es">');
      expect(form.page.text).not.toContain('<script');
      expect(untranslatedIn(readable(form.page.text))).toEqual([]);
      expect(form.csrf).not.toBe('');
      // ~16 KB of HTML with the whole data policy, ~6 KB on the line: a couple of seconds on 2G.
      expect(form.page.headers['content-encoding']).toBe('gzip');
      const before = await countCases();

      const sent = await postForm(form.agent, answers(form), { 'Sec-Fetch-Site': 'same-origin' });
      expect(sent.status).toBe(201);
      expect(sent.text).toContain('Su queja fue enviada');
      const reference = /data-reference>([^<]+)</.exec(sent.text)![1]!;
      const receiptKey = /data-receipt-key>([^<]+)</.exec(sent.text)![1]!;
      expect(reference).toMatch(/^CES-2026-\d{6}$/);
      expect(receiptKey).toMatch(RECEIPT_KEY_PATTERN);
      expect(sent.text).toContain('Guárdela: sin ella no podrá seguir su caso');
      expect(untranslatedIn(readable(sent.text))).toEqual([]);
      expect(await countCases()).toBe(before + 1);

      // A double press (or a reload that posts again) is the same filing.
      const again = await postForm(form.agent, answers(form));
      expect(again.status).toBe(200);
      expect(again.text).toContain('Su queja ya había llegado');
      expect(again.text).toContain(reference);
      expect(await countCases()).toBe(before + 1);

      // The key works where every receipt key works, from any phone.
      const elsewhere = await server.client('es');
      const tracked = await elsewhere.post('/api/track', { reference, receiptKey: receiptKey.toLowerCase().replace(/-/g, ' ') });
      expect(tracked.status).toBe(200);
      expect(tracked.body.whatHappened).toBe('El polvo de la mina cubre las casas de la vereda desde hace un mes.');
      expect(tracked.body.identityMode).toBe('anonymous');
      expect(tracked.body.complainant).toBeNull();
      expect(tracked.body.categories.map((c: { code: string }) => c.code).sort()).toEqual(['air_dust', 'water']);

      const seen = await liaison.get(`/api/cases/${tracked.body.id}`);
      expect(seen.status).toBe(200);
      const deadlines = await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM case_deadlines WHERE case_id = $1', [tracked.body.id]);
      expect(deadlines.n).toBeGreaterThan(0);
      // The liaison's screen hears of it live (awaited until it arrives: the test's timeout is the limit).
      await new Promise<void>((resolve) => {
        if (events.some((e) => e.caseId === tracked.body.id)) return resolve();
        socket.on('cases.changed', (e: { caseId: string }) => e.caseId === tracked.body.id && resolve());
      });
    } finally {
      socket.disconnect();
    }
  });

  it('When the form comes back with mistakes, Then each problem is named beside its field in Spanish or English, the answers are kept, and nothing is stored', async () => {
    const before = await countCases();
    const spanish = await openForm(server);
    const es = await postForm(spanish.agent, answers(spanish, { whatHappened: '', companyId: '', 'consent.accepted': null }));
    expect(es.status).toBe(400);
    expect(es.text).toContain('Corrija 3 respuestas antes de seguir');
    expect(es.text).toContain('Cuente lo que pasó: Este campo es obligatorio.');
    expect(es.text).toContain('¿Qué empresa cree que causó el problema?: Este campo es obligatorio.');
    expect(es.text).toContain('Sus datos personales: Debe aceptar para poder continuar.');
    expect(es.text).toContain('id="f-whatHappened-error"');
    expect(es.text).toContain('value="Frente a la escuela"');
    expect(es.text).toMatch(/value="air_dust" checked/);
    // The same idempotency key stays in the form: the corrected send is still the one filing.
    expect(es.text).toContain(`value="${spanish.idempotencyKey}"`);
    expect(untranslatedIn(readable(es.text))).toEqual([]);

    const english = await openForm(server, '?idioma=en');
    expect(english.page.text).toContain('<html lang="en">');
    const en = await postForm(english.agent, answers(english, { idioma: 'en', whatHappened: 'Too short', occurredOn: '2999-01-01' }));
    expect(en.status).toBe(400);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toMatch(/Tell what happened: [^<]*20/);
    expect(en.text).toContain('When did it happen?: The date cannot be later than today.');
    expect(untranslatedIn(readable(en.text))).toEqual([]);
    // The language chosen on the switch is remembered for the next visit.
    expect((await english.agent.get(FORM)).text).toContain('<html lang="en">');
    expect(await countCases()).toBe(before);
  });

  it('When the form is posted without its token, from another site or by a company account, Then it is refused and nothing is stored', async () => {
    const before = await countCases();
    const form = await openForm(server);
    const noToken = await postForm(form.agent, answers(form, { _csrf: null }));
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('Nada se guardó');
    expect(noToken.text).not.toContain('El polvo de la mina');
    const otherSite = await postForm(form.agent, answers(form), { 'Sec-Fetch-Site': 'cross-site' });
    expect(otherSite.status).toBe(403);
    // A stranger's cookie jar: the token of another session is no token.
    const stranger = await postForm(request.agent(server.url), answers(form));
    expect(stranger.status).toBe(403);
    // The person's own page whose session expired gets the answers back with a fresh token.
    const expired = await postForm(request.agent(server.url), answers(form), { 'Sec-Fetch-Site': 'same-origin' });
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('El formulario caducó');
    expect(expired.text).toContain('El polvo de la mina');

    // Staff do not file complaints: for them the form does not exist, drawn or posted.
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    expect((await liaison.agent.get(FORM)).status).toBe(404);
    const staffToken = (await liaison.refreshSession()).body.csrfToken as string;
    const staff = await postForm(liaison.agent, answers({ ...form, csrf: staffToken }));
    expect(staff.status).toBe(404);
    expect(staff.text).not.toContain('El polvo de la mina');
    expect(await countCases()).toBe(before);
  });
});
