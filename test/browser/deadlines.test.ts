import { DEMO, getTestServer, type TestServer } from '../support';
import { SEED_TIME } from '../databases';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { buildCase, buildCast } from '../factories';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';

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
  it('When one sweep escalated five of an officer’s cases at once, Then the bell shows one notice saying so in words, and it leads to the escalated queue', async () => {
    const ctx = server.app.ctx;
    const cast = await buildCast(ctx);
    const references: string[] = [];
    for (let i = 0; i < 5; i++) references.push((await buildCase(ctx, cast.filing)).reference);
    // A month later every acknowledgement is overdue: one sweep escalates the five together.
    server.clock.set(new Date(ctx.clock.now().getTime() + 30 * 24 * 3600 * 1000));
    expect((await runDeadlineSweep(ctx)).failed).toBe(0);

    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, cast.ombudsman.email);
    await page.getByRole('button', { name: 'Avisos: 1 sin leer' }).click();
    const digest = page.getByRole('link', { name: /^Sin leer: 5 casos fueron escalados, entre ellos / });
    await digest.waitFor();
    const text = await digest.textContent();
    for (const reference of references) expect(text).toContain(reference);
    await digest.click();
    await page.waitForURL((u) => u.pathname === '/supervision/casos' && u.searchParams.get('queue') === 'escalated');
    for (const reference of references) await page.getByText(reference).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
