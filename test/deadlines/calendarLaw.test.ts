import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildCase, onCastServer, type BuiltCast } from '../factories';
import { recalculations } from '../deadlineSupport';
import { createSecondMechanism } from '../secondMechanism';
import { addBusinessDays, bogotaDate, businessDaysBetween, isBusinessDay, type CalendarOptions } from '../../shared/calendar';
import { syncBusinessDays } from '../../server/deadlines/businessDayTable';
import { DEFAULT_DEADLINE_POLICY } from '../../server/repositories/deadlines';
import type { CaseDeadlinesDto } from '../../shared/types/deadlines';
import type { NationalHolidaysDto } from '../../shared/types/holidays';
import type { OversightSummaryDto } from '../../shared/types/oversight';

// The fixture's clock starts on Friday 20 November 2026, 10:00 in Bogota (SEED_TIME).
const bogota = (date: string, time = '10:00') => new Date(`${date}T${time}:00-05:00`);
const NATIONAL = '/api/admin/national-holidays';

/** Business days after `from` up to and including `to`, walking the calendar one day at a time. */
function walk(from: string, to: string, calendar?: CalendarOptions): number {
  let count = 0;
  for (const day = new Date(`${from}T12:00:00Z`); day.toISOString().slice(0, 10) < to;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isBusinessDay(day.toISOString().slice(0, 10), calendar)) count += 1;
  }
  return count;
}

/** Calendar days from `from` to `to`, both included. */
function walkDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 31 December, twenty years after today or the latest due date of any case, whichever is later. */
async function expectedLastDay(server: TestServer): Promise<string> {
  const { lastDue } = await server.db.one<{ lastDue: string }>('SELECT max(due_on) AS "lastDue" FROM case_deadlines');
  const from = [bogotaDate(server.clock.now()), lastDue].sort().at(-1)!;
  return `${Number(from.slice(0, 4)) + 20}-12-31`;
}

/** The due date of a case's open deadline, as `client` reads it. */
async function dueOn(client: TestClient, caseId: string): Promise<string> {
  const res = await client.get(`/api/cases/${caseId}/deadlines`);
  expect(res.status).toBe(200);
  return (res.body as CaseDeadlinesDto).deadlines.find((d) => d.state === 'open')!.dueOn;
}

describe('The calendar of this release, in SQL and in deadlines', () => {
  let server: TestServer;
  let cast: BuiltCast;
  onCastServer('all', (s, c) => {
    server = s;
    cast = c;
  });

  it('When the server has started, Then business_days runs from 2015 to twenty years ahead (beyond 2041), matching shared/calendar.ts', async () => {
    const span = await server.db.one<{ first: string; last: string; days: number }>(
      'SELECT min(day) AS first, max(day) AS last, count(*) AS days FROM business_days',
    );
    // Every day from 2015 to 31 December twenty years after today or the latest due date, none missing.
    expect(span).toEqual({ first: '2015-01-01', last: await expectedLastDay(server), days: walkDays('2015-01-01', await expectedLastDay(server)) });
    expect(span.last > '2041-12-31').toBe(true);
    const pairs = [
      ['2015-01-01', '2026-07-20'],
      ['2026-07-10', '2026-08-04'],
      ['2041-12-31', '2046-12-31'],
      ['2019-03-01', '2044-06-30'],
    ] as const;
    for (const [from, to] of pairs) {
      const rows = await server.db.query<{ ordinal: number }>('SELECT ordinal FROM business_days WHERE day IN ($1, $2) ORDER BY day', [from, to]);
      expect({ from, to, days: rows[1]!.ordinal - rows[0]!.ordinal }).toEqual({ from, to, days: businessDaysBetween(from, to) });
    }
  });

  it('When business_days was left frozen at 2041 without Chiquinquirá, Then the next start brings it up to date, even when several start at once', async () => {
    // What an installation migrated before this release holds: the 0006 table, no state row.
    await server.db.query('DELETE FROM business_days_state');
    await server.db.query(`DELETE FROM business_days WHERE day > '2041-01-07'`);
    await server.db.query(`UPDATE business_days SET ordinal = ordinal + 1 WHERE day >= '2026-07-13'`);
    const starts = [];
    if (server.database.kind === 'server') {
      // Real servers sharing the database, started together.
      for (let i = 0; i < 2; i++) starts.push(getTestServer({ shareDatabaseWith: server }));
      const others = await Promise.all(starts);
      await Promise.all(others.map((o) => o.close()));
    } else {
      // One process owns the embedded database: two start-up checks at once are what can race there.
      await Promise.all([syncBusinessDays(server.db, server.clock.now()), syncBusinessDays(server.db, server.clock.now())]);
    }
    const row = await server.db.one<{ last: string; july: number }>(
      `SELECT (SELECT max(day) FROM business_days) AS last,
              (SELECT b.ordinal - a.ordinal FROM business_days a, business_days b WHERE a.day = '2026-07-10' AND b.day = '2026-07-14') AS july`,
    );
    const last = await expectedLastDay(server);
    expect(row).toEqual({ last, july: 1 });
    expect(await server.db.query('SELECT first_day, last_day FROM business_days_state')).toEqual([{ first_day: '2015-01-01', last_day: last }]);
    // Nothing left to do: the check finds the table current.
    expect(await syncBusinessDays(server.db, server.clock.now())).toBe(false);
  });

  it('When a case is filed on Thursday 9 July 2026, Then its acknowledgement is due one business day later than before Ley 2578 de 2026 (13 July is a holiday)', async () => {
    server.clock.set(bogota('2026-07-09'));
    const filed = await buildCase(server.app.ctx, cast.filing);
    const liaison = await server.loginAs(cast.liaison.email);
    // 10, (11–12 weekend, 13 Chiquinquirá), 14, 15; without the law it would have been the 14th.
    expect(await dueOn(liaison, filed.id)).toBe('2026-07-15');
    expect(addBusinessDays('2026-07-09', 3, { removedHolidays: ['2026-07-13'] })).toBe('2026-07-14');
    // And the SQL copy of the calendar counts the same day as the deadlines do.
    const ordinals = await server.db.query<{ day: string; ordinal: number }>(
      `SELECT day, ordinal FROM business_days WHERE day IN ('2026-07-10', '2026-07-15') ORDER BY day`,
    );
    expect(ordinals[1]!.ordinal - ordinals[0]!.ordinal).toBe(businessDaysBetween('2026-07-10', '2026-07-15'));
    expect(ordinals[1]!.ordinal - ordinals[0]!.ordinal).toBe(2);
  });
});

// Each test builds its own cases, mechanisms and holidays on a fresh server: slow on a loaded machine,
// so they get the time the other whole-story tests get rather than failing for want of a core.
describe('Changing the calendar', () => {
  let server: TestServer;
  // The tests' own mechanism, whose terms and holidays they change (the first reads the demo's oversight medians).
  let cast: BuiltCast;
  onCastServer('each', (s, c) => {
    server = s;
    cast = c;
  });

  it('When an admin records a national holiday, Then open deadlines in two mechanisms move, each history says so, the oversight medians count it, and undoing it moves them back', async () => {
    const admin = await server.loginAs(DEMO.admin);
    const guajira = await createSecondMechanism(server, admin);
    const cesarCase = await buildCase(server.app.ctx, { company: 'perija', complainantEmail: DEMO.complainant });
    const complainant = await server.loginAs(DEMO.complainant);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const guajiraDue = async () =>
      (await server.db.one<{ dueOn: string }>(`SELECT due_on AS "dueOn" FROM case_deadlines WHERE case_id = $1 AND satisfied_at IS NULL`, [guajira.caseId]))
        .dueOn;
    expect(await dueOn(complainant, cesarCase.id)).toBe('2026-11-25');
    expect(await guajiraDue()).toBe('2026-11-25');

    // The demo's acknowledgement intervals, and national holidays chosen inside them until the median moves.
    const firstAck = await server.db.query<{ filed: Date; at: Date }>(
      `SELECT c.created_at AS filed, c.first_acknowledged_at AS at FROM cases c WHERE c.first_acknowledged_at IS NOT NULL`,
    );
    const intervals = firstAck.map((r) => ({ from: bogotaDate(r.filed), to: bogotaDate(r.at) }));
    const before = ((await ombudsman.get('/api/oversight/summary')).body as OversightSummaryDto).medianDaysToAcknowledge;
    expect(before).toBe(median(intervals.map((i) => walk(i.from, i.to))));

    // Tuesday 24 November: a day of national mourning by decree (inside both open deadlines).
    const recorded = await admin.post(NATIONAL, { date: '2026-11-24', kind: 'added', name: 'Duelo nacional', law: 'Decreto 2100 de 2026' });
    expect(recorded.status).toBe(201);
    expect((recorded.body as NationalHolidaysDto).holidays).toEqual([
      { date: '2026-11-24', kind: 'added', name: 'Duelo nacional', law: 'Decreto 2100 de 2026', createdAt: expect.any(String) },
    ]);
    expect((recorded.body as NationalHolidaysDto).recalculated!.cases).toBeGreaterThanOrEqual(2);
    expect(await dueOn(complainant, cesarCase.id)).toBe('2026-11-26');
    expect(await guajiraDue()).toBe('2026-11-26');

    const [event] = await recalculations(complainant, cesarCase.id);
    expect(event).toMatchObject({
      actorRole: 'system',
      actorLabel: 'Puente (automático)',
      reason: 'Decreto 2100 de 2026',
      calendarChange: {
        scope: 'national',
        date: '2026-11-24',
        kind: 'added',
        undone: false,
        deadlines: [{ stage: 'acknowledge', previousDueOn: '2026-11-25', dueOn: '2026-11-26' }],
      },
    });
    const guajiraEvents = await server.db.query<{ data: { deadlines: { dueOn: string }[] } }>(
      `SELECT data FROM case_events WHERE case_id = $1 AND kind = 'deadlines.recalculated'`,
      [guajira.caseId],
    );
    expect(guajiraEvents.map((e) => e.data.deadlines[0]!.dueOn)).toEqual(['2026-11-26']);

    // The medians, in SQL, use the recorded holiday: more holidays inside the intervals until the median moves.
    const national: string[] = ['2026-11-24'];
    const candidates = [
      ...new Set(
        intervals.flatMap((i) => {
          const days: string[] = [];
          for (const d = new Date(`${i.from}T12:00:00Z`); d.toISOString().slice(0, 10) < i.to;) {
            d.setUTCDate(d.getUTCDate() + 1);
            if (isBusinessDay(d.toISOString().slice(0, 10))) days.push(d.toISOString().slice(0, 10));
          }
          return days;
        }),
      ),
    ].sort((a, b) => intervals.filter((i) => i.from < b && b <= i.to).length - intervals.filter((i) => i.from < a && a <= i.to).length);
    while (median(intervals.map((i) => walk(i.from, i.to, { extraHolidays: national }))) === before) {
      const next = candidates.shift()!;
      expect((await admin.post(NATIONAL, { date: next, kind: 'added', name: 'Día cívico', law: 'Ley 2999 de 2026' })).status).toBe(201);
      national.push(next);
    }
    const expected = median(intervals.map((i) => walk(i.from, i.to, { extraHolidays: national })));
    expect(expected).not.toBe(before);
    expect(((await ombudsman.get('/api/oversight/summary')).body as OversightSummaryDto).medianDaysToAcknowledge).toBe(expected);

    // Undone: the deadlines go back, the history says so too, and so do the medians.
    for (const date of national) {
      const undone = await admin.delete(`${NATIONAL}/${date}`);
      expect(undone.status).toBe(200);
    }
    expect((await admin.get(NATIONAL)).body).toEqual({ holidays: [] });
    expect(await dueOn(complainant, cesarCase.id)).toBe('2026-11-25');
    expect(await guajiraDue()).toBe('2026-11-25');
    const history = await recalculations(complainant, cesarCase.id);
    expect(history.at(-1)).toMatchObject({
      reason: 'Decreto 2100 de 2026',
      calendarChange: {
        scope: 'national',
        date: '2026-11-24',
        kind: 'removed',
        undone: true,
        deadlines: [{ previousDueOn: '2026-11-26', dueOn: '2026-11-25' }],
      },
    });
    expect(((await ombudsman.get('/api/oversight/summary')).body as OversightSummaryDto).medianDaysToAcknowledge).toBe(before);
  }, 120_000);

  it('When a deadline has already expired, Then a holiday inside its term does not revive it, while a running one that spans the day moves', async () => {
    server.clock.set(bogota('2026-11-16'));
    // Monday 16 November is a holiday: 17, 18, 19. Expired by Friday 20.
    const expired = await buildCase(server.app.ctx, cast.filing);
    server.clock.set(bogota('2026-11-17'));
    const running = await buildCase(server.app.ctx, cast.filing);
    server.clock.set(bogota('2026-11-20'));
    const liaison = await server.loginAs(cast.liaison.email);
    expect(await dueOn(liaison, expired.id)).toBe('2026-11-19');
    expect(await dueOn(liaison, running.id)).toBe('2026-11-20');

    // A decree declares Wednesday 18 (already past) a national day of mourning.
    const admin = await server.loginAs(cast.admin.email);
    expect((await admin.post(NATIONAL, { date: '2026-11-18', kind: 'added', name: 'Duelo nacional', law: 'Decreto 2101 de 2026' })).status).toBe(201);
    expect(await dueOn(liaison, expired.id)).toBe('2026-11-19');
    expect(await recalculations(await server.loginAs(cast.ombudsman.email), expired.id)).toEqual([]);
    // 19, 20, 23.
    expect(await dueOn(liaison, running.id)).toBe('2026-11-23');
  }, 90_000);

  it('When a past holiday is given back to work, Then a deadline due today stays due today instead of turning overdue, and one due later comes a day earlier', async () => {
    const admin = await server.loginAs(cast.admin.email);
    const ours = cast.mechanism.id;
    const policy = { ...DEFAULT_DEADLINE_POLICY, acknowledgeDays: 4 };
    expect((await admin.put(`/api/admin/mechanisms/${ours}/deadline-policy`, policy)).status).toBe(200);
    // Filed Friday 13 November; Monday 16 is a holiday: 17, 18, 19, 20.
    server.clock.set(bogota('2026-11-13'));
    const dueToday = await buildCase(server.app.ctx, cast.filing);
    // Filed the same day under a term of 6: 17, 18, 19, 20, 23, 24.
    expect(
      (await (await server.loginAs(cast.admin.email)).put(`/api/admin/mechanisms/${ours}/deadline-policy`, { ...policy, acknowledgeDays: 6 })).status,
    ).toBe(200);
    const dueLater = await buildCase(server.app.ctx, cast.filing);
    server.clock.set(bogota('2026-11-20'));
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect(await dueOn(ombudsman, dueToday.id)).toBe('2026-11-20');
    expect(await dueOn(ombudsman, dueLater.id)).toBe('2026-11-24');

    // The mechanism records, afterwards, that Monday 16 was worked (a fresh session: the clock went back and forth).
    expect(
      (
        await (
          await server.loginAs(cast.admin.email)
        ).post(`/api/admin/mechanisms/${ours}/holidays`, { date: '2026-11-16', kind: 'removed', reason: 'Jornada de trabajo acordada' })
      ).status,
    ).toBe(201);
    // 16, 17, 18, 19 would have put it yesterday: it stays due today, and the history claims no move.
    expect(await dueOn(ombudsman, dueToday.id)).toBe('2026-11-20');
    expect(await recalculations(ombudsman, dueToday.id)).toEqual([]);
    expect(
      await server.db.query('SELECT 1 FROM case_deadlines WHERE case_id = $1 AND due_at < $2 AND satisfied_at IS NULL', [dueToday.id, server.clock.now()]),
    ).toEqual([]);
    // 16, 17, 18, 19, 20, 23.
    expect(await dueOn(ombudsman, dueLater.id)).toBe('2026-11-23');
    expect((await recalculations(ombudsman, dueLater.id)).map((e) => e.calendarChange!.deadlines)).toEqual([
      [{ stage: 'acknowledge', previousDueOn: '2026-11-24', dueOn: '2026-11-23' }],
    ]);
  }, 90_000);

  it("When a mechanism adds or undoes its own holiday, Then only that mechanism's open deadlines move, with history", async () => {
    const admin = await server.loginAs(cast.admin.email);
    const guajira = await createSecondMechanism(server, admin);
    const ourCase = await buildCase(server.app.ctx, cast.filing);
    const ours = cast.mechanism.id;
    expect((await admin.post(`/api/admin/mechanisms/${ours}/holidays`, { date: '2026-11-24', kind: 'added', reason: 'Decreto departamental 77' })).status).toBe(
      201,
    );
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect(await dueOn(ombudsman, ourCase.id)).toBe('2026-11-26');
    expect(await recalculations(ombudsman, ourCase.id)).toMatchObject([
      { reason: 'Decreto departamental 77', calendarChange: { scope: 'mechanism', kind: 'added', date: '2026-11-24' } },
    ]);
    const guajiraDue = await server.db.one<{ dueOn: string }>(`SELECT due_on AS "dueOn" FROM case_deadlines WHERE case_id = $1`, [guajira.caseId]);
    expect(guajiraDue.dueOn).toBe('2026-11-25');
    expect((await admin.delete(`/api/admin/mechanisms/${ours}/holidays/2026-11-24`)).status).toBe(200);
    expect(await dueOn(ombudsman, ourCase.id)).toBe('2026-11-25');
    expect((await recalculations(ombudsman, ourCase.id)).map((e) => e.calendarChange!.undone)).toEqual([false, true]);
  }, 90_000);
});

describe('National holidays: who may record them, and bad input', () => {
  let server: TestServer;
  let cast: BuiltCast;
  onCastServer('all', (s, c) => {
    server = s;
    cast = c;
  });

  const valid = { date: '2027-03-02', kind: 'added', name: 'Día de la Paz', law: 'Ley 2600 de 2027' };

  it('When nobody is logged in or someone other than an admin asks, Then every route answers 401 or the 404 of a missing record, and nothing changes', async () => {
    const visitor = await server.client();
    expect((await visitor.get(NATIONAL)).status).toBe(401);
    expect((await visitor.post(NATIONAL, valid)).status).toBe(401);
    expect((await visitor.delete(`${NATIONAL}/2027-03-02`)).status).toBe(401);
    // The same answer as any admin route gives them, and as a case that does not exist.
    const missing = (await (await server.loginAs(cast.ombudsman.email)).get('/api/cases/00000000-0000-4000-8000-000000000000')).body;
    for (const email of [cast.ombudsman.email, cast.liaison.email, cast.complainant.email, cast.facilitator.email]) {
      const client = await server.loginAs(email);
      for (const res of [await client.get(NATIONAL), await client.post(NATIONAL, valid), await client.delete(`${NATIONAL}/2027-03-02`)]) {
        expect([res.status, res.body]).toEqual([404, missing]);
      }
    }
    expect(await server.db.query('SELECT * FROM national_holidays')).toEqual([]);
  });

  it('When the admin sends bad input, Then each bad field is named in words and nothing changes', async () => {
    const admin = await server.loginAs(cast.admin.email);
    const bad = await admin.post(NATIONAL, { date: '2027-02-30', kind: 'moved', name: ' ', law: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['date', 'kind', 'law', 'name']);
    expect(bad.body.error.fields.find((f: { field: string }) => f.field === 'law').message).toBe('Este campo es obligatorio.');
    const christmas = await admin.post(NATIONAL, { ...valid, date: '2026-12-25' });
    expect(christmas.body.error.fields).toEqual([{ field: 'date', message: 'Esa fecha ya es festivo nacional.' }]);
    // Abolishing a day that is no holiday, or recording a second change for one date.
    expect((await admin.post(NATIONAL, { ...valid, kind: 'removed' })).body.error.fields[0]).toEqual({
      field: 'date',
      message: 'Esa fecha no es festivo nacional: no hay festivo que quitar.',
    });
    expect((await admin.post(NATIONAL, valid)).status).toBe(201);
    expect((await admin.post(NATIONAL, { ...valid, kind: 'removed' })).body.error.fields[0].field).toBe('date');
    expect((await admin.delete(`${NATIONAL}/2027-03-03`)).status).toBe(404);
    expect((await admin.delete(`${NATIONAL}/not-a-date`)).status).toBe(404);
    expect((await admin.get(NATIONAL)).body.holidays.map((h: { date: string }) => h.date)).toEqual(['2027-03-02']);
  });

  it('When a law abolishes a holiday for a date, Then that date counts as a business day for every mechanism, and a mechanism may still declare it its own holiday', async () => {
    const admin = await server.loginAs(cast.admin.email);
    // Monday 11 January 2027 (Reyes Magos, moved).
    expect((await admin.post(NATIONAL, { date: '2027-01-11', kind: 'removed', name: 'Día de los Reyes Magos', law: 'Ley 2601 de 2027' })).status).toBe(201);
    const ours = cast.mechanism.id;
    const ordinal = async (day: string) => (await server.db.one<{ ordinal: number }>('SELECT ordinal FROM business_days WHERE day = $1', [day])).ordinal;
    expect((await ordinal('2027-01-11')) - (await ordinal('2027-01-08'))).toBe(1);
    // Working on it is no longer possible (it is no holiday); adding it back for one mechanism is.
    expect((await admin.post(`/api/admin/mechanisms/${ours}/holidays`, { date: '2027-01-11', kind: 'removed', reason: 'x' })).status).toBe(400);
    expect((await admin.post(`/api/admin/mechanisms/${ours}/holidays`, { date: '2027-01-11', kind: 'added', reason: 'Tradición local' })).status).toBe(201);
    const shift = await server.db.one<{ lost: number }>('SELECT lost FROM calendar_shift WHERE mechanism_id = $1 AND day = $2', [ours, '2027-01-11']);
    expect(shift.lost).toBe(1);
    expect((await admin.delete(`/api/admin/mechanisms/${ours}/holidays/2027-01-11`)).status).toBe(200);
    expect((await admin.delete(`${NATIONAL}/2027-01-11`)).status).toBe(200);
    expect((await ordinal('2027-01-11')) - (await ordinal('2027-01-08'))).toBe(0);
  });

  it('When the OpenAPI document is fetched, Then the national holiday routes are described with their body and answers', async () => {
    const doc = (await (await server.client()).get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/admin/national-holidays']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/admin/national-holidays/{date}'])).toEqual(['delete']);
    expect(Object.keys(doc.paths['/api/admin/national-holidays'].post.requestBody.content['application/json'].schema.properties).sort()).toEqual([
      'date',
      'kind',
      'law',
      'name',
    ]);
    expect(doc.paths['/api/admin/national-holidays'].post.responses['201']).toBeDefined();
  });
});
