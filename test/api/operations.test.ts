import { DEMO, getTestServer, type TestServer } from '../support';
import { connected } from '../support';
import { ABOUT, demoCaseId, message } from '../dialogueFactory';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

/** The value of one series in Prometheus text (`name{labels} value`), or undefined when absent. */
function series(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Liveness and readiness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(() => server.close());

  it('When a load balancer asks, Then the server is alive and ready while its database answers', async () => {
    const client = await server.client();
    const live = await client.get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await client.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, database: 'up', draining: false });
  });

  it('When no metrics token is configured, Then there is no metrics endpoint, token or not', async () => {
    const client = await server.client();
    expect((await client.get('/api/metrics')).status).toBe(404);
    const res = await client.get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('Prometheus metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ config: { metricsToken: TOKEN } });
  });
  afterAll(() => server.close());

  const scrape = async (token = TOKEN) => {
    const client = await server.client();
    return client.get('/api/metrics').set('Authorization', `Bearer ${token}`);
  };

  it('When the token is missing or wrong, Then the endpoint looks like it does not exist', async () => {
    const visitor = await server.client();
    expect((await visitor.get('/api/metrics')).status).toBe(404);
    expect((await scrape('another-token-of-the-right-length')).status).toBe(404);
    // A logged-in admin is no operator either.
    const admin = await server.loginAs(DEMO.admin);
    expect((await admin.get('/api/metrics')).status).toBe(404);
  });

  it('When scraped with the token, Then requests appear by route pattern (never by id) and the outbox, sweep, sockets and pool figures match the database', async () => {
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const cases = (await ombudsman.get('/api/cases')).body.cases as { id: string }[];
    for (const c of cases.slice(0, 3)) expect((await ombudsman.get(`/api/cases/${c.id}`)).status).toBe(200);
    expect((await ombudsman.get('/api/no-such-route/123')).status).toBe(404);
    // Two notes on one case: the second is answered ahead of the route, its session checked by its statement.
    const thread = await demoCaseId(server, ABOUT.trucks);
    for (const note of ['Nota', 'Otra nota']) expect((await ombudsman.post(`/api/cases/${thread}/messages`, message(note, 'internal'))).status).toBe(201);
    // Two filings by a visitor: the second is answered ahead of the API's router, its session checked by its statement.
    const visitor = await server.client();
    const mechanism = await loadMechanism(server);
    for (let i = 0; i < 2; i++) await fileComplaint(visitor, buildComplaint(mechanism));
    const socket = ombudsman.socket();
    await connected(socket);
    // Time passes: some demo deadlines are now overdue and wait for the sweeper.
    server.clock.advance(30 * 24 * 60 * 60 * 1000);
    try {
      const res = await scrape();
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const text = res.text;

      expect(series(text, 'puente_http_request_duration_seconds_count', '{method="GET",route="/api/cases/:id",status="200"}')).toBe(3);
      expect(series(text, 'puente_http_request_duration_seconds_count', '{method="GET",route="/api/(unmatched)",status="404"}')).toBeGreaterThanOrEqual(1);
      expect(series(text, 'puente_http_request_duration_seconds_count', '{method="POST",route="/api/cases/:id/messages",status="201"}')).toBe(2);
      expect(series(text, 'puente_http_request_duration_seconds_count', '{method="POST",route="/api/complaints",status="201"}')).toBe(2);
      expect(series(text, 'puente_http_request_duration_seconds_count', '{method="POST",route="/api/(unmatched)",status="201"}')).toBeUndefined();
      expect(text).toContain('puente_http_request_duration_seconds_bucket{le="0.1",method="GET",route="/api/cases/:id",status="200"}');
      for (const c of cases) expect(text).not.toContain(c.id);

      const now = server.clock.now();
      const outbox = await server.db.one<{ n: number; oldest: Date | null }>(
        `SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE status = 'pending'`,
      );
      expect(series(text, 'puente_outbox_pending')).toBe(outbox.n);
      expect(series(text, 'puente_outbox_oldest_pending_age_seconds')).toBeCloseTo(outbox.oldest ? (now.getTime() - outbox.oldest.getTime()) / 1000 : 0, 0);

      const due = await server.db.one<{ oldest: Date | null }>(
        `SELECT min(due_at) AS oldest FROM case_deadlines
         WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND due_at < $1`,
        [now],
      );
      expect(due.oldest).not.toBeNull();
      expect(series(text, 'puente_deadline_sweep_lag_seconds')).toBeGreaterThanOrEqual((now.getTime() - due.oldest!.getTime()) / 1000 - 1);

      expect(series(text, 'puente_sockets_connected')).toBe(1);
      expect(series(text, 'puente_database_up')).toBe(1);
      expect(series(text, 'puente_draining')).toBe(0);
      if (server.db.kind === 'server') {
        expect(series(text, 'puente_db_pool_connections', '{state="max"}')).toBe(5);
        expect(series(text, 'puente_db_pool_connections', '{state="in_use"}')).toBeGreaterThanOrEqual(0);
      } else {
        expect(text).not.toContain('puente_db_pool_connections{');
      }
      // Node's own figures come along.
      expect(series(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    } finally {
      socket.disconnect();
    }
  });
});
