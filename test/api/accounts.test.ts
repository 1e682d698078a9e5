import { getTestServer, type TestServer, emailIndex } from '../support';
import { GOOD_PASSWORD, insertCase } from '../accountHelpers';
import { DEMO_PASSWORD, DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { buildCompany, buildMechanism, buildUser } from '../factories';

describe('Complainant accounts and profiles', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('When someone signs up with an e-mail, Then they are logged in as a complainant with an empty list of cases', async () => {
    const client = await server.client('en');
    const res = await client.post('/api/accounts', { displayName: 'Yarledis Ospino', email: 'Yarledis@Ejemplo.co', password: GOOD_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: 'complainant', email: 'yarledis@ejemplo.co', language: 'en' });
    const cases = await client.get('/api/cases');
    expect(cases.body).toEqual({ cases: [], total: 0 });
    const twice = await (await server.client()).post('/api/accounts', { displayName: 'Otra', email: 'yarledis@ejemplo.co', password: GOOD_PASSWORD });
    expect(twice.body.error.fields).toEqual([{ field: 'email', message: 'Ya existe una cuenta con este correo.' }]);
  });

  it('When the sign-up form is incomplete or the password weak, Then each field says why and no account exists', async () => {
    const client = await server.client('es');
    const empty = await client.post('/api/accounts', { displayName: '', password: 'corta' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'displayName', message: 'Este campo es obligatorio.' },
        { field: 'password', message: expect.stringMatching(/al menos 10 caracteres/) },
      ]),
    );
    const noContact = await client.post('/api/accounts', { displayName: 'Nadie', password: GOOD_PASSWORD });
    expect(noContact.body.error.fields).toEqual([{ field: 'email', message: 'Escriba un correo electrónico o un número de teléfono.' }]);
    const common = await client.post('/api/accounts', { displayName: 'V', email: 'v@ejemplo.co', password: 'valledupar123' });
    expect(common.body.error.fields).toEqual([{ field: 'password', message: expect.stringMatching(/más usadas/) }]);
    const long = await client.post('/api/accounts', { displayName: 'V', email: 'v@ejemplo.co', password: 'x'.repeat(129) });
    expect(long.body.error.fields[0].field).toBe('password');
    expect(await server.db.maybeOne(`SELECT 1 FROM users WHERE email_index = $1`, [emailIndex('v@ejemplo.co')])).toBeUndefined();
  });

  it('When someone signs up with a phone number only, Then they log in with that number and password', async () => {
    const client = await server.client('es');
    const res = await client.post('/api/accounts', { displayName: 'Eder Arias', phone: '300 555 0101', password: GOOD_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBeNull();
    const again = await server.client();
    expect((await again.post('/api/session', { email: '3005550101', password: GOOD_PASSWORD })).status).toBe(200);
    expect((await again.get('/api/me')).body).toMatchObject({ phone: '+573005550101', email: null });
    expect(
      (await (await server.client()).post('/api/accounts', { displayName: 'X', phone: '+57 300 555 0101', password: GOOD_PASSWORD })).body.error.fields[0]
        .field,
    ).toBe('phone');
  });

  it('When a person edits their profile, Then language and e-mail choices are kept and others stay on', async () => {
    const client = await server.loginAs((await buildUser(server.app.ctx, { role: 'complainant' })).email);
    const before = (await client.get('/api/me')).body;
    expect(before.emailPreferences).toEqual({
      new_case: true,
      message: true,
      deadline_reminder: true,
      escalation: true,
      agreement: true,
      commitment_due: true,
    });
    const res = await client.put('/api/me', { displayName: 'Marleny R.', language: 'en', emailPreferences: { message: false } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Marleny R.', language: 'en', emailPreferences: { message: false, new_case: true, agreement: true } });
    const bad = await client.put('/api/me', { emailPreferences: { spam: true }, language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['emailPreferences.spam', 'language']);
    expect((await (await server.client()).get('/api/me')).status).toBe(401);
  });

  it('When a person changes their password, Then the current one is checked and their other sessions end', async () => {
    const { email } = await buildUser(server.app.ctx, { role: 'facilitator' });
    const here = await server.loginAs(email);
    const there = await server.loginAs(email);
    const wrong = await here.post('/api/me/password', { current: 'no-es-esta', next: GOOD_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([{ field: 'current', message: 'La contraseña actual no es correcta.' }]);
    const withEmail = await here.post('/api/me/password', { current: DEMO_PASSWORD, next: `${email.split('@')[0]} de la vereda` });
    expect(withEmail.body.error.fields).toEqual([{ field: 'next', message: 'La contraseña no puede contener su correo. Elija otra.' }]);
    expect((await here.post('/api/me/password', { current: DEMO_PASSWORD, next: GOOD_PASSWORD })).status).toBe(204);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await there.get('/api/me')).status).toBe(401);
    expect((await (await server.client()).post('/api/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
  });

  it('When a complainant claims an anonymous case with its receipt key, Then it joins their list, stays anonymous and the history says so', async () => {
    const client = await server.client();
    await client.post('/api/accounts', { displayName: 'Quien Reclama', email: 'reclama@ejemplo.co', password: GOOD_PASSWORD });
    const target = await server.db.one<{ reference: string; id: string }>(`SELECT reference, id FROM cases WHERE receipt_key_hash IS NOT NULL LIMIT 1`);
    const wrong = await client.post('/api/me/claims', { reference: target.reference, receiptKey: 'AAAA-BBBB-CCCC-DDDD' });
    const unknown = await client.post('/api/me/claims', { reference: 'CES-1999-000001', receiptKey: DEMO_RECEIPT_KEY });
    expect(wrong.status).toBe(404);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('claim_failed');
    // Typed as the paper receipt reads it aloud: lower case, groups apart.
    const ok = await client.post('/api/me/claims', {
      reference: target.reference.toLowerCase(),
      receiptKey: DEMO_RECEIPT_KEY.toLowerCase().replace(/-/g, ' '),
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ caseId: target.id, reference: target.reference });
    const list = (await client.get('/api/cases')).body;
    expect(list.cases.map((c: { id: string; identityMode: string }) => [c.id, c.identityMode])).toEqual([[target.id, 'anonymous']]);
    const event = await server.db.one<{ kind: string; actor_role: string }>(
      `SELECT kind, actor_role FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1`,
      [target.id],
    );
    expect(event).toEqual({ kind: 'cases.claimed', actor_role: 'complainant' });

    const someoneElse = await server.client();
    await someoneElse.post('/api/accounts', { displayName: 'Otra Persona', email: 'otra@ejemplo.co', password: GOOD_PASSWORD });
    expect((await someoneElse.post('/api/me/claims', { reference: target.reference, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(404);
    const liaison = await server.loginAs((await buildUser(server.app.ctx, { role: 'liaison', companyId: (await buildCompany(server.app.ctx)).id })).email);
    expect((await liaison.post('/api/me/claims', { reference: target.reference, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(404);
  });

  it('When a complainant of one mechanism tries a case of another, Then the claim fails like a wrong key', async () => {
    const other = await buildMechanism(server.app.ctx);
    const filed = await insertCase(server.db, server.clock.now(), {
      mechanismId: other.id,
      companyId: null,
      description: 'Polvo en la escuela.',
      receiptKey: 'NRTE-KEYS-2345-6789',
    });
    const client = await server.client();
    await client.post('/api/accounts', { displayName: 'Cesarense', email: 'cesarense@ejemplo.co', password: GOOD_PASSWORD });
    expect((await client.post('/api/me/claims', { reference: filed.reference, receiptKey: 'NRTE-KEYS-2345-6789' })).status).toBe(404);
  });

  it("When a case's key is guessed over and over through claims and tracking, Then the guesses count together and the guesser waits", async () => {
    const client = await server.client();
    await client.post('/api/accounts', { displayName: 'Adivina', email: 'adivina@ejemplo.co', password: GOOD_PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await client.post('/api/me/claims', { reference: 'CES-2026-000001', receiptKey: 'AAAA-BBBB-CCCC-DDDD' })).status);
    for (let i = 0; i < 3; i += 1) statuses.push((await client.post('/api/track', { reference: 'CES-2026-000001', receiptKey: 'AAAA-BBBB-CCCC-DDDD' })).status);
    const blocked = await client.post('/api/me/claims', { reference: 'CES-2026-000001', receiptKey: 'AAAA-BBBB-CCCC-DDDD' });
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
  });
});
