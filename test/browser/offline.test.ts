import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { CLIENT_DIST, DEMO, getTestServer, type TestServer } from '../support';
import { loadMechanism } from '../intakeSupport';
import { offerYukpa } from '../yukpa';
import { waitFor } from '../waitFor';
import { launchBrowser, logInThroughForm, openComplaintForm, phonePage, type TestBrowser } from './browser';

/**
 * Waits until `expression` (run in the page, awaited when it is a promise) is true. The page's strict CSP
 * forbids the eval that page.waitForFunction needs for a string, so the waiting is done from here;
 * an evaluation cut by a reload counts as "not yet".
 */
function until(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  return waitFor(async () => (await page.evaluate<boolean>(expression).catch(() => false)) === true, { ms: timeoutMs, everyMs: 100, what: expression });
}

/** Waits until the service worker is in charge of the page (after the first visit's install). */
async function serviceWorkerInCharge(page: Page): Promise<void> {
  await until(page, 'navigator.serviceWorker.controller !== null');
}

/** The JSON the service worker keeps for an API address (what a reload without signal will get). */
function keptAnswer<T>(page: Page, apiPath: string): Promise<T | null> {
  return page.evaluate<T | null>(`caches.open('puente-api')
    .then((cache) => cache.match(${JSON.stringify(apiPath)}, { ignoreVary: true }))
    .then((response) => (response ? response.json() : null))`);
}

/**
 * Waits until the worker keeps an answer for `apiPath` that `predicate` (JavaScript run in the page)
 * accepts. The public answers are translated and kept per language (`language`, as sw.ts keys them).
 */
async function waitForKept(page: Page, apiPath: string, predicate: string, language?: string): Promise<void> {
  const key = language ? `${apiPath}?__lang=${language}` : apiPath;
  await until(
    page,
    `caches.open('puente-api')
      .then((cache) => cache.match(${JSON.stringify(key)}, { ignoreVary: true }))
      .then((response) => (response ? response.json() : null))
      .then((answer) => answer !== null && (${predicate})(answer))`,
  );
}

interface KeptSession {
  user: { role: string; displayName: string } | null;
}
interface KeptPolicy {
  text: string;
}

/** The built chunks that hold a language's texts, and the one holding zod (found by content, not by name). */
function builtChunks(): { english: string; spanish: string; zod: string[] } {
  const assets = fs.readdirSync(path.join(CLIENT_DIST, 'assets')).filter((f) => f.endsWith('.js'));
  // The first part of each language's texts (locale-<lng>-…), not the rest (locale-<lng>-more-…).
  const english = assets.find((f) => /^locale-en-(?!more-)/.test(f));
  const spanish = assets.find((f) => /^locale-es-(?!more-)/.test(f));
  const zod = assets.filter((f) => fs.readFileSync(path.join(CLIENT_DIST, 'assets', f), 'utf8').includes('ZodError'));
  if (!english || !spanish || zod.length === 0) throw new Error('The client build has no locale chunks or no zod chunk: build the client first');
  return { english, spanish, zod };
}

const WITH_WORKER = { serviceWorkers: 'allow' } as const;

describe('Puente without signal (service worker, Chromium, phone-sized)', () => {
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

  it('When a person opened Puente once and chose English, Then with no connection the home page, the complaint form and the tracking page open again in English, and the form checks its steps', async () => {
    const { page, context, errors } = await phonePage(chrome.browser, server.url, 'es-CO', WITH_WORKER);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Un puente para resolver sus quejas/ }).waitFor();
    await serviceWorkerInCharge(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'A bridge to resolve your complaints with the mining companies' }).waitFor();

    // The worker keeps the answers the screens need, in the language chosen — the form's too, though
    // the person never opened it.
    const english = await server.client('en');
    const policy = (await english.get('/api/data-policy')).body as KeptPolicy;
    await waitForKept(page, '/api/mechanism', `(m) => m.categories.some((c) => c.name === 'Water')`, 'en');
    await waitForKept(page, '/api/data-policy', `(p) => p.text === ${JSON.stringify(policy.text)}`, 'en');
    await waitForKept(page, '/api/session', '(s) => s.user === null');
    await waitForKept(page, '/api/attachments/limits', '() => true', 'en');

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'A bridge to resolve your complaints with the mining companies' }).waitFor();
    await page.getByText('Water', { exact: true }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');

    await openComplaintForm(page);
    await page.getByText('Step 1 of 10', { exact: true }).waitFor();
    await page.getByLabel('Tell what happened').fill('The dust from the new pit covers the houses of the vereda every night.');
    // The step's checks (zod) come from the worker too.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Step 2 of 10', { exact: true }).waitFor();

    await page.goto('/seguimiento');
    await page.getByRole('heading', { level: 1, name: 'Follow my complaint' }).waitFor();
    await page.getByLabel('Complaint code').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a facilitator logged in once, Then offline the form opens for them, and after they log out the phone offline shows nobody logged in', async () => {
    const { page, context } = await phonePage(chrome.browser, server.url, 'es-CO', WITH_WORKER);
    await page.goto('/');
    await serviceWorkerInCharge(page);
    await logInThroughForm(page, DEMO.facilitator);
    await waitForKept(page, '/api/session', `(s) => s.user !== null && s.user.role === 'facilitator'`);
    const name = (await keptAnswer<KeptSession>(page, '/api/session'))?.user?.displayName ?? '';

    await context.setOffline(true);
    await page.goto('/presentar-queja');
    await page.getByText('Paso 1 de 10', { exact: true }).waitFor();
    await page.locator('.user-name').filter({ hasText: name }).waitFor();
    await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor();

    // Back online, the facilitator logs out: a shared phone must not show them again without signal.
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL((u) => u.pathname === '/ingresar');
    await waitForKept(page, '/api/session', '(s) => s.user === null');
    await context.setOffline(true);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Un puente para resolver sus quejas/ }).waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Iniciar sesión' }).waitFor();
    expect(await page.locator('.user-name').count()).toBe(0);
    await context.close();
  });

  it("When a person once chose a language the mechanism added (Yukpa), Then with no connection the form and the home page open again in Yukpa: the translator's texts and category name, Spanish for the rest", async () => {
    const mechanism = await loadMechanism(server);
    const intro = 'Texto yukpa de prueba: cuéntelo en su lengua.';
    const category = `Yukpa: ${mechanism.categories[0]!.name}`;
    const { translated } = await offerYukpa(server, { 'intakeUi:steps.what.intro': intro, [`category:${mechanism.categories[0]!.code}.name`]: category });
    expect(translated).toBe(2);

    const { page, context, errors } = await phonePage(chrome.browser, server.url, 'es-CO', WITH_WORKER);
    context.setDefaultTimeout(30_000);
    await page.goto('/presentar-queja');
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    await serviceWorkerInCharge(page);
    await page.getByRole('button', { name: 'Yukpa' }).click();
    await page.getByText(intro).waitFor();
    await waitForKept(page, `/api/mechanisms/${mechanism.id}/languages/yup/texts`, `(t) => t.language === 'yup'`);
    await waitForKept(page, '/api/mechanism', `(m) => m.categories[0].name === ${JSON.stringify(category)}`, 'yup');

    await context.setOffline(true);
    await page.reload();
    await page.getByText(intro).waitFor();
    // Written texts without a translation stay in Spanish.
    await page.getByRole('heading', { name: '¿Qué pasó?' }).waitFor();
    await page.goto('/');
    await page.getByText(category, { exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a page shows Spanish, Then it never downloads the English texts (they come on the switch), and zod only once the person answers', async () => {
    const { english, spanish, zod } = builtChunks();
    // The page's own downloads only: the worker's install would fetch both languages for later.
    const { page, context } = await phonePage(chrome.browser, server.url, 'es-CO', { serviceWorkers: 'block' });
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(path.basename(new URL(request.url()).pathname));
    });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Un puente para resolver sus quejas/ }).waitFor();
    await page.getByRole('link', { name: 'Presentar una queja' }).first().click();
    await page.getByText('Paso 1 de 10', { exact: true }).waitFor();
    expect(scripts).toContain(spanish);
    expect(scripts).not.toContain(english);
    expect(scripts.filter((s) => zod.includes(s))).toEqual([]);

    const validation = page.waitForRequest((request) => zod.includes(path.basename(new URL(request.url()).pathname)));
    await page.getByLabel('Cuente lo que pasó').fill('El polvo del tajo nuevo cubre las casas de la vereda todas las noches.');
    await validation;

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Step 1 of 10', { exact: true }).waitFor();
    expect(scripts).toContain(english);
    await context.close();
  });

  it('When a new release comes out while a complaint is half written, Then nothing reloads and the answers stay; the new version is used at the next visit, and offered where nothing is being written', async () => {
    // A copy of the build this test can publish new releases into.
    const releaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-release-'));
    fs.cpSync(CLIENT_DIST, releaseDir, { recursive: true });
    const publish = (release: number) => {
      const file = path.join(releaseDir, 'sw.js');
      const source = Buffer.concat([fs.readFileSync(file), Buffer.from(`\n// release ${release}\n`)]);
      fs.writeFileSync(file, source);
      fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source));
      fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source));
    };
    const releases = await getTestServer({ clientDir: releaseDir });
    try {
      const { page, context, errors } = await phonePage(chrome.browser, releases.url, 'es-CO', WITH_WORKER);
      await openComplaintForm(page);
      await page.getByText('Paso 1 de 10', { exact: true }).waitFor();
      await serviceWorkerInCharge(page);
      const story = 'El agua del arroyo bajó turbia tres días seguidos y';
      await page.getByLabel('Cuente lo que pasó').fill(story);
      await page.evaluate('window.notReloaded = true');

      publish(2);
      await page.evaluate('navigator.serviceWorker.getRegistration().then((r) => r.update())');
      await until(page, 'navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)');
      await page.getByRole('status').filter({ hasText: 'Hay una versión nueva de Puente. Se usará cuando termine' }).waitFor();
      expect(await page.getByRole('button', { name: 'Actualizar ahora' }).count()).toBe(0);
      expect(await page.evaluate('window.notReloaded')).toBe(true);
      expect(await page.getByLabel('Cuente lo que pasó').inputValue()).toBe(story);

      // The next visit: the waiting version takes over and the draft is still on the phone.
      await page.close();
      const next = await context.newPage();
      await next.goto('/presentar-queja');
      await next.getByText('Paso 1 de 10', { exact: true }).waitFor();
      expect(await next.getByLabel('Cuente lo que pasó').inputValue()).toBe(story);
      await until(next, 'navigator.serviceWorker.getRegistration().then((r) => r.waiting === null && r.active !== null)');
      expect(await next.getByText('Hay una versión nueva de Puente.').count()).toBe(0);

      // Elsewhere, with nothing being written, the person may take a new release at once.
      await next.getByRole('link', { name: 'Puente' }).first().click();
      await next.getByRole('heading', { level: 1, name: /Un puente para resolver sus quejas/ }).waitFor();
      await next.evaluate('window.notReloaded = true');
      publish(3);
      await next.evaluate('navigator.serviceWorker.getRegistration().then((r) => r.update())');
      await next.getByRole('button', { name: 'Actualizar ahora' }).click();
      await until(next, 'window.notReloaded === undefined');
      await next.getByRole('heading', { level: 1, name: /Un puente para resolver sus quejas/ }).waitFor();
      await until(next, 'navigator.serviceWorker.getRegistration().then((r) => r.waiting === null)');
      // The draft survived that reload too.
      await next.goto('/presentar-queja');
      expect(await next.getByLabel('Cuente lo que pasó').inputValue()).toBe(story);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await releases.close();
      fs.rmSync(releaseDir, { recursive: true, force: true });
    }
    // Three releases, each installed by the browser: more steps than a journey's usual 90 s allow on a loaded machine.
  }, 180_000);
});
