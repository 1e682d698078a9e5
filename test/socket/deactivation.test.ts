import { connected, DEMO, getTestServer, nextEvent, type TestServer, emailIndex } from '../support';

describe('Deactivating an account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function personId(email: string): Promise<{ id: string; mechanismId: string }> {
    return server.db.one('SELECT id, mechanism_id AS "mechanismId" FROM users WHERE email_index = $1', [emailIndex(email)]);
  }

  it('When the admin deactivates a liaison with an open socket, Then the socket is told and closed within a second, and every session ends', async () => {
    const liaison = await server.loginAs(DEMO.liaisonValle);
    const otherDevice = await server.loginAs(DEMO.liaisonValle);
    const socket = liaison.socket();
    try {
      await connected(socket);
      const admin = await server.loginAs(DEMO.admin);
      const person = await personId(DEMO.liaisonValle);
      const ended = nextEvent<{ reason: string }>(socket, 'session.ended', 1000);
      const disconnected = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));
      const started = Date.now();
      const res = await admin.send('patch', `/api/admin/mechanisms/${person.mechanismId}/users/${person.id}`, { active: false });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('inactive');
      expect(await ended).toEqual({ reason: 'deactivated' });
      expect((await disconnected) - started).toBeLessThan(1000);

      expect((await liaison.get('/api/cases')).status).toBe(401);
      expect((await otherDevice.get('/api/cases')).status).toBe(401);
      const again = await server.client();
      expect((await again.post('/api/session', { email: DEMO.liaisonValle, password: 'Puente-Demo-2026' })).status).toBe(401);
      const retry = liaison.socket();
      await expect(connected(retry)).rejects.toThrow(/unauthenticated/);
      retry.close();

      const back = await admin.send('patch', `/api/admin/mechanisms/${person.mechanismId}/users/${person.id}`, { active: true });
      expect(back.body.status).toBe('active');
      expect((await (await server.loginAs(DEMO.liaisonValle)).get('/api/cases')).status).toBe(200);
    } finally {
      socket.close();
    }
  });

  it('When an ombudsman officer is given a second mechanism, Then their socket is closed so the reconnect joins its rooms', async () => {
    const officer = await server.loginAs(DEMO.ombudsman);
    const socket = officer.socket();
    try {
      await connected(socket);
      const admin = await server.loginAs(DEMO.admin);
      const created = await admin.post('/api/admin/mechanisms', { slug: 'la-guajira', name: 'La Guajira', region: 'La Guajira', referencePrefix: 'GUA' });
      expect(created.status).toBe(201);
      const person = await personId(DEMO.ombudsman);
      const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      const res = await admin.send('patch', `/api/admin/mechanisms/${person.mechanismId}/users/${person.id}`, { extraMechanismIds: [created.body.id] });
      expect(res.body.extraMechanismIds).toEqual([created.body.id]);
      await disconnected;
      const again = officer.socket();
      await connected(again);
      again.close();
    } finally {
      socket.close();
    }
  });
});
