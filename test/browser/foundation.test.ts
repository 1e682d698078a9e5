import { DEMO, getTestServer, type TestServer, emailIndex } from '../support';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';

describe('The browser app (Chromium, phone-sized)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When a visitor opens the home page, Then it explains the mechanism in Spanish with the mechanism data', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Un puente para resolver sus quejas/ }).waitFor();
    await page.getByText('Carbones del Perijá S.A.S.').first().waitFor();
    await page
      .getByText(/nunca reemplaza a los jueces/)
      .first()
      .waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    // Nothing scrolls sideways on a 360-px phone.
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the ombudsman logs in and switches to English, Then the case list is shown in English and the choice is remembered', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.ombudsman);
    await page.getByRole('heading', { name: 'Todos los casos del mecanismo' }).waitFor();
    await page.getByText('CES-2026-').first().waitFor();

    // The screen changes at once; the choice is saved by a request that may still be on its way.
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/me/language') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'English' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByRole('heading', { name: 'All cases of the mechanism' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    const stored = await server.db.one<{ language: string }>('SELECT language FROM users WHERE email_index = $1', [emailIndex(DEMO.ombudsman)]);
    expect(stored.language).toBe('en');

    await page.reload();
    await page.getByRole('heading', { name: 'All cases of the mechanism' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a wrong password is typed, Then a clear Spanish message appears and the person stays on the login page', async () => {
    const { page, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/ingresar');
    await page.getByLabel('Correo electrónico').fill(DEMO.liaisonPerija);
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('alert').filter({ hasText: 'El correo o la contraseña no son correctos' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ingresar');
    await context.close();
  });

  it('When a liaison is looking at the queue and a case of their company changes, Then the list updates without reloading', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.liaisonPerija);
    await page.getByRole('heading', { name: 'Casos de Carbones del Perijá S.A.S.' }).waitFor();
    const target = await server.db.one<{ id: string; reference: string }>(
      `SELECT c.id, c.reference FROM cases c JOIN companies co ON co.id = c.company_id
       WHERE co.slug = 'perija' AND c.status = 'received' AND NOT c.red_flag LIMIT 1`,
    );
    const badge = page.locator('.case-card').filter({ hasText: target.reference }).locator('.badge');
    await badge.filter({ hasText: 'Recibida' }).waitFor();
    // The ombudsman acts in another browser; the liaison's page must follow live.
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect((await ombudsman.post(`/api/cases/${target.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    await badge.filter({ hasText: 'Recibo confirmado' }).waitFor();
    await page.getByText('La lista se actualizó.').waitFor({ state: 'attached' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
