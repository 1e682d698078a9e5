import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { TestSmtpServer } from '../mail/smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';

describe('The admin e-mail screen in the browser (Chromium, phone-sized)', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let chrome: TestBrowser;
  beforeAll(async () => {
    await smtp.start();
    server = await getTestServer({ withClient: true, config: { smtpUrl: smtp.url } });
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await smtp.stop();
  });

  it('When an e-mail failed for good, Then the admin sees the count, opens the e-mails, retries it and it leaves the failed list', async () => {
    // The officer asks for a reset link; the mail server refuses it for good.
    expect((await (await server.client()).post('/api/password-reset', { email: DEMO.ombudsman })).status).toBeLessThan(300);
    smtp.refuseWith = 550;
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    smtp.reset();

    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.admin);
    await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();
    await page.locator('.callout-warning').getByText('1 correo no se pudo entregar').waitFor();
    await page.getByRole('link', { name: 'Ver los correos' }).click();

    await page.getByRole('heading', { level: 1, name: 'Correos' }).waitFor();
    expect(await page.getByRole('button', { name: 'Fallidos' }).getAttribute('aria-pressed')).toBe('true');
    const card = page.locator('.mail-card').filter({ hasText: DEMO.ombudsman });
    await card.getByText('Restablecer la contraseña').waitFor();
    await card.getByText(/550/).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    await card.getByRole('button', { name: `Reintentar el correo a ${DEMO.ombudsman}` }).click();
    await page.getByRole('status').getByText(`El correo a ${DEMO.ombudsman} volvió a la cola y se enviará en unos segundos.`).waitFor();
    await page.getByText('No hay correos fallidos.').waitFor();
    expect(await page.locator('.mail-card').count()).toBe(0);

    // It waits in the queue, due now, until the sender takes it.
    await page.getByRole('button', { name: 'En cola' }).click();
    const queued = page.locator('.mail-card').filter({ hasText: DEMO.ombudsman });
    await queued.getByText('Próximo intento').waitFor();
    expect(await queued.getByRole('button').count()).toBe(0);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([[DEMO.ombudsman]]);

    await page.getByRole('link', { name: 'Resumen' }).click();
    await page.getByText('Ningún correo ha fallado: todos se entregaron o siguen en cola.').waitFor();
    expect(await page.locator('.callout-warning').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
