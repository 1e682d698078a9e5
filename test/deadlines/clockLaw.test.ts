import { collect, connected, getTestServer, type TestClient, type TestServer, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { buildCase, buildCast, type BuiltCast } from '../factories';
import { join, message, settle } from '../dialogueFactory';
import { buildComplaintFor, fileComplaint } from '../intakeSupport';
import { runDeadlineSweep, type SweepResult } from '../../server/jobs/deadlineSweeper';
import type { CaseDeadlinesDto } from '../../shared/types/deadlines';
import type { DialogueDto, MessageDto } from '../../shared/types/dialogue';
import type { CaseDetailDto } from '../../shared/types/intake';
import type { NotificationListDto } from '../../shared/types/notifications';

// The fixture's clock starts on Friday 20 November 2026, 10:00 in Bogota (SEED_TIME).
const bogota = (date: string, time = '10:00') => new Date(`${date}T${time}:00-05:00`);
const onServer = Boolean(process.env.DATABASE_URL);
const QUESTION = '¿Puede enviar una foto de las grietas de la casa y decirnos desde qué fecha las ve?';

describe('The clock as Ley 1755 de 2015 writes it', () => {
  let server: TestServer;
  let second: TestServer | undefined;
  // The test's own mechanism: its terms and holidays change below.
  let cast: BuiltCast;
  beforeAll(async () => {
    server = await getTestServer();
    cast = await buildCast(server.app.ctx);
  });
  afterAll(async () => {
    await second?.close();
    await server.close();
  });

  const deadlinesOf = async (client: TestClient, caseId: string) => {
    const res = await client.get(`/api/cases/${caseId}/deadlines`);
    expect(res.status).toBe(200);
    return res.body as CaseDeadlinesDto;
  };
  const ask = (client: TestClient, caseId: string, question = QUESTION) => client.post(`/api/cases/${caseId}/information-requests`, { question });
  const events = (caseId: string, kind: string) =>
    server.db.query<{ actor_role: string; reason: string | null; data: Record<string, unknown>; to_status: string | null }>(
      'SELECT actor_role, reason, data, to_status FROM case_events WHERE case_id = $1 AND kind = $2 ORDER BY id',
      [caseId, kind],
    );
  // Addresses are ciphertext: opened as the sender opens them.
  const mails = async (template: string) =>
    (
      await server.db.query<{ sealId: string | null; recipientCiphertext: string | null; toAddress: string | null }>(
        `SELECT ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.template = $1 ORDER BY o.id`,
        [template],
      )
    ).map((r) => ({ to_address: openOutboxRow(r).to }));
  const notices = async (client: TestClient, caseId: string) =>
    ((await client.get('/api/notifications')).body as NotificationListDto).notifications.filter((n) => n.caseId === caseId);

  it('When a liaison tries to pause, Then 409 says to ask the complainant; asking stops the clock, and the complainant’s reply restarts it by itself, live', async () => {
    server.clock.set(bogota('2026-11-20'));
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    // Monday 23: the company needs something from the complainant.
    server.clock.set(bogota('2026-11-23'));
    const [liaison, complainant] = await Promise.all([server.loginAs(cast.liaison.email), server.loginAs(cast.complainant.email)]);
    const refused = await liaison.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'Esperamos información.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'clock_ombudsman_only', message: expect.stringContaining('pídasela formalmente') });
    expect((await liaison.post(`/api/cases/${filed.id}/deadlines/resume`, {})).status).toBe(409);
    expect((await deadlinesOf(liaison, filed.id)).allowedActions).toEqual(['request_information']);
    expect((await deadlinesOf(complainant, filed.id)).allowedActions).toEqual([]);

    const liaisonSocket = liaison.socket();
    try {
      await connected(liaisonSocket);
      expect(await join(liaisonSocket, filed.id)).toMatchObject({ ok: true });
      const changed = collect<{ caseId: string }>(liaisonSocket, 'cases.changed');
      const entries = collect<MessageDto>(liaisonSocket, 'case.message');

      expect((await ask(liaison, filed.id, '   ')).body.error.fields).toEqual([{ field: 'question', message: 'Este campo es obligatorio.' }]);
      const asked = await ask(liaison, filed.id);
      expect(asked.status).toBe(201);
      const waiting = asked.body as CaseDeadlinesDto;
      expect(waiting).toMatchObject({
        paused: true,
        pausedBy: 'information_request',
        // One month from Monday 23 November: Wednesday 23 December.
        informationRequest: { question: QUESTION, askedByRole: 'liaison', lapsesOn: '2026-12-23' },
        allowedActions: [],
      });
      expect((await ask(liaison, filed.id)).body.error.code).toBe('information_request_open');
      // The complainant reads it in the thread, gets a notice with the last day, and an e-mail.
      const thread = ((await complainant.get(`/api/cases/${filed.id}/dialogue`)).body as DialogueDto).messages;
      expect(thread.at(-1)).toMatchObject({ kind: 'information_requested', authorRole: 'liaison', data: { question: QUESTION, lapsesOn: '2026-12-23' } });
      expect(await notices(complainant, filed.id)).toEqual([
        expect.objectContaining({ kind: 'information_requested', data: { reference: filed.reference, dueOn: '2026-12-23' } }),
      ]);
      expect(await mails('information_requested')).toEqual([{ to_address: cast.complainant.email }]);
      expect(await events(filed.id, 'cases.information_requested')).toEqual([
        expect.objectContaining({
          actor_role: 'liaison',
          reason: QUESTION,
          data: expect.objectContaining({ lapsesOn: '2026-12-23', pausedStages: ['acknowledge'] }),
        }),
      ]);

      // Wednesday 25 was the acknowledgement's due date: the clock stands still, nothing escalates.
      server.clock.set(bogota('2026-11-26'));
      await runDeadlineSweep(server.app.ctx);
      expect(await events(filed.id, 'cases.escalated')).toEqual([]);

      // Thursday 26 the complainant answers in the thread: the clock runs again without anyone pressing anything.
      const answering = await server.loginAs(cast.complainant.email);
      expect((await answering.post(`/api/cases/${filed.id}/messages`, message('Ya subí las fotos; las grietas aparecieron el 2 de noviembre.'))).status).toBe(
        201,
      );
      const resumed = await deadlinesOf(answering, filed.id);
      // Stopped after Monday 23; Tuesday 24 to Thursday 26 did not count: due Monday 30 instead of Wednesday 25.
      expect(resumed).toMatchObject({ paused: false, pausedBy: null, informationRequest: null });
      expect(resumed.deadlines.find((d) => d.state === 'open')).toMatchObject({
        stage: 'acknowledge',
        dueOn: '2026-11-30',
        pausedBusinessDays: 3,
        businessDaysLeft: 2,
      });
      expect(await events(filed.id, 'cases.information_answered')).toEqual([
        expect.objectContaining({
          actor_role: 'complainant',
          data: expect.objectContaining({ deadlines: [{ stage: 'acknowledge', dueOn: '2026-11-30', pausedBusinessDays: 3 }] }),
        }),
      ]);
      // The company's open page heard it: the case changed and the thread says the clock runs again.
      await settle(liaisonSocket);
      expect(changed.filter((c) => c.caseId === filed.id).length).toBeGreaterThanOrEqual(2);
      expect(entries.map((e) => e.kind)).toEqual(['information_requested', 'message', 'information_answered']);
      expect(entries.at(-1)!.data).toEqual({ deadlines: [{ stage: 'acknowledge', dueOn: '2026-11-30', pausedBusinessDays: 3 }] });
      expect((await deadlinesOf(await server.loginAs(cast.liaison.email), filed.id)).allowedActions).toEqual(['request_information']);
    } finally {
      liaisonSocket.close();
    }

    // Another company's liaison and a visitor: the same 404 as a missing case, and 401.
    const other = await server.loginAs(cast.otherLiaison.email);
    const missing = await ask(other, '00000000-0000-4000-8000-000000000000');
    const foreign = await ask(other, filed.id);
    expect([foreign.status, foreign.body]).toEqual([404, missing.body]);
    expect((await ask(await server.client(), filed.id)).status).toBe(401);
    expect((await ask(await server.loginAs(cast.complainant.email), filed.id)).body.error.code).toBe('information_request_not_allowed');
  }, 90_000);

  it('When an anonymous complainant is asked, Then the tracking session reads the question and its reply with the receipt key restarts the clock', async () => {
    server.clock.set(bogota('2026-11-20'));
    const phone = await server.client();
    const anonymous = { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' } as const;
    const filed = await fileComplaint(phone, await buildComplaintFor(server, cast.mechanism, cast.company.id, anonymous), cast.mechanism.slug);
    const liaison = await server.loginAs(cast.liaison.email);
    expect((await ask(liaison, filed.caseId)).status).toBe(201);

    const seen = await deadlinesOf(phone, filed.caseId);
    expect(seen).toMatchObject({ paused: true, informationRequest: { question: QUESTION, lapsesOn: '2026-12-21' }, allowedActions: [] });
    // Nobody to notify: an anonymous complainant looks with their receipt key.
    expect(await server.db.query(`SELECT id FROM notifications WHERE case_id = $1 AND kind = 'information_requested'`, [filed.caseId])).toEqual([]);
    expect((await phone.post(`/api/cases/${filed.caseId}/messages`, message('Las grietas empezaron después de la voladura del 2 de noviembre.'))).status).toBe(
      201,
    );
    expect(await deadlinesOf(phone, filed.caseId)).toMatchObject({ paused: false, informationRequest: null });
    expect((await events(filed.caseId, 'cases.information_answered'))[0]).toMatchObject({ actor_role: 'anonymous' });
  }, 90_000);

  it('When the complainant never answers, Then a month later the sweeper closes the case as withdrawn exactly once, with history, thread and notice', async () => {
    server.clock.set(bogota('2026-11-23'));
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect((await ask(ombudsman, filed.id, '¿En qué vereda queda exactamente la casa?')).status).toBe(201);

    // The last day to answer is Wednesday 23 December; until it ends nothing happens.
    server.clock.set(bogota('2026-12-23', '23:59'));
    expect((await runDeadlineSweep(server.app.ctx)).withdrawn).toBe(0);
    expect((await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [filed.id])).status).toBe('received');

    // Two instances sweep at once after it passed (two servers on one PostgreSQL; two loops on the embedded one).
    if (onServer) second = await getTestServer({ shareDatabaseWith: server });
    const after = bogota('2026-12-24', '00:30');
    server.clock.set(after);
    second?.clock.set(after);
    const results: SweepResult[] = await Promise.all([server.app.ctx, (second ?? server).app.ctx].map((ctx) => runDeadlineSweep(ctx)));
    expect(results.reduce((n, r) => n + r.withdrawn, 0)).toBe(1);
    expect((await runDeadlineSweep(server.app.ctx)).withdrawn).toBe(0);

    expect(await events(filed.id, 'cases.deem_withdrawn')).toEqual([
      expect.objectContaining({
        actor_role: 'system',
        to_status: 'withdrawn',
        data: expect.objectContaining({ askedOn: '2026-11-23', lapsesOn: '2026-12-23' }),
      }),
    ]);
    expect(await server.db.query('SELECT closed_how FROM information_requests WHERE case_id = $1', [filed.id])).toEqual([{ closed_how: 'lapsed' }]);
    expect(await server.db.query('SELECT stage FROM case_deadlines WHERE case_id = $1 AND satisfied_at IS NULL AND cancelled_at IS NULL', [filed.id])).toEqual(
      [],
    );
    const complainant = await server.loginAs(cast.complainant.email);
    const detail = (await complainant.get(`/api/cases/${filed.id}`)).body as CaseDetailDto;
    expect(detail.status).toBe('withdrawn');
    expect(detail.history.at(-1)).toMatchObject({ kind: 'cases.deem_withdrawn', actorRole: 'system' });
    const thread = ((await complainant.get(`/api/cases/${filed.id}/dialogue`)).body as DialogueDto).messages;
    expect(thread.at(-1)).toMatchObject({ kind: 'information_lapsed', authorRole: 'system', data: expect.objectContaining({ lapsesOn: '2026-12-23' }) });
    expect((await notices(complainant, filed.id)).map((n) => n.kind)).toContain('information_lapsed');
    expect((await mails('information_lapsed')).map((m) => m.to_address)).toContain(cast.complainant.email);

    // The wait is the mechanism's to set: with two months, a request of Monday 23 November lapses on Saturday 23
    // January 2027, so on Monday 25.
    const admin = await server.loginAs(cast.admin.email);
    const policy = (await admin.get('/api/deadline-policy')).body.policy;
    const mechanismId = cast.mechanism.id;
    expect((await admin.put(`/api/admin/mechanisms/${mechanismId}/deadline-policy`, { ...policy, informationWaitMonths: 2 })).status).toBe(200);
    server.clock.set(bogota('2026-11-23'));
    const later = await buildCase(server.app.ctx, cast.filing);
    const longer = await ask(await server.loginAs(cast.ombudsman.email), later.id);
    expect(longer.body.informationRequest.lapsesOn).toBe('2027-01-25');
    expect((await admin.put(`/api/admin/mechanisms/${mechanismId}/deadline-policy`, policy)).status).toBe(200);
  }, 90_000);

  it('When an extension is announced before the due date, Then the complainant reads its reasons and new date in the thread, the history and a notice; after the due date it is refused', async () => {
    server.clock.set(bogota('2026-11-20'));
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const liaison = await server.loginAs(cast.liaison.email);
    const deadlineId = (await deadlinesOf(liaison, filed.id)).deadlines[0]!.id;
    const reason = 'La visita técnica a la vereda quedó para el jueves.';
    expect((await liaison.post(`/api/cases/${filed.id}/deadlines/${deadlineId}/extend`, { days: 2, reason })).status).toBe(200);

    const complainant = await server.loginAs(cast.complainant.email);
    const thread = ((await complainant.get(`/api/cases/${filed.id}/dialogue`)).body as DialogueDto).messages;
    expect(thread.at(-1)).toMatchObject({
      kind: 'deadline_extended',
      authorRole: 'liaison',
      data: { stage: 'acknowledge', days: 2, previousDueOn: '2026-11-25', dueOn: '2026-11-27', reason },
    });
    const history = ((await complainant.get(`/api/cases/${filed.id}`)).body as CaseDetailDto).history;
    expect(history.at(-1)).toMatchObject({ kind: 'deadlines.extended', reason });
    expect(await notices(complainant, filed.id)).toEqual([
      expect.objectContaining({ kind: 'deadlines.extended', data: expect.objectContaining({ dueOn: '2026-11-27' }) }),
    ]);
    expect((await mails('deadline_extended')).map((m) => m.to_address)).toContain(cast.complainant.email);

    // Saturday 28: the extended date has passed; an extension can no longer be announced.
    server.clock.set(bogota('2026-11-28'));
    const late = await (await server.loginAs(cast.liaison.email)).post(`/api/cases/${filed.id}/deadlines/${deadlineId}/extend`, { days: 1, reason: 'Tarde.' });
    expect([late.status, late.body.error.code]).toEqual([409, 'deadline_expired']);
  }, 90_000);

  it('When the ombudsman admits a case as a consultation or a request for documents, Then the company’s first answer is due in 30 or 10 business days instead of 15', async () => {
    server.clock.set(bogota('2026-11-20'));
    const admitAs = async (petitionKind?: string) => {
      const filed = await buildCase(server.app.ctx, cast.filing);
      const liaison = await server.loginAs(cast.liaison.email);
      expect((await liaison.post(`/api/cases/${filed.id}/transitions`, { action: 'acknowledge', petitionKind: 'documents' })).body.error.fields).toEqual([
        { field: 'petitionKind', message: 'El tipo de petición se elige al admitir el caso.' },
      ]);
      expect((await liaison.post(`/api/cases/${filed.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
      const ombudsman = await server.loginAs(cast.ombudsman.email);
      const admitted = await ombudsman.post(`/api/cases/${filed.id}/transitions`, { action: 'admit', ...(petitionKind ? { petitionKind } : {}) });
      expect(admitted.status).toBe(200);
      const body = await deadlinesOf(liaison, filed.id);
      return { kind: body.petitionKind, firstAnswer: body.deadlines.find((d) => d.stage === 'first_answer' && d.state === 'open')! };
    };
    // Admitted Friday 20 November: 15 business days → Monday 14 December (8 December is a holiday); 10 → Friday
    // 4 December; 30 → Wednesday 6 January 2027 (25 December and 1 January skipped; Epiphany moves to Monday 11).
    expect(await admitAs()).toMatchObject({ kind: 'general', firstAnswer: { baseDays: 15, dueOn: '2026-12-14' } });
    expect(await admitAs('consultation')).toMatchObject({ kind: 'consultation', firstAnswer: { baseDays: 30, dueOn: '2027-01-06' } });
    expect(await admitAs('documents')).toMatchObject({ kind: 'documents', firstAnswer: { baseDays: 10, dueOn: '2026-12-04' } });

    const filed = await buildCase(server.app.ctx, cast.filing);
    await (await server.loginAs(cast.liaison.email)).post(`/api/cases/${filed.id}/transitions`, { action: 'acknowledge' });
    const wrong = await (await server.loginAs(cast.ombudsman.email)).post(`/api/cases/${filed.id}/transitions`, { action: 'admit', petitionKind: 'urgent' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([{ field: 'petitionKind', message: 'El valor no es válido.' }]);
    expect((await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [filed.id])).status).toBe('acknowledged');
    // While the ombudsman decides admissibility the company owes nothing, so it cannot stop that clock by asking.
    expect((await ask(await server.loginAs(cast.liaison.email), filed.id)).body.error.code).toBe('information_request_status');
  }, 90_000);

  it('When the ombudsman does not admit a case, Then a referral deadline of 5 business days runs and escalates, and recording the referral meets it and tells the complainant who sent it where', async () => {
    server.clock.set(bogota('2026-11-20'));
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const to = 'Ministerio del Trabajo — Inspección de Valledupar';
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect(
      (await ombudsman.post(`/api/cases/${filed.id}/transitions`, { action: 'not_admit', reason: 'Es un conflicto laboral individual.', referral: { to } }))
        .status,
    ).toBe(200);
    const owed = await deadlinesOf(ombudsman, filed.id);
    expect(owed.referralTo).toBe(to);
    // Decided on Friday 20: five business days → Friday 27.
    const referral = owed.deadlines.find((d) => d.stage === 'referral')!;
    expect(referral).toMatchObject({ state: 'open', responsible: 'ombudsman', dueOn: '2026-11-27', allowedActions: ['record_referral'] });
    // The referral runs on after the case closed: nobody can pause it.
    expect(owed.allowedActions).toEqual([]);
    expect((await ombudsman.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'Esperar.' })).body.error.code).toBe('case_closed');

    const [liaison, complainant, other] = await Promise.all([
      server.loginAs(cast.liaison.email),
      server.loginAs(cast.complainant.email),
      server.loginAs(cast.otherLiaison.email),
    ]);
    const record = (client: TestClient, body: unknown = { note: 'Oficio DPC-2026-118' }) => client.post(`/api/cases/${filed.id}/referral`, body);
    expect((await record(liaison)).body.error.code).toBe('action_not_allowed');
    expect((await record(complainant)).status).toBe(409);
    const missing = await other.post('/api/cases/00000000-0000-4000-8000-000000000000/referral', {});
    expect([(await record(other)).status, (await record(other)).body]).toEqual([404, missing.body]);
    expect((await record(await server.client())).status).toBe(401);
    expect((await record(ombudsman, { note: 7 })).body.error.fields[0].field).toBe('note');

    // Missed: it escalates like any other deadline.
    server.clock.set(bogota('2026-11-30'));
    await runDeadlineSweep(server.app.ctx);
    expect(await events(filed.id, 'cases.escalated')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ stage: 'referral', dueOn: '2026-11-27' }) }),
    ]);

    const late = await server.loginAs(cast.ombudsman.email);
    const done = await record(late);
    expect(done.status).toBe(200);
    expect((done.body as CaseDeadlinesDto).deadlines.find((d) => d.stage === 'referral')).toMatchObject({ state: 'satisfied', allowedActions: [] });
    expect((await record(late)).body.error.code).toBe('referral_not_due');
    expect(await events(filed.id, 'cases.referral_sent')).toEqual([
      expect.objectContaining({ actor_role: 'ombudsman', data: expect.objectContaining({ referral: { to, note: 'Oficio DPC-2026-118' } }) }),
    ]);
    const reader = await server.loginAs(cast.complainant.email);
    const history = ((await reader.get(`/api/cases/${filed.id}`)).body as CaseDetailDto).history;
    expect(history.at(-1)).toMatchObject({ kind: 'cases.referral_sent', actorRole: 'ombudsman', referral: { to, note: 'Oficio DPC-2026-118' } });
    expect((await notices(reader, filed.id)).map((n) => n.kind)).toContain('referral_sent');
    expect((await mails('referral_sent')).map((m) => m.to_address)).toContain(cast.complainant.email);
  }, 90_000);

  it('When the calendar changes while the complainant is asked, Then the stopped clock keeps its days left, the last day to answer moves to the next business day, and the history says both', async () => {
    // Filed Friday 20 November (acknowledgement due Wednesday 25); asked Monday 23, so stopped with 2 business
    // days left, and the complainant has until Wednesday 23 December.
    server.clock.set(bogota('2026-11-20'));
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    server.clock.set(bogota('2026-11-23'));
    expect((await ask(await server.loginAs(cast.liaison.email), filed.id)).status).toBe(201);
    const clock = async () => deadlinesOf(await server.loginAs(cast.liaison.email), filed.id);

    // Wednesday 2 December, the clock still stopped: the department declares Tuesday 24 November a holiday after
    // the fact. The stored date had passed, but a stopped clock has not expired: it is recounted, and since the
    // day fell while it stood still, it keeps its 2 days left.
    server.clock.set(bogota('2026-12-02'));
    const admin = await server.loginAs(cast.admin.email);
    expect(
      (await admin.post(`/api/admin/mechanisms/${cast.mechanism.id}/holidays`, { date: '2026-11-24', kind: 'added', reason: 'Decreto departamental 77' }))
        .status,
    ).toBe(201);
    expect((await clock()).deadlines.find((d) => d.state === 'open')).toMatchObject({
      stage: 'acknowledge',
      paused: true,
      dueOn: '2026-11-26',
      businessDaysLeft: 2,
    });

    // A law makes Wednesday 23 December a national holiday: the month to answer ends on the next business day.
    const national = { date: '2026-12-23', kind: 'added', name: 'Día de la memoria minera', law: 'Ley 2612 de 2026' };
    expect((await admin.post('/api/admin/national-holidays', national)).status).toBe(201);
    expect((await clock()).informationRequest).toMatchObject({ lapsesOn: '2026-12-24' });
    const complainant = await server.loginAs(cast.complainant.email);
    const history = ((await complainant.get(`/api/cases/${filed.id}`)).body as CaseDetailDto).history.filter((e) => e.kind === 'deadlines.recalculated');
    expect(history.map((e) => [e.reason, e.calendarChange])).toEqual([
      [
        'Decreto departamental 77',
        {
          scope: 'mechanism',
          date: '2026-11-24',
          kind: 'added',
          undone: false,
          deadlines: [{ stage: 'acknowledge', previousDueOn: '2026-11-25', dueOn: '2026-11-26' }],
        },
      ],
      [
        'Ley 2612 de 2026',
        {
          scope: 'national',
          date: '2026-12-23',
          kind: 'added',
          undone: false,
          deadlines: [],
          informationRequest: { previousLapsesOn: '2026-12-23', lapsesOn: '2026-12-24' },
        },
      ],
    ]);

    // Thursday 24: the sweeper leaves the case alone, since the complainant still has today.
    server.clock.set(bogota('2026-12-24'));
    await runDeadlineSweep(server.app.ctx);
    expect((await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [filed.id])).status).toBe('received');
    // Undoing the law that day would bring the last day back to yesterday: it stays today instead.
    expect((await (await server.loginAs(cast.admin.email)).delete('/api/admin/national-holidays/2026-12-23')).status).toBe(200);
    expect((await clock()).informationRequest).toMatchObject({ lapsesOn: '2026-12-24' });

    // The answer restarts the clock with the 2 days it had: Monday 28 and Tuesday 29 (Friday 25 is Christmas).
    expect(
      (await (await server.loginAs(cast.complainant.email)).post(`/api/cases/${filed.id}/messages`, message('La casa queda en la vereda La Victoria.'))).status,
    ).toBe(201);
    expect(await clock()).toMatchObject({ paused: false, informationRequest: null });
    expect((await clock()).deadlines.find((d) => d.state === 'open')).toMatchObject({ stage: 'acknowledge', dueOn: '2026-12-29', businessDaysLeft: 2 });
  }, 90_000);
});
