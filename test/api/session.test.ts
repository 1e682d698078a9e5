import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { DEMO_PASSWORD } from '../../server/db/demoData';

describe('Accounts and sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ config: { trustProxy: 1 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(Object.entries(DEMO))('When the demo %s logs in, Then the session names them and their role', async (_key, email) => {
    const client = await server.loginAs(email);
    const res = await client.get('/api/session');
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(email);
    expect(res.body.csrfToken).toEqual(expect.any(String));
  });

  it('When a liaison logs in, Then their session carries their company scope', async () => {
    const client = await server.loginAs(DEMO.liaisonPerija);
    const res = await client.get('/api/session');
    expect(res.body.user).toMatchObject({ role: 'liaison', company: { name: 'Carbones del Perijá S.A.S.' } });
  });

  it('When the password is wrong or the account unknown, Then both get the same translated 401', async () => {
    const es = await server.client('es');
    const wrongPassword = await es.post('/api/session', { email: DEMO.ombudsman, password: 'not-the-password' });
    const unknown = await es.post('/api/session', { email: 'nadie@puente.demo', password: 'not-the-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknown.body);
    expect(wrongPassword.body.error.code).toBe('invalid_credentials');
    expect(wrongPassword.body.error.message).toMatch(/contraseña no son correctos/);

    const en = await server.client('en');
    const english = await en.post('/api/session', { email: DEMO.ombudsman, password: 'nope' });
    expect(english.body.error.message).toMatch(/password is not correct/);
  });

  it('When the login form is empty, Then each field gets its own message and nobody is logged in', async () => {
    const client = await server.client('es');
    const res = await client.post('/api/session', { email: '', password: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'Este campo es obligatorio.' },
        { field: 'password', message: 'Este campo es obligatorio.' },
      ]),
    );
    expect((await client.get('/api/session')).body.user).toBeNull();
  });

  it('When someone logs in, Then the session id changes (no fixation)', async () => {
    const client = await server.client();
    const before = client.cookie();
    await client.post('/api/session', { email: DEMO.complainant, password: 'Puente-Demo-2026' });
    const after = client.cookie();
    expect(before).toMatch(/puente\.sid=/);
    expect(after).toMatch(/puente\.sid=/);
    expect(after).not.toEqual(before);
  });

  it('When a write comes without the CSRF token, Then it is refused with 403 and changes nothing', async () => {
    const client = await server.loginAs(DEMO.complainant);
    const res = await client.agent.put('/api/me/language').send({ language: 'en' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect((await client.get('/api/session')).body.user.language).toBe('es');
  });

  it('When a user chooses English, Then it is remembered for their next session', async () => {
    const client = await server.loginAs(DEMO.facilitator);
    const res = await client.put('/api/me/language', { language: 'en' });
    expect(res.status).toBe(200);
    expect(res.body.language).toBe('en');
    const again = await server.loginAs(DEMO.facilitator, 'es');
    expect((await again.get('/api/session')).body.user.language).toBe('en');
    // Their errors now come in English even though the browser asks for Spanish.
    const bad = await again.put('/api/me/language', { language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]).toEqual({ field: 'language', message: 'Choose Spanish or English.' });
  });

  it('When a user logs out, Then the old session cookie no longer works', async () => {
    const client = await server.loginAs(DEMO.ombudsman);
    const cookie = client.cookie();
    const res = await client.delete('/api/session');
    expect(res.status).toBe(204);
    const replay = await server.client();
    const reused = await replay.agent.get('/api/cases').set('Cookie', cookie);
    expect(reused.status).toBe(401);
  });

  it('When others keep guessing a staff member\'s password, Then she still logs in from her own phone at once, and each guesser waits longer and longer', async () => {
    const guess = (client: TestClient) => client.post('/api/session', { email: DEMO.liaisonValle, password: 'wrong-guess' });
    // Ten wrong passwords used to lock the account for 15 minutes for everyone, its owner included.
    const attacker = await server.client('es', { address: '10.20.0.1' });
    for (let i = 0; i < 5; i += 1) expect((await guess(attacker)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      expect((await guess(attacker)).status).toBe(401);
      const blocked = await guess(attacker);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('too_many_attempts');
      waits.push(Number(blocked.headers['retry-after']));
      server.clock.advance(waits[i]! * 1000);
    }
    expect(waits).toEqual([1, 2, 4]);
    // Others join in from addresses of their own: each is heard once, then waits.
    for (let i = 0; i < 10; i += 1) {
      const other = await server.client('en', { address: `10.20.1.${i + 1}` });
      expect((await guess(other)).status).toBe(401);
      const blocked = await guess(other);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.message).toMatch(/^Too many attempts in a row\. Wait \d+ (second|seconds|minute|minutes) and try again\.$/);
    }
    const owner = await server.client('es', { address: '10.20.2.1' });
    expect((await owner.post('/api/session', { email: DEMO.liaisonValle, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('When any page is served, Then security headers are set', async () => {
    const client = await server.client();
    const res = await client.get('/api/session');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['set-cookie']?.[0]).toMatch(/HttpOnly/);
    expect(res.headers['set-cookie']?.[0]).toMatch(/SameSite=Lax/);
  });
});
