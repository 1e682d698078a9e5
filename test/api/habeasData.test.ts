/**
 * Habeas data (Ley 1581 de 2012; docs/habeas-data.md): the download holds everything about the person
 * and nothing about anyone else; a granted deletion redacts the identity everywhere while the thread
 * stays; the retention job redacts on the day; request terms count business days on the calendar.
 */
import crypto from 'node:crypto';
import { DEMO, type TestClient, type TestServer, emailIndex, openUserNameOf, OUTBOX_RECIPIENT, openOutboxRow, openedOutbox } from '../support';
import { buildComplaint, fileComplaint, onIntakeServer } from '../intakeSupport';
import type { BuiltPeople } from '../factories';
import type { MechanismDto } from '../../shared/types/api';
import type { HabeasRequestDto } from '../../shared/types/habeas';
import { redactExpiredIdentities } from '../../server/jobs/identityRetention';
import { GOOD_PASSWORD } from '../accountHelpers';
import { createSecondMechanism } from '../secondMechanism';
import { renderEmail } from '../../server/mail/emailTemplates';
import type { CaseAuditDto } from '../../shared/types/oversight';

describe('Habeas data', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let cast: BuiltPeople;
  onIntakeServer((s, m, people) => ((server = s), (mechanism = m), (cast = people)), { config: { trustProxy: 1 } });
  /** A valid complaint against the cast's company; `overrides` replace top-level fields. */
  const complaint = (overrides: Parameters<typeof buildComplaint>[1] = {}) => buildComplaint(mechanism, { companyId: cast.company.id, ...overrides });

  let people = 0;
  /** A new complainant account with a distinctive name and e-mail, logged in, from an address of its own. */
  async function signUp(name: string): Promise<{ client: TestClient; email: string }> {
    people += 1;
    const client = await server.client('es', { address: `10.77.0.${people}` });
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${crypto.randomUUID().slice(0, 6)}@ejemplo.co`;
    const res = await client.post('/api/accounts', { displayName: name, email, password: GOOD_PASSWORD });
    expect(res.status).toBe(201);
    return { client, email };
  }
  /** A fresh session for an account made here (sessions lapse when a test moves the clock by days). */
  async function logIn(email: string): Promise<TestClient> {
    const client = await server.client();
    const res = await client.post('/api/session', { email, password: GOOD_PASSWORD });
    expect(res.status).toBe(200);
    return client;
  }
  const message = (client: TestClient, caseId: string, body: string) =>
    client.post(`/api/cases/${caseId}/messages`, { body, visibility: 'parties', clientKey: crypto.randomUUID() }).then((r) => {
      if (r.status !== 201) throw new Error(`message: ${r.status} ${JSON.stringify(r.body)}`);
      return r;
    });

  it('When a person downloads their data, Then it holds their account, cases, identity, sensitive answers, consents and thread, and nothing of anyone else', async () => {
    const me = await signUp('Ximena Quintero Baldovino');
    const mine = await fileComplaint(
      me.client,
      complaint({
        identity: { name: 'Ximena Quintero Baldovino', phone: '3105550177', documentId: '77123456' },
        whatHappened: 'El ruido de las voladuras rompió las ventanas de mi casa en la vereda.',
        equity: { gender: 'woman', ethnicGroup: 'afro_colombian', consent: true },
      }),
    );
    const other = await signUp('Wilfrido Ospino Manjarrez');
    const theirs = await fileComplaint(
      other.client,
      complaint({
        identity: { name: 'Wilfrido Ospino Manjarrez', phone: '3105550188' },
        whatHappened: 'Otra queja distinta sobre el agua turbia del arroyo.',
      }),
    );
    const liaison = await server.loginAs(cast.liaison.email);
    await message(liaison, mine.caseId, 'Recibimos su queja y visitaremos la vereda.');
    await message(liaison, theirs.caseId, 'Mensaje para otra persona: arroyo.');

    const res = await me.client.get('/api/habeas/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="puente-mis-datos-2026-11-20\.json"/);
    const data = res.body;
    expect(data.account).toMatchObject({ displayName: 'Ximena Quintero Baldovino', email: me.email, role: 'complainant' });
    expect(data.cases).toHaveLength(1);
    const c = data.cases[0];
    expect(c).toMatchObject({
      reference: mine.reference,
      identity: { name: 'Ximena Quintero Baldovino', phone: '3105550177', documentId: '77123456' },
      sensitiveData: { consented: true, gender: 'woman', ethnicity: 'afro_colombian' },
      dataPolicyConsent: { version: '2026-01' },
      whatHappened: 'El ruido de las voladuras rompió las ventanas de mi casa en la vereda.',
      place: { municipality: 'El Paso', vereda: 'El Hatillo', latitude: 9.66, longitude: -73.74 },
    });
    expect(c.dataPolicyConsent.at).toBeTruthy();
    expect(c.messages).toEqual([expect.objectContaining({ byYou: false, body: 'Recibimos su queja y visitaremos la vereda.' })]);
    expect(c.history[0]).toMatchObject({ what: 'Queja presentada' });
    expect(data.notifications).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'message', caseReference: mine.reference })]));
    const text = JSON.stringify(data);
    const liaisonName = openUserNameOf(
      await server.db.one<{ id: string; name_ciphertext: string }>('SELECT id, name_ciphertext FROM users WHERE email_index = $1', [
        emailIndex(cast.liaison.email),
      ]),
    );
    expect(liaisonName.length).toBeGreaterThan(0);
    for (const foreign of ['Wilfrido', 'Ospino', '3105550188', theirs.reference, 'arroyo', other.email, liaisonName, '@puente.test'])
      expect({ foreign, found: text.includes(foreign) }).toEqual({ foreign, found: false });

    const page = await me.client.get('/api/habeas/export?format=html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Lo que Puente guarda sobre usted');
    expect(page.text).toContain('Ximena Quintero Baldovino');
    expect(page.text).toContain('Recibimos su queja y visitaremos la vereda.');
    expect(page.text).not.toContain('Wilfrido');

    // A receipt key opens only its own case; nobody at all gets a 404, as does a company liaison's own (empty) export of cases.
    const anonymous = await fileComplaint(
      await server.client('es', { address: '10.77.1.1' }),
      complaint({
        identityMode: 'anonymous',
        identity: undefined,
        contactPreference: 'none',
        whatHappened: 'Anónimo: camiones de noche por la vía de la vereda.',
      }),
    );
    const phone = await server.client('en', { address: '10.77.1.2' });
    expect((await phone.get('/api/habeas/export')).status).toBe(404);
    expect((await phone.post('/api/track', { reference: anonymous.reference, receiptKey: anonymous.receiptKey })).status).toBe(200);
    const tracked = (await phone.get('/api/habeas/export')).body;
    expect(tracked.account).toBeNull();
    expect(tracked.cases.map((x: { reference: string }) => x.reference)).toEqual([anonymous.reference]);
    expect(tracked.cases[0].identity).toBeNull();
    expect(JSON.stringify(tracked)).not.toContain('Ximena');
  });

  it('When a deletion is granted, Then the identity is gone from pages, exports and later e-mails while the thread and a redaction event stay', async () => {
    const me = await signUp('Yolima Arzuaga Pitre');
    const filed = await fileComplaint(
      me.client,
      complaint({
        identity: { name: 'Yolima Arzuaga Pitre', phone: '3105550199', email: 'yolima.pitre@ejemplo.co' },
        equity: { disability: 'yes', consent: true },
        publishDescription: true,
      }),
    );
    await message(me.client, filed.caseId, 'Soy la peticionaria: el polvo sigue.');
    const liaison = await server.loginAs(cast.liaison.email);
    await message(liaison, filed.caseId, 'Estamos revisando el riego de la vía.');
    // Addresses are ciphertext: every row opened as the sender opens it.
    expect((await openedOutbox(server)).filter((r) => r.to === me.email && r.status === 'pending')).toHaveLength(1);

    // No session, or a session with nothing to ask about, cannot file; a bad body names its field.
    expect((await (await server.client()).post('/api/habeas/requests', { kind: 'deletion', details: 'Borren mis datos por favor.' })).status).toBe(404);
    const bad = await me.client.post('/api/habeas/requests', { kind: 'erase', details: 'corto' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['details', 'kind']);
    const notMine = await me.client.post('/api/habeas/requests', {
      kind: 'deletion',
      details: 'Borren mis datos por favor.',
      caseReference: 'CES-2026-000001',
    });
    expect(notMine.body.error.fields).toEqual([{ field: 'caseReference', message: 'Esa referencia no es de uno de sus casos.' }]);
    const asked = await me.client.post('/api/habeas/requests', { kind: 'deletion', details: 'Quiero que borren mi nombre y mis datos.' });
    expect(asked.status).toBe(201);
    const request = asked.body as HabeasRequestDto;
    expect(request).toMatchObject({ procedure: 'reclamo', status: 'open', receivedOn: '2026-11-20' });

    // Only the mechanism's staff see the queue and answer; others get 404.
    expect((await liaison.get('/api/habeas/queue')).status).toBe(404);
    expect((await liaison.post(`/api/habeas/requests/${request.id}/answer`, { outcome: 'granted', answer: 'Concedida la supresión.' })).status).toBe(404);
    expect((await me.client.post(`/api/habeas/requests/${request.id}/answer`, { outcome: 'granted', answer: 'Concedida la supresión.' })).status).toBe(404);
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const queue = (await ombudsman.get('/api/habeas/queue')).body as HabeasRequestDto[];
    expect(queue.find((r) => r.id === request.id)).toMatchObject({ requester: 'account', dueOn: request.dueOn, businessDaysLeft: 15 });
    const wrong = await ombudsman.post(`/api/habeas/requests/${request.id}/answer`, { outcome: 'answered', answer: 'Respuesta que no decide nada.' });
    expect(wrong.body.error.fields[0].field).toBe('outcome');
    const granted = await ombudsman.post(`/api/habeas/requests/${request.id}/answer`, { outcome: 'granted', answer: 'Concedida: suprimimos su identidad.' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ status: 'answered', outcome: 'granted', details: null });
    expect((await ombudsman.post(`/api/habeas/requests/${request.id}/answer`, { outcome: 'denied', answer: 'Otra respuesta más.' })).status).toBe(409);

    // Logged out everywhere and unable to log in again.
    expect((await me.client.get('/api/habeas/export')).status).toBe(404);
    expect((await (await server.client()).post('/api/session', { email: me.email, password: GOOD_PASSWORD })).status).not.toBe(200);

    // Pages: no name anywhere; the thread keeps both messages, the complainant's by role only; the history says when.
    for (const reader of [ombudsman, liaison]) {
      const page = (await reader.get(`/api/cases/${filed.caseId}`)).body;
      const thread = (await reader.get(`/api/cases/${filed.caseId}/messages`)).body;
      const seen = JSON.stringify([page, thread]);
      for (const identity of ['Yolima', 'Arzuaga', '3105550199', 'yolima.pitre', me.email])
        expect({ identity, found: seen.includes(identity) }).toEqual({ identity, found: false });
      expect(seen).toContain('Soy la peticionaria: el polvo sigue.');
      expect(seen).toContain('Estamos revisando el riego de la vía.');
      expect(page.history.map((h: { kind: string }) => h.kind)).toContain('cases.identity_redacted');
    }
    // The open-data feed masked the name in the published words with the identity: with it gone, the words are no longer published.
    const row = await server.db.one<{ identity: string | null; equity: string | null; lat: string | null; published: boolean; redacted: Date | null }>(
      `SELECT identity_ciphertext AS identity, equity_ciphertext AS equity, location_ciphertext AS lat, publish_description AS published,
              identity_redacted_at AS redacted FROM cases WHERE id = $1`,
      [filed.caseId],
    );
    expect(row).toMatchObject({ identity: null, equity: null, lat: null, published: false });
    expect(row.redacted?.toISOString()).toBe('2026-11-20T15:00:00.000Z');

    // E-mails: the one waiting is gone, none is queued later, and no row anywhere keeps the address or the name.
    await message(liaison, filed.caseId, 'Segundo mensaje de la empresa después de la supresión.');
    const outbox = JSON.stringify((await openedOutbox(server)).map((r) => ({ to: r.to, data: r.data })));
    for (const identity of [me.email, 'Yolima']) expect({ identity, found: outbox.includes(identity) }).toEqual({ identity, found: false });
  });

  it('When a mechanism keeps identities 30 days after closure, Then the job redacts a closed case on the 30th day and not before', async () => {
    const admin = await server.loginAs(cast.admin.email);
    const put = (body: unknown) => admin.put(`/api/admin/mechanisms/${mechanism.id}/retention`, body);
    expect((await put({ identityRetentionDays: 0 })).body.error.fields[0].field).toBe('identityRetentionDays');
    expect(
      (await (await server.loginAs(cast.ombudsman.email)).put(`/api/admin/mechanisms/${mechanism.id}/retention`, { identityRetentionDays: 30 })).status,
    ).toBe(404);
    expect((await put({ identityRetentionDays: 30 })).body).toEqual({ identityRetentionDays: 30 });

    const me = await signUp('Zoraida Mindiola Carrascal');
    const filed = await fileComplaint(me.client, complaint({ identity: { name: 'Zoraida Mindiola Carrascal', phone: '3105550166' } }));
    const open = await fileComplaint(me.client, complaint({ identity: { name: 'Zoraida Mindiola Carrascal', phone: '3105550166' } }));
    const closedAt = new Date('2026-11-23T14:00:00.000Z');
    server.clock.set(closedAt);
    const again = await logIn(me.email);
    expect((await again.post(`/api/cases/${filed.caseId}/transitions`, { action: 'withdraw' })).status).toBe(200);
    const redacted = async (id: string) => (await server.db.one<{ at: Date | null }>('SELECT identity_redacted_at AS at FROM cases WHERE id = $1', [id])).at;
    try {
      server.clock.set(new Date(closedAt.getTime() + 30 * 86_400_000 - 60_000));
      await redactExpiredIdentities(server.app.ctx);
      expect(await redacted(filed.caseId)).toBeNull();
      server.clock.set(new Date(closedAt.getTime() + 30 * 86_400_000));
      await redactExpiredIdentities(server.app.ctx);
      expect((await redacted(filed.caseId))?.toISOString()).toBe('2026-12-23T14:00:00.000Z');
      // The open case keeps its identity; a second run writes nothing twice.
      expect(await redacted(open.caseId)).toBeNull();
      expect(await redactExpiredIdentities(server.app.ctx)).toBe(0);
      const events = await server.db.query<{ actor_role: string; data: { cause: string } }>(
        `SELECT actor_role, data FROM case_events WHERE case_id = $1 AND kind = 'cases.identity_redacted'`,
        [filed.caseId],
      );
      expect(events).toEqual([{ actor_role: 'system', data: { cause: 'retention' } }]);
      // The account itself stays: the person may still have open cases.
      expect((await (await logIn(me.email)).get('/api/habeas/export')).body.account.displayName).toBe('Zoraida Mindiola Carrascal');
    } finally {
      await put({ identityRetentionDays: null });
      server.clock.set('2026-11-20T15:00:00.000Z');
    }
  });

  it('When requests arrive with a holiday in their term, Then due dates and extensions count business days and the notice must come before the term lapses', async () => {
    // Tuesday 1 December 2026; Tuesday 8 December (Inmaculada Concepción) is a holiday.
    server.clock.set('2026-12-01T15:00:00.000Z');
    try {
      const me = await signUp('Aníbal Cuello Daza');
      const consulta = (await me.client.post('/api/habeas/requests', { kind: 'consulta', details: '¿A quién le mostraron mi nombre?' }))
        .body as HabeasRequestDto;
      const reclamo = (await me.client.post('/api/habeas/requests', { kind: 'correction', details: 'Mi segundo apellido es Daza, no Daza Daza.' }))
        .body as HabeasRequestDto;
      // 10 business days after 1 Dec skipping the weekends and 8 Dec: 2,3,4,7,9,10,11,14,15,16.
      expect(consulta).toMatchObject({ procedure: 'consulta', receivedOn: '2026-12-01', dueOn: '2026-12-16', latestExtendedOn: '2026-12-23' });
      // 15: …16,17,18,21,22,23.
      expect(reclamo).toMatchObject({ procedure: 'reclamo', dueOn: '2026-12-23' });
      expect((await me.client.get('/api/habeas/requests')).body.map((r: HabeasRequestDto) => r.id).sort()).toEqual([consulta.id, reclamo.id].sort());

      const ombudsman = await server.loginAs(cast.ombudsman.email);
      const extend = (id: string, dueOn: string) =>
        ombudsman.post(`/api/habeas/requests/${id}/extension`, { reason: 'Debemos consultar el archivo de la empresa.', dueOn });
      expect((await extend(consulta.id, '2026-12-24')).body.error.fields[0]).toMatchObject({ field: 'dueOn' });
      const extended = await extend(consulta.id, '2026-12-23');
      expect(extended.body).toMatchObject({ dueOn: '2026-12-23', firstDueOn: '2026-12-16', extension: { dueOn: '2026-12-23' } });
      expect((await extend(consulta.id, '2026-12-22')).status).toBe(409);
      // After the reclamo's term lapsed, no extension can be announced.
      server.clock.set('2026-12-24T15:00:00.000Z');
      const officer = await server.loginAs(cast.ombudsman.email);
      const late = await officer.post(`/api/habeas/requests/${reclamo.id}/extension`, {
        reason: 'Debemos consultar el archivo de la empresa.',
        dueOn: '2027-01-05',
      });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toContain('2026-12-23');
      expect((await (await logIn(me.email)).get('/api/habeas/requests')).body.find((r: HabeasRequestDto) => r.id === consulta.id).extension.reason).toBe(
        'Debemos consultar el archivo de la empresa.',
      );
    } finally {
      server.clock.set('2026-11-20T15:00:00.000Z');
    }
  });

  it('When the consent for sensitive data is withdrawn, Then the answers are erased at once and the history says so; without that consent they are refused', async () => {
    const me = await signUp('Bertilda Oñate Gutiérrez');
    const refused = await me.client.post(
      '/api/complaints',
      complaint({ identity: { name: 'Bertilda Oñate Gutiérrez', phone: '3105550155' }, equity: { gender: 'woman' } }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ field: 'equity.consent', message: expect.stringContaining('datos sensibles') }]);
    const filed = await fileComplaint(
      me.client,
      complaint({ identity: { name: 'Bertilda Oñate Gutiérrez', phone: '3105550155' }, equity: { gender: 'woman', consent: true } }),
    );
    expect((await me.client.post('/api/habeas/sensitive-data/withdraw')).body).toEqual({ erasedCases: 1 });
    expect((await me.client.get('/api/habeas/export')).body.cases[0].sensitiveData).toBeNull();
    const kinds = await server.db.query<{ kind: string }>('SELECT kind FROM case_events WHERE case_id = $1 ORDER BY id', [filed.caseId]);
    expect(kinds.map((k) => k.kind)).toContain('cases.sensitive_data_withdrawn');
    expect((await (await server.client()).post('/api/habeas/sensitive-data/withdraw')).status).toBe(404);
  });

  it('When a request belongs to another mechanism, Then its officers alone see and answer it: the others get 404 as if it did not exist', async () => {
    const admin = await server.loginAs(DEMO.admin);
    const guajira = await createSecondMechanism(server, admin);
    // The request the Guajira complainant would file with their receipt key (filing by key is shown above).
    const { id } = await server.db.one<{ id: string }>(
      `INSERT INTO habeas_requests (mechanism_id, kind, case_id, by_receipt_key, details, received_on, due_on, created_at)
       VALUES ($1, 'consulta', $2, true, '¿Quién vio mi nombre?', '2026-11-20', '2026-12-04', now()) RETURNING id`,
      [guajira.id, guajira.caseId],
    );
    const cesarOfficer = await server.loginAs(cast.ombudsman.email);
    expect(((await cesarOfficer.get('/api/habeas/queue')).body as HabeasRequestDto[]).some((r) => r.id === id)).toBe(false);
    expect((await cesarOfficer.post(`/api/habeas/requests/${id}/answer`, { outcome: 'answered', answer: 'Respuesta ajena al mecanismo.' })).status).toBe(404);
    expect((await cesarOfficer.post(`/api/habeas/requests/${id}/extension`, { reason: 'Motivo ajeno al mecanismo.', dueOn: '2026-12-07' })).status).toBe(404);
    const nobody = await server.client();
    expect((await nobody.get('/api/habeas/queue')).status).toBe(404);
    expect((await nobody.get('/api/habeas/requests')).status).toBe(404);
    expect((await nobody.post(`/api/habeas/requests/${id}/answer`, { outcome: 'answered', answer: 'Respuesta sin sesión alguna.' })).status).toBe(404);
    expect((await nobody.post(`/api/habeas/requests/${id}/extension`, { reason: 'Motivo sin sesión alguna.', dueOn: '2026-12-07' })).status).toBe(404);
    expect((await nobody.get(`/api/admin/mechanisms/${guajira.id}/retention`)).status).toBe(401);
    // The admin who created La Guajira manages it, and answers.
    expect(((await admin.get('/api/habeas/queue')).body as HabeasRequestDto[]).find((r) => r.id === id)).toMatchObject({
      requester: 'receipt_key',
      caseReference: guajira.reference,
    });
    expect((await admin.post(`/api/habeas/requests/${id}/answer`, { outcome: 'answered', answer: 'Nadie ha visto su nombre todavía.' })).status).toBe(200);
  });

  it('When staff apply a correction request, Then the identity changes, the request and the history say which fields, the person is e-mailed at each step, and the record shows "reclamo en trámite" while it is open', async () => {
    const me = await signUp('Zuleima Correa Daza');
    const filed = await fileComplaint(
      me.client,
      complaint({ identityMode: 'confidential', identity: { name: 'Zuleima Corea Dasa', phone: '3105550123', documentId: '49777111' } }),
    );
    const notices = async () =>
      (
        await server.db.query<{
          template: string;
          data: Record<string, unknown>;
          sealId: string | null;
          recipientCiphertext: string | null;
          toAddress: string | null;
        }>(`SELECT o.template, o.data, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.template LIKE 'habeas_%' ORDER BY o.id`)
      )
        .map(openOutboxRow)
        .filter((r) => r.to === me.email);
    const asked = await me.client.post('/api/habeas/requests', {
      kind: 'correction',
      details: 'Mi nombre quedó mal escrito: es Zuleima Correa Daza.',
      caseReference: filed.reference,
    });
    expect(asked.status).toBe(201);
    const request = asked.body as HabeasRequestDto;
    expect((await notices()).map((n) => n.template)).toEqual(['habeas_received']);

    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const audit = async () => (await ombudsman.get(`/api/oversight/cases/${filed.caseId}/audit`)).body as CaseAuditDto;
    expect((await audit()).reclamosInProcess).toEqual([{ kind: 'correction', receivedOn: request.receivedOn }]);
    expect(
      (
        await ombudsman.post(`/api/habeas/requests/${request.id}/extension`, {
          reason: 'Verificamos el documento con la Registraduría.',
          dueOn: request.latestExtendedOn,
        })
      ).status,
    ).toBe(200);

    // Only staff correct; an empty correction names its field; nothing changes meanwhile.
    const correction = { identity: { name: 'Zuleima Correa Daza', phone: '3105550123' }, answer: 'Corregimos su nombre como lo pidió.' };
    expect((await me.client.post(`/api/habeas/requests/${request.id}/correction`, correction)).status).toBe(404);
    expect((await (await server.loginAs(cast.liaison.email)).post(`/api/habeas/requests/${request.id}/correction`, correction)).status).toBe(404);
    const empty = await ombudsman.post(`/api/habeas/requests/${request.id}/correction`, {
      identity: { email: '' },
      answer: 'Corregimos su nombre como lo pidió.',
    });
    expect(empty.body.error.fields).toEqual([
      { field: 'identity.name', message: 'Escriba al menos un dato corregido (nombre, documento, teléfono o correo).' },
    ]);
    const done = await ombudsman.post(`/api/habeas/requests/${request.id}/correction`, correction);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'answered',
      outcome: 'granted',
      correctedFields: ['name'],
      details: 'Mi nombre quedó mal escrito: es Zuleima Correa Daza.',
    });
    expect((await ombudsman.post(`/api/habeas/requests/${request.id}/correction`, correction)).status).toBe(409);

    // The case now holds the corrected name (the person's download shows it); the history says what changed, not the values.
    const exported = JSON.stringify((await me.client.get('/api/habeas/export')).body);
    expect(exported).toContain('Zuleima Correa Daza');
    expect(exported).not.toContain('Zuleima Corea Dasa');
    const event = await server.db.one<{ data: Record<string, unknown> }>(
      `SELECT data FROM case_events WHERE case_id = $1 AND kind = 'cases.identity_corrected'`,
      [filed.caseId],
    );
    expect(event.data).toEqual({ requestId: request.id, fields: ['name'] });
    expect((await audit()).reclamosInProcess).toEqual([]);

    // E-mailed at each step, in words the person reads.
    const sent = await notices();
    expect(sent.map((n) => n.template)).toEqual(['habeas_received', 'habeas_extended', 'habeas_answered']);
    const answered = renderEmail('habeas_answered', 'es', me.email, sent[2]!.data, 'https://puente.test');
    expect(answered.text).toContain('Su solicitud «Corregir mis datos» fue resuelta: Concedida.');
    expect(answered.text).not.toContain('mal escrito');
    expect(renderEmail('habeas_extended', 'es', me.email, sent[1]!.data, 'https://puente.test').text).toContain(
      `se amplió hasta el ${request.latestExtendedOn}`,
    );
  });
});
