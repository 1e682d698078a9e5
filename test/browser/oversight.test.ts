import fs from 'node:fs';
import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, phonePage, type TestBrowser } from './browser';
import { DEMO_PASSWORD } from '../../server/db/demoData';

describe('Oversight in the browser (Chromium, phone-sized)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
    // Every open deadline of Perijá's cases passed three weeks ago.
    await server.db.query(
      `UPDATE case_deadlines SET due_at = due_at - interval '21 days'
       WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND case_id IN (SELECT id FROM cases WHERE company_id = (SELECT id FROM companies WHERE slug = 'perija'))`,
    );
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When the ombudsman filters to a company overdue cases, opens one and exports the list, Then the audit trail shows and the CSV downloads', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/ingresar');
    await page.getByLabel('Correo electrónico').fill(DEMO.ombudsman);
    await page.getByLabel('Contraseña', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Supervisión' }).click();
    await page.getByRole('heading', { level: 1, name: 'Supervisión del mecanismo' }).waitFor();
    await page.getByRole('heading', { name: 'Quejas por municipio' }).waitFor();

    await page.getByLabel('Empresa', { exact: true }).selectOption({ label: 'Carbones del Perijá S.A.S.' });
    await page.getByLabel('Cola', { exact: true }).selectOption({ label: 'Vencidas' });
    const overdue = await server.db.query<{ reference: string }>(
      `SELECT c.reference FROM cases c WHERE c.company_id = (SELECT id FROM companies WHERE slug = 'perija')
         AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.satisfied_at IS NULL AND d.cancelled_at IS NULL
                     AND d.paused_at IS NULL AND d.due_at < $1)
       ORDER BY c.reference`,
      [server.clock.now()],
    );
    expect(overdue.length).toBeGreaterThan(0);
    const totalLink = page.getByRole('link', { name: `${overdue.length} ${overdue.length === 1 ? 'queja' : 'quejas'} con estos filtros` });
    await totalLink.waitFor();
    expect(new URL(page.url()).searchParams.get('queue')).toBe('overdue');
    await totalLink.click();

    await page.getByRole('heading', { level: 1, name: 'Casos de la supervisión' }).waitFor();
    await page.getByText(overdue.length === 1 ? '1 caso' : `${overdue.length} casos`, { exact: true }).waitFor();
    for (const { reference } of overdue) await page.getByRole('link', { name: `Ver historial de ${reference}` }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Descargar la lista en CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^puente-casos-cesar-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(overdue.length + 1);
    for (const { reference } of overdue) expect(csv).toContain(reference);

    await page.getByRole('link', { name: `Ver historial de ${overdue[0]!.reference}` }).click();
    await page.getByRole('heading', { level: 1, name: `Historial del caso ${overdue[0]!.reference}` }).waitFor();
    await page.getByRole('heading', { name: 'Todo lo que pasó' }).waitFor();
    await page.getByRole('cell', { name: 'Queja presentada' }).waitFor();
    await page.getByRole('heading', { name: 'Quién vio la identidad protegida' }).waitFor();
    await page.getByRole('button', { name: 'Imprimir resumen' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a visitor opens the public figures, Then the tables load in Spanish with the privacy rule and a CSV link, no login', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/');
    await page.getByRole('link', { name: 'Cifras públicas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cifras públicas del mecanismo' }).waitFor();
    await page.getByText(/menos de 5 casos aparece como «<5»/).waitFor();
    await page.getByRole('heading', { name: 'Por empresa' }).waitFor();
    await page.locator('abbr', { hasText: '<5' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Descargar estas cifras en CSV' }).getAttribute('href')).toBe('/api/transparency.csv?lang=es');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });
});
