/**
 * Two phones talking through a case: the anonymous complainant on the tracking page (receipt key) and
 * the company's liaison on the case page each see the other's messages arrive without reloading; the
 * ombudsman's page shows both; the company's internal note never reaches the complainant.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, openCaseAs, openTrackedCase, phonePage, widthOf, type TestBrowser } from './browser';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { ABOUT, demoCaseId } from '../dialogueFactory';
import { loadMechanism } from '../intakeSupport';

/** Logs a demo user in on a fresh phone and opens the case page. */
async function caseOpenedBy(browser: Browser, url: string, email: string, caseId: string) {
  const phone = await phonePage(browser, url);
  await openCaseAs(phone.page, email, caseId);
  return phone;
}

/** Writes a message with the chosen visibility (when the writer has a choice) and sends it. */
async function write(page: Page, text: string, visibility?: string): Promise<void> {
  if (visibility) await page.getByRole('radio', { name: new RegExp(`^${visibility}`) }).check();
  await page.getByLabel('Su mensaje').fill(text);
  await page.getByRole('button', { name: 'Enviar mensaje' }).click();
}

const thread = (page: Page) => page.locator('ol.thread');

describe('Dialogue in the browser', () => {
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

  it('When the anonymous complainant (receipt key) and the liaison write to each other, Then each sees the other live, the ombudsman sees both, and the internal note stays in the company', async () => {
    const caseId = await demoCaseId(server, ABOUT.creek);
    const mechanism = await loadMechanism(server);
    const ombudsmanApi = await server.loginAs(DEMO.ombudsman);
    const routed = await ombudsmanApi.post(`/api/cases/${caseId}/route`, { companyId: mechanism.companies.find((c) => c.slug === 'valle-cesar')!.id });
    expect(routed.status).toBe(200);
    const reference = routed.body.reference as string;

    // The complainant opens the case on the tracking page with the demo receipt key.
    const complainant = await phonePage(chrome.browser, server.url);
    await openTrackedCase(complainant.page, reference, DEMO_RECEIPT_KEY);

    const liaison = await caseOpenedBy(chrome.browser, server.url, DEMO.liaisonValle, caseId);

    await write(liaison.page, 'Buenas tardes. El lunes vamos a tomar muestras del arroyo.', 'Todas las partes');
    await thread(liaison.page).getByText('El lunes vamos a tomar muestras').waitFor();
    // It appears on the complainant's phone without reloading, from the company.
    const fromCompany = thread(complainant.page).locator('li').filter({ hasText: 'El lunes vamos a tomar muestras' });
    await fromCompany.waitFor();
    await fromCompany.getByText('Marcela Ríos Daza · Empresa').waitFor();

    await write(complainant.page, 'Gracias. Los esperamos en el paso del arroyo a las 8.', 'Todas las partes');
    const fromComplainant = thread(liaison.page).locator('li').filter({ hasText: 'Los esperamos en el paso del arroyo' });
    await fromComplainant.waitFor();
    await fromComplainant.getByText('Persona anónima').waitFor();
    await thread(complainant.page).locator('li').filter({ hasText: 'Los esperamos en el paso del arroyo' }).getByText('Usted').waitFor();

    // The company's internal note: shown as such to the company, never to the complainant.
    await write(liaison.page, 'Interno: llevar el laboratorio de Valledupar.', 'Nota interna de la empresa');
    await thread(liaison.page).locator('li').filter({ hasText: 'llevar el laboratorio' }).getByText('Nota interna').waitFor();
    await write(liaison.page, 'Confirmado para el lunes a las 8.', 'Todas las partes');
    await thread(complainant.page).getByText('Confirmado para el lunes a las 8.').waitFor();
    expect(await complainant.page.getByText('llevar el laboratorio').count()).toBe(0);

    // A reserved message for the Defensoría, marked as such for the complainant.
    await write(complainant.page, 'Solo para la Defensoría: el agua huele a químico.', 'Solo la Defensoría');
    await thread(complainant.page).locator('li').filter({ hasText: 'huele a químico' }).getByText('Solo la Defensoría y usted').waitFor();

    // The ombudsman's page shows both sides' messages and the reserved one, not the company's note.
    const ombudsman = await caseOpenedBy(chrome.browser, server.url, DEMO.ombudsman, caseId);
    for (const text of ['El lunes vamos a tomar muestras', 'Los esperamos en el paso del arroyo', 'Confirmado para el lunes a las 8.']) {
      await thread(ombudsman.page).getByText(text).waitFor();
    }
    await thread(ombudsman.page).locator('li').filter({ hasText: 'huele a químico' }).getByText('Solo la Defensoría y el peticionario').waitFor();
    expect(await ombudsman.page.getByText('llevar el laboratorio').count()).toBe(0);
    expect(await liaison.page.getByText('huele a químico').count()).toBe(0);

    // After a reload the complainant still sees the conversation, still without the internal note.
    await complainant.page.reload();
    await thread(complainant.page).getByText('Confirmado para el lunes a las 8.').waitFor();
    expect(await complainant.page.getByText('llevar el laboratorio').count()).toBe(0);

    for (const phone of [complainant, liaison, ombudsman]) expect(await widthOf(phone.page)).toBeLessThanOrEqual(360);
    expect({ complainant: complainant.errors, liaison: liaison.errors, ombudsman: ombudsman.errors }).toEqual({ complainant: [], liaison: [], ombudsman: [] });
    await Promise.all([complainant.context.close(), liaison.context.close(), ombudsman.context.close()]);
  });
});
