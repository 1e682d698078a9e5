import { connected, getTestServer, nextEvent, type TestClient, type TestServer } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import { buildPeople, type BuiltPeople } from '../factories';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto } from '../../shared/types/intake';
import { expectDocumentedAnswer } from '../responseShapes';

const MISSING = '00000000-0000-4000-8000-000000000000';
const REFERRAL = { to: 'Inspección de Trabajo de Valledupar', note: 'Lleve su cédula y la carta de despido.' };

describe('The case lifecycle', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  // Companies and people of the test's own in the demo mechanism, logged in once.
  let cast: BuiltPeople;
  let users: Record<'ombudsman' | 'liaison' | 'otherLiaison' | 'complainant' | 'facilitator' | 'admin', TestClient>;
  beforeAll(async () => {
    server = await getTestServer({ config: { filingsPerHourPerIp: 1000 } });
    mechanism = await loadMechanism(server);
    cast = await buildPeople(server.app.ctx, mechanism.id);
    users = {
      ombudsman: await server.loginAs(cast.ombudsman.email),
      liaison: await server.loginAs(cast.liaison.email),
      otherLiaison: await server.loginAs(cast.otherLiaison.email),
      complainant: await server.loginAs(cast.complainant.email),
      facilitator: await server.loginAs(cast.facilitator.email),
      admin: await server.loginAs(cast.admin.email),
    };
  });
  /** A valid complaint against the cast's company; `overrides` replace top-level fields. */
  const complaint = (overrides: Parameters<typeof buildComplaint>[1] = {}) => buildComplaint(mechanism, { companyId: cast.company.id, ...overrides });
  afterAll(async () => {
    await server.close();
  });

  /** A fresh case of the cast's company filed by its complainant. */
  const newCase = async () => (await fileComplaint(users.complainant, complaint())).caseId;
  /** A transition; every answer, refusals included, must be the documented one. */
  const move = async (client: TestClient, id: string, body: object) => {
    const res = await client.post(`/api/cases/${id}/transitions`, body);
    expectDocumentedAnswer('post', '/api/cases/{id}/transitions', res);
    return res;
  };
  const status = async (id: string) => (await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [id])).status;

  it('When each role tries each move on a new case, Then only the lifecycle owners succeed and the rest get 409 or 404', async () => {
    const id = await newCase();
    // Refused moves leave the case as it was.
    expect((await move(users.complainant, id, { action: 'acknowledge' })).status).toBe(409);
    expect((await move(users.liaison, id, { action: 'admit' })).status).toBe(409);
    expect((await move(users.liaison, id, { action: 'withdraw' })).status).toBe(409);
    expect((await move(users.liaison, id, { action: 'not_admit', reason: 'x', referral: REFERRAL })).status).toBe(409);
    expect((await move(users.otherLiaison, id, { action: 'acknowledge' })).status).toBe(404);
    expect((await move(users.facilitator, id, { action: 'withdraw' })).status).toBe(404);
    expect((await move(users.admin, id, { action: 'acknowledge' })).status).toBe(404);
    expect((await move(users.ombudsman, id, { action: 'admit' })).status).toBe(409);
    expect(await status(id)).toBe('received');

    const acknowledged = await move(users.liaison, id, { action: 'acknowledge' });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('acknowledged');
    const admitted = await move(users.ombudsman, id, { action: 'admit' });
    expect(admitted.status).toBe(200);
    expect(admitted.body.status).toBe('in_dialogue');
    expect(admitted.body.history.map((h: { kind: string }) => h.kind)).toEqual(['cases.filed', 'cases.acknowledge', 'cases.admit']);
    expect(admitted.body.history.map((h: { actorLabel: string }) => h.actorLabel)).toEqual(['Peticionario', 'Enlace de empresa', 'Defensoría del Pueblo']);
  });

  it('When the ombudsman acknowledges and then does not admit, Then a reason and a referral are required and shown in the history', async () => {
    const id = await newCase();
    expect((await move(users.ombudsman, id, { action: 'acknowledge' })).status).toBe(200);
    const bare = await move(users.ombudsman, id, { action: 'not_admit' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['reason', 'referral.to']);
    const detail = (await users.ombudsman.get(`/api/cases/${id}`)).body as CaseDetailDto;
    expect(detail.actionRequirements.not_admit).toEqual({ reason: true, referral: true });
    const done = await move(users.ombudsman, id, { action: 'not_admit', reason: 'Es un conflicto laboral individual.', referral: REFERRAL });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('not_admitted');
    expect(done.body.history.at(-1)).toMatchObject({ kind: 'cases.not_admit', reason: 'Es un conflicto laboral individual.', referral: REFERRAL });
    const mine = (await users.complainant.get(`/api/cases/${id}`)).body as CaseDetailDto;
    expect(mine.allowedActions).toEqual([]);
    const again = await move(users.complainant, id, { action: 'withdraw' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Esta acción no es posible ahora: el caso está en estado «No admitida».');
  });

  it('When the ombudsman closes a case without agreement, Then it needs a referral to other remedies', async () => {
    const id = await newCase();
    await move(users.liaison, id, { action: 'acknowledge' });
    await move(users.ombudsman, id, { action: 'admit' });
    expect((await move(users.ombudsman, id, { action: 'close_unresolved', reason: 'Sin acuerdo.' })).status).toBe(400);
    const closed = await move(users.ombudsman, id, { action: 'close_unresolved', reason: 'Sin acuerdo.', referral: { to: 'Procuraduría Ambiental' } });
    expect(closed.body.status).toBe('closed_unresolved');
    expect(closed.body.history.at(-1).referral).toEqual({ to: 'Procuraduría Ambiental' });
  });

  it('When the complainant, the facilitator who filed or the receipt-key holder withdraws, Then the case is withdrawn', async () => {
    const own = await newCase();
    expect((await move(users.complainant, own, { action: 'withdraw' })).body.status).toBe('withdrawn');

    const filedByFacilitator = (
      await fileComplaint(users.facilitator, complaint({ contactPreference: 'facilitator', onBehalf: { personConsented: true, how: 'written' } }))
    ).caseId;
    expect((await move(users.complainant, filedByFacilitator, { action: 'withdraw' })).status).toBe(404);
    const withdrawn = await move(users.facilitator, filedByFacilitator, { action: 'withdraw' });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.history.at(-1).onBehalf).toBe(true);

    const anonymous = await fileComplaint(await server.client(), complaint({ identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const phone = await server.client();
    expect((await phone.post('/api/track', { reference: anonymous.reference, receiptKey: anonymous.receiptKey })).body.allowedActions).toEqual(['withdraw']);
    const byKey = await move(phone, anonymous.caseId, { action: 'withdraw' });
    expect(byKey.status).toBe(200);
    expect(byKey.body.history.at(-1)).toMatchObject({ kind: 'cases.withdraw', actorRole: 'anonymous', actorLabel: 'Persona anónima' });
    const event = await server.db.one<{ actor_user_id: string | null; data: { via: string } }>(
      `SELECT actor_user_id, data FROM case_events WHERE case_id = $1 AND kind = 'cases.withdraw'`,
      [anonymous.caseId],
    );
    expect(event).toEqual({ actor_user_id: null, data: { via: 'receipt_key' } });
  });

  it('When a case names no company, Then the ombudsman routes it and the company sees it arrive live', async () => {
    const filed = await fileComplaint(await server.client(), complaint({ companyId: null }));
    expect((await users.liaison.get(`/api/cases/${filed.caseId}`)).status).toBe(404);
    const detail = (await users.ombudsman.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(detail.company).toBeNull();
    expect(detail.allowedOperations).toEqual(['route', 'attach']);

    const socket = users.otherLiaison.socket();
    await connected(socket);
    try {
      const arrived = nextEvent<{ caseId: string }>(socket, 'cases.changed');
      expect((await users.otherLiaison.post(`/api/cases/${filed.caseId}/route`, { companyId: cast.otherCompany.id })).status).toBe(404);
      expect((await users.ombudsman.post(`/api/cases/${filed.caseId}/route`, { companyId: MISSING })).status).toBe(400);
      const routed = await users.ombudsman.post(`/api/cases/${filed.caseId}/route`, {
        companyId: cast.otherCompany.id,
        reason: 'El tajo de la denuncia es de Minera Valle del Cesar.',
      });
      expect(routed.status).toBe(200);
      expect(routed.body.company.name).toBe(cast.otherCompany.name);
      expect(routed.body.history.at(-1).kind).toBe('cases.routed');
      expect((await arrived).caseId).toBe(filed.caseId);
    } finally {
      socket.close();
    }
    expect((await users.otherLiaison.get(`/api/cases/${filed.caseId}`)).status).toBe(200);
    expect((await move(users.otherLiaison, filed.caseId, { action: 'acknowledge' })).status).toBe(200);

    await move(users.ombudsman, filed.caseId, { action: 'close_unresolved', reason: 'Cerrado.', referral: { to: 'Corpocesar' } });
    const late = await users.ombudsman.post(`/api/cases/${filed.caseId}/route`, { companyId: cast.company.id });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('case_closed');
  });

  describe('every case route', () => {
    const routes = (id: string) => [
      { method: 'get' as const, path: `/api/cases/${id}` },
      { method: 'post' as const, path: `/api/cases/${id}/transitions`, body: { action: 'acknowledge' } },
      { method: 'post' as const, path: `/api/cases/${id}/route`, body: { companyId: MISSING } },
      { method: 'post' as const, path: `/api/cases/${id}/release-red-flag`, body: { reason: 'Liberar' } },
      { method: 'post' as const, path: `/api/cases/${id}/attachments` },
    ];
    const call = (client: TestClient, r: { method: 'get' | 'post'; path: string; body?: object }) =>
      r.method === 'get' ? client.get(r.path) : client.post(r.path, r.body);

    it('When nobody is logged in, Then every case route answers 401', async () => {
      const id = await newCase();
      const nobody = await server.client();
      for (const r of routes(id)) expect([r.path, (await call(nobody, r)).status]).toEqual([r.path, 401]);
    });

    it('When another company liaison calls any case route, Then the answer is the same 404 as for a missing case', async () => {
      const id = await newCase();
      const missing = routes(MISSING);
      for (const [i, r] of routes(id).entries()) {
        const forbidden = await call(users.otherLiaison, r);
        const absent = await call(users.otherLiaison, missing[i]!);
        expect([r.path, forbidden.status]).toEqual([r.path, 404]);
        expect(forbidden.body).toEqual(absent.body);
      }
      expect(await status(id)).toBe('received');
    });
  });
});
