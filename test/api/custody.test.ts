/**
 * The identity custodian and the reprisal-risk protocol (issue #15 §2, §5): a confidential identity is
 * masked for the ombudsman too (queue, case page, live thread), a reveal needs a reason and is logged
 * once, a mechanism may make a second officer approve it; retaliation reports reach only the
 * Defensoría and are counted on the dashboard and, suppressed, on the public page.
 */
import type { Socket } from 'socket.io-client';
import { connected, eventWhere, getTestServer, type TestClient, type TestServer, emailIndex } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import { join, message } from '../dialogueFactory';
import { linkSentTo, GOOD_PASSWORD } from '../accountHelpers';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto } from '../../shared/types/intake';
import type { IdentityCustodyDto, ReprisalFileDto } from '../../shared/types/custody';
import type { MessageDto } from '../../shared/types/dialogue';
import type { CaseAuditDto, OversightSummaryDto, TransparencyDto } from '../../shared/types/oversight';
import { REVEAL_MINUTES } from '../../server/commands/identityRevealer';
import { buildPeople, type BuiltPeople } from '../factories';

const NAME = 'Custodia Perdomo Arregocés';

describe('Identity custodian and reprisal risk', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let complainant: TestClient;
  let ombudsman: TestClient;
  let caseId: string;
  // The complainant, the officer, the company's liaison and the mechanism's admin are the test's own.
  let cast: BuiltPeople;
  /** A valid complaint against the cast's company; `overrides` replace top-level fields. */
  const complaint = (overrides: Parameters<typeof buildComplaint>[1] = {}) => buildComplaint(mechanism, { companyId: cast.company.id, ...overrides });
  const sockets: Socket[] = [];

  const views = async () =>
    await server.db.query<{ context: string; user_id: string }>('SELECT context, user_id FROM identity_views WHERE case_id = $1 ORDER BY id', [caseId]);

  beforeAll(async () => {
    server = await getTestServer();
    mechanism = await loadMechanism(server);
    cast = await buildPeople(server.app.ctx, mechanism.id);
    complainant = await server.loginAs(cast.complainant.email);
    ombudsman = await server.loginAs(cast.ombudsman.email);
    caseId = (
      await fileComplaint(complainant, complaint({ identityMode: 'confidential', identity: { name: NAME, documentId: '1065111222', phone: '3150001122' } }))
    ).caseId;
    // Starting a server and filing take long only when the machine is crowded; nothing here is timed.
  }, 120_000);
  afterAll(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await server.close();
  });

  it('When the ombudsman opens the queue, the case page and the live thread of a confidential case, Then the identity is masked everywhere and nothing is logged', async () => {
    const socket = ombudsman.socket() as Socket;
    sockets.push(socket);
    await connected(socket);
    expect(await join(socket, caseId)).toMatchObject({ ok: true });
    // The push follows the commit; on a crowded machine it may take a while, so the wait is generous (a bound, not a timing).
    const heard = eventWhere<MessageDto>(socket, 'case.message', (m) => m.body === 'Me siguen rondando la casa.', 20_000);

    const queue = (await ombudsman.get('/api/cases?identityMode=confidential')).body as { cases: { id: string; complainantName: string | null }[] };
    expect(queue.cases.find((c) => c.id === caseId)).toMatchObject({ complainantName: null });
    const page = (await ombudsman.get(`/api/cases/${caseId}`)).body as CaseDetailDto;
    expect(page).toMatchObject({ identityMode: 'confidential', complainantName: null, complainant: null });
    expect(JSON.stringify(page)).not.toContain('Perdomo');
    const audit = (await ombudsman.get(`/api/oversight/cases/${caseId}/audit`)).body;
    expect(audit.case.complainantName).toBeNull();

    expect((await complainant.post(`/api/cases/${caseId}/messages`, message('Me siguen rondando la casa.', 'ombudsman_private'))).status).toBe(201);
    expect(await heard).toMatchObject({ authorRole: 'complainant', authorName: null });
    const thread = (await ombudsman.get(`/api/cases/${caseId}/dialogue`)).body;
    expect(JSON.stringify(thread)).not.toContain('Perdomo');
    // The complainant still sees their own name.
    expect(((await complainant.get(`/api/cases/${caseId}`)).body as CaseDetailDto).complainantName).toBe(NAME);
    expect(await views()).toEqual([]);
  });

  it('When the ombudsman asks to see the identity without a reason, Then it is refused naming the field and nothing is revealed or logged', async () => {
    for (const body of [{}, { reason: '   ' }]) {
      const res = await ombudsman.post(`/api/cases/${caseId}/identity-reveals`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ field: 'reason', message: 'Este campo es obligatorio.' }]);
    }
    expect((await ombudsman.get(`/api/cases/${caseId}`)).body.complainantName).toBeNull();
    expect(await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM identity_reveals WHERE case_id = $1', [caseId])).toEqual({ n: 0 });
    expect(await views()).toEqual([]);
  });

  it('When the ombudsman reveals it with a reason, Then it shows for the window, one reveal is one log entry however often the page renders, and then it is masked again', async () => {
    const res = await ombudsman.post(`/api/cases/${caseId}/identity-reveals`, { reason: 'Llamarla para fijar la reunión de mediación.' });
    expect(res.status).toBe(201);
    const custody = res.body as IdentityCustodyDto;
    expect(custody).toMatchObject({ protected: true, requiresApproval: false, identity: { name: NAME, documentId: '1065111222', phone: '3150001122' } });
    expect(custody.requests).toEqual([
      expect.objectContaining({ status: 'granted', reason: 'Llamarla para fijar la reunión de mediación.', mine: true, canDecide: false }),
    ]);
    for (let i = 0; i < 3; i += 1) expect((await ombudsman.get(`/api/cases/${caseId}`)).body.complainantName).toBe(NAME);
    // Lists never decrypt, even during a reveal.
    const queue = (await ombudsman.get('/api/cases?identityMode=confidential')).body as { cases: { id: string; complainantName: string | null }[] };
    expect(queue.cases.find((c) => c.id === caseId)!.complainantName).toBeNull();
    expect((await views()).map((v) => v.context)).toEqual(['reveal']);
    // The ombudsman's audit page shows the look with the reason given for it.
    const audit = (await ombudsman.get(`/api/oversight/cases/${caseId}/audit`)).body as CaseAuditDto;
    expect(audit.identityViews).toEqual([
      expect.objectContaining({
        purpose: 'reveal',
        viewerName: cast.ombudsman.displayName,
        reason: 'Llamarla para fijar la reunión de mediación.',
        approvedBy: null,
      }),
    ]);

    server.clock.advance(REVEAL_MINUTES * 60_000 + 1000);
    expect((await ombudsman.get(`/api/cases/${caseId}`)).body.complainantName).toBeNull();
    expect(((await ombudsman.get(`/api/cases/${caseId}/identity-custody`)).body as IdentityCustodyDto).identity).toBeNull();
    expect(await views()).toHaveLength(1);
  });

  it('When the mechanism requires a custodian, Then the reveal waits until a second officer approves, and the requester cannot approve their own', async () => {
    const admin = await server.loginAs(cast.admin.email);
    const setting = `/api/admin/mechanisms/${mechanism.id}/identity-custody`;
    // Only an admin of the mechanism changes it; everyone else finds nothing there.
    expect((await (await server.client()).put(setting, { requireApproval: true })).status).toBe(401);
    expect((await ombudsman.put(setting, { requireApproval: true })).status).toBe(404);
    expect((await admin.put(setting, { requireApproval: 'sí' })).status).toBe(400);
    expect((await admin.put(setting, { requireApproval: true })).status).toBe(200);
    expect(await server.db.one(`SELECT count(*)::int AS n FROM admin_changes WHERE action = 'mechanisms.identity_custody'`)).toEqual({ n: 1 });

    // A second officer of the Defensoría, invited and enrolled as any account is.
    const email = 'custodio.segundo@defensoria.gov.co';
    expect(
      (await admin.post(`/api/admin/mechanisms/${mechanism.id}/invitations`, { email, displayName: 'Custodio Segundo', role: 'ombudsman', language: 'es' }))
        .status,
    ).toBe(201);
    const { token } = await linkSentTo(server.db, email);
    const second = await server.client();
    expect((await second.post(`/api/invitations/${token}/accept`, { displayName: 'Custodio Segundo', password: GOOD_PASSWORD })).status).toBe(204);
    expect((await second.post('/api/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    await second.refreshSession();

    const before = (await views()).length;
    const asked = await ombudsman.post(`/api/cases/${caseId}/identity-reveals`, { reason: 'Verificar que no sea familiar de un empleado de la empresa.' });
    expect(asked.status).toBe(201);
    const pending = (asked.body as IdentityCustodyDto).requests.find((r) => r.status === 'pending')!;
    expect(asked.body).toMatchObject({ requiresApproval: true, identity: null });
    expect(pending).toMatchObject({ mine: true, canDecide: false });
    expect((await ombudsman.get(`/api/cases/${caseId}`)).body.complainantName).toBeNull();
    expect((await ombudsman.post(`/api/cases/${caseId}/identity-reveals`, { reason: 'Otra vez' })).status).toBe(409);

    const own = await ombudsman.post(`/api/cases/${caseId}/identity-reveals/${pending.id}/decision`, { decision: 'approve' });
    expect(own.status).toBe(409);
    expect(own.body.error).toMatchObject({ code: 'reveal_own_request', message: expect.stringContaining('otro funcionario') });
    expect((await ombudsman.get(`/api/cases/${caseId}`)).body.complainantName).toBeNull();
    expect(await views()).toHaveLength(before);
    // Nobody outside the Defensoría may decide, or even see the request.
    const liaison = await server.loginAs(cast.liaison.email);
    expect((await liaison.post(`/api/cases/${caseId}/identity-reveals/${pending.id}/decision`, { decision: 'approve' })).status).toBe(404);
    expect((await complainant.post(`/api/cases/${caseId}/identity-reveals/${pending.id}/decision`, { decision: 'approve' })).status).toBe(404);

    const theirs = (await second.get(`/api/cases/${caseId}/identity-custody`)).body as IdentityCustodyDto;
    expect(theirs.requests.find((r) => r.id === pending.id)).toMatchObject({
      mine: false,
      canDecide: true,
      reason: 'Verificar que no sea familiar de un empleado de la empresa.',
    });
    expect(
      await server.db.one(
        `SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email_index = $1 AND n.kind = 'identity.reveal_requested'`,
        [emailIndex(email)],
      ),
    ).toEqual({ n: 1 });
    const approved = await second.post(`/api/cases/${caseId}/identity-reveals/${pending.id}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    // The approver does not see it: the reveal is the requester's.
    expect((approved.body as IdentityCustodyDto).identity).toBeNull();
    expect((await ombudsman.get(`/api/cases/${caseId}`)).body.complainantName).toBe(NAME);
    const logged = await views();
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)!.context).toBe('reveal');
    const audit = (await second.get(`/api/oversight/cases/${caseId}/audit`)).body as CaseAuditDto;
    expect(audit.identityViews.at(-1)).toMatchObject({
      purpose: 'reveal',
      viewerName: cast.ombudsman.displayName,
      reason: 'Verificar que no sea familiar de un empleado de la empresa.',
      approvedBy: 'Custodio Segundo',
    });
    expect((await second.post(`/api/cases/${caseId}/identity-reveals/${pending.id}/decision`, { decision: 'refuse' })).status).toBe(409);
    expect((await admin.put(setting, { requireApproval: false })).status).toBe(200);
  });

  it("When an officer records a verbal petition in field mode with the reprisal risk, Then that is the case's first assessment, made at intake", async () => {
    const body = complaint({
      identityMode: 'confidential',
      identity: { name: 'Ramiro Campo Oñate', phone: '3101239876' },
      onBehalf: { personConsented: true, how: 'verbal' },
      fieldInterview: { receivedAt: server.clock.now().toISOString(), declaredFiles: 0, reprisalRisk: 'high' },
    });
    const wrong = await ombudsman.post('/api/complaints', { ...body, fieldInterview: { ...body.fieldInterview, reprisalRisk: 'grave' } });
    expect(wrong.body.error.fields).toEqual([{ field: 'fieldInterview.reprisalRisk', message: 'El valor no es válido.' }]);
    const filed = await fileComplaint(ombudsman, body);
    const file = (await ombudsman.get(`/api/cases/${filed.caseId}/reprisal`)).body as ReprisalFileDto;
    expect(file.assessments).toEqual([expect.objectContaining({ level: 'high', stage: 'received', assessedBy: cast.ombudsman.displayName })]);
  });

  it('When the custody routes are called without login or by the company or the complainant, Then they answer 401 or the 404 of a missing case', async () => {
    const liaison = await server.loginAs(cast.liaison.email);
    const anonymous = await server.client();
    for (const [path, body] of [
      [`/api/cases/${caseId}/identity-custody`, undefined],
      [`/api/cases/${caseId}/identity-reveals`, { reason: 'curiosidad' }],
      [`/api/cases/${caseId}/reprisal`, undefined],
      [`/api/cases/${caseId}/reprisal-risk`, { level: 'high' }],
      [`/api/cases/${caseId}/protective-measures`, { measure: 'Ruta de protección', consent: true, consentHow: 'verbal' }],
    ] as const) {
      const call = (c: TestClient) => (body === undefined ? c.get(path) : c.post(path, body));
      expect({ path, status: (await call(anonymous)).status }).toEqual({ path, status: 401 });
      expect({ path, status: (await call(liaison)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await call(complainant)).status }).toEqual({ path, status: 404 });
    }
    expect((await liaison.post(`/api/cases/${caseId}/reprisal-reports`, { account: 'x' })).status).toBe(404);
    expect((await anonymous.post(`/api/cases/${caseId}/reprisal-reports`, { account: 'x' })).status).toBe(401);
  });

  it('When the risk is assessed at two stages, retaliation is reported and a measure is recorded, Then only the Defensoría hears, the history is kept and consent is required', async () => {
    const liaison = await server.loginAs(cast.liaison.email);
    expect((await ombudsman.post(`/api/cases/${caseId}/reprisal-risk`, { level: 'medium', note: 'Vive cerca del tajo.' })).status).toBe(201);
    expect((await liaison.post(`/api/cases/${caseId}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    expect((await ombudsman.post(`/api/cases/${caseId}/reprisal-risk`, { level: 'extreme' })).body.error.fields).toEqual([
      { field: 'level', message: 'El valor no es válido.' },
    ]);
    expect((await ombudsman.post(`/api/cases/${caseId}/reprisal-risk`, { level: 'high' })).status).toBe(201);

    const liaisonNotices = async () => (await liaison.get('/api/notifications')).body.notifications.length as number;
    const liaisonBefore = await liaisonNotices();
    const empty = await complainant.post(`/api/cases/${caseId}/reprisal-reports`, { account: '' });
    expect(empty.body.error.fields).toEqual([{ field: 'account', message: 'Este campo es obligatorio.' }]);
    const reported = await complainant.post(`/api/cases/${caseId}/reprisal-reports`, {
      account: 'Un capataz me dijo que dejara de quejarme o perdía el puesto.',
    });
    expect(reported.status).toBe(201);
    expect(Object.keys(reported.body)).toEqual(['receivedAt']);
    const stored = await server.db.one<{ account_ciphertext: string }>('SELECT account_ciphertext FROM reprisal_reports WHERE case_id = $1', [caseId]);
    expect(stored.account_ciphertext).not.toContain('capataz');

    const noConsent = await ombudsman.post(`/api/cases/${caseId}/protective-measures`, {
      measure: 'Acompañamiento a las reuniones',
      consent: false,
      consentHow: 'verbal',
    });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.fields).toEqual([{ field: 'consent', message: 'Debe aceptar para poder continuar.' }]);
    const measured = await ombudsman.post(`/api/cases/${caseId}/protective-measures`, {
      measure: 'Acompañamiento a las reuniones',
      consent: true,
      consentHow: 'verbal',
    });
    expect(measured.status).toBe(201);

    const file = measured.body as ReprisalFileDto;
    expect(file.assessments.map((a) => [a.level, a.stage])).toEqual([
      ['high', 'acknowledged'],
      ['medium', 'received'],
    ]);
    expect(file.reports).toEqual([
      expect.objectContaining({ account: 'Un capataz me dijo que dejara de quejarme o perdía el puesto.', reportedByRole: 'complainant' }),
    ]);
    expect(file.measures).toEqual([expect.objectContaining({ measure: 'Acompañamiento a las reuniones', consentHow: 'verbal' })]);

    // Only the Defensoría hears: the officer is told, the company neither told nor shown anything.
    const officerNotices = (await ombudsman.get('/api/notifications')).body.notifications as { kind: string; caseId: string }[];
    expect(officerNotices.some((n) => n.kind === 'reprisal.reported' && n.caseId === caseId)).toBe(true);
    expect(await liaisonNotices()).toBe(liaisonBefore);
    const companyPage = await liaison.get(`/api/cases/${caseId}`);
    expect(companyPage.status).toBe(200);
    expect(JSON.stringify(companyPage.body)).not.toMatch(/capataz|reprisal|represali/i);
    expect(JSON.stringify((await liaison.get(`/api/cases/${caseId}/dialogue`)).body)).not.toMatch(/capataz/);

    // Counted on the dashboard; on the public page one report is shown only as "<5".
    const summary = (await ombudsman.get('/api/oversight/summary')).body as OversightSummaryDto;
    expect(summary.reprisalReports).toBe(1);
    expect(((await (await server.client()).get('/api/transparency')).body as TransparencyDto).reprisalReports).toBe('<5');
    for (let i = 0; i < 4; i += 1) expect((await complainant.post(`/api/cases/${caseId}/reprisal-reports`, { account: `Otra amenaza ${i}` })).status).toBe(201);
    expect(((await (await server.client()).get('/api/transparency')).body as TransparencyDto).reprisalReports).toBe(5);
  });

  it('When a complainant following an anonymous case with the receipt key reports retaliation, Then only the Defensoría hears, and another case cannot be reported on', async () => {
    const filed = await fileComplaint(await server.client(), complaint({ identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const tracker = await server.client();
    expect((await tracker.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey })).status).toBe(200);
    const liaison = await server.loginAs(cast.liaison.email);
    const liaisonBefore = (await liaison.get('/api/notifications')).body.notifications.length as number;

    expect((await tracker.post(`/api/cases/${filed.caseId}/reprisal-reports`, { account: '   ' })).body.error.fields).toEqual([
      { field: 'account', message: 'Este campo es obligatorio.' },
    ]);
    const reported = await tracker.post(`/api/cases/${filed.caseId}/reprisal-reports`, { account: 'Pasaron por mi casa preguntando quién puso la queja.' });
    expect(reported.status).toBe(201);
    // The receipt key opens this case only.
    expect((await tracker.post(`/api/cases/${caseId}/reprisal-reports`, { account: 'x' })).status).toBe(404);

    const file = (await ombudsman.get(`/api/cases/${filed.caseId}/reprisal`)).body as ReprisalFileDto;
    expect(file.reports).toEqual([expect.objectContaining({ account: 'Pasaron por mi casa preguntando quién puso la queja.', reportedByRole: 'anonymous' })]);
    const officerNotices = (await ombudsman.get('/api/notifications')).body.notifications as { kind: string; caseId: string }[];
    expect(officerNotices.some((n) => n.kind === 'reprisal.reported' && n.caseId === filed.caseId)).toBe(true);
    expect((await liaison.get('/api/notifications')).body.notifications.length).toBe(liaisonBefore);
    expect(JSON.stringify((await liaison.get(`/api/cases/${filed.caseId}`)).body)).not.toMatch(/Pasaron|reprisal|represali/i);
  });
});
