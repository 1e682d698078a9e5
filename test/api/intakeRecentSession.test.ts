/**
 * A filing by a session this server read lately (docs/scaling.md, "Filing at speed", session 15): it goes
 * ahead of the session's middleware and passport, its session not read but checked by the filing's first
 * statement (a logged-in session by its digest, a visitor's by its data). A session that changed meanwhile
 * sends the filing the usual way, with the usual answer: nothing is filed twice, none is lost, and its
 * rate-limit hit is counted once.
 */
import { buildUser } from '../factories';
import { buildComplaint, countCases, fileComplaint, inOneBatchBehind, onIntakeServer } from '../intakeSupport';
import { describeOnServer, type TestClient, type TestServer } from '../support';
import { filingContextBatchStats } from '../../server/repositories/filings';
import type { MechanismDto } from '../../shared/types/api';

describe('Filings by a session read lately', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  onIntakeServer((s, m) => {
    server = s;
    mechanism = m;
  });

  const sessionReads = () => server.app.ctx.sessions.batchStats().reads.items;
  const sessionWrites = () => server.app.ctx.sessions.batchStats().writes.items;
  /** Every filing hit counted so far, whatever the address. */
  const filingHits = async () => (await server.db.one<{ n: number }>(`SELECT COALESCE(sum(hits), 0)::int AS n FROM rate_limits WHERE key LIKE 'file:%'`)).n;
  /** The cases the visitor's session follows, as stored. */
  const followed = async (caseId: string) =>
    (await server.db.one<{ ids: string[] }>(`SELECT data->'trackedCaseIds' AS ids FROM sessions WHERE data->'trackedCaseIds' ? $1`, [caseId])).ids;
  const anonymous = () => buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' });

  /** A new complainant's session that filed twice, the second time without its session read. */
  async function complainantFiledTwice(): Promise<{ client: TestClient; user: { id: string } }> {
    const user = await buildUser(server.app.ctx, { role: 'complainant', mechanismId: mechanism.id });
    const client = await server.loginAs(user.email);
    await fileComplaint(client, buildComplaint(mechanism));
    const reads = sessionReads();
    const second = await fileComplaint(client, buildComplaint(mechanism));
    expect(sessionReads()).toBe(reads);
    expect((await server.db.one<{ by: string }>('SELECT complainant_user_id AS by FROM cases WHERE id = $1', [second.caseId])).by).toBe(user.id);
    return { client, user };
  }

  /** A visitor that filed twice, the second time without its session read; its session's id and cases. */
  async function visitorFiledTwice(): Promise<{ client: TestClient; sid: string; cases: string[] }> {
    const client = await server.client();
    const first = await fileComplaint(client, buildComplaint(mechanism));
    const reads = sessionReads();
    const second = await fileComplaint(client, anonymous());
    expect(sessionReads()).toBe(reads);
    const { sid } = await server.db.one<{ sid: string }>(`SELECT sid FROM sessions WHERE data->'trackedCaseIds' ? $1`, [second.caseId]);
    return { client, sid, cases: [first.caseId, second.caseId] };
  }

  /** Files and expects the usual path's refusal (ahead of the route: no hit counted), with nothing filed. */
  async function refused(client: TestClient, status: number, code: string): Promise<void> {
    const [cases, hits] = [await countCases(server), await filingHits()];
    const answer = await client.post('/api/complaints', buildComplaint(mechanism));
    expect([answer.status, answer.body.error?.code]).toEqual([status, code]);
    expect(await countCases(server)).toBe(cases);
    expect(await filingHits()).toBe(hits);
  }

  it('When a complainant and a visitor file again, Then the filing is made without reading the session: the case is theirs, the visitor follows every case in the filing statement (no session write), and each filing counts one hit', async () => {
    await complainantFiledTwice();
    const visitor = await visitorFiledTwice();
    const writes = sessionWrites();
    const hits = await filingHits();
    const reads = sessionReads();
    const third = await fileComplaint(visitor.client, buildComplaint(mechanism));
    expect(sessionReads()).toBe(reads);
    expect(await filingHits()).toBe(hits + 1);
    expect(sessionWrites()).toBe(writes);
    expect(await followed(third.caseId)).toEqual([...visitor.cases, third.caseId]);
    for (const id of [...visitor.cases, third.caseId]) expect((await visitor.client.get(`/api/cases/${id}`)).status).toBe(200);
    expect((await (await server.client()).get(`/api/cases/${third.caseId}`)).status).toBe(401);
  });

  it('When a visitor keeps filing for more than a minute, Then after one read of the session each filing again goes without reading it, and each is read (context) once', async () => {
    const visitor = await visitorFiledTwice();
    const contexts = () => filingContextBatchStats(server.db).items;
    server.clock.advance(61_000);
    await fileComplaint(visitor.client, anonymous());
    const [reads, asked] = [sessionReads(), contexts()];
    for (let i = 0; i < 3; i++) await fileComplaint(visitor.client, anonymous());
    expect([sessionReads() - reads, contexts() - asked]).toEqual([0, 3]);
  });

  it('When a retry of a visitor’s filing comes by its session read lately, Then it answers with the first case and the session follows it, written as express-session would save it', async () => {
    const visitor = await visitorFiledTwice();
    const body = buildComplaint(mechanism);
    // Filed by another visitor first: the retry's session does not follow it yet.
    const other = await server.client();
    const first = await fileComplaint(other, body);
    const reads = sessionReads();
    const retry = await visitor.client.post('/api/complaints', body);
    expect(sessionReads()).toBe(reads);
    expect([retry.status, retry.body.caseId, retry.body.alreadyFiled]).toEqual([200, first.caseId, true]);
    const { ids } = await server.db.one<{ ids: string[] }>(`SELECT data->'trackedCaseIds' AS ids FROM sessions WHERE sid = $1`, [visitor.sid]);
    expect(ids).toEqual([...visitor.cases, first.caseId]);
    expect((await visitor.client.get(`/api/cases/${first.caseId}`)).status).toBe(200);
  });

  it('When a filing by a session read lately is refused after its first statement, Then the answer is the route’s, word for word, in the filer’s language', async () => {
    const first = buildComplaint(mechanism);
    await fileComplaint(await server.client(), first);
    const english = await server.client('en');
    await fileComplaint(english, buildComplaint(mechanism));
    const refusals = [
      { ...first, whatHappened: `${first.whatHappened} Y ahora también el ruido de las máquinas en la noche.` },
      { ...buildComplaint(mechanism), categoryCodes: ['no_such_category'] },
    ];
    for (const body of refusals) {
      const reads = sessionReads();
      const fast = await english.post('/api/complaints', body);
      // Answered ahead of the session's read; a new session's request reads it.
      expect(sessionReads()).toBe(reads);
      const asUsual = await (await server.client('en')).post('/api/complaints', body);
      expect(sessionReads()).toBe(reads + 1);
      expect([fast.status, fast.body, fast.headers['cache-control']]).toEqual([asUsual.status, asUsual.body, asUsual.headers['cache-control']]);
    }
  });

  /** An answer's headers but those that differ from one answer to the next (its date, its body's length and ETag). */
  const lastingHeaders = (res: { headers: Record<string, string> }) => {
    const { date: _date, etag: _etag, 'content-length': _length, ...rest } = res.headers;
    return rest;
  };

  it('When a visitor files by a session read lately, Then the answer carries the usual path’s headers: security headers, not to be stored, JSON, sent as it is and varying by Accept-Encoding', async () => {
    const visitor = await visitorFiledTwice();
    // A minute later the session is read again: that filing takes the usual path, the next one does not.
    server.clock.advance(61_000);
    const reads = sessionReads();
    const usual = await visitor.client.post('/api/complaints', anonymous());
    expect(sessionReads()).toBe(reads + 1);
    const fast = await visitor.client.post('/api/complaints', anonymous());
    expect(sessionReads()).toBe(reads + 1);
    expect([usual.status, fast.status]).toEqual([201, 201]);
    expect(lastingHeaders(fast)).toEqual(lastingHeaders(usual));
    expect([fast.headers.vary, fast.headers['cache-control'], fast.headers['content-encoding']]).toEqual(['Accept-Encoding', 'no-store', undefined]);
    expect(fast.headers['content-security-policy']).toBeDefined();
  });

  it('When a filing’s body is not valid JSON or too large, Then it is answered as any API request’s (400 malformed_json in the caller’s language, 413), nothing filed and no hit counted', async () => {
    const english = await server.client('en');
    await fileComplaint(english, buildComplaint(mechanism));
    const [cases, hits] = [await countCases(server), await filingHits()];
    const { csrfToken } = (await english.refreshSession()).body as { csrfToken: string };
    const broken = (path: string) =>
      english.agent.post(path).set('Content-Type', 'application/json').set('Accept-Language', 'en').set('x-csrf-token', csrfToken).send('{"whatHappened": ');
    const [filing, session] = [await broken('/api/complaints'), await broken('/api/session')];
    expect([filing.status, filing.body.error]).toEqual([
      400,
      { code: 'malformed_json', message: 'The request could not be read: its content is not valid JSON.' },
    ]);
    expect(lastingHeaders(filing)).toEqual(lastingHeaders(session));
    const large = await english.post('/api/complaints', { ...buildComplaint(mechanism), whatHappened: 'p'.repeat(300_000) });
    expect([large.status, large.body.error?.code]).toEqual([413, 'payload_too_large']);
    expect(await countCases(server)).toBe(cases);
    expect(await filingHits()).toBe(hits);
  });

  it('When a session ends, expires, changes its CSRF token or its data, or its account is deactivated, between two filings, Then the next filing gets the usual answer: nothing filed twice or lost, one hit counted', async () => {
    // Each change written straight to the rows, as another server would.
    const ended = await complainantFiledTwice();
    await server.db.query('DELETE FROM sessions WHERE user_id = $1', [ended.user.id]);
    await refused(ended.client, 403, 'csrf_failed');
    const expired = await complainantFiledTwice();
    await server.db.query('UPDATE sessions SET expires_at = $2 WHERE user_id = $1', [expired.user.id, new Date(server.clock.now().getTime() - 1000)]);
    await refused(expired.client, 403, 'csrf_failed');
    const newToken = await complainantFiledTwice();
    await server.db.query(`UPDATE sessions SET data = jsonb_set(data, '{csrfToken}', '"otro"') WHERE user_id = $1`, [newToken.user.id]);
    await refused(newToken.client, 403, 'csrf_failed');
    // Deactivated: the session holds nobody any more, and the complaint is a visitor's, as the usual path files it.
    const deactivated = await complainantFiledTwice();
    await server.db.query('UPDATE users SET active = false WHERE id = $1', [deactivated.user.id]);
    const asVisitor = await fileComplaint(deactivated.client, buildComplaint(mechanism));
    expect((await server.db.one<{ by: string | null }>('SELECT complainant_user_id AS by FROM cases WHERE id = $1', [asVisitor.caseId])).by).toBeNull();

    const visitorEnded = await visitorFiledTwice();
    await server.db.query('DELETE FROM sessions WHERE sid = $1', [visitorEnded.sid]);
    await refused(visitorEnded.client, 403, 'csrf_failed');
    const visitorToken = await visitorFiledTwice();
    await server.db.query(`UPDATE sessions SET data = jsonb_set(data, '{csrfToken}', '"otro"') WHERE sid = $1`, [visitorToken.sid]);
    await refused(visitorToken.client, 403, 'csrf_failed');
    // Another server made the session follow one more case (a receipt key): the filing keeps it.
    const visitorMoved = await visitorFiledTwice();
    const elsewhere = await fileComplaint(await server.client(), buildComplaint(mechanism));
    await server.db.query(`UPDATE sessions SET data = jsonb_set(data, '{trackedCaseIds}', data->'trackedCaseIds' || to_jsonb($2::text)) WHERE sid = $1`, [
      visitorMoved.sid,
      elsewhere.caseId,
    ]);
    const hits = await filingHits();
    const next = await fileComplaint(visitorMoved.client, buildComplaint(mechanism));
    expect(await filingHits()).toBe(hits + 1);
    expect(await followed(next.caseId)).toEqual([...visitorMoved.cases, elsewhere.caseId, next.caseId]);
  });

  describeOnServer('read in one statement (the first held at its rate-limit row while the others arrive)', () => {
    it('When one of a batch’s filings comes by a session that changed, Then it alone counts no hit and takes the usual path, and the others are counted and refused as if it had not come', async () => {
      const LIMIT = 1000; // onIntakeServer's filingsPerHourPerIp
      const visitors = [];
      for (let i = 0; i < 4; i++) visitors.push(await visitorFiledTwice());
      const [held, first, changed, last] = visitors;
      await server.db.query(`UPDATE sessions SET data = jsonb_set(data, '{csrfToken}', '"otro"') WHERE sid = $1`, [changed!.sid]);
      const { key } = await server.db.one<{ key: string }>("SELECT key FROM rate_limits WHERE key LIKE 'file:%' ORDER BY window_started_at DESC LIMIT 1");
      // Room for the held filing alone: the two unchanged of the batch are over the limit, each by its own place.
      await server.db.query('UPDATE rate_limits SET hits = $2 WHERE key = $1', [key, LIMIT - 1]);
      const cases = await countCases(server);
      const lock = { sql: 'SELECT hits FROM rate_limits WHERE key = $1 FOR UPDATE', params: [key] };
      const post = (v: { client: TestClient }) => () => v.client.post('/api/complaints', buildComplaint(mechanism));
      const batch = await inOneBatchBehind(server, lock, () => filingContextBatchStats(server.db), post(held!), [post(first!), post(last!), post(changed!)]);
      expect([batch.statements, batch.items, batch.retried]).toEqual([2, 4, 0]);
      expect([batch.held.status, ...batch.answers.map((a) => a.status)]).toEqual([201, 429, 429, 403]);
      expect(batch.answers[2]!.body.error.code).toBe('csrf_failed');
      expect(await countCases(server)).toBe(cases + 1);
      expect((await server.db.one<{ hits: number }>('SELECT hits FROM rate_limits WHERE key = $1', [key])).hits).toBe(LIMIT + 2);
      await server.db.query('DELETE FROM rate_limits WHERE key = $1', [key]);
    });
  });
});
