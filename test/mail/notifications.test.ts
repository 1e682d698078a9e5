import { connected, DEMO, getTestServer, nextEvent, type TestServer, emailIndex, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { TestSmtpServer } from './smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { buildComplaint, demoIds, fileComplaint, loadMechanism } from '../intakeSupport';
import type { NotificationDto, NotificationListDto } from '../../shared/types/notifications';

/** The message as a person reads it: quoted-printable soft breaks joined and =XX bytes decoded as UTF-8. */
function readable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

const COMPLAINT = 'El polvo del botadero cubre la huerta de doña Ofelia cada tarde.';

describe('Notifications that always arrive', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  beforeAll(async () => {
    await smtp.start();
    server = await getTestServer({ config: { smtpUrl: smtp.url, publicUrl: 'http://puente.example.org' } });
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });
  beforeEach(() => smtp.reset());

  /** Files an anonymous complaint naming a company through the real filing API. */
  async function fileCaseFor(companySlug: string): Promise<{ id: string; reference: string }> {
    const mechanism = await loadMechanism(server);
    const body = buildComplaint(mechanism, {
      companyId: demoIds(mechanism).company(companySlug),
      whatHappened: COMPLAINT,
      identityMode: 'anonymous',
      identity: undefined,
      contactPreference: 'none',
    });
    const filed = await fileComplaint(await server.client(), body);
    return { id: filed.caseId, reference: filed.reference };
  }

  it('When a new case names a company, Then its liaison gets an e-mail in their language with a link and no complaint text', async () => {
    const filed = await fileCaseFor('la-esperanza');
    expect(await sendDueEmails(server.app.ctx)).toMatchObject({ sent: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([[DEMO.liaisonEsperanza]]);
    const mail = smtp.received.find((m) => m.to.includes(DEMO.liaisonEsperanza))!;
    expect(mail.to).toEqual([DEMO.liaisonEsperanza]);
    const text = readable(mail.raw);
    expect(text).toContain(`Subject: New complaint for your company: ${filed.reference}`);
    expect(text).toContain('Hello Julián Ortega Mejía,');
    expect(text).toContain(`http://puente.example.org/casos/${filed.id}`);
    expect(text).not.toContain('polvo');
    expect(text).not.toContain('Ofelia');
    const liaison = await server.loginAs(DEMO.liaisonEsperanza);
    const list: NotificationListDto = (await liaison.get('/api/notifications')).body;
    expect(list.notifications[0]).toMatchObject({ kind: 'new_case', caseId: filed.id, data: { reference: filed.reference }, read: false });
  });

  it('When a liaison turned off new-case e-mails, Then they are told in the app only', async () => {
    await server.db.query(`UPDATE users SET email_preferences = email_preferences || '{"new_case": false}'::jsonb WHERE email_index = $1`, [emailIndex(DEMO.liaisonValle)]);
    try {
      const filed = await fileCaseFor('valle-cesar');
      const mails = await server.db.query(`SELECT id FROM outbox WHERE data->>'path' = $1`, [`/casos/${filed.id}`]);
      expect(mails).toHaveLength(0);
      const notices = await server.db.query(
        `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email_index = $1 AND n.case_id = $2 AND n.kind = 'new_case'`,
        [emailIndex(DEMO.liaisonValle), filed.id],
      );
      expect(notices).toHaveLength(1);
    } finally {
      await server.db.query(`UPDATE users SET email_preferences = email_preferences || '{"new_case": true}'::jsonb WHERE email_index = $1`, [emailIndex(DEMO.liaisonValle)]);
    }
  });

  it('When the mail server is down, Then the e-mail waits in the outbox and is delivered exactly once after it restarts', async () => {
    await smtp.stop();
    const filed = await fileCaseFor('perija');
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = await server.db.one<{ status: string; sealId: string | null; recipientCiphertext: string | null; toAddress: string | null }>(
      `SELECT o.status, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.data->>'path' = $1`,
      [`/casos/${filed.id}`],
    );
    expect({ status: waiting.status, to: openOutboxRow(waiting).to }).toEqual({ status: 'pending', to: DEMO.liaisonPerija });

    await smtp.start();
    server.clock.advance(2 * 60 * 1000);
    // The real job loop delivers it; further runs after the backoff send nothing more.
    server.jobs.start();
    const deadline = Date.now() + 5000;
    while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await server.jobs.stop();
    // Later runs (other jobs' e-mails may go out too) never send this one again.
    server.clock.advance(60 * 60 * 1000);
    await sendDueEmails(server.app.ctx);
    const ours = smtp.received.filter((m) => readable(m.raw).includes(`/casos/${filed.id}`));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.to).toEqual([DEMO.liaisonPerija]);
    expect(ours[0]!.raw).toContain(`Subject: Nueva queja para su empresa: ${filed.reference}`);
  });

  it('When a case changes status, Then the parties are notified live and by e-mail in the same transaction, never the actor', async () => {
    const liaison = await server.loginAs(DEMO.liaisonValle);
    const socket = liaison.socket();
    await connected(socket);
    const target = await server.db.one<{ id: string; reference: string }>(
      `SELECT c.id, c.reference FROM cases c JOIN companies co ON co.id = c.company_id WHERE co.slug = 'valle-cesar' AND c.status = 'in_dialogue'`,
    );
    const pushed = nextEvent<NotificationDto>(socket, 'notifications.new');
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const res = await ombudsman.post(`/api/cases/${target.id}/transitions`, { action: 'start_mediation', reason: 'Las partes no avanzan.' });
    expect(res.status).toBe(200);
    expect(await pushed).toMatchObject({ kind: 'status_changed', caseId: target.id, data: { reference: target.reference, status: 'in_mediation' } });
    socket.close();
    const outbox = (
      await server.db.query<{ sealId: string | null; recipientCiphertext: string | null; toAddress: string | null; template: string }>(
        `SELECT ${OUTBOX_RECIPIENT}, o.template FROM outbox o WHERE o.data->>'path' = $1`,
        [`/casos/${target.id}`],
      )
    ).map(openOutboxRow);
    expect(outbox.map((o) => o.to).sort()).toEqual([DEMO.facilitator, DEMO.liaisonValle].sort());
    expect(outbox.every((o) => o.template === 'status_changed')).toBe(true);
    const mine = await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email_index = $1 AND n.kind = 'status_changed'`, [emailIndex(DEMO.ombudsman)]);
    expect(mine.n).toBe(0);
  });

  it('When a transition fails, Then no notification and no e-mail was written', async () => {
    const before = await server.db.one<{ n: number; o: number }>('SELECT (SELECT count(*) FROM notifications) AS n, (SELECT count(*) FROM outbox) AS o');
    const target = await server.db.one<{ id: string }>(`SELECT id FROM cases WHERE status = 'in_mediation' LIMIT 1`);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect((await ombudsman.post(`/api/cases/${target.id}/transitions`, { action: 'close_unresolved' })).status).toBe(400);
    const after = await server.db.one<{ n: number; o: number }>('SELECT (SELECT count(*) FROM notifications) AS n, (SELECT count(*) FROM outbox) AS o');
    expect(after).toEqual(before);
  });

  it('When a person reads their notices, Then unread come first, only their own can be marked, and all can be marked at once', async () => {
    const anonymous = await server.client();
    expect((await anonymous.get('/api/notifications')).status).toBe(401);
    expect((await anonymous.post('/api/notifications/read', { all: true })).status).toBe(401);
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const list: NotificationListDto = (await liaison.get('/api/notifications')).body;
    expect(list.unread).toBeGreaterThan(0);
    const first = list.notifications[0]!;
    const someoneElses = await server.db.one<{ id: number }>(
      `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email_index = $1 LIMIT 1`,
      [emailIndex(DEMO.liaisonEsperanza)],
    );
    const marked = await liaison.post('/api/notifications/read', { ids: [first.id, someoneElses.id] });
    expect(marked.body).toEqual({ unread: list.unread - 1 });
    expect((await server.db.one<{ read_at: Date | null }>('SELECT read_at FROM notifications WHERE id = $1', [someoneElses.id])).read_at).toBeNull();
    const bad = await liaison.post('/api/notifications/read', { ids: [] });
    expect(bad.status).toBe(400);
    expect((await liaison.post('/api/notifications/read', { all: true })).body).toEqual({ unread: 0 });
  });

  it('When an e-mail is refused for good, Then the admin sees it in the failed outbox and nobody else can', async () => {
    smtp.refuseWith = 550;
    await fileCaseFor('valle-cesar');
    server.clock.advance(7 * 60 * 60 * 1000);
    await sendDueEmails(server.app.ctx);
    const admin = await server.loginAs(DEMO.admin);
    const res = await admin.get('/api/admin/outbox?status=failed');
    expect(res.status).toBe(200);
    expect(res.body.entries[0]).toMatchObject({ toAddress: DEMO.liaisonValle, template: 'new_case' });
    expect(res.body.entries[0].lastError).toMatch(/550/);
    expect((await (await server.loginAs(DEMO.ombudsman)).get('/api/admin/outbox')).status).toBe(404);
    expect((await (await server.client()).get('/api/admin/outbox')).status).toBe(401);
  });
});
