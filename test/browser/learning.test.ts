/**
 * One short journey through the learning screens (issue #17): a visitor finds the way to join a collective
 * complaint from the home page and from the transparency page; the ombudsman tags a root cause, with the
 * company's site, on a case page in Chromium, sets its consequence level, sees the related complaints, and
 * finds the recurrence section on the oversight dashboard, then opens the effectiveness report and prints it.
 */
import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { buildCase } from '../factories';
import { printedText } from './printed';

describe('Learning on the case page and the dashboard (Chromium, phone-sized)', () => {
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

  it('When a visitor looks for a collective complaint and the ombudsman tags its cause with the company’s site and its consequence level, Then joining is one link away, the case shows both and the dashboard shows what keeps coming back', async () => {
    const filed = await buildCase(server.app.ctx, {
      company: 'perija',
      description: 'El polvo de carbón entra a las casas cada tarde desde la vía de las volquetas.',
    });
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    // Its promoters opened it to more people: a visitor finds how to join from home and from transparency.
    await server.db.query(
      `UPDATE cases SET is_collective = true, group_name = 'Vecinos de La Victoria', group_kind = 'community', group_size = 12, open_to_signatories = true WHERE id = $1`,
      [filed.id],
    );
    await page.goto('/');
    await page.getByRole('link', { name: '¿Ya hay una queja colectiva? Súmese con su referencia' }).click();
    await page.getByRole('heading', { name: 'Sumarse a una queja colectiva', level: 1 }).waitFor({ timeout: 20_000 });
    await page.goto('/transparencia');
    await page.getByRole('link', { name: `Sumarse a la queja ${filed.reference}` }).click({ timeout: 20_000 });
    // The link names the complaint: the joining page looks it up at once.
    await page.getByRole('heading', { name: 'Vecinos de La Victoria' }).waitFor({ timeout: 20_000 });
    await page.getByText('Habla por 12 personas').first().waitFor();
    await logInThroughForm(page, DEMO.ombudsman);
    await page.goto(`/casos/${filed.id}`);
    // The first case page of a cold server fetches its screen's code and texts, then the case and its panel:
    // on a loaded machine that alone can take longer than a step's usual 10 s.
    await page.locator('.case-reference-big').filter({ hasText: filed.reference }).waitFor({ timeout: 30_000 });
    const panel = page.locator('section.case-learning');
    await panel.getByRole('heading', { name: 'Causas y quejas relacionadas' }).waitFor({ timeout: 20_000 });
    await panel.getByText('Todavía no se ha marcado ninguna causa.').waitFor();
    // The demo's dust complaint against the same company is among the related ones.
    await panel.getByRole('heading', { name: 'Quejas abiertas que parecen relacionadas' }).waitFor();
    await panel.locator('ol.related-cases li').filter({ hasText: 'misma empresa' }).first().waitFor({ timeout: 20_000 });

    // Tagging without a cause says which field is missing, in place.
    await panel.getByRole('button', { name: 'Marcar la causa' }).click();
    await panel.locator('#learning-cause-error').filter({ hasText: 'Este campo es obligatorio.' }).waitFor();
    await panel.getByLabel('Causa', { exact: true }).selectOption({ label: 'Vías de acarreo sin riego' });
    await panel.getByLabel('Sitio u operación de la empresa (si se sabe)').selectOption({ label: 'Vía de acarreo Boquerón' });
    await panel.getByRole('button', { name: 'Marcar la causa' }).click();
    await panel
      .locator('ul.case-causes li')
      .filter({ hasText: 'Vías de acarreo sin riego' })
      .filter({ hasText: 'en Vía de acarreo Boquerón' })
      .waitFor({ timeout: 20_000 });
    // The consequence level (1–3), for the effectiveness report.
    await panel.getByLabel('Gravedad del caso').selectOption({ label: 'Gravedad 2 (moderada)' });
    await panel.getByRole('button', { name: 'Guardar gravedad' }).click();
    await panel.locator('form.case-consequence [role="status"]').filter({ hasText: 'Guardado.' }).waitFor({ timeout: 20_000 });
    expect((await server.db.one<{ level: number }>('SELECT consequence_level AS level FROM cases WHERE id = $1', [filed.id])).level).toBe(2);
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    await page.goto('/supervision');
    // The dashboard asks for its summary, scorecards and recurrence at once: the slowest screen of the journey.
    await page.getByRole('heading', { name: 'Lo que se repite' }).waitFor({ timeout: 30_000 });
    await page.getByText('Misma causa y lugar tras un caso resuelto').waitFor();

    // The effectiveness report (issue #17 item 4): from the dashboard, its tables, and what it prints.
    await page.getByRole('link', { name: 'Informe de efectividad' }).click();
    await page.getByRole('heading', { name: 'Informe de efectividad', level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Por género' }).waitFor({ timeout: 20_000 });
    await page.locator('table caption').filter({ hasText: 'Indicadores' }).first().waitFor();
    await page.getByText(/Datos de equidad \(opcionales y autodeclarados\)/).waitFor();
    const printed = await printedText(page);
    expect(printed.text).toContain('PQRSD (Resolución 1519 de 2020, anexo 2)');
    expect(printed.text).toContain('Recibo confirmado a tiempo');
    expect(printed.text).not.toContain('Ver informe');
    // Printing lays the tables out unclipped; the screen after it is measured afresh (scrolling boxes take focus).
    await page.reload();
    await page.getByRole('heading', { name: 'Por género' }).waitFor({ timeout: 20_000 });
    await page.locator('.table-scroll[role="region"]').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
