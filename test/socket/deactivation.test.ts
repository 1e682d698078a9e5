import { connected, DEMO, getTestServer, nextEvent, type TestServer } from '../support';
import { buildPeople, type BuiltPeople } from '../factories';
import { DEMO_PASSWORD } from '../../server/db/demoData';

describe('Deactivating an account', () => {
  let server: TestServer;
  // The liaison and the officer deactivated and granted here are the test's own; the demo admin manages them.
  let cast: BuiltPeople;
  beforeAll(async () => {
    server = await getTestServer();
    cast = await buildPeople(server.app.ctx);
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the admin deactivates a liaison with an open socket, Then the socket is told and closed within a second, and every session ends', async () => {
    const liaison = await server.loginAs(cast.liaison.email);
    const otherDevice = await server.loginAs(cast.liaison.email);
    const socket = liaison.socket();
    try {
      await connected(socket);
      const admin = await server.loginAs(DEMO.admin);
      const person = cast.liaison;
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
      expect((await again.post('/api/session', { email: cast.liaison.email, password: DEMO_PASSWORD })).status).toBe(401);
      const retry = liaison.socket();
      await expect(connected(retry)).rejects.toThrow(/unauthenticated/);
      retry.close();

      const back = await admin.send('patch', `/api/admin/mechanisms/${person.mechanismId}/users/${person.id}`, { active: true });
      expect(back.body.status).toBe('active');
      expect((await (await server.loginAs(cast.liaison.email)).get('/api/cases')).status).toBe(200);
    } finally {
      socket.close();
    }
  });

  it('When an ombudsman officer is given a second mechanism, Then their socket is closed so the reconnect joins its rooms', async () => {
    const officer = await server.loginAs(cast.ombudsman.email);
    const socket = officer.socket();
    try {
      await connected(socket);
      const admin = await server.loginAs(DEMO.admin);
      const created = await admin.post('/api/admin/mechanisms', { slug: 'la-guajira', name: 'La Guajira', region: 'La Guajira', referencePrefix: 'GUA' });
      expect(created.status).toBe(201);
      const person = cast.ombudsman;
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
