import { connected, nextEvent, OUTBOX_RECIPIENT, openOutboxRow, type TestServer } from '../support';
import { readable, onMailingServer } from '../mail/smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import { buildCase, buildCast, type BuiltCast } from '../factories';
import type { NotificationDto, NotificationListDto } from '../../shared/types/notifications';

/** A month after filing: every acknowledgement is long overdue. */
const A_MONTH_MS = 30 * 24 * 3600 * 1000;

describe('A sweep that escalates many cases at once: one digest per person, not one notice per case', () => {
  let server: TestServer;
  const smtp = onMailingServer((s) => (server = s));
  beforeEach(() => smtp.reset());

  /** Five cases of the cast's complainant: two against the cast's company, three against the other one. */
  async function fiveCases(cast: BuiltCast): Promise<{ id: string; reference: string; companyId: string }[]> {
    const cases: { id: string; reference: string; companyId: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const companyId = i < 2 ? cast.company.id : cast.otherCompany.id;
      const built = await buildCase(server.app.ctx, { mechanismId: cast.mechanism.id, companyId, complainantId: cast.complainant.id });
      cases.push({ id: built.id, reference: built.reference, companyId });
    }
    return cases;
  }

  async function noticesOf(userId: string): Promise<{ caseId: string | null; kind: string; data: Record<string, unknown> }[]> {
    return server.db.query(`SELECT case_id AS "caseId", kind, data FROM notifications WHERE user_id = $1 ORDER BY id`, [userId]);
  }

  it('When one sweep escalates five cases of one officer and one complainant, Then each gets one digest notice, pushed live, and one e-mail naming the count with a link to their queue, while liaisons with three or fewer still get one per case', async () => {
    const ctx = server.app.ctx;
    const cast = await buildCast(ctx);
    const cases = await fiveCases(cast);
    const references = cases.map((c) => c.reference).sort();
    const officer = await server.loginAs(cast.ombudsman.email);
    const socket = officer.socket();
    await connected(socket);
    const pushed = nextEvent<NotificationDto>(socket, 'notifications.new');

    server.clock.set(new Date(ctx.clock.now().getTime() + A_MONTH_MS));
    expect((await runDeadlineSweep(ctx)).failed).toBe(0);

    // The officer and the complainant heard of five escalations in the batch: one digest each.
    for (const user of [cast.ombudsman, cast.complainant]) {
      const notices = await noticesOf(user.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ caseId: null, kind: 'cases.escalated_digest', data: { count: 5 } });
      expect((notices[0]!.data.references as string[]).slice().sort()).toEqual(references);
    }
    expect(await pushed).toMatchObject({ kind: 'cases.escalated_digest', caseId: null, data: { count: 5 }, read: false });
    socket.close();
    // A month went by: the session is past its idle limit, so the officer logs in again.
    const again = await server.loginAs(cast.ombudsman.email);
    const list: NotificationListDto = (await again.get('/api/notifications')).body;
    expect(list.notifications.map((n) => n.kind)).toEqual(['cases.escalated_digest']);

    // Each liaison heard of two or three: one notice per case, as before.
    for (const [liaison, companyId] of [
      [cast.liaison, cast.company.id],
      [cast.otherLiaison, cast.otherCompany.id],
    ] as const) {
      const theirs = cases.filter((c) => c.companyId === companyId);
      const notices = await noticesOf(liaison.id);
      expect(notices.map((n) => n.kind)).toEqual(theirs.map(() => 'cases.escalated'));
      expect(notices.map((n) => n.caseId).sort()).toEqual(theirs.map((c) => c.id).sort());
    }

    // One e-mail to the officer and one to the complainant, each with the count and a link to their queue;
    // one per case to each liaison.
    // The demo's own overdue cases were swept too: send everything due, not one run's default twenty.
    await sendDueEmails(ctx, 2000);
    const to = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => readable(m.raw));
    const [officerMail, ...moreOfficer] = to(cast.ombudsman.email);
    expect(moreOfficer).toEqual([]);
    expect(officerMail).toContain('Subject: 5 casos fueron escalados');
    expect(officerMail).toContain('5 casos vencieron un plazo sin respuesta y fueron escalados a la Defensoría, entre ellos');
    for (const reference of references) expect(officerMail).toContain(reference);
    expect(officerMail).toContain('http://puente.example.org/supervision/casos?queue=escalated');
    const [complainantMail, ...moreComplainant] = to(cast.complainant.email);
    expect(moreComplainant).toEqual([]);
    expect(complainantMail).toContain('Subject: 5 casos fueron escalados');
    expect(complainantMail).toMatch(/http:\/\/puente\.example\.org\/casos(?!\/)/);
    expect(to(cast.liaison.email)).toHaveLength(2);
    expect(to(cast.otherLiaison.email)).toHaveLength(3);
    const outbox = (
      await server.db.query<{ sealId: string | null; recipientCiphertext: string | null; toAddress: string | null; template: string }>(
        `SELECT ${OUTBOX_RECIPIENT}, o.template FROM outbox o WHERE o.mechanism_id = $1`,
        [cast.mechanism.id],
      )
    ).map(openOutboxRow);
    expect(
      outbox
        .filter((o) => o.template === 'escalation_digest')
        .map((o) => o.to)
        .sort(),
    ).toEqual([cast.ombudsman.email, cast.complainant.email].sort());
  });

  it('When an officer turned off escalation e-mails, Then their digest stays in the app only', async () => {
    const ctx = server.app.ctx;
    const cast = await buildCast(ctx);
    await server.db.query(`UPDATE users SET email_preferences = coalesce(email_preferences, '{}'::jsonb) || '{"escalation": false}'::jsonb WHERE id = $1`, [
      cast.ombudsman.id,
    ]);
    await fiveCases(cast);
    server.clock.set(new Date(ctx.clock.now().getTime() + A_MONTH_MS));
    expect((await runDeadlineSweep(ctx)).failed).toBe(0);
    expect((await noticesOf(cast.ombudsman.id)).map((n) => n.kind)).toEqual(['cases.escalated_digest']);
    // The demo's own overdue cases were swept too: send everything due, not one run's default twenty.
    await sendDueEmails(ctx, 2000);
    expect(smtp.received.filter((m) => m.to.includes(cast.ombudsman.email))).toEqual([]);
    expect(smtp.received.filter((m) => m.to.includes(cast.complainant.email))).toHaveLength(1);
  });
  it('When one sweep reminds a liaison of four cases coming due, Then the liaison gets one reminder digest and one e-mail linking to their cases, while the other company’s liaison with one case gets the usual reminder', async () => {
    const ctx = server.app.ctx;
    const cast = await buildCast(ctx);
    const mine: string[] = [];
    for (let i = 0; i < 4; i++) mine.push((await buildCase(ctx, cast.filing)).reference);
    const other = await buildCase(ctx, { mechanismId: cast.mechanism.id, companyId: cast.otherCompany.id });
    // The moment every acknowledgement's reminder is due and none of them has passed.
    const due = await server.db.one<{ remindAt: Date }>(
      `SELECT max(d.reminder_at) AS "remindAt" FROM case_deadlines d JOIN cases c ON c.id = d.case_id
       WHERE c.mechanism_id = $1 AND d.reminder_at IS NOT NULL AND d.satisfied_at IS NULL AND d.cancelled_at IS NULL`,
      [cast.mechanism.id],
    );
    server.clock.set(new Date(due.remindAt.getTime() + 60_000));
    expect((await runDeadlineSweep(ctx)).reminded).toBeGreaterThanOrEqual(5);

    const notices = await noticesOf(cast.liaison.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ caseId: null, kind: 'deadlines.reminder_digest', data: { count: 4 } });
    expect((notices[0]!.data.references as string[]).slice().sort()).toEqual(mine.sort());
    expect(await noticesOf(cast.otherLiaison.id)).toMatchObject([{ caseId: other.id, kind: 'deadlines.reminder', data: { reference: other.reference } }]);

    // The demo's own deadlines were swept too: send everything due, not one run's default twenty.
    await sendDueEmails(ctx, 2000);
    const mail = smtp.received.filter((m) => m.to.includes(cast.liaison.email)).map((m) => readable(m.raw));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toContain('Subject: Se acercan plazos en 4 casos');
    expect(mail[0]).toMatch(/http:\/\/puente\.example\.org\/casos(?!\/)/);
  });
});
