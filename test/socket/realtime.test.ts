import { collect, connected, DEMO, getTestServer, nextEvent, type TestServer } from '../support';
import { settle } from '../dialogueFactory';

describe('Live updates over socket.io', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a socket connects without a logged-in session, Then the handshake is refused', async () => {
    const visitor = await server.client();
    const socket = visitor.socket();
    await expect(connected(socket)).rejects.toThrow(/unauthenticated/);
    socket.close();
  });

  it('When a case changes, Then its company and the ombudsman hear it live, and another company does not', async () => {
    const perija = await server.loginAs(DEMO.liaisonPerija);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const other = await server.loginAs(DEMO.liaisonValle);
    const sockets = [perija.socket(), ombudsman.socket(), other.socket()];
    try {
      await Promise.all(sockets.map(connected));
      const [perijaSocket, ombudsmanSocket, otherSocket] = sockets;
      const overheard = collect(otherSocket!, 'cases.changed');
      const target = (await (await perija.get('/api/cases?status=received')).body).cases[0];
      const heardByCompany = nextEvent<{ caseId: string; status: string }>(perijaSocket!, 'cases.changed');
      const heardByOmbudsman = nextEvent<{ caseId: string; status: string }>(ombudsmanSocket!, 'cases.changed');
      expect((await perija.post(`/api/cases/${target.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
      expect(await heardByCompany).toEqual({ caseId: target.id, reference: target.reference, status: 'acknowledged' });
      expect((await heardByOmbudsman).caseId).toBe(target.id);
      // A stray event would have arrived before the answer to a ping sent now.
      await settle(otherSocket!);
      expect(overheard).toEqual([]);
    } finally {
      sockets.forEach((s) => s.close());
    }
  });

  it('When the user logs out, Then their open socket is told and disconnected', async () => {
    const client = await server.loginAs(DEMO.complainant);
    const socket = client.socket();
    await connected(socket);
    const ended = nextEvent<{ reason: string }>(socket, 'session.ended');
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await client.delete('/api/session');
    expect(await ended).toEqual({ reason: 'logout' });
    await disconnected;
    socket.close();
  });
});
