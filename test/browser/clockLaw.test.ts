/**
 * The clock as Ley 1755 de 2015 writes it, on two phones: the company's liaison cannot pause its own
 * clock but asks the complainant for information; the anonymous complainant reads the question on the
 * tracking page and answers in the conversation; the liaison's open page shows the clock running again
 * without reloading.
 */
import { DEMO, getTestServer, type TestServer } from '../support';
import { SEED_TIME } from '../databases';
import { launchBrowser, openCaseAs, openTrackedCase, phonePage, widthOf, type TestBrowser } from './browser';
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
    const filed = await fileComplaint(await server.client(), buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));

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
    await complainant.page.locator('ol.thread').getByText(/Solicitud formal de información al peticionario/).waitFor();
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
});
