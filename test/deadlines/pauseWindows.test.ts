import type { TestClient, TestServer } from '../support';
import { buildCase, onCastServer, type BuiltCast } from '../factories';
import { recalculations } from '../deadlineSupport';
import { message } from '../dialogueFactory';
import type { CaseDeadlinesDto } from '../../shared/types/deadlines';

// The fixture's clock starts on Friday 20 November 2026, 10:00 in Bogota (SEED_TIME).
const bogota = (date: string, time = '10:00') => new Date(`${date}T${time}:00-05:00`);
const NATIONAL = '/api/admin/national-holidays';

/** The open deadline of a case, as `client` reads it. */
async function openDeadline(client: TestClient, caseId: string) {
  const res = await client.get(`/api/cases/${caseId}/deadlines`);
  expect(res.status).toBe(200);
  return (res.body as CaseDeadlinesDto).deadlines.find((d) => d.state === 'open')!;
}

describe('A holiday declared on a day the clock stood still', () => {
  // A mechanism of each test's own (its calendar changes), with its company, complainant, officer and admin.
  let server: TestServer;
  let cast: BuiltCast;
  onCastServer('each', (s, c) => ((server = s), (cast = c)));

  /**
   * Two cases filed Friday 20 November (acknowledgement due Wednesday 25: 23, 24, 25) whose clocks stop on
   * Monday 23 (that day had run: 2 business days left) and restart on Monday 30, one paused and resumed by
   * the ombudsman, the other by an information request the complainant answers. Each stood still 24, 25, 26,
   * 27 and 30 November: due Wednesday 2 December (1 and 2 December are its 2 days left).
   */
  async function pausedFromTheTwentyThirdToTheThirtieth() {
    const filing = { ...cast.filing, complainantId: cast.complainant.id };
    const paused = await buildCase(server.app.ctx, filing);
    const asked = await buildCase(server.app.ctx, filing);
    server.clock.set(bogota('2026-11-23'));
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect((await ombudsman.post(`/api/cases/${paused.id}/deadlines/pause`, { reason: 'Se espera la visita técnica a la vereda.' })).status).toBe(200);
    const question = '¿Desde qué fecha ve las grietas en la casa?';
    expect((await (await server.loginAs(cast.liaison.email)).post(`/api/cases/${asked.id}/information-requests`, { question })).status).toBe(201);
    server.clock.set(bogota('2026-11-30'));
    expect((await (await server.loginAs(cast.ombudsman.email)).post(`/api/cases/${paused.id}/deadlines/resume`, {})).status).toBe(200);
    expect((await (await server.loginAs(cast.complainant.email)).post(`/api/cases/${asked.id}/messages`, message('Desde el 2 de noviembre.'))).status).toBe(
      201,
    );
    const reader = await server.loginAs(cast.ombudsman.email);
    for (const c of [paused, asked]) {
      expect(await openDeadline(reader, c.id)).toMatchObject({
        stage: 'acknowledge',
        paused: false,
        dueOn: '2026-12-02',
        pausedBusinessDays: 5,
        businessDaysLeft: 2,
      });
    }
    return { paused, asked };
  }

  it('When an admin records a national holiday on a day inside a pause that has ended, Then the due date does not move and the history claims no move; undoing it neither; a holiday after the pause still moves it by one', async () => {
    const { paused, asked } = await pausedFromTheTwentyThirdToTheThirtieth();
    // Each stop and restart is kept as the deadline's pause window.
    const windows = await server.db.query<{ caseId: string; pausedOn: string; resumedOn: string; businessDays: number }>(
      `SELECT d.case_id AS "caseId", p.paused_on AS "pausedOn", p.resumed_on AS "resumedOn", p.business_days AS "businessDays"
       FROM deadline_pauses p JOIN case_deadlines d ON d.id = p.deadline_id WHERE d.case_id = ANY($1::uuid[]) ORDER BY d.case_id = $2`,
      [[paused.id, asked.id], asked.id],
    );
    expect(windows).toEqual([
      { caseId: paused.id, pausedOn: '2026-11-23', resumedOn: '2026-11-30', businessDays: 5 },
      { caseId: asked.id, pausedOn: '2026-11-23', resumedOn: '2026-11-30', businessDays: 5 },
    ]);

    // Tuesday 1 December: a decree declares Thursday 26 November, while both clocks stood still, a day of
    // national mourning. The clocks did not run that day either way: 2 December stays, 1 business day ahead.
    server.clock.set(bogota('2026-12-01'));
    const admin = await server.loginAs(cast.admin.email);
    expect((await admin.post(NATIONAL, { date: '2026-11-26', kind: 'added', name: 'Duelo nacional', law: 'Decreto 2140 de 2026' })).status).toBe(201);
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    for (const c of [paused, asked]) {
      expect(await openDeadline(ombudsman, c.id)).toMatchObject({ dueOn: '2026-12-02', pausedBusinessDays: 4, businessDaysLeft: 1 });
      expect(await recalculations(ombudsman, c.id)).toEqual([]);
    }

    // Undone (the day is a business day again): the clocks stood still on it, so nothing moves either.
    expect((await admin.delete(`${NATIONAL}/2026-11-26`)).status).toBe(200);
    for (const c of [paused, asked]) {
      expect(await openDeadline(ombudsman, c.id)).toMatchObject({ dueOn: '2026-12-02', pausedBusinessDays: 5, businessDaysLeft: 1 });
      expect(await recalculations(ombudsman, c.id)).toEqual([]);
    }

    // Wednesday 2 December, after the pause and inside the term, becomes a holiday: one day later, and the history says so.
    expect((await admin.post(NATIONAL, { date: '2026-12-02', kind: 'added', name: 'Día cívico', law: 'Decreto 2141 de 2026' })).status).toBe(201);
    for (const c of [paused, asked]) {
      expect(await openDeadline(ombudsman, c.id)).toMatchObject({ dueOn: '2026-12-03', pausedBusinessDays: 5, businessDaysLeft: 1 });
      expect((await recalculations(ombudsman, c.id)).map((e) => [e.reason, e.calendarChange])).toEqual([
        [
          'Decreto 2141 de 2026',
          {
            scope: 'national',
            date: '2026-12-02',
            kind: 'added',
            undone: false,
            deadlines: [{ stage: 'acknowledge', previousDueOn: '2026-12-02', dueOn: '2026-12-03' }],
          },
        ],
      ]);
    }
  }, 120_000);

  it('When a deadline was paused and resumed before its pauses were kept (no window), Then its stored paused days stay as they were and the day moves it as before', async () => {
    const { paused, asked } = await pausedFromTheTwentyThirdToTheThirtieth();
    // What a deadline resumed before migration 0022 holds: the count, no window.
    await server.db.query('DELETE FROM deadline_pauses WHERE deadline_id IN (SELECT id FROM case_deadlines WHERE case_id = $1)', [paused.id]);

    server.clock.set(bogota('2026-12-01'));
    expect(
      (
        await (
          await server.loginAs(cast.admin.email)
        ).post(NATIONAL, { date: '2026-11-26', kind: 'added', name: 'Duelo nacional', law: 'Decreto 2140 de 2026' })
      ).status,
    ).toBe(201);
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    // 5 stored days, counted over a calendar without the holiday: 23, 24, 25, 27, 30, 1, 2, 3.
    expect(await openDeadline(ombudsman, paused.id)).toMatchObject({ dueOn: '2026-12-03', pausedBusinessDays: 5 });
    expect((await recalculations(ombudsman, paused.id)).map((e) => e.calendarChange!.deadlines)).toEqual([
      [{ stage: 'acknowledge', previousDueOn: '2026-12-02', dueOn: '2026-12-03' }],
    ]);
    // The case whose window is kept does not move.
    expect(await openDeadline(ombudsman, asked.id)).toMatchObject({ dueOn: '2026-12-02', pausedBusinessDays: 4 });
  }, 120_000);
});
