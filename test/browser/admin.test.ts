import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, phonePage, type TestBrowser } from './browser';
import { DEMO_PASSWORD } from '../../server/db/demoData';
import { GOOD_PASSWORD, linkSentTo } from '../accountHelpers';

describe('Administration in the browser (Chromium, phone-sized)', () => {
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

  it('When the admin adds a company and invites its liaison, Then the liaison accepts the link, sets a password and sees the empty queue', async () => {
    const admin = await phonePage(chrome.browser, server.url);
    const { page } = admin;
    await page.goto('/ingresar');
    await page.getByLabel('Correo electrónico').fill(DEMO.admin);
    await page.getByLabel('Contraseña', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();

    await page.getByRole('link', { name: 'Empresas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.getByLabel('Nombre', { exact: true }).fill('Carbones del Norte S.A.S.');
    await page.getByLabel('Identificador corto (sin espacios)').fill('carbones-norte');
    await page.getByRole('button', { name: 'Agregar' }).click();
    await page.locator('.user-card').filter({ hasText: 'Carbones del Norte S.A.S.' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Personas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
    // A form sent empty names its fields, in Spanish, before anything reaches the server.
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.locator('.field-error').filter({ hasText: 'Este campo es obligatorio.' }).first().waitFor();
    await page.getByLabel('Correo electrónico').fill('enlace@carbonesnorte.co');
    await page.getByLabel('Nombre completo').fill('Rosa Daza');
    await page.getByLabel('Rol').selectOption('liaison');
    await page.getByLabel('Empresa').selectOption({ label: 'Carbones del Norte S.A.S.' });
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.getByText('Invitación enviada a enlace@carbonesnorte.co.').waitFor();
    await page.locator('.user-card').filter({ hasText: 'Rosa Daza' }).getByText('invitada').waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The liaison opens the e-mailed link on their own phone.
    const { link } = await linkSentTo(server.db, 'enlace@carbonesnorte.co');
    const liaison = await phonePage(chrome.browser, server.url);
    await liaison.page.goto(new URL(link).pathname);
    await liaison.page.getByRole('heading', { level: 1, name: 'Crear su contraseña' }).waitFor();
    await liaison.page.getByText('por Carbones del Norte S.A.S.').waitFor();
    await liaison.page.getByLabel('Contraseña nueva').fill('corta');
    await liaison.page.getByRole('button', { name: 'Guardar y entrar' }).click();
    await liaison.page.getByText(/al menos 10 caracteres/).waitFor();
    await liaison.page.getByLabel('Contraseña nueva').fill(GOOD_PASSWORD);
    await liaison.page.getByRole('button', { name: 'Guardar y entrar' }).click();
    await liaison.page.getByRole('heading', { name: 'Casos de Carbones del Norte S.A.S.' }).waitFor();
    await liaison.page.locator('.empty').first().waitFor();
    expect(await liaison.page.locator('.case-card').count()).toBe(0);
    expect(await liaison.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(liaison.errors).toEqual([]);
    await liaison.context.close();
  });

  it('When someone asks for a password reset in the browser, Then the page answers without saying whether the account exists', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/ingresar');
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
    await page.getByLabel('Correo electrónico').fill('nadie@ninguna-parte.co');
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    await page.getByText(/Si hay una cuenta con ese correo/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
