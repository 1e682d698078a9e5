/**
 * The case screens say each thing once and keep up (issue #13 §3 items 1, 7 and 10): one way to propose
 * an agreement, buttons that name the deed, a history that does not repeat itself, no stale dispute
 * reason, only the e-mails a role can get, deadlines back after reopening on the tracking page without a
 * reload (and a tracking page that does not jump as it loads), and a printed case summary that is not blank.
 */
import type { Page } from 'playwright-core';
import type { DialogueDto } from '../../shared/types/dialogue';
import { getTestServer, type TestServer } from '../support';
import { buildCase, buildCaseInDialogue, buildPeople, type BuiltPeople } from '../factories';
import { fileAnonymously } from '../intakeSupport';
import { launchBrowser, logInThroughForm, openCaseAs, openTrackedCase, phonePage, type TestBrowser } from './browser';
import { printedText } from './printed';

/** Each history line of the case page, as read: "Recibo confirmado — ahora: …". */
function historyLines(page: Page): Promise<string[]> {
  return page.locator('.history-what').allTextContents();
}

/** Sums the page's layout shifts not caused by the person (Cumulative Layout Shift), from the document's start. */
async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  })()`);
}

describe('Case screens that say each thing once (Chromium, phone-sized)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  // The company, its liaison, the facilitator, the complainant and the officer of every case here are the test's own.
  let cast: BuiltPeople;
  /** A case of the company in dialogue, filed by the facilitator; `description` tells it apart. */
  const caseInDialogue = async (description?: string) =>
    (await buildCaseInDialogue(server.app.ctx, { ...cast.filing, filedById: cast.facilitator.id, description })).id;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    cast = await buildPeople(server.app.ctx);
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When a liaison confirms receipt and later works a case in dialogue, Then the button names the deed, the history does not repeat itself, and there is one way to propose an agreement', async () => {
    const received = await buildCase(server.app.ctx, cast.filing);
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await openCaseAs(page, cast.liaison.email, received.id);
    await page.getByRole('button', { name: 'Confirmar recibo' }).click();
    expect(await page.getByRole('button', { name: /^Confirmar: / }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sí, confirmar el recibo' }).click();
    await page.locator('.badge').filter({ hasText: 'Recibo confirmado' }).first().waitFor();
    await page.locator('.history-what').filter({ hasText: 'Recibo confirmado' }).waitFor();
    const lines = await historyLines(page);
    expect(lines).toContain('Recibo confirmado');
    expect(lines).toContain('Queja presentada — ahora: Recibida');
    expect(lines.filter((line) => /^(.+) — ahora: \1$/.test(line))).toEqual([]);

    // In dialogue, proposing an agreement is the agreement panel's (with its commitments), not a second bare button.
    await page.goto(`/casos/${await caseInDialogue()}`);
    await page.getByRole('heading', { name: 'Conversación' }).waitFor();
    await page.getByRole('heading', { name: 'Acuerdo' }).waitFor();
    const propose = page.getByRole('button', { name: /^Proponer (un )?acuerdo$/ });
    expect(await propose.count()).toBe(1);
    await propose.click();
    await page.getByRole('group', { name: 'Compromiso 1' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a disputed commitment is reported again and then confirmed, Then its old dispute reason is no longer shown as if it stood', async () => {
    // An agreement in force whose commitment the company reported done.
    const caseId = await caseInDialogue();
    const [liaison, facilitator] = await Promise.all([server.loginAs(cast.liaison.email), server.loginAs(cast.facilitator.email)]);
    const proposed = await liaison.post(`/api/cases/${caseId}/agreements`, {
      text: 'La empresa termina la cubierta antes de las lluvias.',
      commitments: [{ owner: 'company', description: 'Terminar la cubierta del hogar infantil', dueOn: '2026-12-15' }],
    });
    const agreement = (proposed.body as DialogueDto).agreements[0]!;
    for (const side of [liaison, facilitator]) expect((await side.post(`/api/cases/${caseId}/agreements/${agreement.id}/accept`)).status).toBe(200);
    const path = `/api/cases/${caseId}/commitments/${agreement.commitments[0]!.id}`;
    expect((await liaison.post(`${path}/report`, { evidence: 'Cubierta terminada.' })).status).toBe(200);
    const reason = 'Las tejas del salón del fondo siguen sin poner; llueve adentro.';
    expect((await facilitator.post(`${path}/dispute`, { reason })).status).toBe(200);
    expect((await liaison.post(`${path}/report`, { evidence: 'Se pusieron las tejas del salón del fondo el martes.' })).status).toBe(200);
    expect((await facilitator.post(`${path}/confirm`)).status).toBe(200);

    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await openCaseAs(page, cast.facilitator.email, caseId);
    const commitment = page.locator('.commitment').filter({ hasText: 'Terminar la cubierta del hogar infantil' });
    await commitment.getByText('Se pusieron las tejas del salón del fondo el martes.').waitFor();
    await commitment
      .locator('.hint')
      .filter({ hasText: /confirmad/i })
      .waitFor();
    expect(await commitment.getByText(reason).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a complainant opens their profile, Then only the e-mails a complainant can receive are offered, while a liaison also chooses new cases', async () => {
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, cast.complainant.email);
    await page.goto('/perfil');
    const emails = page.getByRole('group', { name: 'Correos que quiero recibir' });
    await emails.getByRole('checkbox', { name: 'Mensajes nuevos en mis casos' }).waitFor();
    expect(await emails.getByRole('checkbox').count()).toBe(5);
    expect(await emails.getByRole('checkbox', { name: 'Una queja nueva para atender' }).count()).toBe(0);
    await context.close();

    const staff = await phonePage(chrome.browser, server.url);
    await logInThroughForm(staff.page, cast.liaison.email);
    await staff.page.goto('/perfil');
    await staff.page.getByRole('group', { name: 'Correos que quiero recibir' }).getByRole('checkbox', { name: 'Una queja nueva para atender' }).waitFor();
    expect([...errors, ...staff.errors]).toEqual([]);
    await staff.context.close();
  });

  it('When an anonymous complainant reopens a closed case on the tracking page, Then its new deadline shows without a reload, as a card without a stray bullet, and the page does not jump as it loads', async () => {
    // Filed without a name, followed with its code and receipt key.
    const { caseId, reference, receiptKey } = await fileAnonymously(server, cast.company.id);
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const closed = await ombudsman.post(`/api/cases/${caseId}/transitions`, {
      action: 'close_unresolved',
      reason: 'Sin respuesta de las partes en el plazo.',
      referral: { to: 'Corpocesar' },
    });
    expect(closed.status).toBe(200);

    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await watchLayoutShifts(page);
    await openTrackedCase(page, reference, receiptKey!);
    const deadlines = page.locator('section.case-deadlines');
    await deadlines.getByText('Este caso no tiene plazos abiertos.').waitFor();

    await page.getByRole('button', { name: 'Reabrir el caso' }).click();
    await page.getByLabel('¿Por qué pide reabrir el caso?').fill('La empresa volvió a botar lodo al caño esta semana.');
    await page.getByRole('button', { name: 'Reabrir el caso' }).click();
    await page.locator('.badge').filter({ hasText: 'En diálogo' }).first().waitFor();
    const card = deadlines.locator('li.card').first();
    await card.waitFor();
    expect(await deadlines.getByText('Este caso no tiene plazos abiertos.').count()).toBe(0);
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('section.case-deadlines li.card')).listStyleType`)).toBe('none');

    // Loading the tracking page again (the session remembers the case) keeps its layout still, also on a
    // slow line where the deadlines arrive last: the browser restores the reader's scroll on the short
    // loading screen, which once brought the footer into view for the case to push away (0.23).
    await page.route(
      (url) => url.pathname.endsWith('/deadlines'),
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        await route.continue();
      },
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Conversación' }).waitFor();
    await deadlines.locator('li.card').first().waitFor();
    await page.locator('ol.thread').waitFor();
    const shift = await page.evaluate<number>('window.__shift');
    expect(shift).toBeLessThan(0.1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the ombudsman prints a case summary, Then the paper holds the case, its facts and its history, not a blank page', async () => {
    const caseId = await caseInDialogue('Las tractomulas de la mina pasan de noche frente a la escuela.');
    const facts = await server.db.one<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [caseId]);
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, cast.ombudsman.email);
    await page.goto(`/supervision/casos/${caseId}`);
    await page.getByRole('heading', { name: 'Todo lo que pasó' }).waitFor();
    const printed = await printedText(page);
    expect(printed.text).toContain(`Historial del caso ${facts.reference}`);
    expect(printed.text).toContain(cast.company.name);
    expect(printed.text).toContain('tractomulas');
    expect(printed.text).toContain('Queja presentada');
    expect(printed.text).toContain('Impreso el');
    expect(printed.text).not.toContain('Imprimir resumen');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the ombudsman opens a confidential case, Then the name is masked until they give a reason on "Ver identidad", and a reveal without one is refused on the field', async () => {
    const c = await buildCase(server.app.ctx, { ...cast.filing, identityMode: 'confidential', identity: { name: 'Marleny Guerra Oñate' } });
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await openCaseAs(page, cast.ombudsman.email, c.id);
    await page.getByRole('heading', { name: 'Identidad del peticionario' }).waitFor();
    expect(await page.getByText('Peticionario reservado').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Ver identidad' }).click();
    await page.getByRole('button', { name: 'Pedir ver la identidad' }).click();
    await page.locator('.field-error').filter({ hasText: 'Este campo es obligatorio.' }).waitFor();
    await page.getByLabel('¿Para qué necesita ver la identidad?').fill('Llamar para fijar la visita de verificación.');
    await page.getByRole('button', { name: 'Pedir ver la identidad' }).click();
    await page.getByText(/Identidad visible para usted hasta/).waitFor();
    await page.locator('.identity-custody dd').first().waitFor();
    const name = (await page.locator('.identity-custody dd').first().textContent())!.trim();
    expect(name.length).toBeGreaterThan(3);
    // The case's facts show it too now, without another log entry.
    await page.getByText(name).nth(1).waitFor();
    expect(await server.db.one(`SELECT count(*)::int AS n FROM identity_views WHERE case_id = $1 AND context = 'reveal'`, [c.id])).toEqual({ n: 1 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
