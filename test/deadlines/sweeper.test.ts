import { getTestServer, type TestServer } from '../support';
import { buildCaseIn } from '../factories';
import { runDeadlineSweep, type SweepResult } from '../../server/jobs/deadlineSweeper';
import type { AppContext } from '../../server/context';
import { insertDeadline } from '../../server/repositories/deadlines';
import { verifyAudit } from '../../server/audit/auditVerifier';

// Filed on the fixture's Friday 20 November 2026: the acknowledgement is due Wednesday 25, so by
// Thursday 26 every one of them has passed at once.
const AFTER_DUE = new Date('2026-11-26T09:00:00-05:00');
const onServer = Boolean(process.env.DATABASE_URL);

async function fileCases(ctx: AppContext, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Math.min(100, count - start);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < batch; i++) ids.push(await buildCaseIn(ctx, tx, { company: ['perija', 'valle-cesar', 'la-esperanza'][i % 3]! }));
    });
  }
  return ids;
}

async function escalationsPerCase(server: TestServer, ids: string[]): Promise<Map<string, number>> {
  const rows = await server.db.query<{ caseId: string; n: number }>(
    `SELECT c.id AS "caseId", count(e.id) AS n FROM cases c
     LEFT JOIN case_events e ON e.case_id = c.id AND e.kind = 'cases.escalated'
     WHERE c.id = ANY($1::uuid[]) GROUP BY c.id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.caseId, r.n]));
}

function total(results: SweepResult[]): number {
  return results.reduce((sum, r) => sum + r.escalated, 0);
}

describe('The deadline sweeper: durable and exactly once', () => {
  let server: TestServer;
  let second: TestServer | undefined;
  beforeEach(async () => {
    server = await getTestServer();
  });
  afterEach(async () => {
    await second?.close();
    second = undefined;
    await server.close();
  });

  it(
    onServer
      ? 'When 1,000 cases pass their deadlines together and two server instances on one PostgreSQL server sweep at once, Then each case escalates exactly once'
      : 'When 1,000 cases pass their deadlines together and two sweeper loops run concurrently on the one embedded database, Then each case escalates exactly once',
    async () => {
      const ids = await fileCases(server.app.ctx, 1000);
      if (onServer) second = await getTestServer({ shareDatabaseWith: server });
      const contexts = [server.app.ctx, (second ?? server).app.ctx];
      server.clock.set(AFTER_DUE);
      second?.clock.set(AFTER_DUE);

      // Two loops each sweeping in small batches, twice over, as two instances waking together would.
      const loops = contexts.map(async (ctx) => {
        const results: SweepResult[] = [];
        for (let round = 0; round < 2; round++) results.push(await runDeadlineSweep(ctx, { limit: 25 }));
        return results;
      });
      const [first, other] = await Promise.all(loops);

      const counts = await escalationsPerCase(server, ids);
      expect(counts.size).toBe(1000);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      const written = await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM case_events WHERE kind = 'cases.escalated'`);
      // Every escalation a sweeper reported is one history event: none was done twice.
      expect(total([...first!, ...other!])).toBe(written.n);
      expect(first!.concat(other!).every((r) => r.failed === 0)).toBe(true);
      // Both really swept side by side: the work was shared, not done by one while the other slept.
      expect(total(first!)).toBeGreaterThan(0);
      expect(total(other!)).toBeGreaterThan(0);
      const levels = await server.db.query<{ level: number; n: number }>(
        'SELECT escalation_level AS level, count(*) AS n FROM cases WHERE id = ANY($1::uuid[]) GROUP BY escalation_level',
        [ids],
      );
      expect(levels).toEqual([{ level: 1, n: 1000 }]);
    },
    240_000,
  );

  it('When a worker dies mid-sweep after claiming rows, Then nothing is lost: the next sweep escalates each case once', async () => {
    const ids = await fileCases(server.app.ctx, 30);
    server.clock.set(AFTER_DUE);
    let claimed = 0;
    await expect(
      runDeadlineSweep(server.app.ctx, {
        limit: 500,
        // One lane, as one worker: with two, the other lane may claim part of the rows at the same moment
        // (on a PostgreSQL server they really run side by side) and commit them while this one dies.
        concurrency: 1,
        afterClaim: (rows) => {
          claimed = rows.length;
          throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    expect(claimed).toBeGreaterThanOrEqual(30);
    expect([...(await escalationsPerCase(server, ids)).values()].every((n) => n === 0)).toBe(true);
    const untouched = await server.db.one<{ n: number }>('SELECT count(*) AS n FROM case_deadlines WHERE case_id = ANY($1::uuid[]) AND escalated_at IS NULL', [
      ids,
    ]);
    expect(untouched.n).toBe(30);

    const result = await runDeadlineSweep(server.app.ctx);
    expect(result.escalated).toBe(claimed);
    expect([...(await escalationsPerCase(server, ids)).values()]).toEqual(new Array(30).fill(1));
  });

  it('When one case cannot be escalated, Then it is logged and left for later while the others escalate', async () => {
    const ids = await fileCases(server.app.ctx, 5);
    server.clock.set(AFTER_DUE);
    // A row the sweeper cannot write: its case's history rejects this one insert.
    const broken = ids[2]!;
    await server.db.query(
      `CREATE FUNCTION test_reject_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.kind = 'cases.escalated' AND NEW.case_id = '${broken}' THEN RAISE EXCEPTION 'simulated failure'; END IF;
         RETURN NEW;
       END $$`,
    );
    await server.db.query('CREATE TRIGGER test_reject_escalation BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION test_reject_escalation()');
    const result = await runDeadlineSweep(server.app.ctx, { limit: 2 });
    expect(result.failed).toBe(1);
    const counts = await escalationsPerCase(server, ids);
    expect(ids.map((id) => counts.get(id))).toEqual([1, 1, 0, 1, 1]);
    expect((await server.db.one<{ level: number }>('SELECT escalation_level AS level FROM cases WHERE id = $1', [broken])).level).toBe(0);

    await server.db.query('DROP TRIGGER test_reject_escalation ON case_events');
    expect((await runDeadlineSweep(server.app.ctx)).escalated).toBe(1);
    expect((await escalationsPerCase(server, ids)).get(broken)).toBe(1);
  });

  it('When one batch escalates two overdue deadlines of one case beside other cases, Then that case rises 0→1→2 in due order, each deadline escalates once, and every history chain still verifies', async () => {
    const ids = await fileCases(server.app.ctx, 3);
    const both = ids[0]!;
    // A case in dialogue owes a first answer and an agreement: both terms passed before the sweep.
    await server.app.ctx.db.transaction(async (tx) => {
      await tx.query(`UPDATE case_deadlines SET satisfied_at = $2 WHERE case_id = $1`, [both, new Date('2026-11-20T16:00:00Z')]);
      await tx.query(`UPDATE cases SET status = 'in_dialogue' WHERE id = $1`, [both]);
      for (const [stage, dueOn] of [
        ['agreement', '2026-11-25'],
        ['first_answer', '2026-11-24'],
      ] as const) {
        await insertDeadline(tx, {
          caseId: both,
          stage,
          responsible: 'company',
          startedAt: new Date('2026-11-20T16:00:00Z'),
          startedOn: '2026-11-20',
          dueOn,
          dueAt: new Date(`${dueOn}T23:59:59-05:00`),
          baseDays: 2,
          reminderDaysBefore: 1,
          reminderAt: null,
        });
      }
    });
    server.clock.set(AFTER_DUE);

    expect((await runDeadlineSweep(server.app.ctx)).failed).toBe(0);
    expect([...(await escalationsPerCase(server, ids))].sort()).toEqual(
      [
        [both, 2],
        [ids[1]!, 1],
        [ids[2]!, 1],
      ].sort(),
    );
    const steps = await server.db.query<{ stage: string; fromLevel: number; toLevel: number }>(
      `SELECT data->>'stage' AS stage, (data->>'fromLevel')::int AS "fromLevel", (data->>'toLevel')::int AS "toLevel"
       FROM case_events WHERE case_id = $1 AND kind = 'cases.escalated' ORDER BY chain_seq`,
      [both],
    );
    expect(steps).toEqual([
      { stage: 'first_answer', fromLevel: 0, toLevel: 1 },
      { stage: 'agreement', fromLevel: 1, toLevel: 2 },
    ]);
    const levels = await server.db.query<{ id: string; level: number }>('SELECT id, escalation_level AS level FROM cases WHERE id = ANY($1::uuid[])', [ids]);
    expect(new Map(levels.map((l) => [l.id, l.level]))).toEqual(
      new Map([
        [both, 2],
        [ids[1]!, 1],
        [ids[2]!, 1],
      ]),
    );
    expect((await runDeadlineSweep(server.app.ctx)).escalated).toBe(0);
    for (const id of ids) expect(await verifyAudit(server.db, { caseId: id })).toMatchObject({ ok: true, breaks: [] });
  });
});
