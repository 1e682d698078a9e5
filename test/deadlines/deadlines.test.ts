import { DEMO, collect, connected, type TestServer, emailIndex, openEmails, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { buildCase, onCastServer, buildUser, type BuiltCast } from '../factories';
import { createGuajira } from '../secondMechanism';
import { ABOUT, demoCaseId, settle } from '../dialogueFactory';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import { DEFAULT_DEADLINE_POLICY } from '../../server/repositories/deadlines';
import type { CaseListDto, CaseSummaryDto } from '../../shared/types/api';
import type { CaseDeadlinesDto, DeadlinePolicyInfoDto } from '../../shared/types/deadlines';
import type { NotificationDto, NotificationListDto } from '../../shared/types/notifications';

// The fixture's clock starts on Friday 20 November 2026, 10:00 in Bogota (SEED_TIME).
const bogota = (date: string, time = '10:00') => new Date(`${date}T${time}:00-05:00`);

describe('Deadlines in Colombian business days', () => {
  let server: TestServer;
  let cast: BuiltCast;
  onCastServer('each', (s, c) => {
    server = s;
    cast = c;
  });

  async function queueRow(email: string, caseId: string): Promise<CaseSummaryDto> {
    const client = await server.loginAs(email);
    const res = await client.get('/api/cases?limit=500');
    expect(res.status).toBe(200);
    const row = (res.body as CaseListDto).cases.find((c) => c.id === caseId);
    expect(row).toBeDefined();
    return row!;
  }

  async function events(caseId: string, kind: string) {
    return server.db.query<{ kind: string; actor_role: string; reason: string | null; data: Record<string, unknown> }>(
      'SELECT kind, actor_role, reason, data FROM case_events WHERE case_id = $1 AND kind = $2 ORDER BY id',
      [caseId, kind],
    );
  }

  async function noticesOf(caseId: string, kind: string) {
    const rows = await server.db.query<{ id: string; email: string }>(
      'SELECT u.id, u.email_ciphertext AS email FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = $1 AND n.kind = $2',
      [caseId, kind],
    );
    return openEmails(rows).map((email) => ({ email }));
  }

  it('When a case is filed on a Friday, Then every party sees the acknowledgement due three business days later', async () => {
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const expected = { stage: 'acknowledge', dueOn: '2026-11-25', businessDaysLeft: 3, responsible: 'company', paused: false };
    expect((await queueRow(cast.liaison.email, filed.id)).deadline).toEqual(expected);
    expect((await queueRow(cast.complainant.email, filed.id)).deadline).toEqual(expected);
    server.clock.set(bogota('2026-11-25', '18:00'));
    expect((await queueRow(cast.ombudsman.email, filed.id)).deadline!.businessDaysLeft).toBe(0);
    server.clock.set(bogota('2026-11-30'));
    expect((await queueRow(cast.ombudsman.email, filed.id)).deadline!.businessDaysLeft).toBe(-3);
  });

  it('When a case has no company yet, Then the ombudsman must acknowledge it', async () => {
    const filed = await buildCase(server.app.ctx, { mechanismId: cast.mechanism.id, company: null });
    expect((await queueRow(cast.ombudsman.email, filed.id)).deadline).toMatchObject({ stage: 'acknowledge', responsible: 'ombudsman' });
  });

  it('When the acknowledgement deadline passes, Then the case escalates exactly once, with history and notices', async () => {
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const liaison = await server.loginAs(cast.liaison.email);
    const complainant = await server.loginAs(cast.complainant.email);
    const otherCompany = await server.loginAs(cast.otherLiaison.email);
    const sockets = [liaison.socket(), complainant.socket(), otherCompany.socket()];
    try {
      await Promise.all(sockets.map(connected));
      const [liaisonSocket, complainantSocket, otherSocket] = sockets;
      const overheard = collect<NotificationDto>(otherSocket!, 'notifications.new');
      const liaisonHeard = collect<NotificationDto>(liaisonSocket!, 'notifications.new');

      // Tuesday: one business day before the Wednesday deadline, the company is reminded.
      server.clock.set(bogota('2026-11-24', '08:00'));
      await runDeadlineSweep(server.app.ctx);
      expect(await events(filed.id, 'deadlines.reminder')).toHaveLength(1);
      expect((await noticesOf(filed.id, 'deadlines.reminder')).map((n) => n.email)).toEqual([cast.liaison.email]);
      expect(await events(filed.id, 'cases.escalated')).toHaveLength(0);

      // Wednesday evening it is still due today.
      server.clock.set(bogota('2026-11-25', '23:59'));
      await runDeadlineSweep(server.app.ctx);
      expect(await events(filed.id, 'cases.escalated')).toHaveLength(0);

      // Thursday it has passed: two sweeps, one escalation.
      server.clock.set(bogota('2026-11-26', '00:01'));
      const complainantHeard = collect<NotificationDto>(complainantSocket!, 'notifications.new');
      const first = await runDeadlineSweep(server.app.ctx);
      const second = await runDeadlineSweep(server.app.ctx);
      expect(first.escalated).toBeGreaterThanOrEqual(1);
      expect(second).toEqual({ reminded: 0, escalated: 0, withdrawn: 0, skipped: 0, failed: 0 });

      const escalations = await events(filed.id, 'cases.escalated');
      expect(escalations).toHaveLength(1);
      expect(escalations[0]).toMatchObject({ actor_role: 'system', data: { stage: 'acknowledge', dueOn: '2026-11-25', fromLevel: 0, toLevel: 1 } });
      expect((await server.db.one<{ level: number }>('SELECT escalation_level AS level FROM cases WHERE id = $1', [filed.id])).level).toBe(1);
      expect((await noticesOf(filed.id, 'cases.escalated')).map((n) => n.email)).toEqual(
        [cast.ombudsman.email, cast.liaison.email, cast.complainant.email].sort(),
      );
      await settle(...sockets);
      expect(complainantHeard.filter((n) => n.caseId === filed.id)).toEqual([
        expect.objectContaining({ kind: 'cases.escalated', data: expect.objectContaining({ reference: filed.reference, toLevel: 1 }) }),
      ]);
      expect(liaisonHeard.filter((n) => n.caseId === filed.id).map((n) => n.kind)).toEqual(['deadlines.reminder', 'cases.escalated']);
      expect(overheard.filter((n) => n.caseId === filed.id)).toEqual([]);

      const row = await queueRow(cast.liaison.email, filed.id);
      expect(row.escalationLevel).toBe(1);
      expect(row.deadline).toMatchObject({ stage: 'acknowledge', businessDaysLeft: -1 });
    } finally {
      sockets.forEach((s) => s.close());
    }
  });

  it('When a commitment comes due, Then the one who owes it gets a commitment notice and e-mail, not a generic reminder', async () => {
    const roof = await demoCaseId(server, ABOUT.roof);
    // The roof agreement's first pending company commitment, and when its reminder falls.
    const due = await server.db.one<{ id: string; reminderAt: Date; dueAt: Date }>(
      `SELECT d.id, d.reminder_at AS "reminderAt", d.due_at AS "dueAt" FROM case_deadlines d JOIN commitments k ON k.id = d.commitment_id
       WHERE d.case_id = $1 AND k.owner = 'company' AND k.status = 'pending' AND d.satisfied_at IS NULL AND d.cancelled_at IS NULL
       ORDER BY d.due_at LIMIT 1`,
      [roof],
    );
    server.clock.set(new Date(due.reminderAt.getTime() + 60_000));
    expect(server.clock.now().getTime()).toBeLessThan(due.dueAt.getTime());
    await runDeadlineSweep(server.app.ctx);
    expect((await noticesOf(roof, 'commitment_due')).map((n) => n.email)).toEqual([DEMO.liaisonPerija]);
    expect(await noticesOf(roof, 'deadlines.reminder')).toEqual([]);
    // (The complainant side's commitment, due earlier, has passed by now and escalates instead.)
    const mails = await server.db.query<{ template: string; sealId: string | null; recipientCiphertext: string | null; toAddress: string | null }>(
      `SELECT o.template, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.data->>'path' = $1 AND o.template <> 'escalation'`,
      [`/casos/${roof}`],
    );
    expect(mails.map((m) => ({ to_address: openOutboxRow(m).to, template: m.template }))).toEqual([
      { to_address: DEMO.liaisonPerija, template: 'commitment_due' },
    ]);
    // The history records it as the deadline's reminder, with the stage saying what came due.
    expect(await events(roof, 'deadlines.reminder')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ deadlineId: due.id, stage: 'commitment' }) }),
    ]);
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const list: NotificationListDto = (await liaison.get('/api/notifications')).body;
    expect(list.notifications.find((n) => n.caseId === roof)).toMatchObject({ kind: 'commitment_due', read: false });
  });

  it('When a liaison turned off commitment e-mails, Then a commitment coming due reaches them in the app only', async () => {
    await server.db.query(`UPDATE users SET email_preferences = email_preferences || '{"commitment_due": false}'::jsonb WHERE email_index = $1`, [
      emailIndex(DEMO.liaisonPerija),
    ]);
    const roof = await demoCaseId(server, ABOUT.roof);
    const due = await server.db.one<{ reminderAt: Date }>(
      `SELECT d.reminder_at AS "reminderAt" FROM case_deadlines d JOIN commitments k ON k.id = d.commitment_id
       WHERE d.case_id = $1 AND k.owner = 'company' AND k.status = 'pending' AND d.satisfied_at IS NULL AND d.cancelled_at IS NULL ORDER BY d.due_at LIMIT 1`,
      [roof],
    );
    server.clock.set(new Date(due.reminderAt.getTime() + 60_000));
    await runDeadlineSweep(server.app.ctx);
    expect((await noticesOf(roof, 'commitment_due')).map((n) => n.email)).toEqual([DEMO.liaisonPerija]);
    expect(await server.db.query(`SELECT id FROM outbox WHERE template = 'commitment_due'`)).toEqual([]);
  });

  it('When the company acknowledges before the deadline, Then nothing escalates and the admissibility term starts', async () => {
    const filed = await buildCase(server.app.ctx, cast.filing);
    server.clock.set(bogota('2026-11-23'));
    const early = await server.loginAs(cast.liaison.email);
    expect((await early.post(`/api/cases/${filed.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    // Sessions idle out after 12 hours of the server's clock: log in again after each jump.
    server.clock.set(bogota('2026-11-27'));
    const liaison = await server.loginAs(cast.liaison.email);
    await runDeadlineSweep(server.app.ctx);
    expect(await events(filed.id, 'cases.escalated')).toHaveLength(0);
    expect(await events(filed.id, 'deadlines.reminder')).toHaveLength(0);

    const res = await liaison.get(`/api/cases/${filed.id}/deadlines`);
    expect(res.status).toBe(200);
    const body = res.body as CaseDeadlinesDto;
    expect(body.deadlines.map((d) => [d.stage, d.state, d.dueOn, d.responsible])).toEqual([
      ['acknowledge', 'satisfied', '2026-11-25', 'company'],
      // Started Monday 23: ten business days later is Monday 7 December (Tuesday 8 is a holiday, but comes after).
      ['admissibility', 'open', '2026-12-07', 'ombudsman'],
    ]);

    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect((await ombudsman.post(`/api/cases/${filed.id}/transitions`, { action: 'admit' })).status).toBe(200);
    const after = (await ombudsman.get(`/api/cases/${filed.id}/deadlines`)).body as CaseDeadlinesDto;
    expect(after.deadlines.filter((d) => d.state === 'open').map((d) => [d.stage, d.responsible, d.baseDays])).toEqual([
      ['first_answer', 'company', 15],
      ['agreement', 'parties', 45],
    ]);
  });

  it('When the clock is paused across a weekend and a holiday, Then the deadline moves by the paused business days only', async () => {
    // Filed Wednesday 2 December: due Monday 7 (Thursday 3, Friday 4, Monday 7).
    server.clock.set(bogota('2026-12-02'));
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });

    server.clock.set(bogota('2026-12-04'));
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const complainant = await server.loginAs(cast.complainant.email);
    // Only the ombudsman stops a clock with a reason; whoever else sees the case is told how it may stop.
    const refused = await complainant.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'x' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'clock_ombudsman_only']);
    const missingReason = await ombudsman.post(`/api/cases/${filed.id}/deadlines/pause`, {});
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.error.fields[0].field).toBe('reason');
    const paused = await ombudsman.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'Se pidió al peticionario una foto del daño.' });
    expect(paused.status).toBe(200);
    expect((paused.body as CaseDeadlinesDto).paused).toBe(true);
    expect((await ombudsman.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'otra vez' })).status).toBe(409);
    expect((await queueRow(cast.liaison.email, filed.id)).deadline).toMatchObject({ paused: true, businessDaysLeft: 1 });

    // Tuesday 8 is past the original due date, but the clock is stopped: nothing escalates.
    server.clock.set(bogota('2026-12-08'));
    await runDeadlineSweep(server.app.ctx);
    expect(await events(filed.id, 'cases.escalated')).toHaveLength(0);

    // Resumed Wednesday 9: Saturday, Sunday and the holiday of Tuesday 8 do not count; Monday 7 and Wednesday 9 do.
    server.clock.set(bogota('2026-12-09'));
    const liaison = await server.loginAs(cast.liaison.email);
    expect((await liaison.post(`/api/cases/${filed.id}/deadlines/resume`, {})).status).toBe(409);
    const officer = await server.loginAs(cast.ombudsman.email);
    const resumed = await officer.post(`/api/cases/${filed.id}/deadlines/resume`, {});
    expect(resumed.status).toBe(200);
    const deadline = (resumed.body as CaseDeadlinesDto).deadlines[0]!;
    expect(deadline).toMatchObject({ stage: 'acknowledge', paused: false, pausedBusinessDays: 2, dueOn: '2026-12-10', businessDaysLeft: 1 });
    expect((await officer.post(`/api/cases/${filed.id}/deadlines/resume`, {})).body.error.code).toBe('deadlines_not_paused');
    expect(await events(filed.id, 'deadlines.paused')).toEqual([
      expect.objectContaining({ actor_role: 'ombudsman', reason: 'Se pidió al peticionario una foto del daño.' }),
    ]);
    expect((await events(filed.id, 'deadlines.resumed'))[0]!.data).toEqual({
      deadlines: [{ stage: 'acknowledge', dueOn: '2026-12-10', pausedBusinessDays: 2 }],
    });

    server.clock.set(bogota('2026-12-11'));
    await runDeadlineSweep(server.app.ctx);
    expect(await events(filed.id, 'cases.escalated')).toHaveLength(1);
  });

  it("When an extension would go beyond double the original term, Then it is refused in the reader's language and nothing changes", async () => {
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const liaison = await server.loginAs(cast.liaison.email);
    const deadlineId = ((await liaison.get(`/api/cases/${filed.id}/deadlines`)).body as CaseDeadlinesDto).deadlines[0]!.id;
    const extend = (client: typeof liaison, body: unknown) => client.post(`/api/cases/${filed.id}/deadlines/${deadlineId}/extend`, body);

    const ok = await extend(liaison, { days: 2, reason: 'Necesitamos visitar la vereda con el área ambiental.' });
    expect(ok.status).toBe(200);
    expect((ok.body as CaseDeadlinesDto).deadlines[0]).toMatchObject({ dueOn: '2026-11-27', extendedDays: 2, extensionLeft: 1 });
    expect(await events(filed.id, 'deadlines.extended')).toEqual([
      expect.objectContaining({
        reason: 'Necesitamos visitar la vereda con el área ambiental.',
        data: expect.objectContaining({ days: 2, previousDueOn: '2026-11-25', dueOn: '2026-11-27' }),
      }),
    ]);
    expect((await noticesOf(filed.id, 'deadlines.extended')).map((n) => n.email)).toEqual([cast.complainant.email]);

    const tooLong = await extend(liaison, { days: 2, reason: 'Más tiempo.' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('deadline_extension_too_long');
    expect(tooLong.body.error.message).toContain('como máximo 1 día hábil más');
    expect(tooLong.body.error.fields).toEqual([{ field: 'days', message: expect.stringContaining('Como máximo 1 día hábil') }]);
    expect(((await liaison.get(`/api/cases/${filed.id}/deadlines`)).body as CaseDeadlinesDto).deadlines[0]!.dueOn).toBe('2026-11-27');

    expect((await extend(liaison, { days: 0, reason: 'x' })).body.error.fields[0].field).toBe('days');
    expect((await extend(liaison, { days: 1, reason: '' })).body.error.fields[0].field).toBe('reason');
    expect((await extend(liaison, { days: 1, reason: 'Último día posible.' })).status).toBe(200);
    expect((await extend(liaison, { days: 1, reason: 'Uno más.' })).status).toBe(400);

    const other = await server.loginAs(cast.otherLiaison.email);
    const foreign = await extend(other, { days: 1, reason: 'x' });
    const missing = await other.post(`/api/cases/${filed.id}/deadlines/00000000-0000-4000-8000-000000000000/extend`, { days: 1, reason: 'x' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect((await (await server.client()).post(`/api/cases/${filed.id}/deadlines/${deadlineId}/extend`, { days: 1, reason: 'x' })).status).toBe(401);
  });

  it('When the extension is refused for an English reader, Then the message is English', async () => {
    const filed = await buildCase(server.app.ctx, cast.filing);
    // Answers follow the account's language, so a liaison who reads English.
    const reader = await buildUser(server.app.ctx, { role: 'liaison', companyId: cast.company.id, language: 'en' });
    const liaison = await server.loginAs(reader.email, 'en');
    const deadlineId = ((await liaison.get(`/api/cases/${filed.id}/deadlines`)).body as CaseDeadlinesDto).deadlines[0]!.id;
    const res = await liaison.post(`/api/cases/${filed.id}/deadlines/${deadlineId}/extend`, { days: 4, reason: 'More time.' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'An extension cannot take the term beyond double the original (Ley 1755 de 2015, article 14). You may extend by at most 3 more business days.',
    );
  });

  it('When a deadline has passed, Then it can no longer be extended', async () => {
    const filed = await buildCase(server.app.ctx, cast.filing);
    const liaison = await server.loginAs(cast.liaison.email);
    const deadlineId = ((await liaison.get(`/api/cases/${filed.id}/deadlines`)).body as CaseDeadlinesDto).deadlines[0]!.id;
    server.clock.set(bogota('2026-11-26'));
    const late = await server.loginAs(cast.liaison.email);
    const res = await late.post(`/api/cases/${filed.id}/deadlines/${deadlineId}/extend`, { days: 1, reason: 'Tarde.' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('deadline_expired');
  });

  it('When nobody is logged in or another company asks, Then case deadlines answer 401 and the same 404 as a missing case', async () => {
    const filed = await buildCase(server.app.ctx, cast.filing);
    const visitor = await server.client();
    expect((await visitor.get(`/api/cases/${filed.id}/deadlines`)).status).toBe(401);
    expect((await visitor.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'x' })).status).toBe(401);
    expect((await visitor.post(`/api/cases/${filed.id}/deadlines/resume`, {})).status).toBe(401);
    const other = await server.loginAs(cast.otherLiaison.email);
    const foreign = await other.get(`/api/cases/${filed.id}/deadlines`);
    const missing = await other.get('/api/cases/00000000-0000-4000-8000-000000000000/deadlines');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const pause = await other.post(`/api/cases/${filed.id}/deadlines/pause`, { reason: 'x' });
    expect(pause.status).toBe(404);
    expect(pause.body).toEqual(missing.body);
    expect((await other.post(`/api/cases/${filed.id}/deadlines/resume`, {})).status).toBe(404);
  });
});

describe('Deadline policy and holidays', () => {
  let server: TestServer;
  let cast: BuiltCast;
  // The admin path of the test's own mechanism, whose terms and holidays these tests change.
  let ours: string;
  onCastServer('all', (s, c) => {
    server = s;
    cast = c;
    ours = `/api/admin/mechanisms/${c.mechanism.id}`;
  });

  const valid = { ...DEFAULT_DEADLINE_POLICY, acknowledgeDays: 5, reminderDaysBefore: 2 };

  it('When any party reads the rules, Then they see the defaults; without login the answer is 401', async () => {
    expect((await (await server.client()).get('/api/deadline-policy')).status).toBe(401);
    for (const email of [cast.complainant.email, cast.liaison.email, cast.ombudsman.email, cast.admin.email]) {
      const res = await (await server.loginAs(email)).get('/api/deadline-policy');
      expect(res.status).toBe(200);
      expect((res.body as DeadlinePolicyInfoDto).policy).toEqual(DEFAULT_DEADLINE_POLICY);
    }
    // The defaults are the law's: Ley 1755 de 2015, art. 14: general 15, documents and information 10,
    // consultations 30; art. 21: refer to the competent body within 5; art. 17: a month to answer a request.
    const law = { firstAnswerDays: 15, documentsAnswerDays: 10, consultationAnswerDays: 30, referralDays: 5, informationWaitMonths: 1 };
    expect(DEFAULT_DEADLINE_POLICY).toMatchObject({
      ...law,
      acknowledgeDays: 3,
      admissibilityDays: 10,
      agreementDays: 45,
      reminderDaysBefore: 1,
      appealDays: 30,
    });
    expect((await (await server.loginAs(cast.admin.email)).get(`${ours}/deadline-policy`)).body).toEqual(
      (await (await server.loginAs(cast.admin.email)).get('/api/deadline-policy')).body,
    );
  });

  it('When someone other than the admin tries to read or change the rules through the admin routes, Then the answer is 404 (401 without login) and nothing changes', async () => {
    for (const email of [cast.ombudsman.email, cast.liaison.email, cast.complainant.email]) {
      const client = await server.loginAs(email);
      expect((await client.get(`${ours}/deadline-policy`)).status).toBe(404);
      expect((await client.put(`${ours}/deadline-policy`, valid)).status).toBe(404);
      expect((await client.post(`${ours}/holidays`, { date: '2026-11-23', kind: 'added', reason: 'Decreto' })).status).toBe(404);
      expect((await client.delete(`${ours}/holidays/2026-11-23`)).status).toBe(404);
    }
    const visitor = await server.client();
    expect((await visitor.get(`${ours}/deadline-policy`)).status).toBe(401);
    expect((await visitor.put(`${ours}/deadline-policy`, valid)).status).toBe(401);
    expect((await visitor.post(`${ours}/holidays`, { date: '2026-11-23', kind: 'added', reason: 'Decreto' })).status).toBe(401);
    expect((await visitor.delete(`${ours}/holidays/2026-11-23`)).status).toBe(401);
    expect((await (await server.loginAs(cast.complainant.email)).get('/api/deadline-policy')).body).toEqual({
      policy: expect.objectContaining({ acknowledgeDays: 3 }),
      holidays: [],
    });
  });

  it('When the admin sends bad terms, Then each bad field is named and nothing changes', async () => {
    const admin = await server.loginAs(cast.admin.email);
    const res = await admin.put(`${ours}/deadline-policy`, { ...valid, acknowledgeDays: 0, agreementDays: 121, appealDays: 2.5, informationWaitMonths: 4 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'acknowledgeDays',
      'agreementDays',
      'appealDays',
      'informationWaitMonths',
    ]);
    expect(res.body.error.fields.find((f: { field: string }) => f.field === 'informationWaitMonths').message).toBe(
      'Escriba un número entero de meses entre 1 y 3.',
    );
    expect(res.body.error.fields[0].message).toBe('Escriba un número entero de días hábiles entre 1 y 120.');
    const reminder = await admin.put(`${ours}/deadline-policy`, { ...valid, reminderDaysBefore: 5 });
    expect(reminder.status).toBe(400);
    expect(reminder.body.error.fields).toEqual([{ field: 'reminderDaysBefore', message: expect.stringContaining('antes del vencimiento') }]);
    expect((await admin.get('/api/deadline-policy')).body.policy.acknowledgeDays).toBe(3);
  });

  it('When the admin changes a term and adds a holiday, Then the term applies only to stages that start afterwards and the holiday to every open deadline', async () => {
    const before = await buildCase(server.app.ctx, cast.filing);
    const admin = await server.loginAs(cast.admin.email);
    expect((await admin.put(`${ours}/deadline-policy`, valid)).status).toBe(200);
    const added = await admin.post(`${ours}/holidays`, { date: '2026-11-23', kind: 'added', reason: 'Decreto de duelo regional' });
    expect(added.status).toBe(201);
    expect((added.body as DeadlinePolicyInfoDto).holidays).toEqual([{ date: '2026-11-23', kind: 'added', reason: 'Decreto de duelo regional' }]);
    const after = await buildCase(server.app.ctx, cast.filing);

    const liaison = await server.loginAs(cast.liaison.email);
    const dueOf = async (id: string) => ((await liaison.get(`/api/cases/${id}/deadlines`)).body as CaseDeadlinesDto).deadlines[0]!;
    // The running stage keeps its term of 3 but not the old calendar: 24, 25, 26 (docs/deadlines.md).
    expect(await dueOf(before.id)).toMatchObject({ baseDays: 3, dueOn: '2026-11-26' });
    // Five business days from Friday 20, skipping the added Monday 23: 24, 25, 26, 27, 30.
    expect(await dueOf(after.id)).toMatchObject({ baseDays: 5, dueOn: '2026-11-30' });

    expect((await admin.post(`${ours}/holidays`, { date: '2026-11-24', kind: 'removed', reason: 'x' })).body.error.fields[0].field).toBe('date');
    expect((await admin.post(`${ours}/holidays`, { date: '2026-12-08', kind: 'added', reason: 'x' })).body.error.fields[0].field).toBe('date');
    expect((await admin.post(`${ours}/holidays`, { date: '2026-02-30', kind: 'added', reason: 'x' })).body.error.fields[0].field).toBe('date');
    expect((await admin.post(`${ours}/holidays`, { date: '2026-12-08', kind: 'removed', reason: 'Jornada acordada' })).status).toBe(201);
    expect((await admin.delete(`${ours}/holidays/2026-11-23`)).status).toBe(200);
    expect((await admin.delete(`${ours}/holidays/2026-11-23`)).status).toBe(404);
    expect((await admin.delete(`${ours}/holidays/23-11-2026`)).status).toBe(404);
    expect((await admin.get('/api/deadline-policy')).body.holidays).toEqual([{ date: '2026-12-08', kind: 'removed', reason: 'Jornada acordada' }]);
  });

  it('When an admin edits the terms of another mechanism, Then it works only for a mechanism they manage, and each mechanism keeps its own rules', async () => {
    const admin = await server.loginAs(cast.admin.email);
    const oursBefore = (await admin.get(`${ours}/deadline-policy`)).body as DeadlinePolicyInfoDto;
    // A mechanism the admin creates is one they manage.
    const guajira = `/api/admin/mechanisms/${await createGuajira(admin)}`;
    expect((await admin.get(`${guajira}/deadline-policy`)).body as DeadlinePolicyInfoDto).toEqual({
      policy: DEFAULT_DEADLINE_POLICY,
      holidays: [],
    });
    const terms = { ...valid, acknowledgeDays: 8 };
    expect(((await admin.put(`${guajira}/deadline-policy`, terms)).body as DeadlinePolicyInfoDto).policy).toEqual(terms);
    expect((await admin.post(`${guajira}/holidays`, { date: '2026-12-28', kind: 'added', reason: 'Decreto departamental' })).status).toBe(201);
    expect((await admin.get(`${guajira}/deadline-policy`)).body).toEqual({
      policy: terms,
      holidays: [{ date: '2026-12-28', kind: 'added', reason: 'Decreto departamental' }],
    });
    expect((await admin.get(`${ours}/deadline-policy`)).body).toEqual(oursBefore);

    // One the admin does not manage answers exactly like one that does not exist.
    const other = await server.db.one<{ id: string }>(
      `INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('otra', 'Otra', 'Otra', 'OTR') RETURNING id`,
    );
    const missing = '/api/admin/mechanisms/00000000-0000-4000-8000-000000000000';
    for (const base of [`/api/admin/mechanisms/${other.id}`, missing, '/api/admin/mechanisms/not-a-uuid']) {
      const answers = [
        await admin.get(`${base}/deadline-policy`),
        await admin.put(`${base}/deadline-policy`, terms),
        await admin.post(`${base}/holidays`, { date: '2026-12-28', kind: 'added', reason: 'Decreto' }),
        await admin.delete(`${base}/holidays/2026-12-28`),
      ];
      expect(answers.map((a) => [a.status, a.body])).toEqual(answers.map(() => [404, answers[0]!.body]));
    }
    expect(await server.db.query('SELECT * FROM deadline_policies WHERE mechanism_id = $1', [other.id])).toEqual([]);
    expect(await server.db.query('SELECT * FROM mechanism_holidays WHERE mechanism_id = $1', [other.id])).toEqual([]);
  });

  it('When the OpenAPI document is fetched, Then the admin deadline routes are described with the mechanism in the path and the shared schemas', async () => {
    const doc = (await (await server.client()).get('/api/openapi.json')).body;
    const policy = doc.paths['/api/admin/mechanisms/{mechanismId}/deadline-policy'];
    expect(Object.keys(policy).sort()).toEqual(['get', 'put']);
    expect(policy.put.parameters.map((p: { name: string }) => p.name)).toEqual(['mechanismId']);
    expect(policy.put.requestBody.content['application/json'].schema.properties.acknowledgeDays).toMatchObject({ minimum: 1, maximum: 120 });
    expect(Object.keys(doc.paths['/api/admin/mechanisms/{mechanismId}/holidays/{date}'])).toEqual(['delete']);
    expect(doc.paths['/api/admin/mechanisms/{mechanismId}/holidays'].post.responses['201']).toBeDefined();
    expect(doc.paths['/api/admin/deadline-policy']).toBeUndefined();
  });
});
