import { DEMO, getTestServer, type TestServer } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';

describe('Following a case with its receipt key', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  beforeAll(async () => {
    server = await getTestServer({ config: { filingsPerHourPerIp: 3 } });
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the right key is given, Then the case opens and stays open in that session; wrong key and unknown reference look alike', async () => {
    const filed = await fileComplaint(await server.client(), buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const phone = await server.client('en');
    expect((await phone.get(`/api/track/${filed.reference}`)).status).toBe(404);
    const wrongKey = await phone.post('/api/track', { reference: filed.reference, receiptKey: 'AAAA-BBBB-CCCC-DDDD' });
    const unknown = await phone.post('/api/track', { reference: 'CES-2026-999999', receiptKey: filed.receiptKey });
    expect(wrongKey.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongKey.body).toEqual(unknown.body);

    const opened = await phone.post('/api/track', { reference: filed.reference, receiptKey: ` ${filed.receiptKey!.replace(/-/g, ' - ')} ` });
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('received');
    expect(opened.body.whatHappened).toContain('polvo de carbón');
    const again = await phone.get(`/api/track/${filed.reference}`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(filed.caseId);
    // The session tracks only that case.
    expect((await phone.get('/api/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('When a reference is tried too often, Then further tries are refused with 429 even with the right key', async () => {
    server.clock.advance(16 * 60 * 1000); // a fresh window after the previous test's tries
    const filed = await fileComplaint(await server.client(), buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const attackers = [await server.client(), await server.client()];
    for (let i = 0; i < 10; i += 1) {
      const res = await attackers[i % 2]!.post('/api/track', { reference: filed.reference, receiptKey: `WRONG-${i}` });
      expect(res.status).toBe(404);
    }
    const blocked = await attackers[0]!.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    server.clock.advance(16 * 60 * 1000);
    expect((await attackers[0]!.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey })).status).toBe(200);
  });

  it('When one address files more than the hourly allowance, Then it gets 429 until the hour passes', async () => {
    server.clock.advance(61 * 60 * 1000);
    const visitor = await server.client();
    for (let i = 0; i < 3; i += 1) await fileComplaint(visitor, buildComplaint(mechanism));
    const blocked = await visitor.post('/api/complaints', buildComplaint(mechanism));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/Espere \d+ minutos/);
    server.clock.advance(61 * 60 * 1000);
    await fileComplaint(await server.loginAs(DEMO.complainant), buildComplaint(mechanism));
  });
});
