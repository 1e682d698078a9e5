import { DEMO, getTestServer, type TestServer } from '../support';
import { SEED_TIME } from '../databases';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { buildCase } from '../factories';

describe('Deadline countdowns in the browser (Chromium, phone-sized)', () => {
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

  it('When the company opens its queue, Then each case card shows its countdown in business days, overdue ones included', async () => {
    // Filed Tuesday 10 November: due Friday 13; by Friday 20 four business days have passed (Monday 16 is a holiday).
    server.clock.set('2026-11-10T15:00:00.000Z');
    const late = await buildCase(server.app.ctx, { company: 'perija' });
    server.clock.set(SEED_TIME);
    const fresh = await buildCase(server.app.ctx, { company: 'perija' });

    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.liaisonPerija);
    const card = (reference: string) => page.locator('li.case-card').filter({ hasText: reference });
    await card(fresh.reference).getByText('Quedan 3 días hábiles', { exact: true }).waitFor();
    await card(fresh.reference).getByText('Plazo: Confirmar el recibo. Quedan 3 días hábiles. Debe actuar: Empresa.').waitFor({ state: 'attached' });
    await card(fresh.reference).getByText('Confirmar el recibo', { exact: true }).waitFor();
    await card(late.reference).getByText('Vencido hace 4 días hábiles', { exact: true }).waitFor();
    expect(await card(late.reference).locator('.deadline').getAttribute('class')).toContain('deadline-overdue');
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });
});
