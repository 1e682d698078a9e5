/**
 * Session reads and writes in batches (docs/scaling.md, "Filing at speed", session 13): every request
 * with a cookie reads its session, and one that changed it writes it; requests that arrive while such a
 * statement is in flight share the next one; the first goes at the end of its turn of the event loop, with
 * any others asked in that turn (alone in a quiet moment). Each request still gets its
 * own session and its user as the statement found them (a deactivated account is refused), each session
 * is written as its last request left it, and an ended session is never brought back by a write asked for
 * before it ended. A visitor's filing writes the session that follows its case in the filing's own
 * statement (session 14): no session write of its own, and a session ended meanwhile stays ended.
 */
import type { SessionData } from 'express-session';
import type request from 'supertest';
import { DEMO, describeOnServer, getTestServer, type TestServer } from '../support';
import { waitFor } from '../waitFor';
import { buildUser } from '../factories';
import { buildComplaint, fileComplaint, fileInOneBatch, inOneBatchBehind, loadMechanism } from '../intakeSupport';
import { filingBatchStats } from '../../server/repositories/filings';

/** A request sent now (a test client's GET goes out only once awaited). */
const sent = (req: request.Test): Promise<request.Response> => Promise.resolve(req);

// Held by a transaction of the test's own: every statement on `sessions` waits behind it.
const LOCK = { sql: 'LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE', params: [] };

describe('Sessions read and written in batches', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('When requests with cookies arrive while a session read is in flight, Then they are read in one statement, each with its own session and user, and a deactivated account is refused', async () => {
    const staff = await server.loginAs(DEMO.ombudsman);
    const leaver = await buildUser(server.app.ctx, { role: 'ombudsman' });
    const leaving = await server.loginAs(leaver.email);
    const visitor = await server.client();
    const filed = await fileComplaint(visitor, buildComplaint(await loadMechanism(server)));
    expect((await leaving.get('/api/cases')).status).toBe(200);
    await server.app.ctx.db.query('UPDATE users SET active = false WHERE id = $1', [leaver.id]);

    const stats = () => server.app.ctx.sessions.batchStats().reads;
    const { held, answers, statements, items, retried } = await inOneBatchBehind(server, LOCK, stats, () => sent(staff.get('/api/session')), [
      () => sent(staff.get('/api/cases')),
      () => sent(leaving.get('/api/cases')),
      () => sent(visitor.get(`/api/cases/${filed.caseId}`)),
      () => sent(staff.get('/api/session')),
    ]);
    expect({ statements, items, retried }).toEqual({ statements: 2, items: 5, retried: 0 });
    expect(held.body.user.email).toBe(DEMO.ombudsman);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 200, 200]);
    expect(answers[2]!.body.reference).toBe(filed.reference);
    expect(answers[3]!.body.user.email).toBe(DEMO.ombudsman);
  });

  it('When sessions are written while a write is in flight, Then they go in one statement, each as its last write left it, and a session ended after a write was asked for stays ended', async () => {
    const store = server.app.ctx.sessions;
    const data = (n: number) => ({ cookie: { originalMaxAge: 60_000 }, trackedCaseIds: [String(n)] }) as unknown as SessionData;
    const set = (sid: string, n: number) => () => new Promise<void>((resolve, reject) => store.set(sid, data(n), (err) => (err ? reject(err) : resolve())));
    const stats = () => store.batchStats().writes;
    const sids = ['batch-a', 'batch-b', 'batch-c'];
    const { statements, items, retried } = await inOneBatchBehind(server, LOCK, stats, set('batch-held', 0), [
      set(sids[0]!, 1),
      set(sids[1]!, 2),
      set(sids[0]!, 3),
      set(sids[2]!, 4),
    ]);
    expect({ statements, items, retried }).toEqual({ statements: 2, items: 5, retried: 0 });
    const rows = await server.db.query<{ sid: string; data: { trackedCaseIds: string[] } }>('SELECT sid, data FROM sessions WHERE sid = ANY($1) ORDER BY sid', [
      ['batch-held', ...sids],
    ]);
    expect(rows.map((r) => [r.sid, r.data.trackedCaseIds])).toEqual([
      ['batch-a', ['3']],
      ['batch-b', ['2']],
      ['batch-c', ['4']],
      ['batch-held', ['0']],
    ]);

    // A write still waiting for its batch when the session is ended: the end comes after it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = server.db.transaction(async (tx) => {
      await tx.query(LOCK.sql);
      locked();
      await released;
    });
    await isLocked;
    const first = set('batch-held', 5)();
    const late = set('batch-b', 6)();
    const ended = new Promise<void>((resolve, reject) => store.destroy('batch-b', (err) => (err ? reject(err) : resolve())));
    release();
    await Promise.all([holding, first, late, ended]);
    expect(await server.db.query('SELECT sid FROM sessions WHERE sid = $1', ['batch-b'])).toEqual([]);
  });

  describe("a visitor's filing", () => {
    const sessionWrites = () => server.app.ctx.sessions.batchStats().writes.statements;
    /** The sessions that follow `caseId`. */
    const followers = async (caseId: string) =>
      (await server.db.query<{ sid: string }>(`SELECT sid FROM sessions WHERE data->'trackedCaseIds' ? $1`, [caseId])).map((r) => r.sid);

    it("When a visitor files complaints, Then each filing's own statement writes the session that follows it: no session write of its own, and the visitor opens every case", async () => {
      const mechanism = await loadMechanism(server);
      const visitor = await server.client();
      const writes = sessionWrites();
      const first = await fileComplaint(visitor, buildComplaint(mechanism));
      const second = await fileComplaint(visitor, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
      expect(sessionWrites()).toBe(writes);
      const [sid] = await followers(first.caseId);
      expect(sid).toBeDefined();
      expect(await followers(second.caseId)).toEqual([sid]);
      for (const filed of [first, second]) expect((await visitor.get(`/api/cases/${filed.caseId}`)).body.reference).toBe(filed.reference);
      // A stranger's session follows neither.
      const stranger = await server.client();
      expect((await stranger.get(`/api/cases/${first.caseId}`)).status).toBe(401);
    });

    describeOnServer('held at the reference counter (a second connection)', () => {
      it("When visitors file while a filing is being written, Then their sessions are written in the batch's one statement and each visitor opens their own case", async () => {
        const mechanism = await loadMechanism(server);
        const visitors = await Promise.all(Array.from({ length: 5 }, () => server.client()));
        const writes = sessionWrites();
        const { held, answers, statements, retried } = await fileInOneBatch(
          server,
          mechanism.id,
          () => fileComplaint(visitors[0]!, buildComplaint(mechanism)),
          visitors.slice(1).map((v) => () => fileComplaint(v, buildComplaint(mechanism))),
        );
        expect({ statements, retried }).toEqual({ statements: 2, retried: 0 });
        expect(sessionWrites()).toBe(writes);
        const filed = [held, ...answers];
        for (const [i, visitor] of visitors.entries()) {
          expect((await visitor.get(`/api/cases/${filed[i]!.caseId}`)).status).toBe(200);
          // Each session follows its own filing, not its neighbour's in the batch.
          expect((await visitor.get(`/api/cases/${filed[(i + 1) % filed.length]!.caseId}`)).status).toBe(404);
        }
      });

      it("When a visitor's session is ended while their filing waits for the database, Then the complaint is filed and the session stays ended", async () => {
        const mechanism = await loadMechanism(server);
        const visitor = await server.client();
        const [sid] = await followers((await fileComplaint(visitor, buildComplaint(mechanism))).caseId);
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const holding = server.db.transaction(async (tx) => {
          await tx.query('SELECT last_value FROM reference_counters WHERE mechanism_id = $1 FOR UPDATE', [mechanism.id]);
          locked();
          await released;
        });
        await isLocked;
        const statements = filingBatchStats(server.db).statements;
        const filing = visitor.post('/api/complaints', buildComplaint(mechanism));
        await waitFor(() => filingBatchStats(server.db).statements > statements, { everyMs: 5, what: 'the filing sent' });
        const store = server.app.ctx.sessions;
        const ended = new Promise<void>((resolve, reject) => store.destroy(sid!, (err) => (err ? reject(err) : resolve())));
        // The end reaches the database (or waits at the session's row, if the filing wrote it first) before the filing goes on.
        await new Promise((resolve) => setTimeout(resolve, 100));
        release();
        await holding;
        const [res] = await Promise.all([filing, ended]);
        expect(res.status).toBe(201);
        expect(await server.db.query('SELECT 1 FROM cases WHERE id = $1', [res.body.caseId])).toHaveLength(1);
        expect(await server.db.query('SELECT sid FROM sessions WHERE sid = $1', [sid])).toEqual([]);
        expect((await visitor.get(`/api/cases/${res.body.caseId}`)).status).toBe(401);
      });
    });
  });
});
