import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO, getTestServer, type TestServer } from '../support';
import { CHROMIUM_PATH, launchBrowser, logInThroughForm, openCaseAs, phonePage, tinyJpeg, widthOf, type TestBrowser } from './browser';
import { RECEIPT_KEY_PATTERN } from '../../shared/receiptKey';

/** Logs a demo user in on a fresh phone-sized page and waits for their queue. */
async function loggedInQueue(browser: Browser, url: string, email: string, heading: string) {
  const phone = await phonePage(browser, url);
  await logInThroughForm(phone.page, email);
  await phone.page.getByRole('heading', { name: heading }).waitFor();
  await phone.page.locator('.list-count').waitFor();
  return phone;
}

const NEXT = 'Siguiente';

/** What the page's one clip player holds after a press of "Escuchar" (read in the page: the tests' types have no DOM). */
interface HeardClip {
  state: string | null;
  src: string;
  readyState: number;
  duration: number;
  error: number | null;
}

/**
 * Presses the "Escuchar" of the step on screen and waits until its clip plays or fails; then stops it.
 * Chromium decoded the clip: `play()` resolved (the button says it is playing), the player has its
 * metadata, a real length and no media error.
 */
async function hearStepQuestion(page: Page): Promise<HeardClip> {
  const button = page.locator('.step-intro .listen-button');
  await button.click();
  await page.locator('.step-intro .listen-button:is([data-listen-state="playing"], [data-listen-state="failed"])').waitFor();
  const heard = await page.evaluate<HeardClip>(`(() => {
    const audio = document.querySelector('audio[data-clip-player]');
    const button = document.querySelector('.step-intro .listen-button');
    return { state: button.dataset.listenState, src: audio.currentSrc, readyState: audio.readyState, duration: audio.duration, error: audio.error && audio.error.code };
  })()`);
  await button.click();
  await page.locator('.step-intro .listen-button[data-listen-state="idle"]').waitFor();
  return heard;
}

describe('Filing and following a complaint in the browser (Chromium, 360 px)', () => {
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

  it('When a visitor files an anonymous complaint with a photo, Then they get a receipt that opens the case on the tracking page, the liaison of that company sees it arrive live and the liaison of another company never sees it', async () => {
    const perija = await loggedInQueue(chrome.browser, server.url, DEMO.liaisonPerija, 'Casos de Carbones del Perijá S.A.S.');
    const valle = await loggedInQueue(chrome.browser, server.url, DEMO.liaisonValle, 'Casos de Minera Valle del Cesar S.A.');

    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/');
    await page.getByRole('link', { name: 'Presentar una queja' }).first().click();
    await page.getByText('Paso 1 de 10', { exact: true }).waitFor();
    // Every step's question can be heard: each press plays that step's own clip in Chromium.
    const heard: HeardClip[] = [await hearStepQuestion(page)];

    // A step is checked with the shared schema before moving on.
    await page.getByRole('button', { name: NEXT }).click();
    await page.getByText('Este campo es obligatorio.').first().waitFor();
    const story = 'El polvo de carbón cubre las casas de la vereda desde que abrieron el nuevo tajo y los niños tosen todas las noches.';
    await page.getByLabel('Cuente lo que pasó').fill(story);
    await page.getByText(`${story.length} de 20.000 caracteres`).waitFor();
    await page.getByRole('button', { name: NEXT }).click();
    await page.getByText('Paso 2 de 10', { exact: true }).waitFor();

    // The draft, with its step, survives a reload.
    await page.reload();
    await page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    await page.getByRole('heading', { name: /Fotos, audios y documentos/ }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByRole('button', { name: 'Atrás' }).click();
    expect(await page.getByLabel('Cuente lo que pasó').inputValue()).toBe(story);
    await page.getByRole('button', { name: NEXT }).click();

    // The limits are shown before choosing; the photo is a real JPEG.
    await page.getByText(/Puede agregar hasta 10 archivos de máximo 15 MB/).waitFor();
    const jpeg = await tinyJpeg(page);
    await page.locator('input[type="file"][multiple]').setInputFiles({ name: 'polvo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByText('1 archivo elegido').waitFor();
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 3 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByLabel('Municipio').selectOption({ label: 'Becerril' });
    await page.getByLabel('Vereda o corregimiento').selectOption({ label: 'Vereda Tamaquito' });
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 4 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByRole('radio', { name: 'Carbones del Perijá S.A.S.' }).check();
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 5 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByRole('checkbox', { name: /^Aire y polvo/ }).check();
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 6 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByRole('radio', { name: 'Para mí o para mi familia' }).check();
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 7 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByRole('radio', { name: /^Anónima/ }).check();
    await expect(page.getByLabel('Su nombre', { exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 8 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByText(/nunca se muestran a la empresa/).waitFor();
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 9 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByText(/Política de tratamiento de datos, versión/).waitFor();
    await page.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
    await page.getByRole('button', { name: NEXT }).click();

    await page.getByText('Paso 10 de 10', { exact: true }).waitFor();
    heard.push(await hearStepQuestion(page));
    await page.getByText(story).waitFor();
    // The phone made the photo lighter and named it for what it now is (WebP where the browser encodes it).
    await page.getByText(/^polvo\.(webp|jpg)$/).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    // The person lets their words be published as open data (off unless they tick it).
    await page.getByRole('checkbox', { name: /Permito publicar lo que pasó/ }).check();
    expect(heard).toHaveLength(10);
    for (const clip of heard) {
      expect(clip).toEqual({
        state: 'playing',
        src: expect.stringMatching(/^blob:/),
        readyState: expect.any(Number),
        duration: expect.any(Number),
        error: null,
      });
      expect(clip.readyState).toBeGreaterThanOrEqual(1); // HAVE_METADATA
      expect(clip.duration).toBeGreaterThan(0);
      expect(Number.isFinite(clip.duration)).toBe(true);
    }
    // Ten different recordings (one object URL per clip address), not one clip played ten times; the
    // reload on step 2 makes fresh ones, so steps 2–10 are compared among themselves.
    expect(new Set(heard.slice(1).map((clip) => clip.src)).size).toBe(9);
    await page.getByRole('button', { name: 'Enviar la queja' }).click();

    await page.getByRole('heading', { name: 'Su queja fue enviada' }).waitFor();
    const reference = (await page.getByTestId('receipt-reference').textContent())!.trim();
    const feedId = (await server.db.one<{ id: string }>('SELECT open_data_id AS id FROM cases WHERE reference = $1', [reference])).id;
    const published = (await fetch(`${server.url}/open311/v2/requests/${feedId}.json`).then((r) => r.json())) as { description: string | null }[];
    expect(published[0]!.description).toBe(story);
    const receiptKey = (await page.getByTestId('receipt-key').textContent())!.trim();
    expect(reference).toMatch(/^CES-\d{4}-\d{6}$/);
    // The phone made the key (and a provisional code) before sending: groups of four, no look-alike symbols.
    expect(receiptKey).toMatch(/^[0-9A-HJKMNP-Z]{4}(-[0-9A-HJKMNP-Z]{4}){3}$/);
    expect(await page.getByTestId('receipt-provisional').textContent()).toMatch(/^P-[0-9A-HJKMNP-Z]{4}-[0-9A-HJKMNP-Z]{4}$/);
    await page.getByText(/sin ella no podrá seguir su caso y nadie más la tiene/).waitFor();
    await page.locator('.upload-done').filter({ hasText: 'Enviado' }).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);
    // "Save as image" downloads a PNG drawn on the phone, with no library and no network.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Guardar como imagen' }).click()]);
    expect(download.suggestedFilename()).toBe(`puente-${reference}.png`);
    const png = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    // Printing shows the receipt and hides the rest of the page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('receipt-key').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Ya guardé mi clave' }).isVisible()).toBe(false);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    // Nothing leads away from the receipt until the person says they saved the key; then it is gone for good.
    expect(await page.getByRole('link', { name: 'Ver el estado de mi queja' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Ya guardé mi clave' }).click();
    await page.getByRole('link', { name: 'Ver el estado de mi queja' }).waitFor();
    expect(await page.getByTestId('receipt-key').count()).toBe(0);
    await page.reload();
    await page.getByTestId('receipt-reference').filter({ hasText: reference }).waitFor();
    expect(await page.getByTestId('receipt-key').count()).toBe(0);
    // A filed complaint's words do not stay on the phone.
    expect(await page.evaluate<string | null>(`window.localStorage.getItem('puente.complaintDraft')`)).toBeNull();

    const stored = await server.db.one<{ identity_mode: string; company: string; files: number }>(
      `SELECT c.identity_mode, co.slug AS company, (SELECT count(*)::int FROM attachments a WHERE a.case_id = c.id) AS files
       FROM cases c JOIN companies co ON co.id = c.company_id WHERE c.reference = $1`,
      [reference],
    );
    expect(stored).toEqual({ identity_mode: 'anonymous', company: 'perija', files: 1 });

    // The liaison of that company sees it arrive without reloading.
    await perija.page.locator('.case-card').filter({ hasText: reference }).getByText('Persona anónima').waitFor();

    // The liaison of another company does not see it, even after a reload.
    await valle.page.reload();
    await valle.page.locator('.list-count').waitFor();
    await valle.page.locator('.case-card').first().waitFor();
    expect(await valle.page.locator('.case-card').filter({ hasText: reference }).count()).toBe(0);

    // Anyone with the reference and the key can follow it, on another phone, without an account.
    const tracker = await phonePage(chrome.browser, server.url);
    await tracker.page.goto('/seguimiento');
    await tracker.page.getByLabel('Código de la queja').fill(reference.toLowerCase());
    // A text that cannot be a key (too few symbols) is pointed out on the phone, before anything is sent.
    await tracker.page.getByLabel('Clave secreta').fill('NO-ES-LA-CLAVE');
    await tracker.page.getByRole('button', { name: 'Ver mi queja' }).click();
    await tracker.page.getByText(/La clave tiene 16 letras y números/).waitFor();
    await tracker.page.getByLabel('Clave secreta').fill('AAAA-BBBB-CCCC-DDDD');
    await tracker.page.getByRole('button', { name: 'Ver mi queja' }).click();
    await tracker.page.getByRole('alert').filter({ hasText: 'No encontramos lo que busca' }).waitFor();
    // Typed as it is read from paper: lower case, groups apart.
    await tracker.page.getByLabel('Clave secreta').fill(receiptKey.toLowerCase().replace(/-/g, ' '));
    await tracker.page.getByRole('button', { name: 'Ver mi queja' }).click();
    await tracker.page.getByRole('heading', { name: reference }).waitFor();
    await tracker.page.locator('.badge').filter({ hasText: 'Recibida' }).waitFor();
    await tracker.page.getByText('Queja presentada').waitFor();
    await tracker.page.getByRole('link', { name: 'Foto 1' }).waitFor();
    expect(await widthOf(tracker.page)).toBeLessThanOrEqual(360);
    // The session remembers the case after a reload.
    await tracker.page.reload();
    await tracker.page.locator('.badge').filter({ hasText: 'Recibida' }).waitFor();

    // The wrong key's 404 is the answer the test asked for; Chromium logs every 404 to the console.
    const trackerErrors = tracker.errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));
    expect({ filer: errors, tracker: trackerErrors, perija: perija.errors, valle: valle.errors }).toEqual({ filer: [], tracker: [], perija: [], valle: [] });
    await Promise.all([context.close(), tracker.context.close(), perija.context.close(), valle.context.close()]);
  });
  it('When a visitor types into the form drawn in the page while its code is still on the way, Then nothing can be sent yet, and the app takes over keeping the words and the caret in the field', async () => {
    const { page, context } = await phonePage(chrome.browser, server.url);
    // The code is held until the words are typed, as on a 2G line.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/presentar-queja', { waitUntil: 'commit' });
    const drawn = page.locator('#prerendered');
    await drawn.getByLabel('Cuente lo que pasó').waitFor();
    expect(await drawn.getByRole('button', { name: NEXT }).isDisabled()).toBe(true);
    await drawn.getByLabel('Cuente lo que pasó').click();
    await page.keyboard.type('El agua del arroyo');
    release();
    await drawn.waitFor({ state: 'detached' });
    const field = page.getByLabel('Cuente lo que pasó');
    expect(await field.inputValue()).toBe('El agua del arroyo');
    // Typing goes on where it was, in the app's own field.
    await page.keyboard.type(' está turbia.');
    expect(await field.inputValue()).toBe('El agua del arroyo está turbia.');
    expect(await page.getByRole('button', { name: NEXT }).isEnabled()).toBe(true);
    await context.close();
  });

  it('When the code never arrives (JavaScript off), Then the drawn form still reads and takes typing, its language links lead to the form in that language, it says what to do, and the simple form it links to files the complaint and shows the receipt', async () => {
    const context = await chrome.browser.newContext({ baseURL: server.url, javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: 'es-CO' });
    try {
      const page = await context.newPage();
      await page.goto('/presentar-queja');
      const drawn = page.locator('#prerendered');
      await drawn.getByLabel('Cuente lo que pasó').fill('El polvo de la mina');
      expect(await drawn.getByRole('button', { name: NEXT }).isDisabled()).toBe(true);
      expect(await drawn.locator('.drawn-no-code').textContent()).toContain('Esta página necesita JavaScript para enviar su queja');
      await drawn.getByRole('link', { name: 'English' }).click();
      await page.waitForURL('**/presentar-queja?idioma=en');
      await page.locator('#prerendered').getByLabel('Tell what happened').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('#prerendered .drawn-no-code').textContent()).toContain('This page needs JavaScript to send your complaint');

      // The server's own form files it with no code at all (server/routes/plainForm), in the language chosen.
      await page.getByRole('link', { name: 'Or file your complaint with the simple form' }).click();
      await page.getByRole('heading', { name: 'File a complaint' }).waitFor();
      await page.getByLabel('Tell what happened').fill('The blasting at the mine cracked the walls of the vereda school.');
      await page.getByLabel('Municipality').selectOption({ label: 'La Jagua de Ibirico' });
      await page.getByLabel('Which company do you think caused the problem?').selectOption({ label: "I don't know" });
      await page.getByRole('checkbox', { name: /^Noise and vibration/ }).check();
      await page.getByRole('radio', { name: /^Anonymous/ }).check();
      await page.getByRole('checkbox', { name: /^I have read the data policy/ }).check();
      await page.getByRole('button', { name: 'Send the complaint' }).click();
      await page.getByRole('heading', { name: 'Your complaint was sent' }).waitFor();
      const reference = await page.locator('[data-reference]').textContent();
      expect(reference).toMatch(/^CES-2026-\d{6}$/);
      expect(await page.locator('[data-receipt-key]').textContent()).toMatch(RECEIPT_KEY_PATTERN);
      const stored = await server.db.one<{ company_id: string | null; identity_mode: string; filing_language: string | null }>(
        'SELECT company_id, identity_mode, filing_language FROM cases WHERE reference = $1',
        [reference],
      );
      expect(stored).toEqual({ company_id: null, identity_mode: 'anonymous', filing_language: 'en' });
    } finally {
      await context.close();
    }
  });

  it('When the ombudsman refuses a case on its detail page, Then the reason and the referral are required in place, and a liaison looking at the case sees each change live', async () => {
    const target = await server.db.one<{ id: string; reference: string }>(
      `SELECT c.id, c.reference FROM cases c JOIN companies co ON co.id = c.company_id
       WHERE co.slug = 'perija' AND c.status = 'received' AND NOT c.red_flag ORDER BY c.reference LIMIT 1`,
    );
    const liaison = await loggedInQueue(chrome.browser, server.url, DEMO.liaisonPerija, 'Casos de Carbones del Perijá S.A.S.');
    await liaison.page.getByRole('link', { name: target.reference }).click();
    await liaison.page.getByRole('heading', { level: 1, name: target.reference }).waitFor();
    await liaison.page.locator('.badge').filter({ hasText: 'Recibida' }).waitFor();
    await liaison.page.getByRole('button', { name: 'Confirmar recibo' }).waitFor();

    const ombudsman = await loggedInQueue(chrome.browser, server.url, DEMO.ombudsman, 'Todos los casos del mecanismo');
    await ombudsman.page.goto(`/casos/${target.id}`);
    await ombudsman.page.getByRole('button', { name: 'No admitir' }).click();
    await ombudsman.page.getByRole('button', { name: 'No admitir y remitir' }).click();
    await ombudsman.page.getByText('Este campo es obligatorio.').waitFor();
    await ombudsman.page.getByText('Indique a qué entidad u otra vía se remite el caso.').waitFor();
    expect((await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [target.id])).status).toBe('received');

    await ombudsman.page.getByLabel('Motivo', { exact: true }).fill('La queja trata de un permiso ambiental que solo decide la autoridad ambiental.');
    await ombudsman.page.getByLabel('Entidad o vía a la que se remite').fill('Corpocesar');
    await ombudsman.page.getByRole('button', { name: 'No admitir y remitir' }).click();
    await ombudsman.page.locator('.badge').filter({ hasText: 'No admitida' }).waitFor();
    await ombudsman.page.getByText('Remitida a: Corpocesar.').waitFor();

    // The liaison's open page follows without a reload, and the action is gone from it.
    await liaison.page.locator('.badge').filter({ hasText: 'No admitida' }).waitFor();
    await liaison.page.getByText('Remitida a: Corpocesar.').waitFor();
    expect(await liaison.page.getByRole('button', { name: 'Confirmar recibo' }).count()).toBe(0);
    expect(await widthOf(liaison.page)).toBeLessThanOrEqual(360);

    expect({ liaison: liaison.errors, ombudsman: ombudsman.errors }).toEqual({ liaison: [], ombudsman: [] });
    await Promise.all([liaison.context.close(), ombudsman.context.close()]);
  });
  it('When a facilitator files a confidential complaint for someone who tells it in a voice note instead of typing, and listens to the question, Then consent and a phone for phone contact are asked for in place, and the liaison of the named company opens the case and plays the voice note', async () => {
    // A browser with Chromium's fake microphone, so the recorder really records (and is allowed to).
    const withMicrophone = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
    try {
      const facilitator = await loggedInQueue(withMicrophone, server.url, DEMO.facilitator, 'Quejas que acompaño');
      const { page, errors } = facilitator;
      await page.getByRole('link', { name: 'Registrar una queja' }).click();

      // The question is heard: its clip, fetched on the press, really plays.
      await page.getByRole('button', { name: 'Escuchar: ¿Qué pasó?' }).click();
      await page.waitForFunction(() => {
        // Runs in the page (the tests' types have no DOM): the one player the clips share.
        const { document } = globalThis as unknown as { document: { querySelector(selector: string): { currentTime: number } | null } };
        return (document.querySelector('audio[data-clip-player]')?.currentTime ?? 0) > 0;
      });
      await page.getByRole('button', { name: 'Detener: ¿Qué pasó?' }).click();

      // Told aloud on the first step, nothing typed: the voice note is the account.
      await page.getByRole('button', { name: 'Grabar una nota de voz' }).click();
      await page.getByText('Grabando…').waitFor();
      await page.getByText('0:02').waitFor();
      await page.getByRole('button', { name: 'Terminar la grabación' }).click();
      await page.getByRole('button', { name: 'Agregar esta nota de voz' }).click();
      await page.getByTestId('voice-account').waitFor();
      expect(await page.getByLabel('Cuente lo que pasó').inputValue()).toBe('');
      await page.getByRole('button', { name: NEXT }).click();
      await page.getByText('Paso 2 de 10', { exact: true }).waitFor();
      await page.getByText('1 archivo elegido').waitFor();
      await page.getByText(/^nota-de-voz-.*\.webm$/).waitFor();
      await page.getByRole('button', { name: NEXT }).click();

      await page.getByLabel('Municipio').selectOption({ label: 'Valledupar' });
      await page.getByRole('button', { name: NEXT }).click();
      await page.getByRole('radio', { name: 'Minera Valle del Cesar S.A.' }).check();
      await page.getByRole('button', { name: NEXT }).click();
      await page.getByRole('checkbox', { name: /^Ruido y vibraciones/ }).check();
      await page.getByRole('button', { name: NEXT }).click();

      await page.getByRole('radio', { name: 'Para una persona o su familia' }).check();
      await page.getByRole('button', { name: NEXT }).click();
      await page.getByText('Confirme que la persona le autorizó a presentar la queja en su nombre.', { exact: true }).waitFor();
      await page.getByRole('checkbox', { name: /La persona me autorizó/ }).check();
      await page.getByRole('radio', { name: 'De palabra' }).check();
      await page.getByRole('button', { name: NEXT }).click();

      await page.getByRole('radio', { name: /^Reservada/ }).check();
      await page.getByLabel('Nombre de la persona').fill('Rosa Elvira Quintero');
      await page.getByRole('radio', { name: 'Llamada al celular' }).check();
      await page.getByRole('button', { name: NEXT }).click();
      // The shared schema's cross-field rule, shown beside the phone field.
      const phone = page.getByRole('textbox', { name: 'Celular' });
      await page.getByText('Para contactarle por teléfono o WhatsApp escriba un número de celular.', { exact: true }).waitFor();
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      await phone.fill('310 123 4567');
      await page.getByRole('button', { name: NEXT }).click();

      await page.getByLabel('Género').selectOption({ label: 'Mujer' });
      // Sensitive answers are kept only with their own consent (Ley 1581 art. 6).
      await page.getByRole('checkbox', { name: /Autorizo que Puente guarde estas respuestas/ }).check();
      await page.getByRole('button', { name: NEXT }).click();
      await page.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
      await page.getByRole('button', { name: NEXT }).click();
      await page.getByText(/La persona dio su autorización \(De palabra\)/).waitFor();
      await page.getByRole('button', { name: 'Enviar la queja' }).click();

      await page.getByRole('heading', { name: 'Su queja fue enviada' }).waitFor();
      // The person filed for leaves with their own receipt, even from the facilitator's phone.
      await page.getByTestId('receipt-key').waitFor();
      const reference = (await page.getByTestId('receipt-reference').textContent())!.trim();
      await page.locator('.upload-done').filter({ hasText: 'Enviado' }).waitFor();
      await page.getByRole('button', { name: 'Ya guardé mi clave' }).click();
      const stored = await server.db.one<{ id: string; identity_mode: string; company: string | null; kinds: string[]; description: string; voice: boolean }>(
        `SELECT c.id, c.identity_mode, co.slug AS company, (SELECT array_agg(a.kind) FROM attachments a WHERE a.case_id = c.id) AS kinds,
                c.description, c.voice_note_key IS NOT NULL AS voice
         FROM cases c LEFT JOIN companies co ON co.id = c.company_id WHERE c.reference = $1`,
        [reference],
      );
      expect(stored).toEqual({ id: expect.any(String), identity_mode: 'confidential', company: 'valle-cesar', kinds: ['audio'], description: '', voice: true });

      await page.getByRole('link', { name: 'Abrir el caso' }).click();
      await page.getByRole('heading', { level: 1, name: reference }).waitFor();
      await page.getByText('Rosa Elvira Quintero').first().waitFor();
      await page.getByTestId('voice-account').getByText('Relato en nota de voz').waitFor();
      await page.getByTestId('voice-account').locator('audio').waitFor();
      expect(await widthOf(page)).toBeLessThanOrEqual(360);

      // The liaison of the company named opens the case on their own phone and plays the voice note:
      // Chromium loads the recording from the server and starts it (no typed words to read instead).
      const liaison = await phonePage(withMicrophone, server.url);
      await openCaseAs(liaison.page, DEMO.liaisonValle, stored.id);
      await liaison.page.getByRole('heading', { level: 1, name: reference }).waitFor();
      const account = liaison.page.getByTestId('voice-account');
      await account.getByText('Relato en nota de voz').waitFor();
      // Reserved: the company never sees who told it.
      expect(await liaison.page.getByText('Rosa Elvira Quintero').count()).toBe(0);
      const played = await liaison.page.evaluate<{ started: boolean | string; readyState: number; duration: number; error: number | null }>(`(async () => {
        const audio = document.querySelector('[data-testid="voice-account"] audio');
        const started = await audio.play().then(() => true, (e) => String(e));
        if (started === true) await new Promise((resolve) => (audio.currentTime > 0 ? resolve() : audio.addEventListener('timeupdate', resolve, { once: true })));
        audio.pause();
        return { started, readyState: audio.readyState, duration: audio.duration, error: audio.error && audio.error.code };
      })()`);
      expect(played).toEqual({ started: true, readyState: expect.any(Number), duration: expect.any(Number), error: null });
      expect(played.readyState).toBeGreaterThanOrEqual(1); // HAVE_METADATA
      expect(played.duration).toBeGreaterThan(0);
      expect({ facilitator: errors, liaison: liaison.errors }).toEqual({ facilitator: [], liaison: [] });
    } finally {
      await withMicrophone.close();
    }
  });
});
