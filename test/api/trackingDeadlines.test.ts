import { getTestServer, type TestServer } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDeadlinesDto } from '../../shared/types/deadlines';

describe('Deadlines on the tracking page', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  beforeAll(async () => {
    server = await getTestServer();
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a session follows a case with its receipt key, Then it reads that case’s countdowns without actions, and not another case’s', async () => {
    const anonymous = () => buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' });
    const mine = await fileComplaint(await server.client(), anonymous());
    const other = await fileComplaint(await server.client(), anonymous());

    const nobody = await server.client();
    expect((await nobody.get(`/api/cases/${mine.caseId}/deadlines`)).status).toBe(401);

    const phone = await server.client();
    expect((await phone.post('/api/track', { reference: mine.reference, receiptKey: mine.receiptKey })).status).toBe(200);
    const res = await phone.get(`/api/cases/${mine.caseId}/deadlines`);
    expect(res.status).toBe(200);
    const body = res.body as CaseDeadlinesDto;
    expect(body.deadlines.filter((d) => d.state === 'open').map((d) => [d.stage, d.responsible])).toEqual([['acknowledge', 'company']]);
    expect(body.allowedActions).toEqual([]);
    expect(body.deadlines.every((d) => d.allowedActions.length === 0)).toBe(true);

    const foreign = await phone.get(`/api/cases/${other.caseId}/deadlines`);
    const missing = await phone.get('/api/cases/00000000-0000-4000-8000-000000000000/deadlines');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    // Following a case never lets the session stop its clock.
    expect((await phone.post(`/api/cases/${mine.caseId}/deadlines/pause`, { reason: 'x' })).status).toBe(401);
  });
});
