import { enqueueEmail } from '../../server/mail/mailer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { JobRunner } from '../../server/jobs/jobRunner';
import { describeOnServer, getTestServer, type TestServer } from '../support';
import { TestSmtpServer } from './smtpServer';

const LEASE_MS = 6000;
const SEND_MS = 500;
const EMAILS = 16;

describeOnServer('The outbox with two servers and a slow mail server', () => {
  const smtp = new TestSmtpServer();
  const servers: TestServer[] = [];
  beforeAll(() => smtp.start());
  afterAll(async () => {
    for (const server of servers.reverse()) await server.close();
    await smtp.stop();
  });

  it('When sending everything due takes longer than a lease, Then each e-mail is still delivered exactly once', async () => {
    const config = { smtpUrl: smtp.url, outboxLeaseMs: LEASE_MS };
    const first = await getTestServer({ config, fixture: 'empty' });
    servers.push(first);
    servers.push(await getTestServer({ config, shareDatabaseWith: first }));
    const mechanism = await first.db.one<{ id: string }>(
      `INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('lease', 'Lease', 'Cesar', 'LEA') RETURNING id`,
    );
    await first.db.transaction(async (tx) => {
      for (let i = 0; i < EMAILS; i++) {
        await enqueueEmail(
          tx,
          first.app.ctx.cipher,
          { to: `lease-${i}@example.org`, language: 'es', template: 'test', mechanismId: mechanism.id, data: { recipientName: 'Ana', path: '/casos' } },
          first.clock.now(),
        );
      }
    });
    // 16 e-mails at half a second each is 8 s of sending against a 6 s lease: a batch claimed under one
    // lease would run out, and the other server would send its last e-mails again.
    smtp.delayMs = SEND_MS;
    // The test clocks follow the real one here, so leases run out as they would in production.
    const tick = setInterval(() => servers.forEach((s) => s.clock.advance(50)), 50);
    const loops = servers.map((s) => new JobRunner([{ name: 'outbox', intervalMs: 100, run: (signal) => sendDueEmails(s.app.ctx, undefined, signal) }]));
    try {
      loops.forEach((loop) => loop.start());
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { n } = await first.db.one<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE status = 'sent'`);
        if (n === EMAILS) break;
        if (Date.now() > deadline) throw new Error(`only ${n} of ${EMAILS} e-mails were sent in time`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // A duplicate would still be on its way: let both loops finish what they hold.
      await Promise.all(loops.map((loop) => loop.stop()));
    } finally {
      clearInterval(tick);
      await Promise.all(loops.map((loop) => loop.stop()));
    }
    const messageIds = smtp.received.map((m) => /^Message-ID: (.+)$/im.exec(m.raw)![1]!.trim());
    expect(smtp.received).toHaveLength(EMAILS);
    expect(new Set(messageIds).size).toBe(EMAILS);
    expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(EMAILS);
    // No e-mail was ever claimed a second time.
    const attempts = await first.db.query<{ attempts: number }>('SELECT attempts FROM outbox');
    expect(attempts.every((a) => a.attempts === 1)).toBe(true);
  }, 120_000);
});
