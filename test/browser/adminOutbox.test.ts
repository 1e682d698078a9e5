import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { TestSmtpServer } from '../mail/smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { sendDueChannelMessages } from '../../server/jobs/channelOutboxSender';
import { FakeGateway } from '../channels/fakeGateway';
import { buildUser } from '../factories';
import { checkScreen } from './accessibilityAudit';

describe('The admin e-mail screen in the browser (Chromium, phone-sized)', () => {
  const smtp = new TestSmtpServer();
  const gateway = new FakeGateway();
  let server: TestServer;
  let chrome: TestBrowser;
  beforeAll(async () => {
    await Promise.all([smtp.start(), gateway.start()]);
    server = await getTestServer({ withClient: true, config: { smtpUrl: smtp.url, channelGateways: gateway.configs() } });
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await Promise.all([smtp.stop(), gateway.stop()]);
  });

  it('When an e-mail failed for good, Then the admin sees the count, opens the e-mails, retries it and it leaves the failed list', async () => {
    // An officer of the test's own asks for a reset link; the mail server refuses it for good.
    const { email: officer } = await buildUser(server.app.ctx, { role: 'ombudsman' });
    expect((await (await server.client()).post('/api/password-reset', { email: officer })).status).toBeLessThan(300);
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
    const card = page.locator('.mail-card').filter({ hasText: officer });
    await card.getByText('Restablecer la contraseña').waitFor();
    await card.getByText(/550/).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    // On a slow line the button says it is working, and its name still contains what it shows (axe-core's
    // label-content-name-mismatch caught "Reintentando…" named "Reintentar el correo a …").
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/admin/outbox/*/retry', async (route) => {
      await answered;
      await route.continue();
    });
    await card.getByRole('button', { name: `Reintentar el correo a ${officer}` }).click();
    await card.getByRole('button', { name: `Reintentando el correo a ${officer}…` }).waitFor();
    await checkScreen(page);
    answer();
    await page.getByRole('status').getByText(`El correo a ${officer} volvió a la cola y se enviará en unos segundos.`).waitFor();
    await page.getByText('No hay correos fallidos.').waitFor();
    expect(await page.locator('.mail-card').count()).toBe(0);

    // It waits in the queue, due now, until the sender takes it.
    await page.getByRole('button', { name: 'En cola' }).click();
    const queued = page.locator('.mail-card').filter({ hasText: officer });
    await queued.getByText('Próximo intento').waitFor();
    expect(await queued.getByRole('button').count()).toBe(0);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([[officer]]);

    await page.getByRole('link', { name: 'Resumen' }).click();
    await page.getByText('Ningún correo ha fallado: todos se entregaron o siguen en cola.').waitFor();
    expect(await page.locator('.callout-warning').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
  it('When an outage left more failures than a page, Then the admin sees how many, loads more, retries one and the total drops', async () => {
    // 120 failures from a long SMTP outage, each to its own address, a second apart.
    const cesar = await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`);
    await server.db.query(
      `INSERT INTO outbox (to_address, language, template, status, attempts, last_error, mechanism_id, next_attempt_at, created_at)
       SELECT 'caido-' || lpad(g::text, 3, '0') || '@ejemplo.co', 'es', 'status_changed', 'failed', 8, '421 service not available', $1, $2,
              $2::timestamptz - g * interval '1 second'
       FROM generate_series(1, 120) g`,
      [cesar.id, server.clock.now()],
    );
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.admin);
    await page.goto('/admin/correos');
    const count = page.locator('.list-count');
    await count.getByText('Se muestran 50 de 120 correos').waitFor();
    // Newest first: caido-001 is the newest, caido-050 ends the first page.
    expect(await page.locator('.mail-card strong').first().textContent()).toBe('caido-001@ejemplo.co');
    expect(await page.locator('.mail-card').count()).toBe(50);

    await page.getByRole('button', { name: 'Ver más' }).click();
    await count.getByText('Se muestran 100 de 120 correos').waitFor();
    expect(await page.locator('.mail-card strong').nth(50).textContent()).toBe('caido-051@ejemplo.co');

    // Retrying one from the second page: it leaves the list, the total drops, the pages stay.
    await page.getByRole('button', { name: 'Reintentar el correo a caido-075@ejemplo.co' }).click();
    await page.getByRole('status').getByText('El correo a caido-075@ejemplo.co volvió a la cola y se enviará en unos segundos.').waitFor();
    await count.getByText('Se muestran 99 de 119 correos').waitFor();
    expect(await page.locator('.mail-card').filter({ hasText: 'caido-075@ejemplo.co' }).count()).toBe(0);

    // The last page follows on from where the list was, with no gap and no repeat.
    await page.getByRole('button', { name: 'Ver más' }).click();
    await count.getByText('119 correos', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Ver más' }).count()).toBe(0);
    const addresses = await page.locator('.mail-card strong').allTextContents();
    const expected = Array.from({ length: 120 }, (_, i) => `caido-${String(i + 1).padStart(3, '0')}@ejemplo.co`).filter((a) => a !== 'caido-075@ejemplo.co');
    expect(addresses).toEqual(expected);
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    // Another status, and back: the paging starts over from the newest page.
    await page.getByRole('button', { name: 'En cola' }).click();
    await page.locator('.mail-card').filter({ hasText: 'caido-075@ejemplo.co' }).waitFor();
    await page.getByRole('button', { name: 'Fallidos' }).click();
    await count.getByText('Se muestran 50 de 119 correos').waitFor();
    expect(await page.locator('.mail-card').count()).toBe(50);

    // Retrying all empties the failed list and its count.
    await page.getByRole('button', { name: 'Reintentar todos los fallidos' }).click();
    await page.getByRole('status').getByText('119 correos volvieron a la cola y se enviarán en unos segundos.').waitFor();
    await page.getByText('No hay correos fallidos.').waitFor();
    expect(await page.locator('.list-count').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When an SMS could not be delivered, Then the admin finds it under SMS and WhatsApp without its text or number, retries it and it reaches the phone once', async () => {
    const phone = '+573187776655';
    gateway.refusing = true;
    expect((await gateway.twilioInbound(server.url, { from: phone, body: 'Hola' })).status).toBe(200);
    expect(await sendDueChannelMessages(server.app.ctx, 100)).toMatchObject({ failed: 1, sent: 0 });
    gateway.refusing = false;

    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.admin);
    await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();
    await page.getByRole('link', { name: 'SMS y WhatsApp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mensajes SMS y WhatsApp' }).waitFor();
    const card = page.locator('.mail-card').filter({ hasText: /^SMS · número / });
    await card.getByText('Respuesta en la conversación').waitFor();
    await card.getByText(/400/).waitFor();
    await page.locator('.list-count').getByText('1 mensaje', { exact: true }).waitFor();
    // Neither the number nor the menu it was sent: both would name the person to whoever reads the screen.
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/3187776655|Poner una queja/);
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    const contact = (await card.locator('strong').textContent())!;
    await card.getByRole('button', { name: `Reintentar el mensaje por ${contact}` }).click();
    await page.getByRole('status').getByText(`El mensaje por ${contact} volvió a la cola y se enviará en unos segundos.`).waitFor();
    await page.getByText('No hay mensajes fallidos.').waitFor();
    expect(await sendDueChannelMessages(server.app.ctx, 100)).toMatchObject({ sent: 1 });
    expect(gateway.takeFor(phone).map((m) => m.body)).toEqual([expect.stringContaining('1 Poner una queja')]);
    await page.getByRole('button', { name: 'Enviados' }).click();
    await page.locator('.mail-card').filter({ hasText: contact }).getByText('Partes de SMS').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
