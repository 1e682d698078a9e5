/**
 * The intake and its receipt for someone zoomed in to 200 %, working with a keyboard or a screen reader,
 * or pasting a long testimony (issue #13 §3 items 1, 5, 7 and 10): nothing scrolls sideways, the error
 * summary names each field and links to it, nothing typed is ever cut, the count is announced only at
 * its thresholds, the receipt tells who answers first and prints alone, and its key breaks only between
 * groups; and no step moves or scrolls once shown, so a press is not missed (stillness.ts). axe-core checks
 * every screen on the way (accessibilityAudit.ts).
 */
import type { Page } from 'playwright-core';
import { INTAKE_LIMITS } from '../../shared/validation/intake';
import { buildComplaint, loadMechanism } from '../intakeSupport';
import { getTestServer, type TestServer } from '../support';
import { launchBrowser, openComplaintForm, phonePage, type TestBrowser } from './browser';
import { printedText } from './printed';
import { sidewaysOverflow, zoomedPage } from './reflow';
import { stillStep, watchedStep, watchMovement } from './stillness';

const NEXT = 'Siguiente';
const WHAT = 'Cuente lo que pasó';

/** A testimony of exactly `length` characters, in words, as a long paste would be. */
function testimony(length: number): string {
  const sentence = 'Desde que abrieron el tajo nuevo el polvo entra a las casas y el arroyo baja negro. ';
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length - 1) + '.';
}

/** Records every text the page's polite live regions receive, so a test can tell what was announced and how often. */
async function listenToAnnouncements(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__announced = [];
    new MutationObserver((changes) => {
      for (const change of changes) {
        const region = change.target.nodeType === 3 ? change.target.parentElement : change.target;
        const live = region && region.closest && region.closest('[aria-live="polite"]');
        const text = live && live.textContent.trim();
        if (text && window.__announced[window.__announced.length - 1] !== text) window.__announced.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

const announced = (page: Page) => page.evaluate<string[]>('window.__announced');

/**
 * Waits until the live region has said `count` things. A person crosses one threshold at a time; the
 * test types faster than anyone, and a crossing within the announcer's 100 ms replaces the one before it
 * (the newer state is what matters), so each step waits to be heard before the next crossing.
 */
async function heard(page: Page, count: number): Promise<void> {
  // A function, not a string: the app's Content-Security-Policy forbids evaluating strings in the page.
  await page.waitForFunction((n) => (globalThis as unknown as { __announced: string[] }).__announced.length >= n, count);
}

/** Each step's answer after the first, with the demo mechanism (none for the files and the optional questions). */
const LATER_ANSWERS: ReadonlyArray<(page: Page) => Promise<unknown>> = [
  (page) => page.getByRole('textbox', { name: WHAT }).fill('El polvo de carbón cubre las casas de la vereda desde que abrieron el tajo.'),
  async () => undefined,
  (page) => page.getByLabel('Municipio').selectOption({ label: 'El Paso' }),
  (page) => page.getByRole('radio', { name: 'Minera Valle del Cesar S.A.' }).check(),
  (page) => page.getByRole('checkbox', { name: /^Aire y polvo/ }).check(),
  (page) => page.getByRole('radio', { name: 'Para mí o para mi familia' }).check(),
  (page) => page.getByRole('radio', { name: /^Anónima/ }).check(),
  async () => undefined,
  (page) => page.getByRole('checkbox', { name: /Leí la política de datos/ }).check(),
];

/**
 * Answers the ten steps with the pointer, as a person taps, checking after each step shows that nothing
 * moved (stillness.ts) and that its title has the keyboard; the first step from the page's opening when
 * it was opened at the form's address (its drawn copy, then the app).
 */
async function walkTheStepsWatched(page: Page, opened: 'atForm' | 'fromHome'): Promise<void> {
  // The first step opens where the screen's content starts (the layout's focus on <main>), not always at the top.
  const first = await watchedStep(page, 1, opened === 'atForm');
  expect({ ...first, scrollY: 0 }).toEqual(stillStep(1));
  for (const [index, answer] of LATER_ANSWERS.entries()) {
    await answer(page);
    await page.getByRole('button', { name: NEXT }).click();
    expect(await watchedStep(page, index + 2)).toEqual(stillStep(index + 2));
    expect(await page.evaluate('document.activeElement.id')).toBe('step-title');
  }
  await page.getByText('El polvo de carbón cubre las casas').waitFor();
}

describe('Filing at 200 % zoom, by keyboard and with a long testimony (Chromium)', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser({ scrollbars: true });
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When a visitor at 200 % zoom pastes a 21,000-character testimony and files about a safety topic, Then nothing is cut or scrolls sideways, the errors name their fields, the count speaks only at thresholds, and the receipt says the Defensoría answers first and prints alone', async () => {
    const { page, context, errors } = await zoomedPage(chrome.browser, server.url);
    const noSideways = async (where: string) => expect({ where, overflow: await sidewaysOverflow(page) }).toEqual({ where, overflow: [] });
    // Each new step's title has the keyboard, and the page is at its top, as soon as the step shows.
    const atStep = async (step: number) => {
      await page.getByText(`Paso ${step} de 10`, { exact: true }).waitFor();
      expect(await page.evaluate('({ focused: document.activeElement.id, top: window.scrollY })')).toEqual({ focused: 'step-title', top: 0 });
    };
    // The buttons are pressed from the keyboard, as this visitor does: at 200 % zoom a pointer's press and
    // release could land on two places if the long page moved between them (CI saw a step's "Siguiente"
    // focused and not pressed, twice), which says nothing about the form.
    const press = async (name: string) => {
      const button = page.getByRole('button', { name });
      // The checks a click waits for (shown, still, enabled), without the click.
      await button.click({ trial: true });
      await button.focus();
      await page.keyboard.press('Enter');
    };

    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await noSideways('home');
    await page.getByRole('link', { name: 'Presentar una queja' }).first().click();
    await page.getByText('Paso 1 de 10', { exact: true }).waitFor();
    // The limit is said before anything is typed.
    await page.getByText('Puede escribir hasta 20.000 caracteres.').waitFor();
    await noSideways('step 1');

    // The summary names the field in trouble and takes the keyboard there, without scrolling sideways.
    await press(NEXT);
    const summary = page.getByRole('alert');
    await summary.getByText(`${WHAT}: Este campo es obligatorio.`).waitFor();
    await summary.getByText('Corrija 1 respuesta antes de seguir:').waitFor();
    await noSideways('step 1 with its errors');
    await summary.getByRole('link', { name: WHAT }).click();
    const box = page.getByRole('textbox', { name: WHAT });
    expect(await box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await page.evaluate('window.scrollX')).toBe(0);

    // Typing and pasting: everything is kept, and the live region speaks only when a threshold is crossed.
    // (Spanish writes four-digit numbers without a separator: 1500, but 18.500.)
    await listenToAnnouncements(page);
    await page.keyboard.type('El polvo de carbón');
    await page.getByText('Lleva 18 caracteres; escriba al menos 20 (máximo 20.000).').waitFor();
    await page.keyboard.type(' cubre todo');
    await page.getByText('29 de 20.000 caracteres').waitFor();
    await page.keyboard.insertText(testimony(18_500 - 29));
    await page.getByText('18.500 de 20.000 caracteres: quedan 1500.').waitFor();
    await heard(page, 1);
    await page.keyboard.type(' ya');
    await page.getByText('18.503 de 20.000 caracteres: quedan 1497.').waitFor();
    await page.keyboard.insertText(testimony(21_000 - 18_503));
    await page.getByText(/^Sobran 1000 caracteres: el texto tiene 21\.000 y el máximo es 20\.000\. No se borró nada/).waitFor();
    expect((await box.inputValue()).length).toBe(21_000);
    await heard(page, 2);
    await noSideways('the count over the limit');

    // Over the limit the step is refused with the shared schema's words, beside the field and in the summary.
    await press(NEXT);
    await summary.getByText(`${WHAT}: El texto es demasiado largo (máximo ${INTAKE_LIMITS.whatHappenedMax} caracteres).`).waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect((await box.inputValue()).length).toBe(21_000);

    // Shortened to exactly the limit, it goes on.
    const kept = testimony(INTAKE_LIMITS.whatHappenedMax);
    await box.fill(kept);
    await page.getByText('Llegó al máximo: 20.000 caracteres.').waitFor();
    await heard(page, 3);
    expect(await announced(page)).toEqual([
      'Quedan 1500 caracteres.',
      'El texto pasa del máximo por 1000 caracteres. No se borró nada; acórtelo para poder seguir.',
      'Llegó al máximo de 20.000 caracteres.',
    ]);
    await press(NEXT);

    await atStep(2);
    // The picker's code may still be arriving on a loaded machine: let the step settle before measuring and going on.
    await page.locator('label.file-button').filter({ hasText: 'Elegir archivos' }).waitFor();
    await noSideways('step 2');
    await press(NEXT);
    await atStep(3);
    await page.getByLabel('Municipio').selectOption({ label: 'El Paso' });
    await noSideways('step 3');
    await press(NEXT);
    await atStep(4);
    await page.getByRole('radio', { name: 'Minera Valle del Cesar S.A.' }).check();
    await noSideways('step 4');
    await press(NEXT);
    await atStep(5);
    await page.getByRole('checkbox', { name: /^Seguridad y derechos humanos/ }).check();
    await noSideways('step 5');
    await press(NEXT);
    await atStep(6);
    await page.getByRole('radio', { name: 'Para mí o para mi familia' }).check();
    await noSideways('step 6');
    await press(NEXT);
    await atStep(7);
    await page.getByRole('radio', { name: /^Anónima/ }).check();
    await noSideways('step 7');
    await press(NEXT);
    await atStep(8);
    await noSideways('step 8');
    await press(NEXT);
    await atStep(9);
    await page.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
    await noSideways('step 9');
    await press(NEXT);
    await atStep(10);
    await noSideways('step 10');
    await press('Enviar la queja');

    await page.getByRole('heading', { name: 'Su queja fue enviada' }).waitFor();
    await noSideways('receipt');
    const reference = (await page.getByTestId('receipt-reference').textContent())!.trim();
    const receiptKey = (await page.getByTestId('receipt-key').textContent())!.trim();
    // The whole testimony reached the case: the client's limit is the server's.
    const stored = await server.db.one<{ length: number; red_flag: boolean }>(
      'SELECT length(description) AS length, red_flag FROM cases WHERE reference = $1',
      [reference],
    );
    expect(stored).toEqual({ length: INTAKE_LIMITS.whatHappenedMax, red_flag: true });

    // The key wraps at 320 px only between its groups: each group sits on one line.
    const groups = page.getByTestId('receipt-key').locator('.code-group');
    expect(await groups.count()).toBe(4);
    for (const group of await groups.all()) expect(await group.evaluate((el) => el.getClientRects().length)).toBe(1);

    // Printed, the receipt page is the receipt: code, key and warning, without the site or the links.
    const printed = await printedText(page);
    expect(printed.pages).toBe(1);
    expect(printed.text).toContain(reference);
    expect(printed.text.replace(/\s/g, '')).toContain(receiptKey.replace(/\s/g, ''));
    expect(printed.text).toContain('sin ella no podrá seguir su caso');
    expect(printed.text).not.toContain('¿Y ahora?');
    expect(printed.text).not.toContain('Ver el estado de mi queja');

    // Once the person says the key is saved, the page says what comes next. A safety topic is the
    // Defensoría's first: the page does not promise the company's answer.
    await press('Ya guardé mi clave');
    await page.getByText(/la Defensoría del Pueblo la revisa primero y es quien confirmará que la recibió/).waitFor();
    expect(await page.getByText(/Minera Valle del Cesar S\.A\. debe confirmar/).count()).toBe(0);

    // The tracking page, at the same zoom, with the case open (the session that filed it follows it).
    await page.getByRole('link', { name: 'Ver el estado de mi queja' }).click();
    await page.getByRole('heading', { name: 'Conversación' }).waitFor();
    await noSideways('tracking');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the intake is answered with a keyboard, Then the photo and file buttons show where the focus is', async () => {
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await openComplaintForm(page);
    await page.getByRole('textbox', { name: WHAT }).fill('El ruido de las voladuras no deja dormir a nadie en la vereda.');
    await page.getByRole('button', { name: NEXT }).click();
    await page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    // The picker's code arrives while the first question is answered; on a slow line it may still be coming.
    await page.locator('label.file-button').filter({ hasText: 'Elegir archivos' }).waitFor();
    // A string, so the tests' TypeScript (no DOM library) does not need to know `getComputedStyle`.
    const ring = (name: RegExp) =>
      page.evaluate<{ outline: string; shadow: boolean }>(`(() => {
        const label = [...document.querySelectorAll('label.file-button')].find((l) => ${name}.test(l.textContent));
        const style = getComputedStyle(label);
        return { outline: style.outlineStyle, shadow: style.boxShadow !== 'none' };
      })()`);
    expect(await ring(/Tomar una foto/)).toEqual({ outline: 'none', shadow: false });
    // From the step's heading, the keyboard reaches the question's "Escuchar", then the photo button, then the file button.
    await page.getByRole('heading', { name: /Fotos, audios y documentos/ }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement.getAttribute('aria-label') || ''`)).toMatch(/^Escuchar: /);
    await page.keyboard.press('Tab');
    expect(await ring(/Tomar una foto/)).toEqual({ outline: 'solid', shadow: true });
    await page.keyboard.press('Tab');
    expect(await ring(/Elegir archivos/)).toEqual({ outline: 'solid', shadow: true });
    expect(await ring(/Tomar una foto/)).toEqual({ outline: 'none', shadow: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a testimony one character over the limit reaches the API, Then it is refused naming the field with the limit the form shows, and nothing is filed', async () => {
    const mechanism = await loadMechanism(server);
    const visitor = await server.client();
    const before = await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    const res = await visitor.post('/api/complaints', buildComplaint(mechanism, { whatHappened: testimony(INTAKE_LIMITS.whatHappenedMax + 1) }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      { field: 'whatHappened', message: `El texto es demasiado largo (máximo ${INTAKE_LIMITS.whatHappenedMax} caracteres).` },
    ]);
    expect(await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM cases')).toEqual(before);
  });

  it('When a visitor at 200 % zoom goes from the home page through the ten steps with the pointer, Then no step moves or scrolls after it shows, and each title has the keyboard at the top of the page', async () => {
    const { page, context, errors } = await zoomedPage(chrome.browser, server.url);
    await watchMovement(context);
    await page.goto('/');
    await page.getByRole('link', { name: 'Presentar una queja' }).first().click();
    await walkTheStepsWatched(page, 'fromHome');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a visitor on a phone opens the form at its address and taps through the ten steps, Then nothing moves when the app takes over from the drawn first step, and no step moves or scrolls after it shows', async () => {
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await watchMovement(context);
    await page.goto('/presentar-queja');
    await walkTheStepsWatched(page, 'atForm');
    expect(errors).toEqual([]);
    await context.close();
  });
});
