import type { Socket } from 'socket.io-client';
import type { MessageDto } from '../../shared/types/dialogue';
import { collect, connected, getTestServer, nextEvent, type TestClient, type TestServer } from '../support';
import { join, loginAll, message, settle, socketOpener, type AnySocket } from '../dialogueFactory';
import { buildCaseInDialogue, buildPeople, moveCase, type BuiltPeople } from '../factories';

describe('Live case threads over socket.io', () => {
  let server: TestServer;
  // The test's own companies and people, and a case in dialogue its facilitator filed against the company.
  let cast: BuiltPeople;
  let dialogueCase: string;
  const openSocket = socketOpener();
  function openSockets<const T extends readonly TestClient[]>(...clients: T): Promise<{ [K in keyof T]: AnySocket }> {
    return Promise.all(clients.map(openSocket)) as Promise<{ [K in keyof T]: AnySocket }>;
  }

  beforeAll(async () => {
    server = await getTestServer();
    cast = await buildPeople(server.app.ctx);
    dialogueCase = (await buildCaseInDialogue(server.app.ctx, { ...cast.filing, filedById: cast.facilitator.id })).id;
  });
  afterAll(async () => {
    await server.close();
  });

  it('When people who may not see a case ask to join it, Then they get the same refusal as for a missing case and hear nothing of it', async () => {
    const facilitator = await server.loginAs(cast.facilitator.email);
    const outsiders = await loginAll(server, cast.otherLiaison.email, cast.complainant.email, cast.admin.email);
    const outsiderSockets = await Promise.all(outsiders.map(openSocket));
    const heard = outsiderSockets.flatMap((s) => [collect(s as Socket, 'case.message'), collect(s as Socket, 'case.updated')]);
    for (const socket of outsiderSockets) {
      expect(await join(socket, dialogueCase)).toEqual({ ok: false });
      expect(await join(socket, '00000000-0000-4000-8000-000000000000')).toEqual({ ok: false });
      expect(await join(socket, 'not-a-uuid')).toEqual({ ok: false });
    }
    const anonymous = await server.client();
    await expect(connected(anonymous.socket() as Socket)).rejects.toThrow(/unauthenticated/);

    expect((await facilitator.post(`/api/cases/${dialogueCase}/messages`, message('¿Cuándo ponen los reductores?'))).status).toBe(201);
    expect(
      (
        await facilitator.post(`/api/cases/${dialogueCase}/meetings`, {
          scheduledAt: '2026-12-01T14:00:00-05:00',
          place: 'Caseta comunal de La Loma',
          agenda: 'Reductores de velocidad',
        })
      ).status,
    ).toBe(201);
    await settle(...outsiderSockets);
    expect(heard.flat()).toEqual([]);
  });

  it('When each side posts with each visibility, Then every socket hears exactly what its side may read', async () => {
    const [facilitator, liaison, ombudsman, otherCompany] = await loginAll(
      server,
      cast.facilitator.email,
      cast.liaison.email,
      cast.ombudsman.email,
      cast.otherLiaison.email,
    );
    const [fSocket, lSocket, lSecondSocket, oSocket, otherSocket] = await openSockets(facilitator, liaison, liaison, ombudsman, otherCompany);
    for (const socket of [fSocket, lSocket, lSecondSocket, oSocket]) expect(await join(socket, dialogueCase)).toMatchObject({ ok: true });
    const heard = new Map([fSocket, lSocket, lSecondSocket, oSocket, otherSocket].map((s) => [s, collect<MessageDto>(s as Socket, 'case.message')]));

    const posts: [TestClient, ReturnType<typeof message>][] = [
      [facilitator, message('Para todos, desde la comunidad')],
      [facilitator, message('Solo para la Defensoría: nos están presionando', 'ombudsman_private')],
      [liaison, message('Nota interna de la empresa: revisar contrato de transporte', 'internal')],
      [ombudsman, message('Nota interna de la Defensoría: pedir visita', 'internal')],
      [ombudsman, message('Para la comunidad, en reserva', 'ombudsman_private')],
      [liaison, message('Para todos, desde la empresa')],
    ];
    for (const [client, body] of posts) expect((await client.post(`/api/cases/${dialogueCase}/messages`, body)).status).toBe(201);
    await settle(fSocket, lSocket, lSecondSocket, oSocket, otherSocket);

    const bodies = (socket: AnySocket) => heard.get(socket)!.map((m) => m.body);
    expect(bodies(fSocket)).toEqual([
      'Para todos, desde la comunidad',
      'Solo para la Defensoría: nos están presionando',
      'Para la comunidad, en reserva',
      'Para todos, desde la empresa',
    ]);
    expect(bodies(lSocket)).toEqual([
      'Para todos, desde la comunidad',
      'Nota interna de la empresa: revisar contrato de transporte',
      'Para todos, desde la empresa',
    ]);
    expect(bodies(lSecondSocket)).toEqual(bodies(lSocket));
    expect(bodies(oSocket)).toEqual([
      'Para todos, desde la comunidad',
      'Solo para la Defensoría: nos están presionando',
      'Nota interna de la Defensoría: pedir visita',
      'Para la comunidad, en reserva',
      'Para todos, desde la empresa',
    ]);
    expect(bodies(otherSocket)).toEqual([]);

    // What was pushed is what the HTTP thread gives each of them: one rule, two ways in.
    for (const [client, socket] of [
      [facilitator, fSocket],
      [liaison, lSocket],
      [ombudsman, oSocket],
    ] as const) {
      const thread = (await client.get(`/api/cases/${dialogueCase}/messages`)).body.messages as MessageDto[];
      const pushedIds = heard.get(socket)!.map((m) => m.id);
      expect(thread.filter((m) => pushedIds.includes(m.id))).toEqual(heard.get(socket));
      expect(thread.filter((m) => m.kind === 'message' && m.id >= pushedIds[0]!).map((m) => m.id)).toEqual(pushedIds);
    }
  });

  it('When a confidential complainant writes, Then the company hears the message without a name or account id, and the ombudsman without the name until a reveal', async () => {
    // The complainant's own case, confidential, in mediation.
    const inMediation = await buildCaseInDialogue(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id, identityMode: 'confidential' });
    await moveCase(server.app.ctx, inMediation.id, 'start_mediation');
    const [complainant, liaison, ombudsman] = await loginAll(server, cast.complainant.email, cast.liaison.email, cast.ombudsman.email);
    const [cSocket, lSocket, oSocket] = await openSockets(complainant, liaison, ombudsman);
    for (const s of [cSocket, lSocket, oSocket]) expect(await join(s, inMediation.id)).toMatchObject({ ok: true });
    const toCompany = nextEvent<MessageDto>(lSocket as Socket, 'case.message');
    const toOmbudsman = nextEvent<MessageDto>(oSocket as Socket, 'case.message');
    expect((await complainant.post(`/api/cases/${inMediation.id}/messages`, message('El lote sigue sin agua'))).status).toBe(201);
    expect(await toCompany).toMatchObject({
      body: 'El lote sigue sin agua',
      authorName: null,
      authorUserId: null,
      authorRole: 'complainant',
      duringMediation: true,
    });
    // A protected identity is masked for the ombudsman too, in live pushes as on the page (docs/custody.md).
    expect(await toOmbudsman).toMatchObject({ body: 'El lote sigue sin agua', authorName: null, authorRole: 'complainant' });
  });

  it('When a socket reconnects, Then catching up with `after` gives every missed message once, without gaps', async () => {
    const [facilitator, liaison] = await loginAll(server, cast.facilitator.email, cast.liaison.email);
    const first = await openSocket(liaison);
    const joined = await join(first, dialogueCase);
    if (!joined.ok) throw new Error('the liaison could not join the case');
    const live = collect<MessageDto>(first as Socket, 'case.message');
    for (const text of ['uno', 'dos']) await facilitator.post(`/api/cases/${dialogueCase}/messages`, message(text));
    await settle(first);
    expect(live.map((m) => m.body)).toEqual(['uno', 'dos']);
    first.close();

    await facilitator.post(`/api/cases/${dialogueCase}/messages`, message('tres'));
    await liaison.post(`/api/cases/${dialogueCase}/messages`, message('nota perdida', 'internal'));
    await facilitator.post(`/api/cases/${dialogueCase}/messages`, message('cuatro', 'ombudsman_private'));
    await facilitator.post(`/api/cases/${dialogueCase}/messages`, message('cinco'));

    const second = await openSocket(liaison);
    const rejoined = await join(second, dialogueCase);
    const lastSeen = live[live.length - 1]!.id;
    const missed = (await liaison.get(`/api/cases/${dialogueCase}/messages?after=${lastSeen}`)).body;
    expect(missed.messages.map((m: MessageDto) => m.body)).toEqual(['tres', 'nota perdida', 'cinco']);
    expect(rejoined).toEqual({ ok: true, lastMessageId: missed.lastMessageId });
    expect(missed.messages[missed.messages.length - 1].id).toBe(missed.lastMessageId);

    const everything = (await liaison.get(`/api/cases/${dialogueCase}/messages`)).body.messages as MessageDto[];
    // Before joining: the page load; while joined: live; after reconnecting: the catch-up.
    const seen = [...everything.filter((m) => m.id <= joined.lastMessageId), ...live, ...missed.messages];
    expect(seen.map((m) => m.id)).toEqual(everything.map((m) => m.id));
  });

  it('When a socket leaves a case, Then it hears no more of it', async () => {
    const [facilitator, liaison] = await loginAll(server, cast.facilitator.email, cast.liaison.email);
    const socket = await openSocket(liaison);
    await join(socket, dialogueCase);
    expect(await socket.timeout(3000).emitWithAck('case.leave', { caseId: dialogueCase })).toEqual({ ok: true });
    const heard = collect(socket as Socket, 'case.message');
    await facilitator.post(`/api/cases/${dialogueCase}/messages`, message('¿Alguien ahí?'));
    await settle(socket);
    expect(heard).toEqual([]);
  });

  it('When a liaison is moved to another company after connecting, Then joining re-checks and refuses', async () => {
    const liaison = await server.loginAs(cast.liaison.email);
    const socket = await openSocket(liaison);
    const moveTo = (companyId: string) => server.db.query('UPDATE users SET company_id = $2 WHERE id = $1', [cast.liaison.id, companyId]);
    await moveTo(cast.otherCompany.id);
    try {
      expect(await join(socket, dialogueCase)).toEqual({ ok: false });
    } finally {
      await moveTo(cast.company.id);
    }
  });
});
