/**
 * Session reads and writes in batches (docs/scaling.md, "Filing at speed", session 13): every request
 * with a cookie reads its session, and one that changed it writes it; requests that arrive while such a
 * statement is in flight share the next one. The first goes at once, alone. Each request still gets its
 * own session and its user as the statement found them (a deactivated account is refused), each session
 * is written as its last request left it, and an ended session is never brought back by a write asked for
 * before it ended.
 */
import type { SessionData } from 'express-session';
import type request from 'supertest';
import { DEMO, getTestServer, type TestServer } from '../support';
import { buildUser } from '../factories';
import { buildComplaint, fileComplaint, inOneBatchBehind, loadMechanism } from '../intakeSupport';

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
});
