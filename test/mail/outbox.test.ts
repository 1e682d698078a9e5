import { enqueueEmail } from '../../server/mail/mailer';
import { sendDueEmails, MAX_ATTEMPTS } from '../../server/jobs/outboxSender';
import type { TestServer } from '../support';
import { onMailingServer } from './smtpServer';

describe('The e-mail outbox', () => {
  let server: TestServer;
  const smtp = onMailingServer((s) => (server = s), 'https://puente.example.org');
  beforeEach(() => smtp.reset());

  async function enqueue(to: string, language: 'es' | 'en') {
    const { id: mechanismId } = await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`);
    return server.db.transaction((tx) =>
      enqueueEmail(
        tx,
        server.app.ctx.cipher,
        { to, language, template: 'test', mechanismId, data: { recipientName: 'Lucía', path: '/casos' } },
        server.clock.now(),
      ),
    );
  }

  async function statusOf(id: number) {
    return server.db.one<{ status: string; attempts: number }>('SELECT status, attempts FROM outbox WHERE id = $1', [id]);
  }

  it('When an e-mail is queued, Then it reaches the real SMTP server in the recipient language with a link', async () => {
    const id = await enqueue('lucia@example.org', 'en');
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['lucia@example.org']);
    expect(smtp.received[0]!.raw).toContain('Subject: Puente e-mail test');
    expect(smtp.received[0]!.raw).toContain('https://puente.example.org/casos');
    expect(await statusOf(id)).toEqual({ status: 'sent', attempts: 1 });
  });

  it('When the mail server is down, Then the e-mail waits and is delivered exactly once after it comes back', async () => {
    await smtp.stop();
    const id = await enqueue('enlace@example.org', 'es');
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await statusOf(id)).toEqual({ status: 'pending', attempts: 1 });
    // Not due again until the backoff passes.
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });

    await smtp.start();
    server.clock.advance(2 * 60 * 1000);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    server.clock.advance(24 * 60 * 60 * 1000);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.raw).toContain('Subject: Prueba de correo de Puente');
  });

  it('When two senders run at once, Then each e-mail goes out once', async () => {
    for (let i = 0; i < 6; i++) await enqueue(`persona${i}@example.org`, 'es');
    const [a, b] = await Promise.all([sendDueEmails(server.app.ctx), sendDueEmails(server.app.ctx)]);
    expect(a.sent + b.sent).toBe(6);
    expect(smtp.received).toHaveLength(6);
  });

  it('When the mail server refuses for good, Then the entry is marked failed for the admin to see', async () => {
    smtp.refuseWith = 550;
    const id = await enqueue('nadie@example.org', 'es');
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await statusOf(id)).status).toBe('failed');
  });

  it('When temporary failures keep happening, Then the entry is given up after the last attempt', async () => {
    smtp.refuseWith = 451;
    const id = await enqueue('insiste@example.org', 'es');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await sendDueEmails(server.app.ctx);
      server.clock.advance(7 * 60 * 60 * 1000);
    }
    expect(await statusOf(id)).toEqual({ status: 'failed', attempts: MAX_ATTEMPTS });
  });
});
