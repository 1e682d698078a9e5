/**
 * The send queue on the phone (docs/offline-intake.md), in Debian's Chromium: complaints filed with no
 * signal wait in the phone's database with their files and go out by themselves — once — when the
 * signal returns, even after the browser was closed; a flaky line loses and doubles nothing; a
 * facilitator's field work arrives as verbal petitions with their Decreto 1166 record, also after the
 * session expired meanwhile. Bad answers are caught on the phone before anything is saved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO, getTestServer, type TestServer } from '../support';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  PHONE,
  collectErrors,
  launchBrowser,
  logInThroughForm,
  phonePage,
  tinyJpeg,
  watchForRawTranslationKeys,
  widthOf,
  type TestBrowser,
} from './browser';
import { buildComplaint, loadMechanism } from '../intakeSupport';
import { watchAccessibility } from './accessibilityAudit';
import { waitFor } from '../waitFor';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto } from '../../shared/types/intake';

const NEXT = 'Siguiente';
const HOUR = 60 * 60 * 1000;

// Persistent profiles run their own browser: closed after the tests even when one fails midway.
const persistent: BrowserContext[] = [];

/**
 * A phone whose browser keeps its profile (and so its IndexedDB) in `dir` across closing and reopening;
 * its screens are checked with axe in `checkWith` (a persistent context has no browser of its own to do it).
 */
async function phoneWithProfile(dir: string, baseURL: string, checkWith: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // A fake microphone, so the voice recorder really records.
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    ...PHONE,
    baseURL,
    // These journeys test the app as installed: its service worker opens it with no signal and sends the queue.
    serviceWorkers: 'allow',
  });
  persistent.push(context);
  context.setDefaultTimeout(10_000);
  await watchAccessibility(context, checkWith);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = collectErrors(page, []);
  await watchForRawTranslationKeys(context, errors);
  return { context, page, errors };
}

/** No signal at all: Chromium's offline mode (navigator.onLine turns false) and every request refused. */
async function loseSignal(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

/** The signal is back: the page's `online` event fires. */
async function regainSignal(context: BrowserContext): Promise<void> {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.setOffline(false);
}

/**
 * A request the page itself abandoned meanwhile (its timeout fired, it navigated) is already over:
 * answering it is then refused with "Route is already handled", which is not the line's fault.
 */
async function unlessGone(answer: Promise<void>): Promise<void> {
  await answer.catch((error: unknown) => {
    if (!/Route is already handled|Target page, context or browser has been closed/.test(String(error))) throw error;
  });
}

/** Page errors other than the failed requests a phone without signal (or on a bad line) logs. */
const unexpected = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|ERR_FAILED|Failed to load resource/.test(e));

/** How many complaints the phone's database holds (0 when the app never opened it). */
const queuedCount = (page: Page) =>
  page.evaluate<number>(`(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'puente-device')) return 0;
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open('puente-device'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const n = await new Promise((resolve) => { const r = db.transaction('complaints').objectStore('complaints').count(); r.onsuccess = () => resolve(r.result); });
    db.close();
    return n;
  })()`);

/** The API answers the service worker keeps for the app to open with no signal (client/src/shell/serviceWorker.ts). */
const KEPT_FOR_OFFLINE = ['/api/session', '/api/mechanism', '/api/data-policy', '/api/attachments/limits'];

/** A half-minute of 8 kHz silence as a WAV file: a real audio file for the picker (a voice note recorded elsewhere). */
function wavSeconds(seconds: number): Buffer {
  const samples = Math.round(8000 * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}

/** A draft as the form keeps it on the phone, at the files step, every other answer already given. */
function draftAtFiles(mechanism: MechanismDto, story: string, overrides: Record<string, unknown> = {}) {
  const elPaso = mechanism.municipalities.find((m) => m.name === 'El Paso')!;
  return {
    version: 1,
    idempotencyKey: crypto.randomUUID(),
    step: 'evidence',
    whatHappened: story,
    hopedOutcome: '',
    occurredOn: '',
    municipalityId: elPaso.id,
    veredaId: '',
    placeDetail: '',
    latitude: null,
    longitude: null,
    company: mechanism.companies.find((c) => c.slug === 'perija')!.id,
    categoryCodes: ['air_dust'],
    collective: false,
    groupName: '',
    groupKind: '',
    groupSize: '',
    onBehalfConsented: false,
    onBehalfHow: '',
    identityMode: 'anonymous',
    name: '',
    documentId: '',
    phone: '',
    email: '',
    contactPreference: 'none',
    ethnicGroup: '',
    gender: '',
    ageBand: '',
    disability: '',
    consentAccepted: true,
    consentVersion: '2026-01',
    attachmentNames: [],
    deviceReceipt: null,
    fieldReceivedAt: '',
    ...overrides,
  };
}

/** Puts a draft on the phone, as if the person had answered up to the files step. */
async function seedDraft(page: Page, draft: object): Promise<void> {
  await page.evaluate(`window.localStorage.setItem('puente.complaintDraft', ${JSON.stringify(JSON.stringify(draft))})`);
}

/** From the files step: adds `files`, goes through the answered steps (running `at[step]` there) and sends. */
async function addFilesAndSend(
  page: Page,
  files: { name: string; mimeType: string; buffer: Buffer }[],
  at: Record<number, () => Promise<void>> = {},
): Promise<void> {
  await page.getByText('Paso 2 de 10', { exact: true }).waitFor();
  await page.locator('input[type="file"][multiple]').setInputFiles(files);
  await page.getByText(`${files.length} archivos elegidos`).waitFor();
  for (let step = 2; step < 10; step += 1) {
    await page.getByText(`Paso ${step} de 10`, { exact: true }).waitFor();
    await at[step]?.();
    await page.getByRole('button', { name: NEXT }).click();
  }
  await page.getByText('Paso 10 de 10', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Enviar la queja' }).click();
}

/** The receipt shown at once without signal: returns its provisional code and key, then confirms the key was saved. */
async function keepReceipt(page: Page): Promise<{ code: string; key: string }> {
  await page.getByRole('heading', { name: 'Su queja quedó guardada en este teléfono' }).waitFor();
  const code = (await page.getByTestId('receipt-provisional').textContent())!.trim();
  const key = (await page.getByTestId('receipt-key').textContent())!.trim();
  await page.getByRole('button', { name: 'Ya guardé mi clave' }).click();
  await page.getByText('Clave guardada. Ya no se mostrará de nuevo.').waitFor();
  return { code, key };
}

/** Waits until `condition` holds (checked every half second), failing after `ms`. */
function until(condition: () => Promise<boolean>, ms: number): Promise<void> {
  return waitFor(condition, { ms, everyMs: 500 });
}

/** Cases whose text is exactly `story`. */
async function casesWith(server: TestServer, story: string): Promise<{ id: string; reference: string; files: number }[]> {
  return server.db.query(
    `SELECT c.id, c.reference, (SELECT count(*)::int FROM attachments a WHERE a.case_id = c.id) AS files FROM cases c WHERE c.description = $1`,
    [story],
  );
}

describe('Complaints filed with no signal (send queue)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  let mechanism: MechanismDto;
  const profiles: string[] = [];
  beforeAll(async () => {
    server = await getTestServer({ withClient: true, config: { filingsPerHourPerIp: 1000 } });
    // The phone's clock is the real one; the server's follows it, so times "received in the field" are in the past.
    server.clock.set(new Date());
    chrome = await launchBrowser();
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await Promise.all(persistent.map((c) => c.close().catch(() => undefined)));
    await chrome?.close();
    await server?.close();
    for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Two browsers (one started twice), the app installed and every screen checked by axe: on a machine
  // at load 20 this journey took 74 s and once over 90 s, so it gets the time of a story.
  it('When a person files with a photo and a voice note with no signal, reloads and closes the browser, Then offline the app opens again in the language last used with the complaint listed, and reopened with signal it is sent by itself exactly once, the company sees it live and the key opens it; bad answers were caught on the phone first', async () => {
    const liaison = await phonePage(chrome.browser, server.url);
    await logInThroughForm(liaison.page, DEMO.liaisonPerija);
    await liaison.page.getByRole('heading', { name: 'Casos de Carbones del Perijá S.A.S.' }).waitFor();
    await liaison.page.locator('.list-count').waitFor();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-phone-'));
    profiles.push(dir);
    let phone = await phoneWithProfile(dir, server.url, chrome.browser);
    await phone.page.goto('/presentar-queja');
    await phone.page.getByText('Paso 1 de 10', { exact: true }).waitFor();
    // The wizard's lists and the data policy finish arriving before the signal goes (on a loaded machine
    // the first step can be drawn while the policy is still on its way).
    await phone.page.waitForLoadState('networkidle');
    // The app's service worker is in charge and keeps the answers the first screens need, so the app
    // opens again with no signal at all.
    await until(() => phone.page.evaluate<boolean>('navigator.serviceWorker.controller !== null'), 30_000);
    await until(
      () =>
        phone.page.evaluate<boolean>(`caches.open('puente-api').then((cache) =>
      Promise.all(${JSON.stringify(KEPT_FOR_OFFLINE)}.map((p) => cache.match(p, { ignoreVary: true })
        // The public answers are translated and kept per language (keyedByLanguage in sw.ts).
        .then((kept) => kept || cache.match(p + (p.includes('?') ? '&' : '?') + '__lang=es', { ignoreVary: true }))))).then((kept) => kept.every(Boolean))`),
      30_000,
    );
    await loseSignal(phone.context);

    // Bad answers are caught on the phone with the very words the server would answer, and nothing is saved.
    const visitorApi = await server.client();
    const required = await visitorApi.post('/api/complaints', { ...buildComplaint(mechanism), whatHappened: undefined });
    const short = await visitorApi.post('/api/complaints', buildComplaint(mechanism, { whatHappened: 'Polvo.' }));
    const serverSays = (res: typeof required) =>
      (res.body.error.fields as { field: string; message: string }[]).find((f) => f.field === 'whatHappened')!.message;
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByText(serverSays(required)).first().waitFor();
    await phone.page.getByLabel('Cuente lo que pasó').fill('Polvo.');
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByText(serverSays(short)).first().waitFor();
    expect(await queuedCount(phone.page)).toBe(0);

    const story = `Sin señal en la vereda: el polvo del tajo tapa el jagüey y los animales no quieren beber (${Date.now()}).`;
    await phone.page.getByLabel('Cuente lo que pasó').fill(story);
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    await phone.page.locator('input[type="file"][multiple]').setInputFiles({ name: 'jaguey.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg(phone.page) });
    await phone.page.getByRole('button', { name: 'Grabar una nota de voz' }).click();
    await phone.page.getByText('0:02').waitFor();
    await phone.page.getByRole('button', { name: 'Terminar la grabación' }).click();
    await phone.page.getByRole('button', { name: 'Agregar esta nota de voz' }).click();
    await phone.page.getByText('2 archivos elegidos').waitFor();
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByLabel('Municipio').selectOption({ label: 'Becerril' });
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByRole('radio', { name: 'Carbones del Perijá S.A.S.' }).check();
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByRole('checkbox', { name: /^Agua/ }).check();
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByRole('radio', { name: 'Para mí o para mi familia' }).check();
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByRole('radio', { name: /^Anónima/ }).check();
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByText('Paso 8 de 10', { exact: true }).waitFor();
    await phone.page.getByRole('button', { name: NEXT }).click();
    // The data policy was loaded with the page; it is still there without signal.
    await phone.page.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
    await phone.page.getByRole('button', { name: NEXT }).click();
    await phone.page.getByRole('button', { name: 'Enviar la queja' }).click();

    // The receipt comes at once, before any signal: provisional code and key, kept only until confirmed.
    await phone.page.getByText(/se enviará sola cuando vuelva/).waitFor();
    expect(await phone.page.getByTestId('receipt-reference').count()).toBe(0);
    const { code, key } = await keepReceipt(phone.page);
    expect(code).toMatch(/^P-[0-9A-HJKMNP-Z]{4}-[0-9A-HJKMNP-Z]{4}$/);
    await phone.page.getByRole('link', { name: '1 queja por enviar' }).waitFor();
    expect(await widthOf(phone.page)).toBeLessThanOrEqual(360);
    expect(await casesWith(server, story)).toEqual([]);

    // Still with no signal, the person turns the app to English and reloads: the app opens (from the
    // service worker) in the language last used, and the complaint is still listed, waiting.
    await phone.page.getByRole('button', { name: 'English' }).click();
    await phone.page.getByRole('link', { name: '1 complaint to send' }).waitFor();
    await phone.page.evaluate('window.beforeReload = true');
    await phone.page.reload();
    await phone.page.getByRole('link', { name: '1 complaint to send' }).waitFor();
    expect(await phone.page.evaluate('window.beforeReload')).toBeUndefined();
    expect(await phone.page.evaluate('document.documentElement.lang')).toBe('en');
    // The receipt page reopens (its key no longer shown), and the home page lists the complaint.
    await phone.page.getByRole('heading', { name: 'Your complaint is saved on this phone' }).waitFor();
    expect((await phone.page.getByTestId('receipt-provisional').textContent())!.trim()).toBe(code);
    expect(await phone.page.getByTestId('receipt-key').count()).toBe(0);
    await phone.page.goto('/');
    const waitingItem = phone.page.getByTestId('queue-item').filter({ hasText: code });
    await waitingItem.getByText('Waiting for signal', { exact: true }).waitFor();
    expect(await queuedCount(phone.page)).toBe(1);
    expect(await casesWith(server, story)).toEqual([]);
    await phone.page.getByRole('button', { name: 'Español' }).click();
    await phone.page.getByRole('link', { name: '1 queja por enviar' }).waitFor();

    // The browser is closed with no signal; later it opens again, with signal, on the home page.
    const firstErrors = unexpected(phone.errors);
    await phone.context.close();
    expect(await casesWith(server, story)).toEqual([]);
    phone = await phoneWithProfile(dir, server.url, chrome.browser);
    await phone.page.goto('/');
    const item = phone.page.getByTestId('queue-item').filter({ hasText: code });
    await item.getByText('Llegó', { exact: true }).waitFor({ timeout: 30_000 });
    const [filed] = await casesWith(server, story);
    expect(filed).toEqual({ id: expect.any(String), reference: expect.stringMatching(/^CES-\d{4}-\d{6}$/), files: 2 });
    await item.getByText(`Referencia ${filed!.reference}`).waitFor();
    await phone.page.getByText('1 queja llegó').waitFor();
    expect(await phone.page.getByTestId('queue-badge').count()).toBe(0);

    // The company's liaison saw it arrive without reloading; nothing goes out twice after another reload.
    await liaison.page.locator('.case-card').filter({ hasText: filed!.reference }).waitFor();
    await phone.page.reload();
    await phone.page.getByTestId('queue-item').filter({ hasText: code }).getByText('Llegó', { exact: true }).waitFor();
    expect(await casesWith(server, story)).toHaveLength(1);
    const kinds = await server.db.query<{ kind: string }>('SELECT kind FROM attachments WHERE case_id = $1 ORDER BY kind', [filed!.id]);
    expect(kinds.map((k) => k.kind)).toEqual(['audio', 'photo']);
    // Arrived: the complaint's words and its key are no longer on the phone.
    const kept = await phone.page.evaluate<string>(`(async () => {
      const db = await new Promise((resolve) => { const r = indexedDB.open('puente-device'); r.onsuccess = () => resolve(r.result); });
      const all = await new Promise((resolve) => { const r = db.transaction('complaints').objectStore('complaints').getAll(); r.onsuccess = () => resolve(r.result); });
      db.close();
      return JSON.stringify(all);
    })()`);
    expect(kept).not.toContain('jagüey');
    expect(kept).not.toContain(key);

    // The person follows it on another phone with the provisional code and the key, typed loosely.
    const tracker = await phonePage(chrome.browser, server.url);
    await tracker.page.goto('/seguimiento');
    await tracker.page.getByLabel('Código de la queja').fill(code.toLowerCase().replace(/-/g, ' '));
    await tracker.page.getByLabel('Clave secreta').fill(key.toLowerCase().replace(/-/g, ' '));
    await tracker.page.getByRole('button', { name: 'Ver mi queja' }).click();
    await tracker.page.getByRole('heading', { name: filed!.reference }).waitFor();
    // Files are numbered in the order they arrived; on the test's stopped clock both arrive at the same instant.
    await tracker.page.getByRole('link', { name: /^Audio [12]$/ }).waitFor();

    expect({ before: firstErrors, after: unexpected(phone.errors), tracker: tracker.errors, liaison: liaison.errors }).toEqual({
      before: [],
      after: [],
      tracker: [],
      liaison: [],
    });
    await Promise.all([phone.context.close(), tracker.context.close(), liaison.context.close()]);
  }, 180_000);

  it('When the line comes back flaky, dropping half of the requests or their answers at random, Then five queued complaints with their files each arrive exactly once and none is lost', async () => {
    const phone = await phonePage(chrome.browser, server.url);
    const stories = Array.from({ length: 5 }, (_, i) => `Queja ${i + 1} de la vereda guardada sin señal: el arroyo bajó turbio otra vez (${Date.now()}).`);
    await phone.page.goto('/');
    await seedDraft(phone.page, draftAtFiles(mechanism, stories[0]!));
    await phone.page.goto('/presentar-queja');
    await phone.page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    // The form's checks, fetched when a half-filled form opens, finish arriving before the signal goes.
    await phone.page.waitForLoadState('networkidle');
    await loseSignal(phone.context);
    const jpeg = await tinyJpeg(phone.page);
    for (const [i, story] of stories.entries()) {
      if (i > 0) {
        await seedDraft(phone.page, draftAtFiles(mechanism, story));
        await phone.page.getByRole('button', { name: 'Presentar otra queja' }).click();
      }
      await addFilesAndSend(phone.page, [
        { name: `foto-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: jpeg },
        { name: `nota-${i + 1}.wav`, mimeType: 'audio/wav', buffer: wavSeconds(0.25) },
      ]);
      await keepReceipt(phone.page);
    }
    await phone.page.getByRole('link', { name: '5 quejas por enviar' }).waitFor();

    // A bad line: of the page's API calls, a quarter never reach the server and a quarter reach it but lose their answer.
    let seed = 20261205;
    const random = () => {
      seed = (seed * 1664525 + 1013904223) % 2 ** 32;
      return seed / 2 ** 32;
    };
    const dropped = { before: 0, after: 0 };
    // The phone's timers run fast from here on: each half second of the test moves them 8 s, so the
    // backoff's waits (1, 2, 4, … s per complaint) pass without the test sitting through them.
    await phone.page.clock.install();
    await regainSignal(phone.context);
    await phone.page.route('**/api/**', async (route) => {
      const r = random();
      if (r < 0.25) {
        dropped.before += 1;
        return unlessGone(route.abort('connectionreset'));
      }
      if (r < 0.5) {
        dropped.after += 1;
        // The server gets the request; its answer is lost on the way back. If the page gave up first
        // (its own timeout runs on the fast clock), the request is already over and there is nothing to cut.
        const reached = await route.fetch().then(
          () => true,
          () => false,
        );
        return reached ? unlessGone(route.abort('connectionreset')) : undefined;
      }
      return unlessGone(route.continue());
    });
    // Until every complaint arrived: the queue keeps trying by itself (backoff timer), nobody presses anything.
    const arrived = async () => (await Promise.all(stories.map((s) => casesWith(server, s)))).map((found) => found.map((c) => c.files));
    await until(async () => {
      await phone.page.clock.fastForward(8_000);
      return JSON.stringify(await arrived()) === JSON.stringify(stories.map(() => [2]));
    }, 100_000);
    expect(await arrived()).toEqual(stories.map(() => [2]));
    expect(dropped.before).toBeGreaterThan(0);
    expect(dropped.after).toBeGreaterThan(0);
    // Handlers still busy with a request (waiting on its answer) are let go: their late reply is not an error.
    await phone.page.unrouteAll({ behavior: 'ignoreErrors' });
    await phone.page.goto('/presentar-queja');
    await phone.page.getByText('5 quejas llegaron').waitFor({ timeout: 20_000 });
    expect(await Promise.all(stories.map(async (s) => (await casesWith(server, s)).length))).toEqual([1, 1, 1, 1, 1]);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });

  it('When a page of the app is sending the queue and the browser wakes the service worker to send it too (Background Sync), Then the worker finds the queue locked (one Web Lock for both) and the complaint arrives once', async () => {
    const phone = await phonePage(chrome.browser, server.url, 'es-CO', { serviceWorkers: 'allow' });
    const story = `Guardada sin señal, con el service worker despierto: el ruido de la trituradora no deja dormir (${Date.now()}).`;
    await phone.page.goto('/');
    await seedDraft(phone.page, draftAtFiles(mechanism, story));
    await phone.page.goto('/presentar-queja');
    await phone.page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    await until(() => phone.page.evaluate<boolean>('navigator.serviceWorker.controller !== null'), 30_000);
    const worker = phone.context.serviceWorkers()[0]!;
    await loseSignal(phone.context);
    await addFilesAndSend(phone.page, [
      { name: 'trituradora.jpg', mimeType: 'image/jpeg', buffer: await tinyJpeg(phone.page) },
      { name: 'trituradora.wav', mimeType: 'audio/wav', buffer: wavSeconds(0.25) },
    ]);
    const { code } = await keepReceipt(phone.page);

    // The signal returns; the page sends at once, and its filing is held on the line.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let firstArrived!: () => void;
    const first = new Promise<void>((resolve) => (firstArrived = resolve));
    let filings = 0;
    let heldBy = 'nobody';
    await phone.context.unrouteAll({ behavior: 'ignoreErrors' });
    await phone.context.route('**/api/complaints**', async (route) => {
      if (route.request().method() === 'POST' && ++filings === 1) {
        // Which round sent it, for a failure's message (seen once in a whole run: the complaint never arrived).
        heldBy = route.request().serviceWorker() ? 'the service worker' : 'the page';
        firstArrived();
        await released;
      }
      return route.continue();
    });
    await phone.context.setOffline(false);
    await first;

    // Mid-send the page holds the queue's lock, and the worker sees it held: it cannot take it.
    const lockFreeInWorker = `navigator.locks.request('puente-send-queue', { ifAvailable: true }, (lock) => lock !== null)`;
    expect(await worker.evaluate<boolean>(lockFreeInWorker)).toBe(false);
    // The browser wakes the worker for the queue (what requestQueueSync asks for); its round finds the queue busy.
    const syncTags = `navigator.serviceWorker.ready.then((r) => r.sync.getTags())`;
    await phone.page.evaluate(`navigator.serviceWorker.ready.then((r) => r.sync.register('puente-send-queue'))`);
    await until(async () => !(await phone.page.evaluate<string[]>(syncTags)).includes('puente-send-queue'), 30_000);
    expect(await casesWith(server, story)).toEqual([]);

    release();
    await until(async () => (await casesWith(server, story)).some((c) => c.files === 2), 30_000).catch((err: Error) => {
      throw new Error(`${err.message}; the held filing was sent by ${heldBy}, ${filings} filing(s) seen`);
    });
    await phone.page.goto('/');
    await phone.page.getByTestId('queue-item').filter({ hasText: code }).getByText('Llegó', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await casesWith(server, story)).toEqual([{ id: expect.any(String), reference: expect.stringMatching(/^CES-/), files: 2 }]);
    expect(filings).toBe(1);
    // Once the page's rounds are over, the worker may take the queue again.
    await until(() => worker.evaluate<boolean>(lockFreeInWorker), 30_000);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  });

  it('When a facilitator in field mode records three verbal petitions with no signal and the session expires before the signal returns, Then the queue waits for the login and three cases arrive, each with its Decreto 1166 record and the consent as it was given', async () => {
    const phone = await phonePage(chrome.browser, server.url);
    await logInThroughForm(phone.page, DEMO.facilitator);
    const stories = ['De palabra', 'Por escrito', 'Con huella'].map(
      (how) => `Petición verbal (${how}): la voladura de ayer agrietó las casas de la vereda El Hatillo (${Date.now()}).`,
    );
    const consents = ['verbal', 'written', 'thumbprint'] as const;
    const fieldDraft = (i: number) =>
      draftAtFiles(mechanism, stories[i]!, {
        collective: i === 1,
        groupName: i === 1 ? 'Vecinos de El Hatillo' : '',
        groupKind: i === 1 ? 'community' : '',
        groupSize: i === 1 ? '40' : '',
        onBehalfConsented: true,
        onBehalfHow: consents[i] === 'thumbprint' ? '' : consents[i],
        identityMode: i === 0 ? 'anonymous' : 'confidential',
        name: i === 0 ? '' : 'Carmen Rosa Ditta',
        contactPreference: i === 0 ? 'none' : 'facilitator',
      });
    await phone.page.goto('/');
    await seedDraft(phone.page, fieldDraft(0));
    await phone.page.goto('/presentar-queja');
    await phone.page.getByRole('checkbox', { name: 'Registro en campo (petición verbal)' }).check();
    await phone.page.getByText('Modo de campo activo: cada queja queda como petición verbal recibida por Edwin Quintero Baute.').waitFor();
    // The form's checks, fetched when a half-filled form opens, finish arriving before the signal goes.
    await phone.page.waitForLoadState('networkidle');
    await loseSignal(phone.context);

    const jpeg = await tinyJpeg(phone.page);
    const receipts: { code: string; key: string }[] = [];
    for (const i of [0, 1, 2]) {
      if (i > 0) {
        await seedDraft(phone.page, fieldDraft(i));
        await phone.page.getByRole('button', { name: 'Presentar otra queja' }).click();
      }
      const atWho = async () => {
        if (consents[i] !== 'thumbprint') return;
        await phone.page.getByRole('radio', { name: 'Con huella (foto adjunta)' }).check();
        await phone.page.getByRole('button', { name: NEXT }).click();
        // The thumbprint is the consent: without its photo the step does not go on.
        await phone.page.getByText('Tome la foto de la huella de la persona para registrar su consentimiento.', { exact: true }).waitFor();
        await phone.page.getByLabel('Fotografiar la huella').setInputFiles({ name: 'huella.jpg', mimeType: 'image/jpeg', buffer: jpeg });
        await phone.page.getByText('Foto de la huella agregada: huella.jpg').waitFor();
      };
      await addFilesAndSend(
        phone.page,
        [
          { name: 'grieta.jpg', mimeType: 'image/jpeg', buffer: jpeg },
          { name: 'relato.wav', mimeType: 'audio/wav', buffer: wavSeconds(0.25) },
        ],
        { 6: atWho },
      );
      // The slip carries the verbal petition's record for the person to keep.
      await phone.page.getByText('Recibida por Edwin Quintero Baute (Facilitador comunitario)').waitFor();
      await phone.page.getByText('La petición se presentó de forma verbal.').first().waitFor();
      receipts.push(await keepReceipt(phone.page));
    }
    await phone.page.getByRole('link', { name: '3 quejas por enviar' }).waitFor();

    // Twelve idle hours later the session has expired; the signal comes back.
    server.clock.advance(13 * HOUR);
    await regainSignal(phone.context);
    await phone.page.goto('/presentar-queja');
    await phone.page
      .getByText('3 quejas guardadas por una cuenta esperan que esa persona inicie sesión de nuevo en este teléfono para enviarse.')
      .waitFor({ timeout: 20_000 });
    expect(await Promise.all(stories.map(async (s) => (await casesWith(server, s)).length))).toEqual([0, 0, 0]);
    await logInThroughForm(phone.page, DEMO.facilitator);
    await phone.page.goto('/presentar-queja');
    await phone.page.getByText('3 quejas llegaron').waitFor({ timeout: 30_000 });

    const filed = await Promise.all(stories.map(async (s) => (await casesWith(server, s))[0]!));
    // The clock moved on half a day: the ombudsman's earlier session has ended too.
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect(filed.map((c) => c.files)).toEqual([2, 2, 3]);
    for (const [i, found] of filed.entries()) {
      const detail = (await ombudsman.get(`/api/cases/${found.id}`)).body as CaseDetailDto;
      expect(detail.history.map((e) => e.kind)).toEqual(['cases.filed', 'cases.verbal_petition']);
      const record = detail.history[1]!.verbalPetition!;
      expect(record).toEqual(
        expect.objectContaining({
          reference: found.reference,
          receivedBy: 'Edwin Quintero Baute (Facilitador comunitario)',
          consentHow: consents[i],
          declaredFiles: i === 2 ? 3 : 2,
          givenVerbally: true,
        }),
      );
      // Received in the vereda before the session expired; filed when the signal came back, half a day later.
      expect(Date.parse(record.filedAt) - Date.parse(record.receivedAt)).toBeGreaterThan(12 * HOUR);
      const consent = await server.db.one<{ data: { onBehalf: { how: string } } }>(`SELECT data FROM case_events WHERE case_id = $1 AND kind = 'cases.filed'`, [
        found.id,
      ]);
      expect(consent.data.onBehalf.how).toBe(consents[i]);
      const tracked = await (await server.client()).post('/api/track', { reference: receipts[i]!.code, receiptKey: receipts[i]!.key });
      expect(tracked.body.reference).toBe(found.reference);
    }
    expect(filed[1]).toBeDefined();

    // The case page shows the record in its history, translated.
    await phone.page.goto(`/casos/${filed[2]!.id}`);
    await phone.page.getByText('Petición verbal recibida en campo (Decreto 1166 de 2016)').waitFor();
    await phone.page.getByText('Constancia de petición verbal').waitFor();
    await phone.page.getByText('Con huella (foto adjunta)').waitFor();
    expect(await widthOf(phone.page)).toBeLessThanOrEqual(360);
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();
  }, 180_000);
});
