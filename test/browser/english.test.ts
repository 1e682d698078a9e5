/**
 * Puente in English, screen by screen, so axe-core checks every main screen in the second language too
 * (the other browser tests walk them in Spanish): the public pages and the whole intake for a visitor,
 * the tracking page, and the screens of the ombudsman, a liaison and the admin. Each screen is checked
 * before the walk moves on (`checkScreen`); a serious or critical violation fails the test.
 */
import type { Page } from 'playwright-core';
import { ABOUT, demoCaseId } from '../dialogueFactory';
import { DEMO, getTestServer, type TestServer } from '../support';
import { checkScreen } from './accessibilityAudit';
import { launchBrowser, logInThroughForm, phonePage, type TestBrowser } from './browser';

/** Opens `path` and checks it once its main heading shows. */
async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await checkScreen(page);
}

/** Logs a demo account in (the form is in Spanish until they choose) and switches to English, as a person would. */
async function inEnglish(page: Page, email: string): Promise<void> {
  await logInThroughForm(page, email);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me/language') && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'English' }).click();
  expect((await saved).status()).toBe(200);
}

describe('Puente in English, checked by axe-core (Chromium, phone-sized)', () => {
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

  it('When a visitor reads Puente in English and files a complaint, Then every screen on the way passes axe-core', async () => {
    const { page, context, errors } = await phonePage(chrome.browser, server.url, 'en-GB');
    await page.goto('/');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /A bridge to resolve your complaints/ }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await checkScreen(page);
    await visit(page, '/transparencia', 'Public figures of the mechanism');
    await visit(page, '/ingresar', /Log in/);
    await visit(page, '/seguimiento', 'Follow my complaint');
    await visit(page, '/pagina-que-no-existe', /./);

    await visit(page, '/presentar-queja', 'File a complaint');
    // The journey types into the app's own form, not the first step drawn into the page (openComplaintForm).
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    const next = () => page.getByRole('button', { name: 'Next' }).click();
    const step = async (n: number) => {
      await page.getByText(`Step ${n} of 10`, { exact: true }).waitFor();
      await checkScreen(page);
    };
    await page.getByLabel('Tell what happened').fill('Coal dust covers the houses of the vereda since the new pit opened.');
    await next();
    await step(2);
    await next();
    await step(3);
    await page.getByLabel('Municipality').selectOption({ label: 'Becerril' });
    await next();
    await step(4);
    await page.getByRole('radio', { name: 'Carbones del Perijá S.A.S.' }).check();
    await next();
    await step(5);
    await page.getByRole('checkbox', { name: /^Air and dust/ }).check();
    await next();
    await step(6);
    await page.getByRole('radio', { name: 'For me or my family' }).check();
    await next();
    await step(7);
    await page.getByRole('radio', { name: /^Anonymous/ }).check();
    await next();
    await step(8);
    await next();
    await step(9);
    await page.getByRole('checkbox', { name: /I have read the data policy/ }).check();
    await next();
    await step(10);
    await page.getByRole('button', { name: 'Send the complaint' }).click();
    await page.getByRole('heading', { name: 'Your complaint was sent' }).waitFor();
    // The receipt with its key, checked while the key is shown; what comes next shows once it is saved.
    await page.getByTestId('receipt-key').waitFor();
    await checkScreen(page);
    await page.getByRole('button', { name: 'I have saved my key' }).click();
    await page.getByText(/Carbones del Perijá S\.A\.S\. must confirm it received your complaint/).waitFor();
    await page.getByRole('link', { name: 'See the status of my complaint' }).click();
    await page.getByRole('heading', { name: 'Conversation' }).waitFor();
    await checkScreen(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the ombudsman works in English, Then the case, oversight and audit screens pass axe-core', async () => {
    const caseId = await demoCaseId(server, ABOUT.trucks);
    const { page, context, errors } = await phonePage(chrome.browser, server.url, 'en-GB');
    await inEnglish(page, DEMO.ombudsman);
    await visit(page, '/casos', 'All cases of the mechanism');
    await visit(page, `/casos/${caseId}`, /CES-/);
    await page.getByRole('heading', { name: 'Conversation' }).waitFor();
    await checkScreen(page);
    await visit(page, '/supervision', 'Mechanism oversight');
    await visit(page, '/supervision/casos', 'Oversight cases');
    await visit(page, `/supervision/casos/${caseId}`, /History of case CES-/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a liaison and the admin work in English, Then their screens pass axe-core', async () => {
    const liaison = await phonePage(chrome.browser, server.url, 'en-GB');
    await inEnglish(liaison.page, DEMO.liaisonValle);
    await liaison.page.getByRole('heading', { level: 1, name: /Cases of Minera Valle del Cesar/ }).waitFor();
    await checkScreen(liaison.page);
    await visit(liaison.page, `/casos/${await demoCaseId(server, ABOUT.trucks)}`, /CES-/);
    await liaison.page.getByRole('heading', { name: 'Conversation' }).waitFor();
    await checkScreen(liaison.page);
    await visit(liaison.page, '/perfil', /./);

    const admin = await phonePage(chrome.browser, server.url, 'en-GB');
    await inEnglish(admin.page, DEMO.admin);
    await visit(admin.page, '/admin', /./);
    await visit(admin.page, '/admin/personas', /./);
    await visit(admin.page, '/admin/plazos', /./);
    expect([...liaison.errors, ...admin.errors]).toEqual([]);
    await Promise.all([liaison.context.close(), admin.context.close()]);
  });
});
