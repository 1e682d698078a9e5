/**
 * Anonymous complainants take part in their case's dialogue through their receipt key: over HTTP and
 * live, as "the anonymous complainant", and nothing that could identify them reaches the company.
 */
import type { Socket } from 'socket.io-client';
import type { DialogueDto, MessageDto } from '../../shared/types/dialogue';
import type { MechanismDto } from '../../shared/types/api';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { collect, connected, DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { ABOUT, demoCaseId, join, loginAll, message, settle, socketOpener } from '../dialogueFactory';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';

describe('Anonymous complainants in the dialogue (receipt key)', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  const openSocket = socketOpener();

  beforeAll(async () => {
    server = await getTestServer();
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  /** The demo anonymous case, routed to Minera Valle del Cesar, and a session following it with the demo receipt key. */
  async function demoAnonymousCase(): Promise<{ caseId: string; tracker: TestClient }> {
    const caseId = await demoCaseId(server, ABOUT.creek);
    const row = await server.db.one<{ id: string; reference: string }>('SELECT id, reference FROM cases WHERE id = $1', [caseId]);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const valle = mechanism.companies.find((c) => c.slug === 'valle-cesar')!.id;
    const companyNow = await server.db.one<{ companyId: string | null }>('SELECT company_id AS "companyId" FROM cases WHERE id = $1', [row.id]);
    if (companyNow.companyId !== valle) expect((await ombudsman.post(`/api/cases/${row.id}/route`, { companyId: valle })).status).toBe(200);
    const tracker = await server.client();
    expect((await tracker.post('/api/track', { reference: row.reference, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(200);
    return { caseId: row.id, tracker };
  }

  it('When the demo anonymous complainant opens the case with the receipt key, Then they post and receive live, and the company hears them only as the anonymous complainant', async () => {
    const { caseId, tracker } = await demoAnonymousCase();
    const [liaison, ombudsman] = await loginAll(server, DEMO.liaisonValle, DEMO.ombudsman);
    const [tSocket, lSocket, oSocket] = [await openSocket(tracker), await openSocket(liaison), await openSocket(ombudsman)];
    for (const socket of [tSocket, lSocket, oSocket]) expect(await join(socket, caseId)).toMatchObject({ ok: true });
    const heardByTracker = collect<MessageDto>(tSocket as Socket, 'case.message');
    const heardByLiaison = collect<MessageDto>(lSocket as Socket, 'case.message');
    const heardByOmbudsman = collect<MessageDto>(oSocket as Socket, 'case.message');

    const posted = await tracker.post(`/api/cases/${caseId}/messages`, message('El arroyo sigue con la nata gris.'));
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ authorRole: 'anonymous', authorUserId: null, authorName: null });
    expect(
      (await tracker.post(`/api/cases/${caseId}/messages`, message('Solo para la Defensoría: me da miedo que sepan quién soy.', 'ombudsman_private'))).status,
    ).toBe(201);
    const internal = await tracker.post(`/api/cases/${caseId}/messages`, message('Nota interna', 'internal'));
    expect(internal.status).toBe(400);
    expect(internal.body.error.fields[0].field).toBe('visibility');
    expect((await liaison.post(`/api/cases/${caseId}/messages`, message('Vamos a tomar muestras del arroyo el lunes.'))).status).toBe(201);
    expect((await liaison.post(`/api/cases/${caseId}/messages`, message('Interno: revisar vertimientos del tajo norte.', 'internal'))).status).toBe(201);
    await settle(tSocket, lSocket, oSocket);

    expect(heardByTracker.map((m) => m.body)).toEqual([
      'El arroyo sigue con la nata gris.',
      'Solo para la Defensoría: me da miedo que sepan quién soy.',
      'Vamos a tomar muestras del arroyo el lunes.',
    ]);
    expect(heardByOmbudsman.map((m) => m.body)).toEqual(heardByTracker.map((m) => m.body));
    expect(heardByLiaison.map((m) => m.body)).toEqual([
      'El arroyo sigue con la nata gris.',
      'Vamos a tomar muestras del arroyo el lunes.',
      'Interno: revisar vertimientos del tajo norte.',
    ]);
    expect(heardByLiaison[0]).toMatchObject({ authorRole: 'anonymous', authorUserId: null, authorName: null });

    // Over HTTP too: the thread as the tracker reads it, and the catch-up cursor.
    const thread = (await tracker.get(`/api/cases/${caseId}/dialogue`)).body as DialogueDto;
    expect(thread.messages.filter((m) => m.kind === 'message').map((m) => m.body)).toEqual(heardByTracker.map((m) => m.body));
    expect(thread.allowedActions.postMessage).toEqual(['parties', 'ombudsman_private']);
    const after = await tracker.get(`/api/cases/${caseId}/messages?after=${heardByTracker[0]!.id}`);
    expect(after.body.messages.map((m: MessageDto) => m.body)).toEqual(heardByTracker.slice(1).map((m) => m.body));
    // A session has no read marks; the call is accepted and records nothing.
    expect((await tracker.post(`/api/cases/${caseId}/read`, { upTo: thread.lastMessageId })).body).toEqual({ lastReadMessageId: 0 });
    const stored = await server.db.query<{ author_user_id: string | null }>(
      `SELECT author_user_id FROM case_messages WHERE case_id = $1 AND author_role = 'anonymous'`,
      [caseId],
    );
    expect(stored.length).toBe(2);
    expect(stored.every((m) => m.author_user_id === null)).toBe(true);
  });

  it('When a tracker asks to join a case its session does not follow, Then it is refused; a visitor following no case cannot even connect', async () => {
    const { tracker } = await demoAnonymousCase();
    const trucks = await demoCaseId(server, ABOUT.trucks);
    const socket = await openSocket(tracker);
    const heard = [collect(socket as Socket, 'case.message'), collect(socket as Socket, 'case.updated')];
    expect(await join(socket, trucks)).toEqual({ ok: false });
    expect(await join(socket, '00000000-0000-4000-8000-000000000000')).toEqual({ ok: false });
    const facilitator = await server.loginAs(DEMO.facilitator);
    expect((await facilitator.post(`/api/cases/${trucks}/messages`, message('¿Y los reductores?'))).status).toBe(201);
    await settle(socket);
    expect(heard.flat()).toEqual([]);

    const visitor = await server.client();
    await expect(connected(visitor.socket() as Socket)).rejects.toThrow(/unauthenticated/);
  });

  it('When a connected tracker opens a second case with its key, Then joining it is allowed without reconnecting', async () => {
    const phone = await server.client();
    const first = await fileComplaint(phone, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const socket = await openSocket(phone);
    const { caseId: second } = await demoAnonymousCase();
    expect(await join(socket, second)).toEqual({ ok: false });
    const demoRef = (await server.db.one<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [second])).reference;
    expect((await phone.post('/api/track', { reference: demoRef, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(200);
    expect(await join(socket, second)).toMatchObject({ ok: true });
    expect(await join(socket, first.caseId)).toMatchObject({ ok: true });
  });

  it('When an anonymous filer goes through the agreement, commitments, rating and reopening, Then every step works without an account and the company never learns who they are', async () => {
    const phone = await server.client();
    const filed = await fileComplaint(phone, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const id = filed.caseId;
    const [liaison, ombudsman] = await loginAll(server, DEMO.liaisonPerija, DEMO.ombudsman);
    const lSocket = await openSocket(liaison);
    const tSocket = await openSocket(phone);
    expect(await join(lSocket, id)).toMatchObject({ ok: true });
    expect(await join(tSocket, id)).toMatchObject({ ok: true });
    const liaisonHeard = collect<MessageDto>(lSocket as Socket, 'case.message');
    const trackerUpdates = collect<{ status: string }>(tSocket as Socket, 'case.updated');

    // Generic status changes reach open pages too, the anonymous complainant's included.
    expect((await liaison.post(`/api/cases/${id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    expect((await ombudsman.post(`/api/cases/${id}/transitions`, { action: 'admit' })).status).toBe(200);
    await settle(lSocket, tSocket);
    expect(trackerUpdates.map((u) => u.status)).toEqual(['acknowledged', 'in_dialogue']);

    const proposal = (text: string) => ({
      text,
      commitments: [{ owner: 'company', description: 'Regar la vía frente a la escuela dos veces al día', dueOn: '2026-12-15' }],
    });
    const v1 = ((await liaison.post(`/api/cases/${id}/agreements`, proposal('Versión 1'))).body as DialogueDto).agreements[0]!;
    const own = (await phone.get(`/api/cases/${id}/dialogue`)).body as DialogueDto;
    expect(own.agreements[0]!.allowedActions).toEqual(['accept', 'reject']);
    expect((await phone.post(`/api/cases/${id}/agreements/${v1.id}/reject`, { reason: 'Dos veces al día no alcanza.' })).status).toBe(200);
    const v2 = ((await liaison.post(`/api/cases/${id}/agreements`, proposal('Versión 2: regar cada tres horas'))).body as DialogueDto).agreements[0]!;
    expect((await phone.post(`/api/cases/${id}/agreements/${v2.id}/accept`)).status).toBe(200);
    expect((await phone.post(`/api/cases/${id}/agreements/${v2.id}/accept`)).body.error.code).toBe('agreement_already_decided');
    expect((await liaison.post(`/api/cases/${id}/agreements/${v2.id}/accept`)).status).toBe(200);
    const commitment = v2.commitments[0]!;
    expect((await liaison.post(`/api/cases/${id}/commitments/${commitment.id}/report`, { evidence: 'Carrotanque desde el 1 de diciembre.' })).status).toBe(200);
    expect((await phone.post(`/api/cases/${id}/commitments/${commitment.id}/dispute`, { reason: 'Solo vinieron un día.' })).status).toBe(200);
    expect((await liaison.post(`/api/cases/${id}/commitments/${commitment.id}/report`, { evidence: 'Ahora vienen cada tres horas.' })).status).toBe(200);
    expect((await phone.post(`/api/cases/${id}/commitments/${commitment.id}/confirm`)).status).toBe(200);
    expect((await ombudsman.post(`/api/cases/${id}/commitments/${commitment.id}/verify`)).status).toBe(200);
    const resolved = (await phone.get(`/api/cases/${id}/dialogue`)).body as DialogueDto;
    expect(resolved.status).toBe('resolved');
    expect(resolved.allowedActions).toMatchObject({ rate: true, reopen: true });
    expect((await phone.post(`/api/cases/${id}/satisfaction`, { score: 4, comment: 'Ya no hay tanto polvo.' })).status).toBe(201);
    const reopened = await phone.post(`/api/cases/${id}/reopen`, { reason: 'Dejaron de regar otra vez.' });
    expect(reopened.status).toBe(200);
    expect((reopened.body as DialogueDto).status).toBe('in_dialogue');
    await settle(lSocket, tSocket);

    // What the company saw, live and on its page: steps by "anonymous", never an account, a name or the rating.
    const companyView = (await liaison.get(`/api/cases/${id}/dialogue`)).body as DialogueDto;
    const byComplainant = companyView.messages.filter((m) => m.authorRole === 'anonymous');
    expect(byComplainant.map((m) => m.kind)).toEqual([
      'agreement_rejected',
      'agreement_accepted',
      'commitment_disputed',
      'commitment_confirmed',
      'case_reopened',
    ]);
    expect(liaisonHeard.filter((m) => m.authorRole === 'anonymous').map((m) => m.kind)).toEqual(byComplainant.map((m) => m.kind));
    for (const entry of [...byComplainant, ...liaisonHeard]) expect(entry.authorUserId === null || entry.authorRole !== 'anonymous').toBe(true);
    expect(companyView.satisfaction).toBeNull();
    const companyText = JSON.stringify([companyView, liaisonHeard, (await liaison.get(`/api/cases/${id}`)).body]);
    expect(companyText).not.toContain('Ya no hay tanto polvo');
    expect(companyText).not.toContain(phone.cookie().split('=')[1]!.slice(0, 20));
    const events = await server.db.query<{ actor_user_id: string | null; actor_role: string }>(
      `SELECT actor_user_id, actor_role FROM case_events WHERE case_id = $1 AND actor_role = 'anonymous'`,
      [id],
    );
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actor_user_id === null)).toBe(true);
  });
});
