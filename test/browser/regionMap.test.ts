/**
 * The oversight map of any mechanism: an admin gives a second mechanism's municipalities their squares
 * on /admin/lugares, and the officer overseeing it sees them as tiles that open the municipality's cases.
 */
import { DEMO, getTestServer, type TestClient, type TestServer, emailIndex } from '../support';
import { createSecondMechanism, grantMechanisms, GUAJIRA, type SecondMechanism } from '../secondMechanism';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';

describe('The map of a second mechanism in the browser (Chromium, phone-sized)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  let admin: TestClient;
  let guajira: SecondMechanism;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
    admin = await server.loginAs(DEMO.admin);
    guajira = await createSecondMechanism(server, admin);
    await admin.post(`/api/admin/mechanisms/${guajira.id}/municipalities`, { name: 'Maicao', daneCode: '44430' });
    const cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    const officerId = (await server.db.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndex(DEMO.ombudsman)])).id;
    await grantMechanisms(admin, cesarId, officerId, [guajira.id]);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When the admin places Guajira’s municipalities and the officer picks Guajira, Then its tiles show and one opens its cases', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.admin);
    await page.goto(`/admin/lugares?m=${guajira.id}`);
    await page.getByRole('heading', { level: 1, name: 'Municipios, veredas y corregimientos' }).waitFor();
    const square = async (name: string, column: string, row: string) => {
      const panel = page.locator('details').filter({ has: page.locator('summary', { hasText: name }) });
      if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
      await panel.getByLabel('Columna', { exact: true }).fill(column);
      await panel.getByLabel('Fila', { exact: true }).fill(row);
      await panel.getByRole('button', { name: 'Guardar cuadro' }).click();
      return panel;
    };
    const albania = await square(GUAJIRA.municipality, '1', '0');
    await albania.locator('summary').getByText('Mapa: columna 1, fila 0').waitFor();
    // Out of range: the form says so before sending; taken: the server says so beside the square.
    const maicao = await square('Maicao', '31', '0');
    await maicao.getByText('Escriba un número entero de 0 a 30.').waitFor();
    await square('Maicao', '1', '0');
    await maicao.getByText('Otro municipio de este mecanismo ya ocupa ese cuadro del mapa.', { exact: false }).waitFor();
    expect(await maicao.locator('summary').textContent()).toContain('Sin cuadro en el mapa');
    await square('Maicao', '0', '1');
    await maicao.locator('summary').getByText('Mapa: columna 0, fila 1').waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    await context.close();
    // The one refusal (the taken square) is the only thing the console reports.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    const officer = await phonePage(chrome.browser, server.url);
    await logInThroughForm(officer.page, DEMO.ombudsman);
    await officer.page.goto('/supervision');
    const map = officer.page.getByRole('group', { name: 'Quejas por municipio' });
    // Cesar's map as before: its 25 municipalities, each a tile.
    await map.getByRole('link', { name: /^Valledupar: \d+ quejas?$/ }).waitFor();
    expect(await map.getByRole('link').count()).toBe(25);

    await officer.page.getByLabel('Mecanismo', { exact: true }).selectOption({ label: GUAJIRA.name });
    await officer.page.getByText(`Cada cuadro es un municipio de «${GUAJIRA.name}»`, { exact: false }).waitFor();
    const tile = map.getByRole('link', { name: `${GUAJIRA.municipality}: 1 queja` });
    await tile.waitFor();
    await map.getByRole('link', { name: 'Maicao: 0 quejas' }).waitFor();
    expect(await map.getByRole('link').count()).toBe(2);
    expect(await widthOf(officer.page)).toBeLessThanOrEqual(360);

    await tile.click();
    await officer.page.getByRole('heading', { level: 1, name: 'Casos de la supervisión' }).waitFor();
    const address = new URL(officer.page.url());
    expect([address.pathname, address.searchParams.get('mechanism'), address.searchParams.get('municipality')]).toEqual([
      '/supervision/casos',
      GUAJIRA.slug,
      guajira.municipalityId,
    ]);
    await officer.page.getByText('1 caso', { exact: true }).waitFor();
    await officer.page.getByRole('link', { name: `Ver historial de ${guajira.reference}` }).waitFor();
    expect(officer.errors).toEqual([]);
    await officer.context.close();
  });
});
