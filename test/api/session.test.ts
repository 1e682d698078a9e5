import request from 'supertest';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { DEMO_PASSWORD } from '../../server/db/demoData';
import { buildCompany, buildUser } from '../factories';

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
    const company = await buildCompany(server.app.ctx);
    const liaison = await buildUser(server.app.ctx, { role: 'liaison', companyId: company.id });
    const client = await server.loginAs(liaison.email);
    const res = await client.get('/api/session');
    expect(res.body.user).toMatchObject({ role: 'liaison', company: { name: company.name } });
  });

  it('When the password is wrong or the account unknown, Then both get the same translated 401', async () => {
    const { email } = await buildUser(server.app.ctx, { role: 'ombudsman' });
    const es = await server.client('es');
    const wrongPassword = await es.post('/api/session', { email, password: 'not-the-password' });
    const unknown = await es.post('/api/session', { email: 'nadie@puente.demo', password: 'not-the-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknown.body);
    expect(wrongPassword.body.error.code).toBe('invalid_credentials');
    expect(wrongPassword.body.error.message).toMatch(/contraseña no son correctos/);

    const en = await server.client('en');
    const english = await en.post('/api/session', { email, password: 'nope' });
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
    const { email } = await buildUser(server.app.ctx, { role: 'complainant' });
    const client = await server.client();
    const before = client.cookie();
    await client.post('/api/session', { email, password: DEMO_PASSWORD });
    const after = client.cookie();
    expect(before).toMatch(/puente\.sid=/);
    expect(after).toMatch(/puente\.sid=/);
    expect(after).not.toEqual(before);
  });

  it('When the answer to a request sent before logging in arrives after the log-in, Then the person is still logged in', async () => {
    const { email } = await buildUser(server.app.ctx, { role: 'complainant' });
    const client = await server.client();
    // On a slow signal the page's earlier requests (a list, the session, a worker's refresh) may be
    // answered after the log-in: the browser takes whatever cookie each answer sets, in that order.
    const late = await Promise.all([client.get('/api/session'), client.get('/api/mechanism')]);
    expect((await client.post('/api/session', { email, password: DEMO_PASSWORD })).status).toBe(200);
    const { hostname } = new URL(client.baseUrl);
    for (const res of late) client.agent.jar.setCookies(res.headers['set-cookie'] ?? [], hostname, '/');
    const session = await client.get('/api/session');
    expect(session.body.user?.email).toBe(email);
  });

  it('When a request sent with the cookie from before the log-in reaches the server after it, Then its answer sets no cookie and the person stays logged in', async () => {
    const { email } = await buildUser(server.app.ctx, { role: 'complainant' });
    const client = await server.client();
    const before = client.cookie();
    expect((await client.post('/api/session', { email, password: DEMO_PASSWORD })).status).toBe(200);
    // A page's list or the worker's copy of the session, sent on a slow signal before the log-in.
    const late = await request(client.baseUrl).get('/api/session').set('Cookie', before);
    expect(late.status).toBe(200);
    expect(late.body.user).toBeNull();
    expect(late.headers['set-cookie']).toBeUndefined();
    const { hostname } = new URL(client.baseUrl);
    client.agent.jar.setCookies(late.headers['set-cookie'] ?? [], hostname, '/');
    expect((await client.get('/api/session')).body.user?.email).toBe(email);
    // The old session holds nobody and nothing: its cookie opens no account's page.
    expect((await request(client.baseUrl).get('/api/cases').set('Cookie', before)).status).toBe(401);
  });

  it('When a person keeps using the app, Then no answer but the one that starts or changes the session sets its cookie', async () => {
    const client = await server.loginAs(DEMO.ombudsman);
    for (const path of ['/api/session', '/api/cases', '/api/notifications']) {
      const res = await client.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Still counted on the server: a request twelve hours less a minute on still finds the session open.
    server.clock.advance(12 * 60 * 60 * 1000 - 60_000);
    expect((await client.get('/api/cases')).status).toBe(200);
  });

  it('When a write comes without the CSRF token, Then it is refused with 403 and changes nothing', async () => {
    const client = await server.loginAs((await buildUser(server.app.ctx, { role: 'complainant' })).email);
    const res = await client.agent.put('/api/me/language').send({ language: 'en' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect((await client.get('/api/session')).body.user.language).toBe('es');
  });

  it('When a user chooses English, Then it is remembered for their next session', async () => {
    const { email } = await buildUser(server.app.ctx, { role: 'facilitator' });
    const client = await server.loginAs(email);
    const res = await client.put('/api/me/language', { language: 'en' });
    expect(res.status).toBe(200);
    expect(res.body.language).toBe('en');
    const again = await server.loginAs(email, 'es');
    expect((await again.get('/api/session')).body.user.language).toBe('en');
    // Their errors now come in English even though the browser asks for Spanish.
    const bad = await again.put('/api/me/language', { language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]).toEqual({ field: 'language', message: 'Choose Spanish or English.' });
  });

  it('When a user logs out, Then the old session cookie no longer works', async () => {
    const client = await server.loginAs((await buildUser(server.app.ctx, { role: 'ombudsman' })).email);
    const cookie = client.cookie();
    const res = await client.delete('/api/session');
    expect(res.status).toBe(204);
    const replay = await server.client();
    const reused = await replay.agent.get('/api/cases').set('Cookie', cookie);
    expect(reused.status).toBe(401);
  });

  it('When a person keeps using the app, Then the session outlives twelve hours from login, and twelve idle hours end it', async () => {
    const client = await server.loginAs(DEMO.ombudsman);
    const hour = 60 * 60 * 1000;
    // Each request keeps the session alive for twelve more hours (counted on the server's clock).
    for (let i = 0; i < 3; i += 1) {
      server.clock.advance(8 * hour);
      expect((await client.get('/api/cases')).status).toBe(200);
    }
    // 24 hours after login, 8 after the last request: still open. Twelve idle hours later: closed.
    server.clock.advance(12 * hour + 60_000);
    expect((await client.get('/api/cases')).status).toBe(401);
  });

  it('When requests come less than a minute apart, Then the session row is written at most once a minute, and the session still lives twelve hours from its last minute of use', async () => {
    const user = await buildUser(server.app.ctx, { role: 'ombudsman' });
    const client = await server.loginAs(user.email);
    const minute = 60 * 1000;
    const hour = 60 * minute;
    const expiresAt = async () =>
      (await server.app.ctx.db.one<{ at: Date }>('SELECT expires_at AS at FROM sessions WHERE user_id = $1', [user.id])).at.getTime();
    // Twelve hours less a second after login: due, so this request writes; thirty seconds on, nothing to write.
    server.clock.advance(12 * hour - 1000);
    expect((await client.get('/api/cases')).status).toBe(200);
    const touched = await expiresAt();
    expect(touched).toBe(server.clock.now().getTime() + 12 * hour);
    server.clock.advance(minute / 2);
    expect((await client.get('/api/cases')).status).toBe(200);
    expect(await expiresAt()).toBe(touched);
    // Still alive just under twelve hours after that unwritten request, as after a written one.
    server.clock.advance(12 * hour - minute);
    expect((await client.get('/api/cases')).status).toBe(200);
    expect(await expiresAt()).toBe(server.clock.now().getTime() + 12 * hour);
    // Twelve idle hours after the last request: ended.
    server.clock.advance(12 * hour);
    expect((await client.get('/api/cases')).status).toBe(401);
  });

  it('When an account is deactivated, Then its open session is refused at the next request', async () => {
    const user = await buildUser(server.app.ctx, { role: 'ombudsman' });
    const client = await server.loginAs(user.email);
    expect((await client.get('/api/cases')).status).toBe(200);
    await server.app.ctx.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    expect((await client.get('/api/cases')).status).toBe(401);
  });

  it('When a deactivated account is active again, Then the session it was refused in stays logged out: the refusal dropped its user', async () => {
    const user = await buildUser(server.app.ctx, { role: 'ombudsman' });
    const client = await server.loginAs(user.email);
    await server.app.ctx.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    expect((await client.get('/api/cases')).status).toBe(401);
    await server.app.ctx.db.query('UPDATE users SET active = true WHERE id = $1', [user.id]);
    expect((await client.get('/api/cases')).status).toBe(401);
    expect((await client.get('/api/session')).body.user).toBeNull();
  });

  it("When others keep guessing a staff member's password, Then she still logs in from her own phone at once, and each guesser waits longer and longer", async () => {
    const { email } = await buildUser(server.app.ctx, { role: 'liaison', companyId: (await buildCompany(server.app.ctx)).id });
    const guess = (client: TestClient) => client.post('/api/session', { email, password: 'wrong-guess' });
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
    expect((await owner.post('/api/session', { email, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('When any page is served, Then security headers are set', async () => {
    const client = await server.client();
    const res = await client.get('/api/session');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // The cookie is set by the answer that starts the session (a first visit), and only HTTP reads it.
    const first = await request(client.baseUrl).get('/api/session');
    expect(first.headers['set-cookie']?.[0]).toMatch(/HttpOnly/);
    expect(first.headers['set-cookie']?.[0]).toMatch(/SameSite=Lax/);
  });
});
