import { DEMO, getTestServer, type TestServer } from '../support';
import { SEED_TIME } from '../databases';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { buildCase, buildPeople, type BuiltPeople } from '../factories';
import type { Locator } from 'playwright-core';
import { waitFor } from '../waitFor';

/** Waits until a field shows `value` (the page's CSP forbids waitForFunction's evaluated strings). */
function valueBecomes(field: Locator, value: string): Promise<void> {
  return waitFor(async () => (await field.inputValue()) === value, { ms: 10_000, everyMs: 50, what: `the field showing ${value}` });
}

describe('Deadlines on the case page and the admin deadline screen (Chromium, phone-sized)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  // The company whose liaison extends a deadline, and the complainant who reads it moved, are the test's own.
  let cast: BuiltPeople;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    cast = await buildPeople(server.app.ctx);
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When the liaison opens a case, Then its deadline reads "Quedan … días hábiles" with who must act, and an extension beyond double shows the reason in place', async () => {
    server.clock.set(SEED_TIME);
    const filed = await buildCase(server.app.ctx, cast.filing);
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, cast.liaison.email);
    await page.goto(`/casos/${filed.id}`);
    const section = page.locator('section.case-deadlines');
    await section.getByRole('heading', { name: 'Plazos' }).waitFor();
    await section.getByText('Quedan 3 días hábiles', { exact: true }).waitFor();
    await section.getByText('Confirmar el recibo', { exact: true }).waitFor();
    await section.locator('p:not(.deadline)').filter({ hasText: 'Debe actuar: Empresa' }).filter({ hasText: 'Vence el' }).waitFor();

    await section.getByText('Prorrogar este plazo').first().click();
    await section.getByLabel('Días hábiles de prórroga (hasta 3)').fill('10');
    await section.getByLabel('Motivo de la prórroga').fill('Falta el informe de la cuadrilla de campo.');
    await section.getByRole('button', { name: 'Prorrogar este plazo' }).click();
    await section.getByRole('alert').filter({ hasText: 'no puede superar el doble' }).waitFor();

    await section.getByLabel('Días hábiles de prórroga (hasta 3)').fill('2');
    await section.getByRole('button', { name: 'Prorrogar este plazo' }).click();
    await section.getByText('Quedan 5 días hábiles', { exact: true }).waitFor();
    await section.getByText('Prorrogado 2 días hábiles').waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    // The refused extension is the one failed request the browser logs.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  });

  it('When the admin changes the acknowledge term, then switches to another mechanism they manage, Then each mechanism shows and keeps its own terms', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.admin);
    await page.goto('/admin');
    await page.getByRole('link', { name: 'Plazos y festivos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plazos y festivos' }).waitFor();
    const acknowledge = page.getByLabel('Confirmar el recibo');
    expect(await acknowledge.inputValue()).toBe('3');
    await acknowledge.fill('7');
    await page.getByRole('button', { name: 'Guardar términos' }).click();
    await page.getByText('Los términos se guardaron.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Plazos y festivos' }).waitFor();
    // The terms form is drawn only once the saved policy has arrived and filled it.
    await page.getByRole('heading', { name: 'Términos del mecanismo' }).waitFor();
    expect(await page.getByLabel('Confirmar el recibo').inputValue()).toBe('7');
    // The national holidays of the year are listed.
    await page.getByText('Festivo nacional').first().waitFor();
    // One mechanism: nothing to choose.
    expect(await page.getByLabel('Mecanismo que administra').count()).toBe(0);

    // A second mechanism the admin creates appears in the picker; its terms are its own.
    const api = await server.loginAs(DEMO.admin);
    const created = await api.post('/api/admin/mechanisms', { slug: 'la-guajira', name: 'La Guajira — carbón', region: 'La Guajira', referencePrefix: 'GUA' });
    expect(created.status).toBe(201);
    await page.reload();
    const picker = page.getByLabel('Mecanismo que administra');
    await picker.selectOption({ label: 'La Guajira — carbón' });
    await page.waitForURL((u) => u.searchParams.get('m') === created.body.id);
    await valueBecomes(page.getByLabel('Confirmar el recibo'), '3');
    expect(await page.getByText('Los términos se guardaron.').count()).toBe(0);
    await page.getByLabel('Confirmar el recibo').fill('9');
    await page.getByRole('button', { name: 'Guardar términos' }).click();
    await page.getByText('Los términos se guardaron.').waitFor();
    await page.getByLabel('Motivo').first().fill('Decreto departamental de duelo');
    await page.locator('li.holiday').filter({ hasText: 'Festivo nacional' }).first().getByRole('button', { name: 'Quitar este festivo' }).click();
    await page.getByText('Decreto departamental de duelo').waitFor();

    await picker.selectOption({ label: 'Cesar — minería de carbón' });
    await valueBecomes(page.getByLabel('Confirmar el recibo'), '7');
    expect(await page.getByText('Decreto departamental de duelo').count()).toBe(0);
    await picker.selectOption({ label: 'La Guajira — carbón' });
    await valueBecomes(page.getByLabel('Confirmar el recibo'), '9');
    await page.getByText('Decreto departamental de duelo').waitFor();
    // What the screen showed is what the server keeps, for each mechanism apart.
    const cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    expect((await api.get(`/api/admin/mechanisms/${cesarId}/deadline-policy`)).body).toMatchObject({ policy: { acknowledgeDays: 7 }, holidays: [] });
    expect((await api.get(`/api/admin/mechanisms/${created.body.id}/deadline-policy`)).body).toMatchObject({
      policy: { acknowledgeDays: 9 },
      holidays: [{ kind: 'removed', reason: 'Decreto departamental de duelo' }],
    });
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the admin records a national holiday by decree, Then it is listed with its law, and the complainant reads in the case history which deadline moved', async () => {
    server.clock.set(SEED_TIME);
    // The test before changed Cesar's acknowledge term; this one reads dates made with the default of 3 days.
    const cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    const terms = await (await server.loginAs(DEMO.admin)).get(`/api/admin/mechanisms/${cesarId}/deadline-policy`);
    const reset = await (
      await server.loginAs(DEMO.admin)
    ).put(`/api/admin/mechanisms/${cesarId}/deadline-policy`, { ...terms.body.policy, acknowledgeDays: 3 });
    expect(reset.status).toBe(200);
    const filed = await buildCase(server.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    const admin = await phonePage(chrome.browser, server.url);
    await logInThroughForm(admin.page, DEMO.admin);
    await admin.page.goto('/admin/plazos');
    const national = admin.page.locator('section').filter({ has: admin.page.getByRole('heading', { name: 'Festivos nacionales por ley o decreto' }) });
    await national.getByText('No hay cambios registrados').waitFor();
    await national.getByLabel('Fecha').fill('2026-11-24');
    await national.getByLabel('Nombre del festivo').fill('Duelo nacional');
    await national.getByRole('button', { name: 'Registrar el cambio' }).click();
    // The law is required, and the form says so beside the field.
    await national.locator('.field-error').filter({ hasText: 'Este campo es obligatorio.' }).waitFor();
    expect(await national.getByLabel('Ley o decreto (por ejemplo, Ley 2578 de 2026)').getAttribute('aria-invalid')).toBe('true');
    await national.getByLabel('Ley o decreto (por ejemplo, Ley 2578 de 2026)').fill('Decreto 2100 de 2026');
    await national.getByRole('button', { name: 'Registrar el cambio' }).click();
    await national.getByText(/Cambio guardado\. Se recalcul/).waitFor();
    await national.locator('li.holiday').filter({ hasText: 'Festivo nacional agregado — Decreto 2100 de 2026' }).waitFor();
    // The mechanism's list of the year shows it among the national holidays, with its law.
    await admin.page.locator('li.holiday').filter({ hasText: 'Duelo nacional' }).filter({ hasText: 'según Decreto 2100 de 2026' }).waitFor();
    await admin.page
      .locator('li.holiday')
      .filter({ hasText: 'Nuestra Señora del Rosario de Chiquinquirá' })
      .filter({ hasText: 'según Ley 2578 de 2026' })
      .waitFor();
    expect(await widthOf(admin.page)).toBeLessThanOrEqual(360);
    expect(admin.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await admin.context.close();

    const complainant = await phonePage(chrome.browser, server.url);
    await logInThroughForm(complainant.page, cast.complainant.email);
    await complainant.page.goto(`/casos/${filed.id}`);
    const entry = complainant.page.locator('ol.history li').filter({ hasText: 'Plazos recalculados por un cambio en el calendario de días hábiles' });
    await entry.getByText('Nuevo festivo nacional: 24 de noviembre de 2026.').waitFor();
    await entry.getByText('«Confirmar el recibo»: vencía el 25 de noviembre de 2026; ahora vence el 26 de noviembre de 2026.').waitFor();
    await entry.getByText('Decreto 2100 de 2026').waitFor();
    expect(complainant.errors).toEqual([]);
    await complainant.context.close();
  });
});
