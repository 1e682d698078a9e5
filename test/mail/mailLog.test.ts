/**
 * Without SMTP_URL e-mails go to the log instead of being sent. On a laptop that log is how a developer
 * reads them; on a real installation started without SMTP it must not hold whom they were for, their
 * names or the links in them.
 */
import { Mailer } from '../../server/mail/mailer';
import { captureLogs } from '../logCapture';

describe('E-mails without an SMTP server', () => {
  const lines = captureLogs();
  const message = {
    to: 'yolanda.arias@example.org',
    messageId: '<outbox-17@puente.test>',
    subject: 'Restablecer su contraseña de Puente',
    text: 'Hola, Yolanda Arias:\n\nhttps://puente.example.org/restablecer?token=s3cr3t-t0ken',
  };

  it('When the server runs in production without SMTP_URL, Then the log says an e-mail was not sent, with its subject, and nothing of whom it was for or its text', async () => {
    lines.length = 0;
    const mailer = new Mailer(undefined, 'Puente <no-reply@puente.test>', 60_000, false);
    await mailer.send(message);
    mailer.close();
    const log = lines.join('\n');
    expect(log).toContain('Restablecer su contraseña de Puente');
    expect(log).toContain('SMTP_URL is not set');
    for (const secret of ['yolanda.arias@example.org', 'Yolanda', 'Arias', 's3cr3t-t0ken']) expect(log).not.toContain(secret);
  });

  it('When a developer runs it without SMTP_URL, Then the log shows the whole e-mail, to read its links', async () => {
    lines.length = 0;
    const mailer = new Mailer(undefined, 'Puente <no-reply@puente.test>', 60_000);
    await mailer.send(message);
    mailer.close();
    const log = lines.join('\n');
    expect(log).toContain('yolanda.arias@example.org');
    expect(log).toContain('s3cr3t-t0ken');
  });
});
