import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { GOOD_PASSWORD, linkSentTo } from '../accountHelpers';
import { buildComplaint, demoIds, fileComplaint, loadMechanism } from '../intakeSupport';
import { TestSmtpServer } from '../mail/smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { OUTBOX_MECHANISM_BACKFILL } from '../../server/db/migrations/0008_outbox_scope';
import type { OutboxEntryDto, OutboxListDto } from '../../shared/types/outbox';
import type { AdminOverviewDto } from '../../shared/types/api';

const GUAJIRA_ADMIN = 'admin@guajira.gov.co';
const GUAJIRA_OMBUDSMAN = 'defensoria@guajira.gov.co';

describe('The admin outbox, scoped by mechanism', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let cesarAdmin: TestClient;
  let guajiraAdmin: TestClient;
  let cesarId: string;
  let guajiraId: string;

  async function outboxRow(to: string, template: string) {
    return server.db.one<{ id: number; status: string; attempts: number; mechanism_id: string | null }>(
      'SELECT id, status, attempts, mechanism_id FROM outbox WHERE to_address = $1 AND template = $2 ORDER BY id DESC LIMIT 1',
      [to, template],
    );
  }

  async function failed(client: TestClient, query = ''): Promise<OutboxEntryDto[]> {
    const res = await client.get(`/api/admin/outbox?status=failed${query}`);
    expect(res.status).toBe(200);
    return (res.body as OutboxListDto).entries;
  }

  /** Sends everything due while the mail server refuses for good, so it all ends failed. */
  async function sendWhileRefused(): Promise<void> {
    smtp.refuseWith = 550;
    await sendDueEmails(server.app.ctx, 100);
    smtp.reset();
  }

  beforeAll(async () => {
    await smtp.start();
    server = await getTestServer({ config: { smtpUrl: smtp.url } });
    cesarAdmin = await server.loginAs(DEMO.admin);
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    const created = await cesarAdmin.post('/api/admin/mechanisms', { slug: 'la-guajira', name: 'La Guajira — carbón', region: 'La Guajira, Colombia', referencePrefix: 'GUA' });
    expect(created.status).toBe(201);
    guajiraId = created.body.id;
    // Guajira's own admin manages Guajira only; the Cesar admin created it and manages both.
    for (const [email, role] of [
      [GUAJIRA_ADMIN, 'admin'],
      [GUAJIRA_OMBUDSMAN, 'ombudsman'],
    ] as const) {
      expect((await cesarAdmin.post(`/api/admin/mechanisms/${guajiraId}/invitations`, { email, displayName: email, role })).status).toBe(201);
    }
    const { token } = await linkSentTo(server.db, GUAJIRA_ADMIN);
    guajiraAdmin = await server.client();
    expect((await guajiraAdmin.post(`/api/invitations/${token}/accept`, { displayName: 'Admin Guajira', password: GOOD_PASSWORD })).status).toBe(204);
    expect((await guajiraAdmin.post('/api/session', { email: GUAJIRA_ADMIN, password: GOOD_PASSWORD })).status).toBe(200);
    // A Cesar notice and a Cesar password reset.
    const mechanism = await loadMechanism(server);
    await fileComplaint(
      await server.client(),
      buildComplaint(mechanism, { companyId: demoIds(mechanism).company('la-esperanza'), identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }),
    );
    expect((await (await server.client()).post('/api/password-reset', { email: DEMO.ombudsman })).status).toBeLessThan(300);
    await sendWhileRefused();
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });
  beforeEach(() => smtp.reset());

  it('When e-mails are written, Then each carries the mechanism it is for: the case, the mechanism invited to, the account', async () => {
    expect((await outboxRow(DEMO.liaisonEsperanza, 'new_case')).mechanism_id).toBe(cesarId);
    expect((await outboxRow(GUAJIRA_OMBUDSMAN, 'invitation')).mechanism_id).toBe(guajiraId);
    expect((await outboxRow(DEMO.ombudsman, 'passwordReset')).mechanism_id).toBe(cesarId);
  });

  it('When the Guajira admin lists failed e-mails, Then only Guajira ones appear; the Cesar admin, who manages both, sees both', async () => {
    const guajiraList = await failed(guajiraAdmin);
    expect(guajiraList.map((e) => e.toAddress).sort()).toEqual([GUAJIRA_ADMIN, GUAJIRA_OMBUDSMAN]);
    expect(guajiraList.every((e) => e.mechanism?.id === guajiraId && e.status === 'failed' && /550/.test(e.lastError ?? ''))).toBe(true);

    const cesarList = await failed(cesarAdmin);
    expect(cesarList.map((e) => e.toAddress)).toEqual(expect.arrayContaining([GUAJIRA_OMBUDSMAN, DEMO.ombudsman, DEMO.liaisonEsperanza]));
    const reset = cesarList.find((e) => e.template === 'passwordReset')!;
    expect(reset).toMatchObject({ toAddress: DEMO.ombudsman, attempts: 1, mechanism: { id: cesarId, name: 'Cesar — minería de carbón' } });
    expect(Object.keys(reset).sort()).toEqual(['attempts', 'createdAt', 'id', 'lastError', 'mechanism', 'nextAttemptAt', 'sentAt', 'status', 'template', 'toAddress']);

    // The mechanism picker narrows the list; a mechanism one does not manage is 404.
    expect((await failed(cesarAdmin, `&mechanismId=${guajiraId}`)).map((e) => e.toAddress).sort()).toEqual([GUAJIRA_ADMIN, GUAJIRA_OMBUDSMAN]);
    const foreign = await guajiraAdmin.get(`/api/admin/outbox?status=failed&mechanismId=${cesarId}`);
    expect(foreign.status).toBe(404);
    const bad = await guajiraAdmin.get('/api/admin/outbox?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('status');
  });

  it('When each admin opens the overview, Then it counts the failed e-mails of their mechanisms only', async () => {
    const cesarTotal = (await failed(cesarAdmin)).length;
    expect(((await cesarAdmin.get('/api/admin/overview')).body as AdminOverviewDto).failedEmails).toBe(cesarTotal);
    expect(((await guajiraAdmin.get('/api/admin/overview')).body as AdminOverviewDto).failedEmails).toBe(2);
  });

  it('When an admin retries another mechanism’s failed e-mail, Then it answers 404 like a missing one and changes nothing', async () => {
    const reset = await outboxRow(DEMO.ombudsman, 'passwordReset');
    const foreign = await guajiraAdmin.post(`/api/admin/outbox/${reset.id}/retry`);
    const missing = await guajiraAdmin.post('/api/admin/outbox/99999999/retry');
    const malformed = await guajiraAdmin.post('/api/admin/outbox/abc/retry');
    expect([foreign.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
    expect(foreign.body).toEqual(missing.body);
    expect(malformed.body).toEqual(missing.body);
    expect(await outboxRow(DEMO.ombudsman, 'passwordReset')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('When nobody is logged in, or staff who are not admins try, Then the outbox answers 401 and 404 and nothing is retried', async () => {
    const reset = await outboxRow(DEMO.ombudsman, 'passwordReset');
    const anonymous = await server.client();
    expect((await anonymous.get('/api/admin/outbox')).status).toBe(401);
    expect((await anonymous.post(`/api/admin/outbox/${reset.id}/retry`)).status).toBe(401);
    expect((await anonymous.post('/api/admin/outbox/retry-all')).status).toBe(401);
    for (const email of [DEMO.liaisonPerija, DEMO.ombudsman, DEMO.complainant]) {
      const someone = await server.loginAs(email);
      expect((await someone.get('/api/admin/outbox')).status).toBe(404);
      const retry = await someone.post(`/api/admin/outbox/${reset.id}/retry`);
      expect(retry.status).toBe(404);
      expect(retry.body.error.code).toBe('not_found');
      expect((await someone.post('/api/admin/outbox/retry-all')).status).toBe(404);
    }
    // A write without the session's CSRF token is refused before anything runs.
    const forged = await cesarAdmin.agent.post(`/api/admin/outbox/${reset.id}/retry`).set('Accept-Language', 'es');
    expect(forged.status).toBe(403);
    expect(await outboxRow(DEMO.ombudsman, 'passwordReset')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('When the admin retries a failed e-mail, Then it is pending again and the real mail server receives it exactly once', async () => {
    const reset = await outboxRow(DEMO.ombudsman, 'passwordReset');
    const res = await cesarAdmin.post(`/api/admin/outbox/${reset.id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: reset.id, status: 'pending', attempts: 0, nextAttemptAt: server.clock.now().toISOString() });
    expect(await outboxRow(DEMO.ombudsman, 'passwordReset')).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await failed(cesarAdmin)).some((e) => e.id === reset.id)).toBe(false);
    // Already pending: a second press finds no failed e-mail to retry.
    expect((await cesarAdmin.post(`/api/admin/outbox/${reset.id}/retry`)).status).toBe(404);

    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    // Past the sender's lease: had the entry not been marked sent, it would go out again now.
    server.clock.advance(60 * 60 * 1000);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([[DEMO.ombudsman]]);
    expect(await outboxRow(DEMO.ombudsman, 'passwordReset')).toMatchObject({ status: 'sent', attempts: 1 });
    const sent = (await cesarAdmin.get('/api/admin/outbox?status=sent')).body as OutboxListDto;
    expect(sent.entries.find((e) => e.id === reset.id)).toMatchObject({ status: 'sent', lastError: null });
  });

  it('When the Guajira admin retries all, Then only Guajira e-mails go out again and Cesar ones stay failed', async () => {
    const cesarFailedBefore = (await failed(cesarAdmin, `&mechanismId=${cesarId}`)).map((e) => e.id);
    expect(cesarFailedBefore.length).toBeGreaterThan(0);
    const res = await guajiraAdmin.post('/api/admin/outbox/retry-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: 2 });
    expect(await failed(guajiraAdmin)).toEqual([]);
    expect((await failed(cesarAdmin, `&mechanismId=${cesarId}`)).map((e) => e.id)).toEqual(cesarFailedBefore);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([GUAJIRA_ADMIN, GUAJIRA_OMBUDSMAN]);
  });

  it('When older e-mails without a mechanism are backfilled, Then the case, the address or the invitation link places them, and an unplaceable one is shown to every admin', async () => {
    const cesarCase = await server.db.one<{ id: string }>('SELECT id FROM cases WHERE mechanism_id = $1 LIMIT 1', [cesarId]);
    const { token } = await linkSentTo(server.db, GUAJIRA_OMBUDSMAN);
    const legacy = async (to: string, template: string, data: Record<string, unknown>) =>
      (
        await server.db.one<{ id: number }>(
          `INSERT INTO outbox (to_address, language, template, data, status, attempts, last_error, next_attempt_at, created_at)
           VALUES ($1, 'es', $2, $3, 'failed', 8, '550 refused', $4, $4) RETURNING id`,
          [to, template, JSON.stringify(data), server.clock.now()],
        )
      ).id;
    // A Guajira officer's address, but a notice about a Cesar case: the case decides.
    const notice = await legacy(GUAJIRA_OMBUDSMAN, 'message', { path: `/casos/${cesarCase.id}` });
    const byAddress = await legacy(DEMO.liaisonPerija.toUpperCase(), 'status_changed', {});
    // The person changed address since; the invitation link still places the e-mail.
    const byInvitation = await legacy('antigua@guajira.gov.co', 'invitation', { path: `/invitacion/${token}` });
    const unplaced = await legacy('nadie@ninguna-parte.co', 'test', { path: '/casos/no-es-un-id' });

    await server.db.query(OUTBOX_MECHANISM_BACKFILL);
    const placed = new Map(
      (await server.db.query<{ id: number; mechanism_id: string | null }>('SELECT id, mechanism_id FROM outbox WHERE id = ANY($1::bigint[])', [[notice, byAddress, byInvitation, unplaced]])).map(
        (r) => [r.id, r.mechanism_id],
      ),
    );
    expect([placed.get(notice), placed.get(byAddress), placed.get(byInvitation), placed.get(unplaced)]).toEqual([cesarId, cesarId, guajiraId, null]);

    expect((await failed(guajiraAdmin)).map((e) => e.id).sort()).toEqual([byInvitation, unplaced].sort());
    expect((await failed(cesarAdmin)).find((e) => e.id === unplaced)).toMatchObject({ mechanism: null, template: 'test' });
    expect((await guajiraAdmin.post(`/api/admin/outbox/${notice}/retry`)).status).toBe(404);
    expect((await guajiraAdmin.post(`/api/admin/outbox/${unplaced}/retry`)).status).toBe(200);
  });
});
