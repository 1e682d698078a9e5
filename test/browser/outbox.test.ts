/**
 * Unsent messages kept on the phone: written without signal, they survive the tab being killed or the
 * page reloaded, go out once when the composer is back, and never show in another account's composer.
 */
import type { Page } from 'playwright-core';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { ABOUT, demoCaseId } from '../dialogueFactory';
import { loadMechanism } from '../intakeSupport';

/** Writes a message for all parties and sends it. */
async function write(page: Page, text: string): Promise<void> {
  const everyone = page.getByRole('radio', { name: /^Todas las partes/ });
  if ((await everyone.count()) > 0) await everyone.check();
  await page.getByLabel('Su mensaje').fill(text);
  await page.getByRole('button', { name: 'Enviar mensaje' }).click();
}

const thread = (page: Page) => page.locator('ol.thread');
const outbox = (page: Page) => page.getByRole('list', { name: 'Mensajes por enviar' });

/** How many messages of the case's thread, as the ombudsman reads it, carry exactly `text`. */
async function postedCount(api: TestClient, caseId: string, text: string): Promise<number> {
  const dialogue = await api.get(`/api/cases/${caseId}/dialogue`);
  expect(dialogue.status).toBe(200);
  return (dialogue.body.messages as Array<{ body: string }>).filter((m) => m.body === text).length;
}

/**
 * The phone loses its signal. Chromium's offline emulation alone let a request through now and then
 * on a loaded machine, so the page's API calls are also refused outright, as they would be without signal.
 */
async function loseSignal(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
}

/** Page errors other than the failed requests a phone without signal is expected to log. */
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'));

/** Everything this page keeps in localStorage, as one string. */
const storedText = (page: Page) => page.evaluate<string>('JSON.stringify(Object.entries(window.localStorage))');

describe('Unsent messages kept on the phone', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  let ombudsmanApi: TestClient;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
    ombudsmanApi = await server.loginAs(DEMO.ombudsman);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When the anonymous complainant writes without signal and the phone kills the tab, Then on reopening the case the message goes out by itself and the company sees it once', async () => {
    const caseId = await demoCaseId(server, ABOUT.creek);
    const mechanism = await loadMechanism(server);
    const routed = await ombudsmanApi.post(`/api/cases/${caseId}/route`, { companyId: mechanism.companies.find((c) => c.slug === 'valle-cesar')!.id });
    expect(routed.status).toBe(200);
    const reference = routed.body.reference as string;

    const complainant = await phonePage(chrome.browser, server.url);
    await complainant.page.goto('/seguimiento');
    await complainant.page.getByLabel('Código de la queja').fill(reference);
    await complainant.page.getByLabel('Clave secreta').fill(DEMO_RECEIPT_KEY);
    await complainant.page.getByRole('button', { name: 'Ver mi queja' }).click();
    await complainant.page.getByRole('heading', { name: 'Conversación' }).waitFor();

    const text = 'Sin señal en la vereda: el arroyo sigue gris esta mañana.';
    await loseSignal(complainant.page);
    await write(complainant.page, text);
    await outbox(complainant.page).getByText(/^No se envió/).waitFor();
    expect(await storedText(complainant.page)).toContain(text);

    // The phone kills the tab while there is no signal; later the signal is back and the person reopens the case.
    await complainant.page.close();
    await complainant.context.setOffline(false);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    const reopened = await complainant.context.newPage();
    reopened.on('pageerror', (err) => complainant.errors.push(err.message));
    await reopened.goto(`/seguimiento?ref=${encodeURIComponent(reference)}`);
    await thread(reopened).locator('li').filter({ hasText: text }).getByText('Usted').waitFor();
    await outbox(reopened).waitFor({ state: 'detached' });
    expect(await storedText(reopened)).not.toContain(text);

    const liaison = await phonePage(chrome.browser, server.url);
    await logInThroughForm(liaison.page, DEMO.liaisonValle);
    await liaison.page.goto(`/casos/${caseId}`);
    await thread(liaison.page).getByText(text).waitFor();
    expect(await thread(liaison.page).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await thread(reopened).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(1);

    expect(await widthOf(reopened)).toBeLessThanOrEqual(360);
    expect({ complainant: unexpected(complainant.errors), liaison: liaison.errors }).toEqual({ complainant: [], liaison: [] });
    await Promise.all([complainant.context.close(), liaison.context.close()]);
  });

  it('When the server stored a message but its answer was lost, and the page is reloaded, Then the message is sent again with the same key and shows once', async () => {
    const caseId = await demoCaseId(server, ABOUT.trucks);
    const liaison = await phonePage(chrome.browser, server.url);
    await logInThroughForm(liaison.page, DEMO.liaisonValle);
    await liaison.page.goto(`/casos/${caseId}`);
    await liaison.page.getByRole('heading', { name: 'Conversación' }).waitFor();

    // The request reaches the server; the signal drops before the answer comes back.
    const text = 'Mañana pasa la cuadrilla a regar la vía para el polvo.';
    await liaison.page.route('**/api/cases/*/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await write(liaison.page, text);
    await outbox(liaison.page).getByText(/^No se envió/).waitFor();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(1);

    await liaison.page.unroute('**/api/cases/*/messages');
    await liaison.page.reload();
    await thread(liaison.page).getByText(text).waitFor();
    await outbox(liaison.page).waitFor({ state: 'detached' });
    expect(await thread(liaison.page).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(1);
    expect(await storedText(liaison.page)).not.toContain(text);
    expect(unexpected(liaison.errors)).toEqual([]);
    await liaison.context.close();
  });

  it('When someone logs out with a message unsent and another person logs in on the same phone, Then the other person never sees it and it is never posted', async () => {
    const caseId = await demoCaseId(server, ABOUT.trucks);
    const phone = await phonePage(chrome.browser, server.url);
    await logInThroughForm(phone.page, DEMO.liaisonValle);
    await phone.page.goto(`/casos/${caseId}`);
    await phone.page.getByRole('heading', { name: 'Conversación' }).waitFor();

    const text = 'Borrador de la empresa que nadie más debe leer en este teléfono.';
    await loseSignal(phone.page);
    await write(phone.page, text);
    await outbox(phone.page).getByText(/^No se envió/).waitFor();
    // The tab is closed before the signal is back, so nothing goes out by itself.
    await phone.page.close();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    await phone.context.setOffline(false);

    const page = await phone.context.newPage();
    page.on('pageerror', (err) => phone.errors.push(err.message));
    await page.goto('/casos');
    expect(await storedText(page)).toContain(text);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/ingresar'));
    expect(await storedText(page)).not.toContain(text);

    await logInThroughForm(page, DEMO.ombudsman);
    await page.goto(`/casos/${caseId}`);
    await page.getByRole('heading', { name: 'Conversación' }).waitFor();
    await page.getByLabel('Su mensaje').waitFor();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    expect(await page.getByText(text).count()).toBe(0);
    expect(await outbox(page).count()).toBe(0);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });
});
