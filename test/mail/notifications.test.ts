import { connected, nextEvent, type TestServer, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { readable, onMailingServer } from './smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { MESSAGE_NOTICE_GRACE_MS, writeLateMessageNotices } from '../../server/jobs/messageNoticeSweeper';
import { insertThreadEntry } from '../../server/repositories/messages';
import { sealedUserColumns } from '../../server/repositories/users';
import { waitFor } from '../waitFor';
import { buildComplaintFor, fileComplaint } from '../intakeSupport';
import { buildCase, buildCast, buildCompany, buildUser, type BuiltCast, type BuiltUser, type UserSpec } from '../factories';
import type { NotificationDto, NotificationListDto } from '../../shared/types/notifications';

const COMPLAINT = 'El polvo del botadero cubre la huerta de doña Ofelia cada tarde.';

describe('Notifications that always arrive', () => {
  let server: TestServer;
  let cast: BuiltCast;
  const smtp = onMailingServer((s) => (server = s));
  beforeAll(async () => {
    cast = await buildCast(server.app.ctx);
  });
  beforeEach(() => smtp.reset());

  /** Files an anonymous complaint naming a company of the cast's mechanism through the real filing API. */
  async function fileCaseFor(companyId: string): Promise<{ id: string; reference: string }> {
    const body = await buildComplaintFor(server, cast.mechanism, companyId, {
      whatHappened: COMPLAINT,
      identityMode: 'anonymous',
      identity: undefined,
      contactPreference: 'none',
    });
    const filed = await fileComplaint(await server.client(), body, cast.mechanism.slug);
    return { id: filed.caseId, reference: filed.reference };
  }

  /** A company of the cast's mechanism of its own, with one liaison: what it is told is this test's alone. */
  async function companyWithLiaison(spec: Partial<UserSpec> = {}): Promise<{ companyId: string; liaison: BuiltUser }> {
    const ctx = server.app.ctx;
    const company = await buildCompany(ctx, { mechanismId: cast.mechanism.id });
    return { companyId: company.id, liaison: await buildUser(ctx, { ...spec, role: 'liaison', companyId: company.id }) };
  }

  /**
   * A case of the cast's company filed by its facilitator and already in `status`, set as the demo seeds
   * its cases: the moves that would bring it there write notices and e-mails of their own.
   */
  async function caseIn(status: 'in_dialogue' | 'in_mediation'): Promise<{ id: string; reference: string }> {
    const built = await buildCase(server.app.ctx, { ...cast.filing, filedById: cast.facilitator.id });
    await server.db.query('UPDATE cases SET status = $2 WHERE id = $1', [built.id, status]);
    return { id: built.id, reference: built.reference };
  }

  it('When a new case names a company, Then its liaison gets an e-mail in their language with a link and no complaint text', async () => {
    const { companyId, liaison: liaisonUser } = await companyWithLiaison({ language: 'en', displayName: 'Julián Ortega Mejía' });
    const filed = await fileCaseFor(companyId);
    expect(await sendDueEmails(server.app.ctx)).toMatchObject({ sent: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([[liaisonUser.email]]);
    const mail = smtp.received.find((m) => m.to.includes(liaisonUser.email))!;
    expect(mail.to).toEqual([liaisonUser.email]);
    const text = readable(mail.raw);
    expect(text).toContain(`Subject: New complaint for your company: ${filed.reference}`);
    expect(text).toContain('Hello Julián Ortega Mejía,');
    expect(text).toContain(`http://puente.example.org/casos/${filed.id}`);
    expect(text).not.toContain('polvo');
    expect(text).not.toContain('Ofelia');
    const liaison = await server.loginAs(liaisonUser.email);
    const list: NotificationListDto = (await liaison.get('/api/notifications')).body;
    expect(list.notifications[0]).toMatchObject({ kind: 'new_case', caseId: filed.id, data: { reference: filed.reference }, read: false });
  });

  it('When a liaison turned off new-case e-mails, Then they are told in the app only', async () => {
    const { companyId, liaison } = await companyWithLiaison();
    await server.db.query(`UPDATE users SET email_preferences = email_preferences || '{"new_case": false}'::jsonb WHERE id = $1`, [liaison.id]);
    const filed = await fileCaseFor(companyId);
    const mails = await server.db.query(`SELECT id FROM outbox WHERE data->>'path' = $1`, [`/casos/${filed.id}`]);
    expect(mails).toHaveLength(0);
    const notices = await server.db.query(`SELECT n.id FROM notifications n WHERE n.user_id = $1 AND n.case_id = $2 AND n.kind = 'new_case'`, [
      liaison.id,
      filed.id,
    ]);
    expect(notices).toHaveLength(1);
  });

  it('When the mail server is down, Then the e-mail waits in the outbox and is delivered exactly once after it restarts', async () => {
    await smtp.stop();
    const filed = await fileCaseFor(cast.company.id);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = await server.db.one<{ status: string; sealId: string | null; recipientCiphertext: string | null; toAddress: string | null }>(
      `SELECT o.status, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.data->>'path' = $1`,
      [`/casos/${filed.id}`],
    );
    expect({ status: waiting.status, to: openOutboxRow(waiting).to }).toEqual({ status: 'pending', to: cast.liaison.email });

    await smtp.start();
    server.clock.advance(2 * 60 * 1000);
    // The real job loop delivers it; further runs after the backoff send nothing more.
    server.jobs.start();
    await waitFor(() => smtp.received.length > 0, { what: 'an e-mail at the SMTP server' });
    await server.jobs.stop();
    // Later runs (other jobs' e-mails may go out too) never send this one again.
    server.clock.advance(60 * 60 * 1000);
    await sendDueEmails(server.app.ctx);
    const ours = smtp.received.filter((m) => readable(m.raw).includes(`/casos/${filed.id}`));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.to).toEqual([cast.liaison.email]);
    expect(ours[0]!.raw).toContain(`Subject: Nueva queja para su empresa: ${filed.reference}`);
  });

  it('When a case changes status, Then the parties are notified live and by e-mail in the same transaction, never the actor', async () => {
    const liaison = await server.loginAs(cast.liaison.email);
    const target = await caseIn('in_dialogue');
    const socket = liaison.socket();
    await connected(socket);
    const pushed = nextEvent<NotificationDto>(socket, 'notifications.new');
    const ombudsman = await server.loginAs(cast.ombudsman.email);
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
    expect(outbox.map((o) => o.to).sort()).toEqual([cast.facilitator.email, cast.liaison.email].sort());
    expect(outbox.every((o) => o.template === 'status_changed')).toBe(true);
    const mine = await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM notifications n WHERE n.user_id = $1 AND n.kind = 'status_changed'`, [
      cast.ombudsman.id,
    ]);
    expect(mine.n).toBe(0);
  });

  it('When a transition fails, Then no notification and no e-mail was written', async () => {
    const target = await caseIn('in_mediation');
    const before = await server.db.one<{ n: number; o: number }>('SELECT (SELECT count(*) FROM notifications) AS n, (SELECT count(*) FROM outbox) AS o');
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect((await ombudsman.post(`/api/cases/${target.id}/transitions`, { action: 'close_unresolved' })).status).toBe(400);
    const after = await server.db.one<{ n: number; o: number }>('SELECT (SELECT count(*) FROM notifications) AS n, (SELECT count(*) FROM outbox) AS o');
    expect(after).toEqual(before);
  });

  /** The `message` notices and e-mails written about case `caseId`, by recipient. */
  async function messageNotices(caseId: string): Promise<{ notices: string[]; emails: string[] }> {
    const notices = await server.db.query<{ userId: string }>(
      `SELECT user_id AS "userId" FROM notifications WHERE case_id = $1 AND kind = 'message' ORDER BY user_id`,
      [caseId],
    );
    const emails = (
      await server.db.query<{ sealId: string | null; recipientCiphertext: string | null; toAddress: string | null; template: string }>(
        `SELECT ${OUTBOX_RECIPIENT}, o.template FROM outbox o WHERE o.data->>'path' = $1 AND o.template = 'message'`,
        [`/casos/${caseId}`],
      )
    ).map(openOutboxRow);
    return { notices: notices.map((n) => n.userId), emails: emails.map((e) => e.to).sort() };
  }

  it('When a message is posted, Then the other party is told live, in the app and by e-mail before the answer, never its author, and no note of pending notices is left', async () => {
    const target = await caseIn('in_dialogue');
    const liaison = await server.loginAs(cast.liaison.email);
    const socket = liaison.socket();
    await connected(socket);
    const pushed = nextEvent<NotificationDto>(socket, 'notifications.new');
    const facilitator = await server.loginAs(cast.facilitator.email);
    const res = await facilitator.post(`/api/cases/${target.id}/messages`, {
      body: 'Ya enviamos las fotos del polvo.',
      visibility: 'parties',
      clientKey: 'fotos-del-polvo-1',
    });
    expect(res.status).toBe(201);
    expect(await messageNotices(target.id)).toEqual({ notices: [cast.liaison.id], emails: [cast.liaison.email] });
    expect(await pushed).toMatchObject({ kind: 'message', caseId: target.id, data: { reference: target.reference } });
    socket.close();
    expect(await server.db.query('SELECT message_id FROM message_notices_pending WHERE message_id = $1', [res.body.id])).toEqual([]);
    // A retried post is the same message: no second notice.
    const again = await facilitator.post(`/api/cases/${target.id}/messages`, {
      body: 'Ya enviamos las fotos del polvo.',
      visibility: 'parties',
      clientKey: 'fotos-del-polvo-1',
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(await messageNotices(target.id)).toEqual({ notices: [cast.liaison.id], emails: [cast.liaison.email] });
  });

  it("When a liaison's name and e-mail change between two messages, Then each message's e-mail goes to the address and name the liaison had then", async () => {
    const target = await caseIn('in_dialogue');
    const facilitator = await server.loginAs(cast.facilitator.email);
    const liaisonMail = async () => {
      const rows = await server.db.query<{
        sealId: string | null;
        recipientCiphertext: string | null;
        toAddress: string | null;
        data: Record<string, unknown>;
      }>(`SELECT o.data, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.data->>'path' = $1 AND o.template = 'message' ORDER BY o.id`, [`/casos/${target.id}`]);
      return rows.map(openOutboxRow).map((r) => ({ to: r.to, name: r.data.recipientName }));
    };
    const post = async (clientKey: string) =>
      expect(
        (await facilitator.post(`/api/cases/${target.id}/messages`, { body: 'Seguimos esperando la visita.', visibility: 'parties', clientKey })).status,
      ).toBe(201);
    const rewrite = async (fields: { displayName: string; email: string }) => {
      const sealed = sealedUserColumns(server.app.ctx.cipher, cast.liaison.id, { ...fields, phone: null });
      await server.db.query('UPDATE users SET name_ciphertext = $2, email_ciphertext = $3, email_index = $4 WHERE id = $1', [
        cast.liaison.id,
        sealed.nameCiphertext,
        sealed.emailCiphertext,
        sealed.emailIndex,
      ]);
    };
    await post('antes-del-cambio');
    const [before] = await liaisonMail();
    expect(before).toEqual({ to: cast.liaison.email, name: expect.any(String) });
    // The account changed meanwhile (another server, an admin): new ciphertexts, opened afresh by the next message.
    await rewrite({ displayName: 'Nombre Nuevo', email: 'nueva.direccion@example.org' });
    try {
      await post('despues-del-cambio');
      expect(await liaisonMail()).toEqual([before, { to: 'nueva.direccion@example.org', name: 'Nombre Nuevo' }]);
    } finally {
      await rewrite({ displayName: before!.name as string, email: cast.liaison.email });
    }
  });

  it('When a server stopped between a message’s commit and its notices, Then the message-notices job writes them once, however many servers run it', async () => {
    const target = await caseIn('in_dialogue');
    // What such a stop leaves: the message committed with its note, no notice and no e-mail.
    const leftBehind = async (clientKey: string, at: Date) =>
      (await insertThreadEntry(server.db, {
        caseId: target.id,
        kind: 'message',
        authorUserId: cast.facilitator.id,
        authorRole: 'facilitator',
        visibility: 'parties',
        internalOrg: null,
        body: 'Seguimos esperando la visita.',
        duringMediation: false,
        clientKey,
        at,
        noticesPending: true,
      }))!;
    const message = await leftBehind('visita-1', new Date(server.clock.now().getTime() - MESSAGE_NOTICE_GRACE_MS - 1000));
    // A note younger than the grace is left to the server that took the message.
    const young = await leftBehind('visita-2', server.clock.now());
    expect(await messageNotices(target.id)).toEqual({ notices: [], emails: [] });
    await Promise.all([writeLateMessageNotices(server.app.ctx), writeLateMessageNotices(server.app.ctx)]);
    expect(await messageNotices(target.id)).toEqual({ notices: [cast.liaison.id], emails: [cast.liaison.email] });
    await writeLateMessageNotices(server.app.ctx);
    expect(await messageNotices(target.id)).toEqual({ notices: [cast.liaison.id], emails: [cast.liaison.email] });
    const left = await server.db.query<{ messageId: number }>(
      'SELECT message_id AS "messageId" FROM message_notices_pending WHERE message_id = ANY($1::bigint[])',
      [[message.id, young.id]],
    );
    expect(left).toEqual([{ messageId: young.id }]);
    await server.db.query('DELETE FROM message_notices_pending WHERE message_id = $1', [young.id]);
  });

  it('When a person reads their notices, Then unread come first, only their own can be marked, and all can be marked at once', async () => {
    const anonymous = await server.client();
    expect((await anonymous.get('/api/notifications')).status).toBe(401);
    expect((await anonymous.post('/api/notifications/read', { all: true })).status).toBe(401);
    const mine = await companyWithLiaison();
    const theirs = await companyWithLiaison();
    // Their e-mails are not what this test is about, and would be retried by the refused-mail test below.
    await server.db.query(`UPDATE users SET email_preferences = email_preferences || '{"new_case": false}'::jsonb WHERE id = ANY($1)`, [
      [mine.liaison.id, theirs.liaison.id],
    ]);
    await fileCaseFor(mine.companyId);
    await fileCaseFor(mine.companyId);
    await fileCaseFor(theirs.companyId);
    const liaison = await server.loginAs(mine.liaison.email);
    const list: NotificationListDto = (await liaison.get('/api/notifications')).body;
    expect(list.unread).toBeGreaterThan(0);
    const first = list.notifications[0]!;
    const someoneElses = await server.db.one<{ id: number }>(`SELECT n.id FROM notifications n WHERE n.user_id = $1 LIMIT 1`, [theirs.liaison.id]);
    const marked = await liaison.post('/api/notifications/read', { ids: [first.id, someoneElses.id] });
    expect(marked.body).toEqual({ unread: list.unread - 1 });
    expect((await server.db.one<{ read_at: Date | null }>('SELECT read_at FROM notifications WHERE id = $1', [someoneElses.id])).read_at).toBeNull();
    const bad = await liaison.post('/api/notifications/read', { ids: [] });
    expect(bad.status).toBe(400);
    expect((await liaison.post('/api/notifications/read', { all: true })).body).toEqual({ unread: 0 });
  });

  it('When an e-mail is refused for good, Then the admin sees it in the failed outbox and nobody else can', async () => {
    smtp.refuseWith = 550;
    await fileCaseFor(cast.otherCompany.id);
    server.clock.advance(7 * 60 * 60 * 1000);
    await sendDueEmails(server.app.ctx);
    const admin = await server.loginAs(cast.admin.email);
    const res = await admin.get('/api/admin/outbox?status=failed');
    expect(res.status).toBe(200);
    expect(res.body.entries[0]).toMatchObject({ toAddress: cast.otherLiaison.email, template: 'new_case' });
    expect(res.body.entries[0].lastError).toMatch(/550/);
    expect((await (await server.loginAs(cast.ombudsman.email)).get('/api/admin/outbox')).status).toBe(404);
    expect((await (await server.client()).get('/api/admin/outbox')).status).toBe(401);
  });
});
