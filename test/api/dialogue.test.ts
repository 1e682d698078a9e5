import type { DialogueDto, MessageDto } from '../../shared/types/dialogue';
import type { CaseListDto } from '../../shared/types/api';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { ABOUT, demoCaseId, loginAll, message, threadSize } from '../dialogueFactory';
import { buildCaseInDialogue, buildCast, buildUser, moveCase, type BuiltCast, type CaseSpec } from '../factories';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('Case dialogue over HTTP', () => {
  let server: TestServer;
  let cast: BuiltCast;
  beforeAll(async () => {
    server = await getTestServer();
    cast = await buildCast(server.app.ctx);
  });
  afterAll(async () => {
    await server.close();
  });

  async function caseStatus(id: string): Promise<string> {
    return (await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [id])).status;
  }

  /** The newest entry of a case's thread (every visibility), so a test can look only at what it added. */
  async function lastEntryId(id: string): Promise<number> {
    return (await server.db.one<{ id: number | null }>('SELECT max(id) AS id FROM case_messages WHERE case_id = $1', [id])).id ?? 0;
  }

  /**
   * A case of the cast's company its facilitator filed (`spec` adds to it), already in dialogue as the demo
   * seeds its cases (the moves that bring it there are not what these tests check).
   */
  async function caseInDialogue(spec: CaseSpec = {}): Promise<string> {
    return (await buildCaseInDialogue(server.app.ctx, { ...cast.filing, filedById: cast.facilitator.id, ...spec })).id;
  }

  /** A case in dialogue of the cast's complainant (their account), moved on by `action` `daysAgo` days ago: only that date counts for reopening. */
  async function caseMovedAgo(action: 'start_mediation' | 'resolve' | 'close_unresolved', daysAgo = 0): Promise<string> {
    const id = await caseInDialogue({ complainantId: cast.complainant.id });
    await moveCase(server.app.ctx, id, action, { at: new Date(server.clock.now().getTime() - daysAgo * 86_400_000) });
    return id;
  }

  async function dialogue(client: TestClient, id: string): Promise<DialogueDto> {
    const res = await client.get(`/api/cases/${id}/dialogue`);
    expect(res.status).toBe(200);
    return res.body;
  }

  describe('every route', () => {
    const routes: { method: 'get' | 'post' | 'put'; path: (id: string) => string; body?: unknown }[] = [
      { method: 'get', path: (id) => `/api/cases/${id}/dialogue` },
      { method: 'get', path: (id) => `/api/cases/${id}/messages?after=0` },
      { method: 'post', path: (id) => `/api/cases/${id}/messages`, body: message('Hola') },
      { method: 'post', path: (id) => `/api/cases/${id}/read`, body: { upTo: 1 } },
      { method: 'post', path: (id) => `/api/cases/${id}/meetings`, body: { scheduledAt: '2026-12-02T09:00:00-05:00', place: 'Escuela', agenda: 'Revisar' } },
      { method: 'put', path: (id) => `/api/cases/${id}/meetings/1/minutes`, body: { attendees: ['Ana'], minutes: 'Acta' } },
      { method: 'post', path: (id) => `/api/cases/${id}/meetings/1/agree` },
      {
        method: 'post',
        path: (id) => `/api/cases/${id}/agreements`,
        body: { text: 'Acuerdo', commitments: [{ owner: 'company', description: 'Regar', dueOn: '2026-12-15' }] },
      },
      { method: 'post', path: (id) => `/api/cases/${id}/agreements/1/accept` },
      { method: 'post', path: (id) => `/api/cases/${id}/agreements/1/reject`, body: { reason: 'No' } },
      { method: 'post', path: (id) => `/api/cases/${id}/commitments/1/report`, body: { evidence: 'Fotos' } },
      { method: 'post', path: (id) => `/api/cases/${id}/commitments/1/confirm` },
      { method: 'post', path: (id) => `/api/cases/${id}/commitments/1/dispute`, body: { reason: 'No' } },
      { method: 'post', path: (id) => `/api/cases/${id}/commitments/1/verify` },
      { method: 'post', path: (id) => `/api/cases/${id}/satisfaction`, body: { score: 3 } },
      { method: 'post', path: (id) => `/api/cases/${id}/reopen`, body: { reason: 'Sigue igual' } },
    ];

    it('When nobody is logged in, Then each answers 401', async () => {
      const id = await caseInDialogue();
      const visitor = await server.client();
      for (const route of routes) {
        const res = route.method === 'get' ? await visitor.get(route.path(id)) : await visitor.send(route.method, route.path(id), route.body);
        expect({ route: route.path(id), status: res.status }).toEqual({ route: route.path(id), status: 401 });
      }
    });

    it('When another company, another complainant or an admin calls it, Then each answers 404 with the body of a missing case, and nothing changes', async () => {
      const id = await caseInDialogue();
      const before = await threadSize(server, id);
      for (const email of [cast.otherLiaison.email, cast.complainant.email, cast.admin.email]) {
        const outsider = await server.loginAs(email);
        for (const route of routes) {
          const call = (caseId: string) =>
            route.method === 'get' ? outsider.get(route.path(caseId)) : outsider.send(route.method, route.path(caseId), route.body);
          const [forbidden, missing] = [await call(id), await call(MISSING)];
          expect({ email, route: route.path(id), status: forbidden.status, body: forbidden.body }).toEqual({
            email,
            route: route.path(id),
            status: 404,
            body: missing.body,
          });
          expect(missing.status).toBe(404);
        }
      }
      expect(await threadSize(server, id)).toBe(before);
      expect(await caseStatus(id)).toBe('in_dialogue');
    });
  });

  describe('demo data', () => {
    it('When the demo is loaded, Then cases in dialogue carry a thread of every visibility, the proposed agreement waits for both sides, and the agreement in force has one commitment reported', async () => {
      const ombudsman = await server.loginAs(DEMO.ombudsman);
      for (const about of [ABOUT.trucks, ABOUT.sacredSite, ABOUT.well, ABOUT.resettlement, ABOUT.roof]) {
        const id = await demoCaseId(server, about);
        const kinds = await server.db.query<{ visibility: string }>(`SELECT DISTINCT visibility FROM case_messages WHERE case_id = $1 AND kind = 'message'`, [
          id,
        ]);
        expect({ about, visibilities: kinds.map((k) => k.visibility).sort() }).toEqual({ about, visibilities: ['internal', 'ombudsman_private', 'parties'] });
        const ids = (await dialogue(ombudsman, id)).messages.map((m) => [m.id, m.createdAt] as const);
        // Ids are the catch-up cursor: they follow the dates.
        expect([...ids].sort((a, b) => a[1].localeCompare(b[1]))).toEqual(ids);
      }
      const complainant = await server.loginAs(DEMO.complainant);
      const well = await dialogue(complainant, await demoCaseId(server, ABOUT.well));
      expect(well.status).toBe('agreement_proposed');
      expect(well.agreements).toHaveLength(1);
      expect(well.agreements[0]).toMatchObject({ version: 1, status: 'proposed', allowedActions: ['accept', 'reject'] });
      expect(well.agreements[0]!.commitments.map((k) => k.owner)).toEqual(['company', 'company', 'complainant']);
      const liaison = await server.loginAs(DEMO.liaisonPerija);
      const roof = await dialogue(liaison, await demoCaseId(server, ABOUT.roof));
      expect(roof.agreements[0]).toMatchObject({ status: 'accepted', complainantDecision: 'accepted', companyDecision: 'accepted' });
      expect(roof.agreements[0]!.commitments.map((k) => k.status)).toEqual(['reported', 'pending', 'pending']);
      expect(roof.messages.some((m) => m.visibility === 'ombudsman_private')).toBe(false);
    });
  });

  describe('messages', () => {
    it('When a message is empty, too long, or has a visibility the role may not use, Then a translated 400 names the field and nothing is stored', async () => {
      const id = await caseInDialogue();
      const facilitator = await server.loginAs(cast.facilitator.email);
      const liaison = await server.loginAs(cast.liaison.email);
      const before = await threadSize(server, id);

      const empty = await facilitator.post(`/api/cases/${id}/messages`, message('   '));
      expect(empty.status).toBe(400);
      expect(empty.body.error.fields).toEqual([{ field: 'body', message: 'Este campo es obligatorio.' }]);
      const long = await facilitator.post(`/api/cases/${id}/messages`, message('a'.repeat(5001)));
      expect(long.status).toBe(400);
      expect(long.body.error.fields).toEqual([{ field: 'body', message: 'El texto es demasiado largo (máximo 5000 caracteres).' }]);
      expect((await facilitator.post(`/api/cases/${id}/messages`, message('a'.repeat(5000)))).status).toBe(201);
      const internal = await facilitator.post(`/api/cases/${id}/messages`, message('Nota', 'internal'));
      expect(internal.status).toBe(400);
      expect(internal.body.error.fields).toEqual([{ field: 'visibility', message: 'Usted no puede enviar mensajes con esta visibilidad.' }]);
      const privateFromCompany = await liaison.post(`/api/cases/${id}/messages`, message('Oculto', 'ombudsman_private'));
      expect(privateFromCompany.status).toBe(400);
      expect(privateFromCompany.body.error.fields).toEqual([{ field: 'visibility', message: 'Usted no puede enviar mensajes con esta visibilidad.' }]);
      const unknown = await liaison.post(`/api/cases/${id}/messages`, { body: 'Hola', visibility: 'everyone', clientKey: 'abcdefgh12' });
      expect(unknown.body.error.fields).toEqual([{ field: 'visibility', message: 'Elija quién puede ver el mensaje.' }]);
      const noKey = await liaison.post(`/api/cases/${id}/messages`, { body: 'Hola', visibility: 'parties' });
      expect(noKey.body.error.fields).toEqual([{ field: 'clientKey', message: 'Este campo es obligatorio.' }]);
      expect(await threadSize(server, id)).toBe(before + 1);

      // In the reader's own language: this liaison chose English.
      const well = await caseInDialogue();
      const wellBefore = await threadSize(server, well);
      const englishLiaison = await buildUser(server.app.ctx, { role: 'liaison', companyId: cast.company.id, language: 'en' });
      const english = await (await server.loginAs(englishLiaison.email)).post(`/api/cases/${well}/messages`, message('Hidden', 'ombudsman_private'));
      expect(english.body.error).toEqual({
        code: 'validation_failed',
        message: 'Please check the marked fields: some need correcting.',
        fields: [{ field: 'visibility', message: 'You cannot send messages with this visibility.' }],
      });
      expect(await threadSize(server, well)).toBe(wellBefore);
    });

    it('When a post is retried with the same client key, Then the message exists once', async () => {
      const id = await caseInDialogue();
      const liaison = await server.loginAs(cast.liaison.email);
      const body = message('Instalaremos los reductores la próxima semana');
      const before = await threadSize(server, id);
      const first = await liaison.post(`/api/cases/${id}/messages`, body);
      const retry = await liaison.post(`/api/cases/${id}/messages`, body);
      expect(first.status).toBe(201);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(await threadSize(server, id)).toBe(before + 1);
    });

    it('When a case changed after a message was posted on it, Then the next message is decided on the case as it is now (a message goes out with the lock, decided on the case as the last post found it)', async () => {
      const id = await caseInDialogue({ complainantId: cast.complainant.id });
      const [complainant, liaison] = await loginAll(server, cast.complainant.email, cast.liaison.email);
      expect((await complainant.post(`/api/cases/${id}/messages`, message('Primero'))).status).toBe(201);
      expect((await liaison.post(`/api/cases/${id}/messages`, message('Nota', 'internal'))).status).toBe(201);
      expect((await liaison.post(`/api/cases/${id}/messages`, message('Otra nota', 'internal'))).status).toBe(201);
      // Withheld from the company now (written straight to the row, as any other change of it would be).
      await server.db.query('UPDATE cases SET red_flag = true, red_flag_released_at = NULL WHERE id = $1', [id]);
      const before = await threadSize(server, id);
      const hidden = await liaison.post(`/api/cases/${id}/messages`, message('Sigo aquí', 'internal'));
      expect(hidden.status).toBe(404);
      expect(await threadSize(server, id)).toBe(before);
      // Ended since the complainant's last message: refused as for any ended case.
      await server.db.query('UPDATE cases SET red_flag = false WHERE id = $1', [id]);
      expect((await complainant.post(`/api/cases/${id}/messages`, message('Segundo'))).status).toBe(201);
      await moveCase(server.app.ctx, id, 'resolve');
      const ended = await complainant.post(`/api/cases/${id}/messages`, message('¿Y los terneros?'));
      expect(ended.status).toBe(409);
      expect(ended.body.error.code).toBe('case_closed');
      expect(await threadSize(server, id)).toBe(before + 1);
    });

    it('When a session ends, expires or changes, or its account is deactivated or moved, between two posts, Then the next post is refused as any request of it would be and nothing is stored (a post by a session read lately checks it in its own statement)', async () => {
      const sessionReads = () => server.app.ctx.sessions.batchStats().reads.items;
      /** A new account's session that posted twice on a case of its own, the second time without its session read. */
      async function postedTwice(role: 'complainant' | 'liaison'): Promise<{ client: TestClient; user: { id: string }; id: string }> {
        const user = await buildUser(server.app.ctx, role === 'liaison' ? { role, companyId: cast.company.id } : { role, mechanismId: cast.mechanism.id });
        const id = await caseInDialogue(role === 'complainant' ? { complainantId: user.id } : {});
        const client = await server.loginAs(user.email);
        const [first, visibility] = role === 'complainant' ? (['Primero', 'parties'] as const) : (['Nota', 'internal'] as const);
        expect((await client.post(`/api/cases/${id}/messages`, message(first, visibility))).status).toBe(201);
        const readsBefore = sessionReads();
        expect((await client.post(`/api/cases/${id}/messages`, message(`${first} otra vez`, visibility))).status).toBe(201);
        expect(sessionReads()).toBe(readsBefore);
        return { client, user, id };
      }
      async function refused(
        { client, id }: { client: TestClient; id: string },
        visibility: 'parties' | 'internal',
        status: number,
        code: string,
      ): Promise<void> {
        const before = await threadSize(server, id);
        const answer = await client.post(`/api/cases/${id}/messages`, message('¿Sigo aquí?', visibility));
        expect([answer.status, answer.body.error?.code]).toEqual([status, code]);
        expect(await threadSize(server, id)).toBe(before);
      }
      // Each change written straight to the rows, as another server would (this one's own logout forgets nothing it read).
      const ended = await postedTwice('complainant');
      await server.db.query('DELETE FROM sessions WHERE user_id = $1', [ended.user.id]);
      await refused(ended, 'parties', 403, 'csrf_failed');
      const expired = await postedTwice('complainant');
      await server.db.query('UPDATE sessions SET expires_at = $2 WHERE user_id = $1', [expired.user.id, new Date(server.clock.now().getTime() - 1000)]);
      await refused(expired, 'parties', 403, 'csrf_failed');
      const newToken = await postedTwice('complainant');
      await server.db.query(`UPDATE sessions SET data = jsonb_set(data, '{csrfToken}', '"otro"') WHERE user_id = $1`, [newToken.user.id]);
      await refused(newToken, 'parties', 403, 'csrf_failed');
      const deactivated = await postedTwice('complainant');
      await server.db.query('UPDATE users SET active = false WHERE id = $1', [deactivated.user.id]);
      await refused(deactivated, 'parties', 401, 'unauthenticated');
      const moved = await postedTwice('liaison');
      await server.db.query('UPDATE users SET company_id = $2 WHERE id = $1', [moved.user.id, cast.otherCompany.id]);
      await refused(moved, 'internal', 404, 'not_found');
      const demoted = await postedTwice('liaison');
      await server.db.query(`UPDATE users SET role = 'complainant', company_id = NULL WHERE id = $1`, [demoted.user.id]);
      await refused(demoted, 'internal', 404, 'not_found');
    });

    it('When each side reads the thread, Then it holds only what that side may see', async () => {
      const id = await caseInDialogue();
      const [facilitator, liaison, ombudsman] = await loginAll(server, cast.facilitator.email, cast.liaison.email, cast.ombudsman.email);
      // An earlier note of each side's own; read what is new after it.
      await liaison.post(`/api/cases/${id}/messages`, message('nota anterior', 'internal'));
      await ombudsman.post(`/api/cases/${id}/messages`, message('nota anterior', 'internal'));
      const before = await lastEntryId(id);
      await facilitator.post(`/api/cases/${id}/messages`, message('público'));
      await facilitator.post(`/api/cases/${id}/messages`, message('reservado', 'ombudsman_private'));
      await liaison.post(`/api/cases/${id}/messages`, message('interno empresa', 'internal'));
      await ombudsman.post(`/api/cases/${id}/messages`, message('interno defensoría', 'internal'));
      const bodies = async (client: TestClient) =>
        ((await client.get(`/api/cases/${id}/messages?after=${before}`)).body.messages as MessageDto[]).map((m) => m.body);
      expect(await bodies(facilitator)).toEqual(['público', 'reservado']);
      expect(await bodies(liaison)).toEqual(['público', 'interno empresa']);
      expect(await bodies(ombudsman)).toEqual(['público', 'reservado', 'interno defensoría']);
      const bad = await liaison.get(`/api/cases/${id}/messages?after=abc`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].field).toBe('after');
    });

    it('When others write, Then the queue counts what the reader may see and has not read, until they mark it read', async () => {
      const id = await caseInDialogue();
      const [facilitator, liaison, ombudsman] = await loginAll(server, cast.facilitator.email, cast.liaison.email, cast.ombudsman.email);
      const unread = async (client: TestClient) => ((await client.get('/api/cases')).body as CaseListDto).cases.find((c) => c.id === id)!.unreadCount;
      // A thread the company has not opened yet, with messages of every visibility.
      await facilitator.post(`/api/cases/${id}/messages`, message('El techo del hogar infantil se cayó'));
      await facilitator.post(`/api/cases/${id}/messages`, message('Reservado para la Defensoría', 'ombudsman_private'));
      await ombudsman.post(`/api/cases/${id}/messages`, message('Nota de la Defensoría', 'internal'));
      await ombudsman.post(`/api/cases/${id}/messages`, message('Visitaremos el hogar'));
      await liaison.post(`/api/cases/${id}/messages`, message('Nota de la empresa', 'internal'));
      // It counts as unread what the company may see of it, not the others' internal or reserved notes.
      const seeded = await server.db.one<{ n: number }>(
        `SELECT count(*) AS n FROM case_messages WHERE case_id = $1 AND (visibility = 'parties' OR internal_org LIKE 'company:%') AND author_user_id IS DISTINCT FROM $2`,
        [id, cast.liaison.id],
      );
      expect(seeded.n).toBeGreaterThan(0);
      expect(await unread(liaison)).toBe(seeded.n);
      for (const client of [facilitator, liaison, ombudsman]) {
        const { lastMessageId: seen } = (await client.get(`/api/cases/${id}/messages`)).body;
        await client.post(`/api/cases/${id}/read`, { upTo: seen });
        expect(await unread(client)).toBe(0);
      }
      await facilitator.post(`/api/cases/${id}/messages`, message('El techo sigue goteando'));
      await facilitator.post(`/api/cases/${id}/messages`, message('Solo para la Defensoría', 'ombudsman_private'));
      await ombudsman.post(`/api/cases/${id}/messages`, message('Nota interna', 'internal'));
      await liaison.post(`/api/cases/${id}/messages`, message('Vamos mañana'));
      expect(await unread(liaison)).toBe(1);
      expect(await unread(ombudsman)).toBe(3);
      expect(await unread(facilitator)).toBe(1);

      const { lastMessageId } = (await liaison.get(`/api/cases/${id}/messages`)).body;
      const marked = await liaison.post(`/api/cases/${id}/read`, { upTo: lastMessageId + 1000 });
      expect(marked.status).toBe(200);
      expect(marked.body.lastReadMessageId).toBe(lastMessageId);
      expect(await unread(liaison)).toBe(0);
      // Never backwards: an older tab reporting late changes nothing.
      expect((await liaison.post(`/api/cases/${id}/read`, { upTo: 1 })).body.lastReadMessageId).toBe(lastMessageId);
      expect((await dialogue(liaison, id)).lastReadMessageId).toBe(lastMessageId);
      await facilitator.post(`/api/cases/${id}/messages`, message('Gracias'));
      expect(await unread(liaison)).toBe(1);
    });

    it('When a case has ended, Then new messages are refused with 409 and nothing is stored', async () => {
      const id = await caseMovedAgo('resolve', 100);
      const complainant = await server.loginAs(cast.complainant.email);
      const before = await threadSize(server, id);
      const res = await complainant.post(`/api/cases/${id}/messages`, message('¿Y los terneros?'));
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'case_closed', message: 'Este caso ya terminó: no recibe mensajes ni cambios nuevos.' });
      expect(await threadSize(server, id)).toBe(before);
      expect((await dialogue(complainant, id)).allowedActions.postMessage).toEqual([]);
    });
  });

  describe('meetings', () => {
    it('When a meeting is scheduled, minuted and approved, Then each step shows in the thread and only the right people may take it', async () => {
      const id = await caseInDialogue({ complainantId: cast.complainant.id });
      const [complainant, liaison, ombudsman] = await loginAll(server, cast.complainant.email, cast.liaison.email, cast.ombudsman.email);
      const before = await lastEntryId(id);
      const scheduled = await liaison.post(`/api/cases/${id}/meetings`, {
        scheduledAt: '2026-12-03T09:00:00-05:00',
        place: 'Caseta comunal de La Aurora',
        agenda: 'Carrotanques mientras se estudia el acuífero',
      });
      expect(scheduled.status).toBe(201);
      const meeting = (scheduled.body as DialogueDto).meetings[0]!;
      expect(meeting).toMatchObject({ place: 'Caseta comunal de La Aurora', minutes: null, allowedActions: ['record_minutes'] });
      const minutes = {
        attendees: ['Consejo Comunitario', 'Carbonífera La Esperanza', 'Defensoría'],
        minutes: 'Se acordó enviar dos carrotanques por semana.',
      };

      const notScheduler = await complainant.put(`/api/cases/${id}/meetings/${meeting.id}/minutes`, minutes);
      expect(notScheduler.status).toBe(409);
      expect(notScheduler.body.error.code).toBe('action_not_allowed');
      const early = await complainant.post(`/api/cases/${id}/meetings/${meeting.id}/agree`);
      expect(early.body.error.code).toBe('minutes_missing');
      const badMinutes = await liaison.put(`/api/cases/${id}/meetings/${meeting.id}/minutes`, { attendees: [], minutes: '' });
      expect(badMinutes.status).toBe(400);
      expect(badMinutes.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['attendees', 'minutes']);
      expect((await liaison.put(`/api/cases/${id}/meetings/${meeting.id}/minutes`, minutes)).status).toBe(200);

      const agreed = await complainant.post(`/api/cases/${id}/meetings/${meeting.id}/agree`);
      expect(agreed.status).toBe(200);
      expect((agreed.body as DialogueDto).meetings[0]!.minutesAgreedByComplainantAt).toEqual(expect.any(String));
      expect((await complainant.post(`/api/cases/${id}/meetings/${meeting.id}/agree`)).body.error.code).toBe('minutes_already_agreed');
      expect((await ombudsman.post(`/api/cases/${id}/meetings/${meeting.id}/agree`)).body.error.code).toBe('action_not_allowed');
      expect((await liaison.post(`/api/cases/${id}/meetings/${meeting.id}/agree`)).status).toBe(200);
      expect((await liaison.post(`/api/cases/${id}/meetings/999999/agree`)).status).toBe(404);

      const thread = (await dialogue(complainant, id)).messages.filter((m) => m.id > before).map((m) => m.kind);
      expect(thread).toEqual(['meeting_scheduled', 'meeting_minutes_recorded', 'meeting_minutes_agreed', 'meeting_minutes_agreed']);
      const events = await server.db.query<{ kind: string }>(`SELECT kind FROM case_events WHERE case_id = $1 AND kind LIKE 'meetings.%' ORDER BY id`, [id]);
      expect(events.map((e) => e.kind)).toEqual(['meetings.scheduled', 'meetings.minutes_recorded', 'meetings.minutes_agreed', 'meetings.minutes_agreed']);
    });
  });

  describe('agreements from proposal to a kept promise', () => {
    it('When the parties go propose → reject → new version → accept → report → dispute → verify → resolve → rate → reopen, Then each step moves the case and every illegal step is a 409', async () => {
      const id = await caseInDialogue();
      const [facilitator, liaison, ombudsman, otherLiaison] = await loginAll(
        server,
        cast.facilitator.email,
        cast.liaison.email,
        cast.ombudsman.email,
        cast.otherLiaison.email,
      );
      const proposal = (text: string) => ({
        text,
        commitments: [
          { owner: 'company', description: 'Suspender la trocha junto al cerro', dueOn: '2026-12-10' },
          { owner: 'company', description: 'Cercar el sitio sagrado con el cabildo', dueOn: '2027-01-31' },
        ],
      });

      // The generic status route cannot skip the agreement's content.
      const bare = await liaison.post(`/api/cases/${id}/transitions`, { action: 'propose_agreement' });
      expect(bare.status).toBe(400);
      // In plain dialogue the ombudsman does not write the parties' agreement.
      expect((await ombudsman.post(`/api/cases/${id}/agreements`, proposal('De la Defensoría'))).body.error.code).toBe('action_not_allowed');
      const noCommitments = await liaison.post(`/api/cases/${id}/agreements`, { text: 'Sin compromisos', commitments: [] });
      expect(noCommitments.status).toBe(400);
      expect(noCommitments.body.error.fields).toEqual([
        { field: 'commitments', message: 'Un acuerdo necesita al menos un compromiso: quién hace qué y para cuándo.' },
      ]);
      const badDate = await liaison.post(`/api/cases/${id}/agreements`, {
        text: 'x',
        commitments: [{ owner: 'company', description: 'x', dueOn: '2026-02-30' }],
      });
      expect(badDate.body.error.fields).toEqual([{ field: 'commitments.0.dueOn', message: 'Escriba una fecha válida (año-mes-día).' }]);

      const v1 = await liaison.post(`/api/cases/${id}/agreements`, proposal('Versión 1: suspender la trocha un mes'));
      expect(v1.status).toBe(201);
      expect(await caseStatus(id)).toBe('agreement_proposed');
      const first = (v1.body as DialogueDto).agreements[0]!;
      expect(first).toMatchObject({ version: 1, status: 'proposed', allowedActions: ['accept', 'reject'] });

      const noReason = await facilitator.post(`/api/cases/${id}/agreements/${first.id}/reject`, { reason: ' ' });
      expect(noReason.status).toBe(400);
      const rejected = await facilitator.post(`/api/cases/${id}/agreements/${first.id}/reject`, {
        reason: 'Un mes no alcanza: debe ser hasta que se hable con el cabildo.',
      });
      expect(rejected.status).toBe(200);
      expect(await caseStatus(id)).toBe('in_dialogue');
      expect((await liaison.post(`/api/cases/${id}/agreements/${first.id}/accept`)).body.error.code).toBe('agreement_not_pending');

      await liaison.post(`/api/cases/${id}/agreements`, proposal('Versión 2: suspender la trocha hasta acordar con el cabildo'));
      const v3 = await facilitator.post(`/api/cases/${id}/agreements`, proposal('Versión 3: lo mismo, y cercar el sitio con el cabildo'));
      expect(v3.status).toBe(201);
      const versions = (v3.body as DialogueDto).agreements;
      expect(versions.map((a) => [a.version, a.status])).toEqual([
        [3, 'proposed'],
        [2, 'superseded'],
        [1, 'rejected'],
      ]);
      expect(versions[2]!.rejectionReason).toBe('Un mes no alcanza: debe ser hasta que se hable con el cabildo.');
      expect((await liaison.post(`/api/cases/${id}/agreements/${versions[1]!.id}/accept`)).body.error.code).toBe('agreement_not_pending');
      const current = versions[0]!;
      expect((await ombudsman.post(`/api/cases/${id}/agreements/${current.id}/accept`)).body.error.code).toBe('action_not_allowed');

      expect((await liaison.post(`/api/cases/${id}/agreements/${current.id}/accept`)).status).toBe(200);
      const twice = await liaison.post(`/api/cases/${id}/agreements/${current.id}/accept`);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toEqual({ code: 'agreement_already_decided', message: 'Su parte ya respondió a esta versión del acuerdo.' });
      expect(await caseStatus(id)).toBe('agreement_proposed');
      const inForce = await facilitator.post(`/api/cases/${id}/agreements/${current.id}/accept`);
      expect(inForce.status).toBe(200);
      expect(await caseStatus(id)).toBe('in_implementation');
      expect((await facilitator.post(`/api/cases/${id}/agreements/${current.id}/accept`)).status).toBe(409);

      const [trail, fence] = (inForce.body as DialogueDto).agreements[0]!.commitments;
      expect(trail!.allowedActions).toEqual([]);
      expect((await dialogue(liaison, id)).agreements[0]!.commitments.map((k) => k.allowedActions)).toEqual([['report'], ['report']]);
      const notYours = await facilitator.post(`/api/cases/${id}/commitments/${trail!.id}/report`, { evidence: 'Yo lo vi' });
      expect(notYours.status).toBe(409);
      expect(notYours.body.error.code).toBe('commitment_not_yours');
      expect((await otherLiaison.post(`/api/cases/${id}/commitments/${trail!.id}/report`, { evidence: 'x' })).status).toBe(404);
      const early = await facilitator.post(`/api/cases/${id}/commitments/${trail!.id}/confirm`);
      expect(early.body.error).toEqual({ code: 'commitment_wrong_state', message: 'Esta acción no es posible ahora: el compromiso está «pendiente».' });

      expect(
        (await liaison.post(`/api/cases/${id}/commitments/${trail!.id}/report`, { evidence: 'Maquinaria retirada el 2 de diciembre; fotos en el acta.' }))
          .status,
      ).toBe(200);
      expect((await liaison.post(`/api/cases/${id}/commitments/${fence!.id}/report`, { evidence: 'Cerca instalada.' })).status).toBe(200);
      expect((await liaison.post(`/api/cases/${id}/commitments/${fence!.id}/report`, { evidence: 'Otra vez' })).body.error.code).toBe('commitment_wrong_state');
      expect((await facilitator.post(`/api/cases/${id}/commitments/${trail!.id}/confirm`)).status).toBe(200);
      const disputed = await facilitator.post(`/api/cases/${id}/commitments/${fence!.id}/dispute`, {
        reason: 'La cerca deja por fuera la mitad del cementerio.',
      });
      expect(disputed.status).toBe(200);
      expect((disputed.body as DialogueDto).agreements[0]!.commitments[1]).toMatchObject({
        status: 'disputed',
        disputedReason: 'La cerca deja por fuera la mitad del cementerio.',
      });
      expect((await liaison.post(`/api/cases/${id}/commitments/${trail!.id}/verify`)).body.error.code).toBe('action_not_allowed');

      expect((await ombudsman.post(`/api/cases/${id}/commitments/${trail!.id}/verify`)).status).toBe(200);
      expect(await caseStatus(id)).toBe('in_implementation');
      expect((await facilitator.post(`/api/cases/${id}/satisfaction`, { score: 4 })).status).toBe(409);
      // The dispute was settled on site; the ombudsman verifies the fence.
      expect((await ombudsman.post(`/api/cases/${id}/commitments/${fence!.id}/verify`)).status).toBe(200);
      expect(await caseStatus(id)).toBe('resolved');
      const history = await server.db.query<{ kind: string; actor_role: string }>(
        `SELECT kind, actor_role FROM case_events WHERE case_id = $1 AND kind LIKE 'cases.%' AND kind <> 'cases.filed' ORDER BY id`,
        [id],
      );
      expect(history.slice(-6)).toEqual([
        { kind: 'cases.propose_agreement', actor_role: 'liaison' },
        { kind: 'cases.reject_agreement', actor_role: 'facilitator' },
        { kind: 'cases.propose_agreement', actor_role: 'liaison' },
        { kind: 'cases.propose_agreement', actor_role: 'facilitator' },
        { kind: 'cases.accept_agreement', actor_role: 'system' },
        { kind: 'cases.resolve', actor_role: 'system' },
      ]);

      // Acting on the ended case.
      expect((await liaison.post(`/api/cases/${id}/agreements`, proposal('Otra más'))).body.error.code).toBe('case_closed');
      expect((await liaison.post(`/api/cases/${id}/satisfaction`, { score: 5 })).body.error.code).toBe('action_not_allowed');
      const badScore = await facilitator.post(`/api/cases/${id}/satisfaction`, { score: 7 });
      expect(badScore.status).toBe(400);
      expect(badScore.body.error.fields).toEqual([{ field: 'score', message: 'Elija un número del 1 al 5.' }]);
      const rated = await facilitator.post(`/api/cases/${id}/satisfaction`, { score: 4, comment: 'Cumplieron, aunque tarde.' });
      expect(rated.status).toBe(201);
      expect((rated.body as DialogueDto).satisfaction).toMatchObject({ score: 4, comment: 'Cumplieron, aunque tarde.' });
      expect((rated.body as DialogueDto).allowedActions).toMatchObject({ rate: false, reopen: true, postMessage: [] });
      const ratedTwice = await facilitator.post(`/api/cases/${id}/satisfaction`, { score: 1 });
      expect(ratedTwice.status).toBe(409);
      expect(ratedTwice.body.error.code).toBe('already_rated');
      expect((await dialogue(liaison, id)).satisfaction).toBeNull();

      const reopened = await facilitator.post(`/api/cases/${id}/reopen`, { reason: 'Volvieron a meter máquinas por el otro lado del cerro.' });
      expect(reopened.status).toBe(200);
      expect(await caseStatus(id)).toBe('in_dialogue');
      expect((reopened.body as DialogueDto).messages.slice(-1)[0]).toMatchObject({
        kind: 'case_reopened',
        data: { to: 'in_dialogue', reason: 'Volvieron a meter máquinas por el otro lado del cerro.' },
      });
      const kinds = (reopened.body as DialogueDto).messages.map((m) => m.kind).filter((k) => k !== 'message');
      expect(kinds).toEqual([
        'agreement_proposed',
        'agreement_rejected',
        'agreement_proposed',
        'agreement_proposed',
        'agreement_accepted',
        'agreement_accepted',
        'agreement_in_force',
        'commitment_reported',
        'commitment_reported',
        'commitment_confirmed',
        'commitment_disputed',
        'commitment_verified',
        'commitment_verified',
        'case_resolved',
        'satisfaction_recorded',
        'case_reopened',
      ]);
      // The company never sees the complainant's rating in the thread.
      expect((await dialogue(liaison, id)).messages.map((m) => m.kind)).not.toContain('satisfaction_recorded');
    });

    it('When the ombudsman proposes during mediation and the complainant rejects, Then the case returns to mediation', async () => {
      const id = await caseMovedAgo('start_mediation');
      const [complainant, ombudsman] = await loginAll(server, cast.complainant.email, cast.ombudsman.email);
      expect((await dialogue(ombudsman, id)).ledByOmbudsman).toBe(true);
      const proposed = await ombudsman.post(`/api/cases/${id}/agreements`, {
        text: 'La empresa construye el patio prometido y conecta el agua.',
        commitments: [{ owner: 'company', description: 'Conectar el agua al lote', dueOn: '2027-02-28' }],
      });
      expect(proposed.status).toBe(201);
      expect((proposed.body as DialogueDto).agreements[0]).toMatchObject({ duringMediation: true, proposedByRole: 'ombudsman' });
      const agreementId = (proposed.body as DialogueDto).agreements[0]!.id;
      expect((await complainant.post(`/api/cases/${id}/agreements/${agreementId}/reject`, { reason: 'Falta el patio para las gallinas.' })).status).toBe(200);
      expect(await caseStatus(id)).toBe('in_mediation');
    });
  });

  describe('reopening', () => {
    it('When the appeal window has passed, Then reopening is refused with a translated 409 and the case stays as it was', async () => {
      const id = await caseMovedAgo('resolve', 100);
      const complainant = await server.loginAs(cast.complainant.email);
      expect((await dialogue(complainant, id)).allowedActions.reopen).toBe(false);
      const res = await complainant.post(`/api/cases/${id}/reopen`, { reason: 'La cerca se volvió a caer.' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('appeal_window_passed');
      expect(res.body.error.message).toMatch(/^El plazo para reabrir este caso era de 30 días y terminó el 2026-09-11\./);
      expect(await caseStatus(id)).toBe('resolved');
    });

    it('When a closed case is reopened within the window into mediation, Then it goes there; with a shorter window it could not', async () => {
      const id = await caseMovedAgo('close_unresolved', 20);
      const facilitator = await server.loginAs(cast.facilitator.email);
      const view = await dialogue(facilitator, id);
      expect(view.allowedActions.reopen).toBe(true);
      expect(view.reopenUntil).toBe('2026-11-30');
      // The window is the mechanism's setting: shortened to 5 days, this closure (20 days ago) is past it.
      await server.db.query('UPDATE mechanisms SET appeal_window_days = 5');
      try {
        const late = await facilitator.post(`/api/cases/${id}/reopen`, { reason: 'Siguen apareciendo peces muertos.', to: 'in_mediation' });
        expect(late.status).toBe(409);
        expect(late.body.error.message).toMatch(/^El plazo para reabrir este caso era de 5 días y terminó el 2026-11-05\./);
      } finally {
        await server.db.query('UPDATE mechanisms SET appeal_window_days = 30');
      }
      const wrongTarget = await facilitator.post(`/api/cases/${id}/reopen`, { reason: 'x', to: 'resolved' });
      expect(wrongTarget.status).toBe(400);
      const res = await facilitator.post(`/api/cases/${id}/reopen`, { reason: 'Siguen apareciendo peces muertos.', to: 'in_mediation' });
      expect(res.status).toBe(200);
      expect(await caseStatus(id)).toBe('in_mediation');
    });
  });
});
