/**
 * The clock as Ley 1755 de 2015 writes it, on two phones: the company's liaison cannot pause its own
 * clock but asks the complainant for information; the anonymous complainant reads the question on the
 * tracking page and answers in the conversation; the liaison's open page shows the clock running again
 * without reloading.
 */
import { DEMO, getTestServer, type TestServer } from '../support';
import { SEED_TIME } from '../databases';
import { launchBrowser, logInThroughForm, openCaseAs, openTrackedCase, phonePage, widthOf, type TestBrowser } from './browser';
import { buildCase } from '../factories';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';

describe('Asking the complainant for information stops the clock until they answer (Chromium, phone-sized)', () => {
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

  it('When the liaison asks for information and the complainant answers on the tracking page, Then the clock stops and then runs again by itself', async () => {
    server.clock.set(SEED_TIME);
    const mechanism = await loadMechanism(server);
    const filed = await fileComplaint(
      await server.client(),
      buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }),
    );

    const liaison = await phonePage(chrome.browser, server.url);
    await openCaseAs(liaison.page, DEMO.liaisonPerija, filed.caseId);
    const deadlines = liaison.page.locator('section.case-deadlines');
    await deadlines.getByText('Quedan 3 días hábiles', { exact: true }).waitFor();
    // The company cannot stop its own clock: the only way is to ask the complainant.
    expect(await deadlines.getByText('Pausar los plazos').count()).toBe(0);
    await deadlines.getByText('Pedir información al peticionario').click();
    await deadlines.getByText('Los plazos se detienen hasta que responda').waitFor();
    await deadlines.getByRole('button', { name: 'Enviar la solicitud' }).click();
    await deadlines.getByRole('alert').filter({ hasText: 'Revise' }).waitFor();
    await deadlines.getByLabel('¿Qué información necesita del peticionario?').fill('¿Desde qué fecha ve el polvo sobre la escuela?');
    await deadlines.getByRole('button', { name: 'Enviar la solicitud' }).click();
    await deadlines.getByRole('heading', { name: 'Solicitud de información sin responder' }).waitFor();
    await deadlines.getByText('Plazo en pausa: quedan 3 días hábiles', { exact: true }).waitFor();
    await deadlines.getByText(/Si no hay respuesta a más tardar el 21 de diciembre de 2026/).waitFor();

    // The complainant, with the receipt key, reads what is asked and until when, and answers in the conversation.
    const complainant = await phonePage(chrome.browser, server.url);
    await openTrackedCase(complainant.page, filed.reference, filed.receiptKey!);
    const theirs = complainant.page.locator('section.case-deadlines');
    await theirs.getByText('¿Desde qué fecha ve el polvo sobre la escuela?').waitFor();
    await theirs.getByText(/Responda en la conversación de abajo a más tardar el 21 de diciembre de 2026/).waitFor();
    await complainant.page
      .locator('ol.thread')
      .getByText(/Solicitud formal de información al peticionario/)
      .waitFor();
    await complainant.page.getByLabel('Su mensaje').fill('Desde el 2 de noviembre, todas las mañanas.');
    await complainant.page.getByRole('button', { name: 'Enviar mensaje' }).click();
    await complainant.page.locator('ol.thread').getByText('Llegó la respuesta a la solicitud de información.').waitFor();

    // The liaison's page, never reloaded, shows the answer and the clock running again.
    await liaison.page.locator('ol.thread').getByText('Desde el 2 de noviembre, todas las mañanas.').waitFor();
    await deadlines.getByText('Quedan 3 días hábiles', { exact: true }).waitFor();
    expect(await deadlines.getByRole('heading', { name: 'Solicitud de información sin responder' }).count()).toBe(0);
    expect(await deadlines.getByText('Plazo en pausa: quedan 3 días hábiles', { exact: true }).count()).toBe(0);
    await deadlines.getByText('Pedir información al peticionario').waitFor();

    expect(await widthOf(liaison.page)).toBeLessThanOrEqual(360);
    expect(await widthOf(complainant.page)).toBeLessThanOrEqual(360);
    expect(complainant.errors).toEqual([]);
    // The empty question is the one refused request the liaison's browser logs.
    expect(liaison.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await liaison.context.close();
    await complainant.context.close();
  });

  it('When the ombudsman admits a case as a consultation and records the referral of one not admitted, Then the card shows the kind with its 30 days, and the referral is met and told in the thread', async () => {
    server.clock.set(SEED_TIME);
    const consultation = await buildCase(server.app.ctx, { company: 'perija' });
    expect((await (await server.loginAs(DEMO.liaisonPerija)).post(`/api/cases/${consultation.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    const to = 'Ministerio del Trabajo — Inspección de Valledupar';
    const notCompetent = await buildCase(server.app.ctx, { company: 'perija' });
    const decided = await (
      await server.loginAs(DEMO.ombudsman)
    ).post(`/api/cases/${notCompetent.id}/transitions`, {
      action: 'not_admit',
      reason: 'Es un conflicto laboral individual.',
      referral: { to },
    });
    expect(decided.status).toBe(200);

    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await logInThroughForm(page, DEMO.ombudsman);
    await page.goto(`/casos/${consultation.id}`);
    await page.getByRole('button', { name: 'Admitir', exact: true }).click();
    // The choice says what it sets: the mechanism's term for the kind, in business days.
    await page.getByLabel('Tipo de petición (fija el plazo de la primera respuesta de la empresa)').selectOption('consultation');
    await page.getByText('respuesta en 30 días hábiles (art. 14, numeral 2)', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Sí, admitir la queja' }).click();
    const deadlines = page.locator('section.case-deadlines');
    await deadlines.getByText('Tipo de petición: Consulta', { exact: true }).waitFor();
    await deadlines.getByText('Quedan 30 días hábiles', { exact: true }).waitFor();

    // Art. 21: five business days to send the case where it belongs, met by recording it.
    await page.goto(`/casos/${notCompetent.id}`);
    await deadlines.getByText(`Remitir a: ${to}`).waitFor();
    await deadlines.getByText('Quedan 5 días hábiles', { exact: true }).waitFor();
    await deadlines.locator('summary').filter({ hasText: 'Registrar que se remitió' }).click();
    await deadlines.getByLabel('Número del oficio o nota (opcional)').fill('Oficio DPC-2026-118');
    await deadlines.getByRole('button', { name: 'Registrar que se remitió' }).click();
    await deadlines.getByText('Este caso no tiene plazos abiertos.').waitFor();
    await page.locator('ol.thread').getByText(`El caso se remitió a ${to}, la entidad competente (Ley 1755 de 2015, art. 21).`).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
