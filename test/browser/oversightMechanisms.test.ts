import { DEMO, getTestServer, type TestClient, type TestServer, emailIndex } from '../support';
import { createSecondMechanism, grantMechanisms, GUAJIRA, type SecondMechanism } from '../secondMechanism';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';

describe('Oversight of several mechanisms in the browser (Chromium, phone-sized)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  let admin: TestClient;
  let guajira: SecondMechanism;
  let cesarId: string;
  let officerId: string;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
    admin = await server.loginAs(DEMO.admin);
    guajira = await createSecondMechanism(server, admin);
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    officerId = (await server.db.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndex(DEMO.ombudsman)])).id;
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When the officer oversees only their own mechanism, Then the dashboard shows no mechanism selector', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.ombudsman);
    const [listed] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/oversight/mechanisms')), page.goto('/supervision')]);
    expect((await listed.json()).mechanisms).toHaveLength(1);
    await page.getByRole('heading', { name: 'Quejas por municipio' }).waitFor();
    expect(await page.getByLabel('Mecanismo', { exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the granted officer picks the second mechanism, Then its total shows, the company filter is cleared and the drill-down lists its case', async () => {
    await grantMechanisms(admin, cesarId, officerId, [guajira.id]);
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.ombudsman);
    await page.getByRole('link', { name: 'Supervisión' }).click();
    await page.getByRole('heading', { level: 1, name: 'Supervisión del mecanismo' }).waitFor();
    const cesarTotal = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE mechanism_id = $1', [cesarId])).n;
    await page.getByRole('link', { name: `${cesarTotal} quejas con estos filtros` }).waitFor();

    // A Cesar company filter belongs to Cesar: switching mechanism drops it.
    await page.getByLabel('Empresa', { exact: true }).selectOption({ label: 'Carbones del Perijá S.A.S.' });
    await page.waitForURL((u) => u.searchParams.has('company'));
    const picker = page.getByLabel('Mecanismo', { exact: true });
    await picker.selectOption({ label: GUAJIRA.name });
    await page.waitForURL((u) => u.searchParams.get('mechanism') === GUAJIRA.slug);
    expect(new URL(page.url()).searchParams.has('company')).toBe(false);
    // The filter lists are now Guajira's.
    await page.getByLabel('Empresa', { exact: true }).locator('option', { hasText: GUAJIRA.company }).waitFor({ state: 'attached' });
    expect(await page.getByLabel('Empresa', { exact: true }).locator('option', { hasText: 'Carbones del Perijá S.A.S.' }).count()).toBe(0);

    const total = page.getByRole('link', { name: '1 queja con estos filtros' });
    await total.waitFor();
    // The scorecards are Guajira's, and their drill-down links keep the mechanism.
    const scorecard = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: GUAJIRA.company }) })
      .first();
    expect(await scorecard.getByRole('link', { name: '1', exact: true }).getAttribute('href')).toBe(
      `/supervision/casos?mechanism=${GUAJIRA.slug}&company=${guajira.companyId}`,
    );
    expect(await page.getByRole('link', { name: 'Descargar la lista en CSV' }).getAttribute('href')).toBe(
      `/api/oversight/export.csv?mechanism=${GUAJIRA.slug}`,
    );
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    await total.click();
    await page.getByRole('heading', { level: 1, name: 'Casos de la supervisión' }).waitFor();
    await page.getByText('1 caso', { exact: true }).waitFor();
    await page.getByRole('link', { name: `Ver historial de ${guajira.reference}` }).click();
    await page.getByRole('heading', { level: 1, name: `Historial del caso ${guajira.reference}` }).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });
});
