/**
 * A complainant who signed up with a phone number and forgot the password cannot be sent a link (no SMS
 * gateway): an admin of the mechanism hands one over in person. The link works like an e-mailed one.
 */
import type { RecoveryLinkDto } from '../../shared/types/admin';
import { DEMO, getTestServer, type TestServer } from '../support';
import { GOOD_PASSWORD } from '../accountHelpers';
import { createGuajira } from '../secondMechanism';

describe('Account recovery for people without e-mail', () => {
  let server: TestServer;
  let cesarId: string;
  const path = () => `/api/admin/mechanisms/${cesarId}/recovery-links`;
  beforeAll(async () => {
    server = await getTestServer();
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    const signedUp = await (await server.client()).post('/api/accounts', { displayName: 'Edilma Arias', phone: '300 555 0177', password: GOOD_PASSWORD });
    expect(signedUp.status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
  });

  it('When an admin asks for a link with the phone number the person logs in with, Then the link sets a new password once, ends their sessions, and the old password stops working', async () => {
    const elsewhere = await server.client();
    expect((await elsewhere.post('/api/session', { email: '3005550177', password: GOOD_PASSWORD })).status).toBe(200);

    const admin = await server.loginAs(DEMO.admin);
    const res = await admin.post(path(), { phone: '+57 300 555 0177' });
    expect(res.status).toBe(201);
    const issued: RecoveryLinkDto = res.body;
    expect(issued.displayName).toBe('Edilma Arias');
    expect(issued.link).toMatch(new RegExp(`^${server.app.ctx.config.publicUrl}/restablecer/[A-Za-z0-9_-]{43}$`));
    expect(new Date(issued.expiresAt).getTime() - server.clock.now().getTime()).toBe(60 * 60 * 1000);

    const token = issued.link.split('/').pop()!;
    const person = await server.client();
    const newPassword = 'la ceiba del patio da sombra';
    expect((await person.post(`/api/password-reset/${token}`, { password: newPassword })).status).toBe(204);
    expect((await person.post(`/api/password-reset/${token}`, { password: 'otra frase bastante larga' })).status).toBe(410);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await person.post('/api/session', { email: '3005550177', password: GOOD_PASSWORD })).status).toBe(401);
    expect((await person.post('/api/session', { email: '3005550177', password: newPassword })).status).toBe(200);
  });

  it('When the number is not a number, or no complainant of this mechanism logs in with it, Then the admin is told which, in their language, and no link exists', async () => {
    // The demo admin's account is in Spanish: messages follow the account's language.
    const admin = await server.loginAs(DEMO.admin);
    const before = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM password_resets')).n;

    const bad = await admin.post(path(), { phone: 'no sé' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ field: 'phone', message: 'Escriba un número de teléfono válido, como 300 123 4567.' }]);
    expect((await admin.post(path(), {})).body.error.fields).toEqual([{ field: 'phone', message: expect.any(String) }]);

    const unknown = await admin.post(path(), { phone: '300 555 0000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: 'recovery_account_not_found',
      message: 'No hay una cuenta de peticionario con ese número de celular en este mecanismo.',
    });
    // A field the form does not have is refused, not ignored.
    expect((await admin.post(path(), { phone: '300 555 0177', role: 'admin' })).status).toBe(400);

    expect((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM password_resets')).n).toBe(before);
  });

  it('When anyone but an admin of the mechanism asks, Then the route does not exist for them', async () => {
    expect((await (await server.client()).post(path(), { phone: '3005550177' })).status).toBe(401);
    for (const who of [DEMO.ombudsman, DEMO.liaisonPerija, DEMO.complainant]) {
      const res = await (await server.loginAs(who)).post(path(), { phone: '3005550177' });
      expect({ who, status: res.status }).toEqual({ who, status: 404 });
    }
    // An admin's own mechanism only: the same number under another mechanism finds nobody.
    const admin = await server.loginAs(DEMO.admin);
    const other = await createGuajira(admin);
    const elsewhere = await admin.post(`/api/admin/mechanisms/${other}/recovery-links`, { phone: '3005550177' });
    expect(elsewhere.body.error?.code).toBe('recovery_account_not_found');
  });
});
