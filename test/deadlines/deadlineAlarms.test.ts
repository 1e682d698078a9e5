import { getTestServer, type TestServer } from '../support';
import { buildCaseIn } from '../factories';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import { closeDeadlines, pauseDeadlines, setDeadlineResponsible, updateDeadlineTiming, type DeadlineRow } from '../../server/repositories/deadlines';

// Filed on the fixture's Friday 20 November 2026: the acknowledgement is due Wednesday 25 (its reminder comes
// before), so by Thursday 26 every running one has passed.
const AFTER_DUE = new Date('2026-11-26T09:00:00-05:00');

/**
 * The deadlines whose alarm (migration 0090) is not what their row says it should be: a running deadline
 * (neither met, called off, paused nor escalated) has one, with its due time and its reminder time until it is
 * reminded; any other has none. Empty when the alarms are exact.
 */
async function wrongAlarms(server: TestServer): Promise<unknown[]> {
  return server.db.query(
    `WITH want AS (
       SELECT id, due_at, CASE WHEN reminded_at IS NULL THEN reminder_at END AS reminder_at FROM case_deadlines
       WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL
     )
     SELECT w.id AS wanted, a.deadline_id AS kept, w.due_at, a.due_at AS kept_due_at, w.reminder_at, a.reminder_at AS kept_reminder_at
     FROM want w FULL JOIN deadline_alarms a ON a.deadline_id = w.id
     WHERE (w.id, w.due_at, w.reminder_at) IS DISTINCT FROM (a.deadline_id, a.due_at, a.reminder_at)`,
  );
}

describe("The sweep's alarms: one per running deadline, kept by every change of a deadline", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await getTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('When deadlines are filed, paused, resumed, extended, handed over, met, called off, deleted, reminded and escalated, Then after each the alarms are exactly the running deadlines with their times, and the sweep acts on each once', async () => {
    const ctx = server.app.ctx;
    const cases = await ctx.db.transaction(async (tx) => Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => buildCaseIn(ctx, tx))));
    expect(await wrongAlarms(server)).toEqual([]);
    const deadlines = await server.db.query<DeadlineRow & { caseId: string }>(
      `SELECT id, case_id AS "caseId", due_on AS "dueOn", due_at AS "dueAt", reminder_at AS "reminderAt" FROM case_deadlines
       WHERE case_id = ANY($1::uuid[]) AND satisfied_at IS NULL AND cancelled_at IS NULL`,
      [cases],
    );
    const of = (i: number) => deadlines.find((d) => d.caseId === cases[i])!;
    expect(deadlines).toHaveLength(8);
    const alarms = await server.db.query<{ id: string }>('SELECT deadline_id AS id FROM deadline_alarms WHERE deadline_id = ANY($1::uuid[])', [
      deadlines.map((d) => d.id),
    ]);
    expect(alarms).toHaveLength(8);

    const at = new Date('2026-11-23T10:00:00-05:00');
    const later = new Date('2026-12-04T23:59:59-05:00');
    const step = async (work: Parameters<typeof ctx.db.transaction>[0]) => {
      await ctx.db.transaction(work);
      expect(await wrongAlarms(server)).toEqual([]);
    };
    // Paused: no alarm while the clock stands still.
    await step((tx) => pauseDeadlines(tx, [of(0).id, of(1).id], at));
    // Resumed later, with a new due date and reminder: the alarm is back with them.
    const resumed = {
      dueOn: '2026-12-04',
      dueAt: later,
      reminderAt: new Date('2026-12-03T00:00:00-05:00'),
      extendedDays: 0,
      pausedAt: null,
      pausedBusinessDays: 5,
      remindedAt: null,
    };
    await step((tx) => updateDeadlineTiming(tx, of(0).id, resumed));
    // Extended: the alarm moves with the due date.
    await step((tx) => updateDeadlineTiming(tx, of(2).id, { ...resumed, extendedDays: 2, pausedBusinessDays: 0 }));
    // Handed over to someone else: the alarm stays as it was.
    await step((tx) => setDeadlineResponsible(tx, of(3).id, 'ombudsman'));
    // Met, called off, deleted: gone.
    await step((tx) => closeDeadlines(tx, [of(4).id], 'satisfied', at));
    await step((tx) => closeDeadlines(tx, [of(5).id], 'cancelled', at));
    await step(async (tx) => {
      await tx.query('DELETE FROM case_deadlines WHERE id = $1', [of(6).id]);
    });

    // The reminders fall due (each before its due time): reminded once, the escalation alarms stay.
    server.clock.set(new Date('2026-11-25T08:00:00-05:00'));
    const reminding = await runDeadlineSweep(ctx);
    expect(reminding.reminded).toBeGreaterThanOrEqual(2);
    expect(await wrongAlarms(server)).toEqual([]);
    expect((await runDeadlineSweep(ctx)).reminded).toBe(0);

    // Past due: the running ones escalate once (3 and 7: 1 is paused, 0 and 2 now fall due on 4 December); no alarm is left for them.
    server.clock.set(AFTER_DUE);
    const mine = () =>
      server.db.query<{ caseId: string }>(`SELECT case_id AS "caseId" FROM case_events WHERE kind = 'cases.escalated' AND case_id = ANY($1::uuid[])`, [cases]);
    expect((await runDeadlineSweep(ctx)).escalated).toBeGreaterThanOrEqual(2);
    expect(await wrongAlarms(server)).toEqual([]);
    expect((await mine()).map((e) => e.caseId).sort()).toEqual([cases[3], cases[7]].sort());
    expect((await runDeadlineSweep(ctx)).escalated).toBe(0);

    // And once the resumed and extended ones pass their new date, they escalate too, once.
    server.clock.set(new Date('2026-12-07T09:00:00-05:00'));
    await runDeadlineSweep(ctx);
    expect(await wrongAlarms(server)).toEqual([]);
    expect((await mine()).map((e) => e.caseId).sort()).toEqual([cases[0], cases[2], cases[3], cases[7]].sort());
  });
});
