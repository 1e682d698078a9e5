/**
 * Authorization generated from the route table: Express's registered routes (its router stack walked)
 * and the socket events a connection listens to are each called with no session, as another company's
 * liaison and as a community member who is no party to the case, and must answer 401 or 404 (forbidden
 * looks like missing) and change nothing. The expectations below name every route: a route added
 * without a line here fails the first test, so nobody can forget to say who may call it.
 */
import type { Server } from 'socket.io';
import { connected, DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { ABOUT, demoCaseId } from '../dialogueFactory';
import { registeredRoutes } from '../routeTable';

/**
 * Who may call a route:
 * - `case`: a party to the case in `:id` (401 with no session, 404 for anyone else);
 * - `admin`: an admin of the mechanism (401 with no session, 404 for anyone else);
 * - `oversight`: an ombudsman officer (404 for everyone else, no session included);
 * - `staff`: habeas desk staff (404 for everyone else, no session included);
 * - `self`: acts on the caller's own account only (401 or 404 with no session; nobody else's data to reach);
 * - `public`: anyone, by design (intake, tracking with a receipt key, transparency, docs, health, webhooks
 *   signed by their gateway); listed so that being public is a decision, not an accident.
 */
type Audience = 'case' | 'admin' | 'oversight' | 'staff' | 'self' | 'public';
interface Expectation {
  who: Audience;
  /** A body that passes the route's schema, for routes that validate before they authorize. */
  body?: object;
}

const ROUTES: Record<string, Audience | Expectation> = {
  'POST /api/channels/:gatewayId/inbound': 'public',
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'GET /api/health/ready': 'public',
  'GET /api/metrics': 'public',
  'GET /api/session': 'public',
  'POST /api/session': 'public',
  'DELETE /api/session': 'public',
  'PUT /api/me/language': 'self',
  'GET /api/mechanism': 'public',
  'GET /api/data-policy': 'public',
  'POST /api/complaints': 'public',
  // The same filing as a plain HTML form, for phones where the app's code never arrives (test/api/plainForm.test.ts).
  'GET /presentar-queja/formulario-sencillo': 'public',
  'POST /presentar-queja/formulario-sencillo': 'public',
  'POST /api/track': 'public',
  'GET /api/track/:reference': 'public',
  'GET /api/attachments/limits': 'public',
  'POST /api/cases/:id/attachments': 'case',
  'POST /api/cases/:id/attachments/uploads': 'case',
  'HEAD /api/cases/:id/attachments/uploads/:uploadId': 'case',
  'PATCH /api/cases/:id/attachments/uploads/:uploadId': 'case',
  'DELETE /api/cases/:id/attachments/uploads/:uploadId': 'case',
  'GET /api/cases/:id/attachments/uploads/:uploadId': 'case',
  'GET /api/attachments/:id': 'case',
  'GET /api/cases': 'self',
  'GET /api/cases/:id': 'case',
  'POST /api/cases/:id/transitions': 'case',
  'POST /api/cases/:id/route': 'case',
  'POST /api/cases/:id/release-red-flag': 'case',
  'GET /api/cases/:id/dialogue': 'case',
  'GET /api/cases/:id/messages': 'case',
  'POST /api/cases/:id/messages': 'case',
  'POST /api/cases/:id/read': 'case',
  'POST /api/cases/:id/meetings': 'case',
  'PUT /api/cases/:id/meetings/:meetingId/minutes': 'case',
  'POST /api/cases/:id/meetings/:meetingId/agree': 'case',
  'POST /api/cases/:id/agreements': 'case',
  'POST /api/cases/:id/agreements/:agreementId/accept': 'case',
  'POST /api/cases/:id/agreements/:agreementId/reject': 'case',
  'POST /api/cases/:id/commitments/:commitmentId/report': 'case',
  'POST /api/cases/:id/commitments/:commitmentId/confirm': 'case',
  'POST /api/cases/:id/commitments/:commitmentId/dispute': 'case',
  'POST /api/cases/:id/commitments/:commitmentId/verify': 'case',
  'POST /api/cases/:id/satisfaction': 'case',
  'POST /api/cases/:id/reopen': 'case',
  'GET /api/clips/:mechanismId/:language/:key': 'public',
  'GET /api/admin/mechanisms/:mechanismId/clips': 'admin',
  'PUT /api/admin/mechanisms/:mechanismId/clips/:language/:key': 'admin',
  'DELETE /api/admin/mechanisms/:mechanismId/clips/:language/:key': 'admin',
  'GET /api/mechanisms/:mechanismId/languages/:language/texts': 'public',
  'GET /api/admin/mechanisms/:mechanismId/languages': 'admin',
  'PUT /api/admin/mechanisms/:mechanismId/languages': 'admin',
  'GET /api/admin/mechanisms/:mechanismId/languages/:language/texts.csv': 'admin',
  'PUT /api/admin/mechanisms/:mechanismId/languages/:language/texts': 'admin',
  'GET /api/admin/overview': 'admin',
  'GET /api/admin/mechanisms': 'admin',
  'POST /api/admin/mechanisms': 'admin',
  'GET /api/admin/mechanisms/:mechanismId/companies': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/companies': 'admin',
  'PATCH /api/admin/mechanisms/:mechanismId/companies/:id': 'admin',
  'GET /api/admin/mechanisms/:mechanismId/categories': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/categories': 'admin',
  'PATCH /api/admin/mechanisms/:mechanismId/categories/:id': 'admin',
  'GET /api/admin/mechanisms/:mechanismId/municipalities': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/municipalities': 'admin',
  'PATCH /api/admin/mechanisms/:mechanismId/municipalities/:id': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/municipalities/:id/veredas': 'admin',
  'PATCH /api/admin/mechanisms/:mechanismId/veredas/:id': 'admin',
  'GET /api/admin/mechanisms/:mechanismId/data-policies': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/data-policies': 'admin',
  'GET /api/admin/mechanisms/:mechanismId/users': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/invitations': 'admin',
  'PATCH /api/admin/mechanisms/:mechanismId/users/:id': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/recovery-links': 'admin',
  'GET /api/cases/:id/identity-custody': 'case',
  'POST /api/cases/:id/identity-reveals': 'case',
  'POST /api/cases/:id/identity-reveals/:revealId/decision': 'case',
  'GET /api/cases/:id/reprisal': 'case',
  'POST /api/cases/:id/reprisal-risk': 'case',
  'POST /api/cases/:id/protective-measures': 'case',
  'POST /api/cases/:id/reprisal-reports': 'case',
  'PUT /api/admin/mechanisms/:mechanismId/identity-custody': 'admin',
  'GET /api/invitations/:token': 'public',
  'POST /api/invitations/:token/accept': 'public',
  'POST /api/password-reset': 'public',
  'POST /api/password-reset/:token': 'public',
  'POST /api/accounts': 'public',
  'GET /api/me': 'self',
  'PUT /api/me': 'self',
  'POST /api/me/password': 'self',
  'POST /api/me/claims': 'self',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs.js': 'public',
  'GET /api/deadline-policy': 'self',
  'GET /api/admin/mechanisms/:mechanismId/deadline-policy': 'admin',
  'PUT /api/admin/mechanisms/:mechanismId/deadline-policy': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/holidays': 'admin',
  'DELETE /api/admin/mechanisms/:mechanismId/holidays/:date': 'admin',
  'GET /api/cases/:id/deadlines': 'case',
  'POST /api/cases/:id/deadlines/pause': { who: 'case', body: { reason: 'Se espera un peritaje' } },
  'POST /api/cases/:id/deadlines/resume': 'case',
  'POST /api/cases/:id/information-requests': { who: 'case', body: { question: '¿Desde cuándo pasa?' } },
  'POST /api/cases/:id/referral': 'case',
  'POST /api/cases/:id/deadlines/:deadlineId/extend': { who: 'case', body: { days: 5, reason: 'Visita técnica' } },
  'GET /api/oversight/mechanisms': 'oversight',
  'GET /api/oversight/summary': 'oversight',
  'GET /api/oversight/scorecards': 'oversight',
  'GET /api/oversight/cases': 'oversight',
  'GET /api/oversight/cases/:id/audit': 'oversight',
  'GET /api/oversight/export.csv': 'oversight',
  'GET /api/transparency/audit-digests': 'public',
  'GET /api/transparency': 'public',
  'GET /api/transparency.csv': 'public',
  'GET /api/notifications': 'self',
  'POST /api/notifications/read': 'self',
  'GET /api/admin/outbox': 'admin',
  'POST /api/admin/outbox/retry-all': 'admin',
  'POST /api/admin/outbox/:id/retry': 'admin',
  'GET /api/admin/channel-outbox': 'admin',
  'POST /api/admin/channel-outbox/retry-all': 'admin',
  'POST /api/admin/channel-outbox/:id/retry': 'admin',
  'GET /api/admin/national-holidays': 'admin',
  'POST /api/admin/national-holidays': 'admin',
  'DELETE /api/admin/national-holidays/:date': 'admin',
  'GET /api/habeas/export': 'self',
  'GET /api/habeas/requests': 'self',
  'POST /api/habeas/requests': 'self',
  'POST /api/habeas/sensitive-data/withdraw': 'self',
  'GET /api/habeas/queue': 'staff',
  'POST /api/habeas/requests/:id/extension': 'staff',
  'POST /api/habeas/requests/:id/answer': 'staff',
  'POST /api/habeas/requests/:id/correction': 'staff',
  'GET /api/admin/mechanisms/:mechanismId/retention': 'admin',
  'PUT /api/admin/mechanisms/:mechanismId/retention': 'admin',
  'GET /api/cases/:id/learning': 'case',
  'POST /api/cases/:id/causes': 'case',
  'POST /api/cases/:id/causes/:causeId/confirm': 'case',
  'DELETE /api/cases/:id/causes/:causeId': 'case',
  'GET /api/cases/:id/related': 'case',
  'POST /api/cases/:id/link': 'case',
  'DELETE /api/cases/:id/link': 'case',
  'GET /api/cases/:id/signatories': 'case',
  'PUT /api/cases/:id/signatories/open': 'case',
  'GET /api/oversight/recurrence': 'oversight',
  'GET /api/collective': 'public',
  'GET /api/collective/:reference': 'public',
  'POST /api/collective/:reference/signatories': 'public',
  'GET /api/oversight/effectiveness': 'oversight',
  'GET /api/oversight/effectiveness.csv': 'oversight',
  'PUT /api/cases/:id/consequence': 'case',
  'GET /api/cases/:id/referrals': 'case',
  'PUT /api/cases/:id/referrals/:remedy': 'case',
  'GET /api/cases/:id/referral-packet': 'case',
  'GET /api/admin/mechanisms/:mechanismId/root-causes': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/root-causes': 'admin',
  'PATCH /api/admin/mechanisms/:mechanismId/root-causes/:id': 'admin',
  'POST /api/admin/mechanisms/:mechanismId/companies/:companyId/sites': 'admin',
  'PUT /api/admin/mechanisms/:mechanismId/learning-settings': 'admin',
  'GET /open311/v2/services.:format': 'public',
  'GET /open311/v2/requests.:format': 'public',
  'GET /open311/v2/requests/:requestId.:format': 'public',
};

/** The socket events a connection listens to, and who may use them (`case`: join only a case one is party to). */
const SOCKET_EVENTS: Record<string, 'case' | 'public'> = {
  ping: 'public',
  'case.join': 'case',
  'case.leave': 'case',
};

/** Events socket.io raises on the server side itself; a client cannot emit them. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);

/** What each audience answers to someone outside it: [no session, another company's liaison, a community member]. */
const REFUSALS: Record<Exclude<Audience, 'public' | 'self'>, [number, number, number]> = {
  case: [401, 404, 404],
  admin: [401, 404, 404],
  oversight: [404, 404, 404],
  staff: [404, 404, 404],
};

const expectationOf = (route: string): Expectation => {
  const e = ROUTES[route]!;
  return typeof e === 'string' ? { who: e } : e;
};

/** Routes called at once. */
const PARALLEL = 6;

/** Tables that change on any visit (sessions, rate limits) and so say nothing about what a call did. */
const VOLATILE = new Set(['sessions', 'rate_limits', 'guess_throttle', 'socket_io_attachments']);

describe('Every route and socket event, called by people it is not for', () => {
  let server: TestServer;
  let caseId: string;
  let mechanismId: string;
  let routes: string[];

  beforeAll(async () => {
    server = await getTestServer();
    // In dialogue with Minera Valle del Cesar, filed by the facilitator: the Perijá liaison and the demo
    // complainant are no party to it.
    caseId = await demoCaseId(server, ABOUT.trucks);
    mechanismId = (await server.db.one<{ mechanismId: string }>('SELECT mechanism_id AS "mechanismId" FROM cases WHERE id = $1', [caseId])).mechanismId;
    routes = registeredRoutes(server.app.express);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Every row of every table but the volatile ones, as one string per table. */
  async function everything(): Promise<Record<string, string>> {
    const tables = await server.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      if (VOLATILE.has(name)) continue;
      const row = await server.db.one<{ n: string; digest: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${name}" t`,
      );
      out[name] = `${row.n}:${row.digest ?? ''}`;
    }
    return out;
  }

  /** The path with its parameters filled: the case under test, its mechanism, and unknown ids for the rest. */
  function urlOf(path: string): string {
    return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      if (name === 'id') return caseId;
      if (name === 'mechanismId') return mechanismId;
      if (name === 'format') return 'json';
      return '0e5b8f7a-3c1d-4f2e-9a6b-1d2c3e4f5a6b';
    });
  }

  async function call(client: TestClient, route: string, body: object): Promise<number> {
    const [method, path] = route.split(' ') as [string, string];
    const url = urlOf(path);
    if (method === 'GET') return (await client.get(url)).status;
    if (method === 'HEAD') return (await client.agent.head(url).set('Tus-Resumable', '1.0.0')).status;
    const m = method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
    return (await client.send(m, url, m === 'delete' ? undefined : body)).status;
  }

  it('When the route table is walked, Then every registered route has a line saying who may call it, and no line names a route that does not exist', () => {
    // Sanity: the walk found the routers (a broken walk would find nothing and prove nothing).
    expect(routes.length).toBeGreaterThan(150);
    expect([...routes].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('When every non-public route is called with no session, as another company’s liaison and as a community member, Then each answers 401 or 404 and nothing in the database changes', async () => {
    const nobody = await server.client();
    const otherCompany = await server.loginAs(DEMO.liaisonPerija);
    const communityMember = await server.loginAs(DEMO.complainant);
    const before = await everything();
    const wrong: string[] = [];
    let calls = 0;
    const check = async (route: string) => {
      const { who, body = {} } = expectationOf(route);
      if (who === 'public') return;
      if (who === 'self') {
        // Nobody else's data to reach: only a session is needed, and without one there is nothing.
        const status = await call(nobody, route, body);
        calls++;
        if (status !== 401 && status !== 404) wrong.push(`${route} with no session: ${status}`);
        return;
      }
      const want = REFUSALS[who];
      const answers = await Promise.all([call(nobody, route, body), call(otherCompany, route, body), call(communityMember, route, body)]);
      calls += 3;
      if (answers.join() !== want.join()) wrong.push(`${route}: ${answers.join('/')} (want ${want.join('/')})`);
    };
    // A few routes at a time: every call is refused, so none depends on another.
    for (let i = 0; i < routes.length; i += PARALLEL) await Promise.all(routes.slice(i, i + PARALLEL).map(check));
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(300);
    expect(await everything()).toEqual(before);
  }, 120_000);

  it('When people who are no party to a case use every socket event, Then a visitor without a session cannot connect, and the others join no room of the case', async () => {
    const io = (server.app.ctx.realtime as unknown as { io: Server }).io;
    const anonymous = (await server.client()).socket();
    await expect(connected(anonymous)).rejects.toThrow(/unauthenticated/);
    anonymous.close();

    for (const email of [DEMO.liaisonPerija, DEMO.complainant]) {
      const client = await server.loginAs(email);
      const socket = client.socket();
      await connected(socket);
      try {
        const serverSide = io.sockets.sockets.get(socket.id!)!;
        // socket.io's own events ('error', 'disconnect', …) are not the client's to send.
        const listened = serverSide.eventNames().filter((e): e is string => typeof e === 'string' && !RESERVED.has(e));
        // Generated from what the connection listens to: a new event without a line here fails.
        expect([...listened].sort()).toEqual(Object.keys(SOCKET_EVENTS).sort());
        const roomsBefore = [...serverSide.rooms].sort();
        for (const event of listened) {
          if (SOCKET_EVENTS[event] === 'public') await socket.timeout(3000).emitWithAck('ping');
          else if (event === 'case.join') expect(await socket.timeout(3000).emitWithAck('case.join', { caseId })).toEqual({ ok: false });
          else await socket.timeout(3000).emitWithAck(event as 'case.leave', { caseId });
        }
        expect([...serverSide.rooms].sort()).toEqual(roomsBefore);
        expect([...serverSide.rooms].some((room) => room.includes(caseId))).toBe(false);
      } finally {
        socket.close();
      }
    }
  });
});
