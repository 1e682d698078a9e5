/**
 * Unsent messages kept on the phone: written without signal, they survive the tab being killed or the
 * page reloaded, go out once when the composer is back, and never show in another account's composer.
 * Files chosen for such a message cannot be kept on the phone: after a reload the message waits for the
 * writer, who sends it without them or discards it.
 */
import type { Page } from 'playwright-core';
import { getTestServer, type TestClient, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, openCaseAs, openTrackedCase, phonePage, tinyJpeg, widthOf, type TestBrowser } from './browser';
import { buildCase, buildPeople, type BuiltPeople, type CaseSpec } from '../factories';
import { fileAnonymously } from '../intakeSupport';

/** Writes a message for all parties and sends it. */
async function write(page: Page, text: string): Promise<void> {
  const everyone = page.getByRole('radio', { name: /^Todas las partes/ });
  if ((await everyone.count()) > 0) await everyone.check();
  await page.getByLabel('Su mensaje').fill(text);
  await page.getByRole('button', { name: 'Enviar mensaje' }).click();
}

const thread = (page: Page) => page.locator('ol.thread');
const outbox = (page: Page) => page.getByRole('list', { name: 'Mensajes por enviar' });

/**
 * The phone loses its signal: every request of the page (API calls, uploads, and the page itself on a
 * reload) fails as it does without signal. Chromium's offline emulation (`context.setOffline`) is not
 * used: alone it let a request through now and then on a loaded machine, and together with this
 * interception it sent a photo upload the page had already seen fail once the page was reloaded.
 */
async function loseSignal(page: Page): Promise<void> {
  await page.route('**/*', (route) => route.abort('internetdisconnected'));
}

/** The signal is back for this page. */
async function regainSignal(page: Page): Promise<void> {
  await page.unroute('**/*');
}

/** Writes a message for all parties with a photo attached, and sends it. */
async function writeWithPhoto(page: Page, text: string): Promise<void> {
  const composer = page.locator('section.composer');
  await composer.getByText('Agregar fotos, audios o una nota de voz').click();
  await composer.locator('input[type="file"][multiple]').setInputFiles({ name: 'arroyo.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg(page) });
  await composer.getByText('1 archivo elegido').waitFor();
  await write(page, text);
}

/** What the composer says, in Spanish, of a message whose one photo could not be kept on the phone. */
const ONE_FILE_LOST =
  'Este mensaje no se ha enviado. 1 archivo no alcanzó a subir antes de cerrarse la página y el teléfono no lo pudo guardar: adjúntelo de nuevo en un mensaje nuevo.';

/**
 * Reloads the page while there is no signal (the browser shows its error page instead of the app); the
 * signal comes back and the page is reloaded again.
 */
async function reloadWithoutSignal(page: Page): Promise<void> {
  await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  // The reload is refused before the browser's error page replaces the app: wait until it has, so what
  // the old page held in memory (the photo) is really gone before the signal comes back.
  await page.getByLabel('Su mensaje').waitFor({ state: 'detached' });
  await regainSignal(page);
  await page.reload().catch(async (err: Error) => {
    // Chromium's error page reloads itself when the line comes back; when that navigation wins, ours is
    // aborted and the app loads all the same.
    if (!/ERR_ABORTED/.test(err.message)) throw err;
    await page.waitForLoadState('load');
  });
}

/** Without signal, writes `text` with `send` (a plain message, or one with a photo) and sees it wait in the outbox, kept on the phone. */
async function writeWithoutSignal(page: Page, text: string, send = write): Promise<void> {
  await loseSignal(page);
  await send(page, text);
  await outbox(page)
    .getByText(/^No se envió/)
    .waitFor();
  expect(await storedText(page)).toContain(text);
}

/** Without signal, writes `text` with a photo, sees it wait, and reloads the page; returns the message back in the outbox. */
async function queueWithPhotoAndReload(page: Page, text: string) {
  await writeWithoutSignal(page, text, writeWithPhoto);
  await reloadWithoutSignal(page);
  const queued = outbox(page).getByRole('listitem').filter({ hasText: text });
  await queued.getByText(ONE_FILE_LOST).waitFor();
  return queued;
}

/** The messages of a case's thread that carry exactly `text`, as `api` reads them. */
async function postedAs(api: TestClient, caseId: string, text: string): Promise<Array<{ body: string; attachments: unknown[] }>> {
  const dialogue = await api.get(`/api/cases/${caseId}/dialogue`);
  expect(dialogue.status).toBe(200);
  return (dialogue.body.messages as Array<{ body: string; attachments: unknown[] }>).filter((m) => m.body === text);
}

/** How many messages of the case's thread, as `api` reads it, carry exactly `text`. */
async function postedCount(api: TestClient, caseId: string, text: string): Promise<number> {
  return (await postedAs(api, caseId, text)).length;
}

/** Files uploaded to case `caseId`, whatever they were for. */
async function attachmentCount(server: TestServer, caseId: string): Promise<number> {
  return (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM attachments WHERE case_id = $1', [caseId])).n;
}

/** Page errors other than the failed requests a phone without signal is expected to log. */
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'));

/** Everything this page keeps in localStorage, as one string. */
const storedText = (page: Page) => page.evaluate<string>('JSON.stringify(Object.entries(window.localStorage))');

describe('Unsent messages kept on the phone', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  let ombudsmanApi: TestClient;
  // The test's own company with its liaison, a community member with an account, and an officer.
  let people: BuiltPeople;
  /** A new case of the member's against the company, open to messages from both sides. */
  const theirCase = async (spec: CaseSpec = {}) => (await buildCase(server.app.ctx, { ...people.filing, complainantId: people.complainant.id, ...spec })).id;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
    people = await buildPeople(server.app.ctx);
    ombudsmanApi = await server.loginAs(people.ombudsman.email);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When the anonymous complainant writes without signal and the phone kills the tab, Then on reopening the case the message goes out by itself and the company sees it once', async () => {
    // Filed without a name against the company, followed with its code and receipt key.
    const filed = await fileAnonymously(server, people.company.id);
    const { caseId, reference } = filed;

    const complainant = await phonePage(chrome.browser, server.url);
    await openTrackedCase(complainant.page, reference, filed.receiptKey!);

    const text = 'Sin señal en la vereda: el arroyo sigue gris esta mañana.';
    await writeWithoutSignal(complainant.page, text);

    // The phone kills the tab while there is no signal; later the signal is back and the person reopens the case.
    await complainant.page.close();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    const reopened = await complainant.context.newPage();
    reopened.on('pageerror', (err) => complainant.errors.push(err.message));
    await reopened.goto(`/seguimiento?ref=${encodeURIComponent(reference)}`);
    await thread(reopened).locator('li').filter({ hasText: text }).getByText('Usted').waitFor();
    await outbox(reopened).waitFor({ state: 'detached' });
    expect(await storedText(reopened)).not.toContain(text);

    const liaison = await phonePage(chrome.browser, server.url);
    await logInThroughForm(liaison.page, people.liaison.email);
    await liaison.page.goto(`/casos/${caseId}`);
    await thread(liaison.page).getByText(text).waitFor();
    expect(await thread(liaison.page).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await thread(reopened).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(1);

    expect(await widthOf(reopened)).toBeLessThanOrEqual(360);
    expect({ complainant: unexpected(complainant.errors), liaison: liaison.errors }).toEqual({ complainant: [], liaison: [] });
    await Promise.all([complainant.context.close(), liaison.context.close()]);
  });

  it('When the server stored a message but its answer was lost, and the page is reloaded, Then the message is sent again with the same key and shows once', async () => {
    const caseId = await theirCase();
    const liaison = await phonePage(chrome.browser, server.url);
    await openCaseAs(liaison.page, people.liaison.email, caseId);

    // The request reaches the server; the signal drops before the answer comes back.
    const text = 'Mañana pasa la cuadrilla a regar la vía para el polvo.';
    await liaison.page.route('**/api/cases/*/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await write(liaison.page, text);
    await outbox(liaison.page)
      .getByText(/^No se envió/)
      .waitFor();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(1);

    await liaison.page.unroute('**/api/cases/*/messages');
    await liaison.page.reload();
    await thread(liaison.page).getByText(text).waitFor();
    await outbox(liaison.page).waitFor({ state: 'detached' });
    expect(await thread(liaison.page).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(1);
    expect(await storedText(liaison.page)).not.toContain(text);
    expect(unexpected(liaison.errors)).toEqual([]);
    await liaison.context.close();
  });

  it('When someone logs out with a message unsent and another person logs in on the same phone, Then the other person never sees it and it is never posted', async () => {
    const caseId = await theirCase();
    const phone = await phonePage(chrome.browser, server.url);
    await openCaseAs(phone.page, people.liaison.email, caseId);

    const text = 'Borrador de la empresa que nadie más debe leer en este teléfono.';
    await writeWithoutSignal(phone.page, text);
    // The tab is closed before the signal is back, so nothing goes out by itself.
    await phone.page.close();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);

    const page = await phone.context.newPage();
    page.on('pageerror', (err) => phone.errors.push(err.message));
    await page.goto('/casos');
    expect(await storedText(page)).toContain(text);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/ingresar'));
    expect(await storedText(page)).not.toContain(text);

    await openCaseAs(page, people.ombudsman.email, caseId);
    await page.getByLabel('Su mensaje').waitFor();
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    expect(await page.getByText(text).count()).toBe(0);
    expect(await outbox(page).count()).toBe(0);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });

  it('When a community member writes with a photo without signal and the page is reloaded, Then the message is back saying its photo was lost, and sent without it the company receives it once, without files', async () => {
    const caseId = await theirCase();
    const liaisonApi = await server.loginAs(people.liaison.email);
    const filesBefore = await attachmentCount(server, caseId);
    const phone = await phonePage(chrome.browser, server.url);
    await openCaseAs(phone.page, people.complainant.email, caseId);

    const text = 'Les mando la foto del pozo: el agua salió turbia otra vez.';
    const queued = await queueWithPhotoAndReload(phone.page, text);
    // It waits for the person: sending it by itself would send it without the photo they chose.
    const sendWithout = queued.getByRole('button', { name: 'Enviarlo sin esos archivos' });
    await sendWithout.waitFor();
    await queued.getByRole('button', { name: 'Descartar este mensaje' }).waitFor();
    expect(await queued.getByText('Enviando…').count()).toBe(0);
    expect(await postedCount(liaisonApi, caseId, text)).toBe(0);

    await sendWithout.click();
    await thread(phone.page).locator('li').filter({ hasText: text }).getByText('Usted').waitFor();
    await outbox(phone.page).waitFor({ state: 'detached' });
    expect(await storedText(phone.page)).not.toContain(text);
    expect(await postedAs(liaisonApi, caseId, text)).toEqual([expect.objectContaining({ body: text, attachments: [] })]);
    expect(await attachmentCount(server, caseId)).toBe(filesBefore);

    // Nothing goes out a second time after another reload.
    await phone.page.reload();
    await thread(phone.page).getByText(text).waitFor();
    await phone.page.getByLabel('Su mensaje').waitFor();
    expect(await outbox(phone.page).count()).toBe(0);
    expect(await thread(phone.page).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(await postedCount(liaisonApi, caseId, text)).toBe(1);

    expect(await widthOf(phone.page)).toBeLessThanOrEqual(360);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });

  it('When a liaison discards a message whose photo was lost in a reload, Then nothing is sent and the message does not come back after another reload', async () => {
    const caseId = await theirCase();
    const filesBefore = await attachmentCount(server, caseId);
    const phone = await phonePage(chrome.browser, server.url);
    await openCaseAs(phone.page, people.liaison.email, caseId);

    const text = 'Foto de la vía regada esta mañana, sin polvo en la curva.';
    const queued = await queueWithPhotoAndReload(phone.page, text);
    await queued.getByRole('button', { name: 'Descartar este mensaje' }).click();
    await outbox(phone.page).waitFor({ state: 'detached' });
    expect(await storedText(phone.page)).not.toContain(text);

    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Conversación' }).waitFor();
    await phone.page.getByLabel('Su mensaje').waitFor();
    expect(await outbox(phone.page).count()).toBe(0);
    expect(await phone.page.getByText(text).count()).toBe(0);
    expect(await storedText(phone.page)).not.toContain(text);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    expect(await attachmentCount(server, caseId)).toBe(filesBefore);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });

  it('When a community member logs out while a message whose photo was lost waits, Then the next person on the phone never sees it, it is never posted, and it is gone when the member logs in again', async () => {
    const caseId = await theirCase({ identityMode: 'confidential' });
    const phone = await phonePage(chrome.browser, server.url);
    await openCaseAs(phone.page, people.complainant.email, caseId);

    const text = 'Foto de la casa que nos prometieron en el reasentamiento, todavía sin techo.';
    await queueWithPhotoAndReload(phone.page, text);
    // Logged out from the case page itself, with the waiting message on screen.
    await phone.page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await phone.page.waitForURL((u) => u.pathname.startsWith('/ingresar'));
    expect(await storedText(phone.page)).not.toContain(text);

    await openCaseAs(phone.page, people.liaison.email, caseId);
    await phone.page.getByLabel('Su mensaje').waitFor();
    expect(await phone.page.getByText(text).count()).toBe(0);
    expect(await outbox(phone.page).count()).toBe(0);
    await phone.page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await phone.page.waitForURL((u) => u.pathname.startsWith('/ingresar'));

    await openCaseAs(phone.page, people.complainant.email, caseId);
    await phone.page.getByLabel('Su mensaje').waitFor();
    expect(await outbox(phone.page).count()).toBe(0);
    expect(await phone.page.getByText(text).count()).toBe(0);
    expect(await postedCount(ombudsmanApi, caseId, text)).toBe(0);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });

  it('When a community member chooses to send without the lost photo but the signal drops again, Then after a reload it goes out by itself, once, without asking again', async () => {
    const caseId = await theirCase();
    const liaisonApi = await server.loginAs(people.liaison.email);
    const phone = await phonePage(chrome.browser, server.url);
    await openCaseAs(phone.page, people.complainant.email, caseId);

    const text = 'Ya no tengo la foto, pero el pozo sigue sin tapa desde el lunes.';
    const queued = await queueWithPhotoAndReload(phone.page, text);
    await loseSignal(phone.page);
    await queued.getByRole('button', { name: 'Enviarlo sin esos archivos' }).click();
    await queued.getByText(/^No se envió/).waitFor();
    expect(await postedCount(liaisonApi, caseId, text)).toBe(0);

    // The person already chose to send it without the photo: after a reload it is not held again.
    await reloadWithoutSignal(phone.page);
    await thread(phone.page).locator('li').filter({ hasText: text }).getByText('Usted').waitFor();
    await outbox(phone.page).waitFor({ state: 'detached' });
    expect(await storedText(phone.page)).not.toContain(text);
    expect(await postedAs(liaisonApi, caseId, text)).toEqual([expect.objectContaining({ body: text, attachments: [] })]);
    expect(await thread(phone.page).locator('li').filter({ hasText: text }).count()).toBe(1);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });
});
