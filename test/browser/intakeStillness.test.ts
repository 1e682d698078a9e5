/**
 * The intake's steps hold still once shown, at 200 % zoom and on a phone: a tap or a click that lands on a
 * page moving under it misses (its press and its release fall on two places), which CI saw three times as a
 * "Siguiente" focused and not pressed, the page scrolled a little. Each step is watched from its first frame
 * for `STILL_FOR_MS`: no layout shift (the browser's own measure, `layout-shift` entries) and no scroll.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { getTestServer, type TestServer } from '../support';
import { launchBrowser, phonePage, type TestBrowser } from './browser';
import { zoomedPage } from './reflow';

const NEXT = 'Siguiente';

/**
 * How long each step is watched after its first frame: past React's 300 ms wait before it swaps a
 * "Cargando…" for what it stood for, and the time a late list, font or notice takes on a quiet machine.
 */
const STILL_FOR_MS = 1_000;

/** A layout shift, or a scroll, after the step was shown. */
interface Movement {
  t: number;
  what: string;
}

/** What the page recorded after a step was shown. */
interface StepWatch {
  step: string;
  shownAt: number;
  watchedFor: number;
  shift: number;
  moved: string[];
  scrollY: number;
}

/**
 * Installed in every page of the context before its scripts: records layout shifts (with the elements
 * that moved) and scrolls, and the moment each step's "Paso n de 10" is on screen — two frames after the
 * step is drawn, so the frame that draws it (a change the person asked for) is not counted.
 * `hadRecentInput` cannot tell the two apart: Chromium marks every shift within 500 ms of a key or tap as
 * the person's, and the shifts this file looks for come 300 ms after the press.
 */
const WATCHER = `(() => {
  const shifts = [];
  const scrolls = [];
  const name = (node) => !node || node.nodeType !== 1 ? '(text)' :
    node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (typeof node.className === 'string' && node.className.trim() ? '.' + node.className.trim().split(/\\s+/).join('.') : '') +
    ' ' + JSON.stringify((node.textContent || '').trim().slice(0, 40));
  const box = (r) => r ? Math.round(r.y) + '+' + Math.round(r.height) : '';
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const moved = (entry.sources || []).map((s) => name(s.node) + ' y ' + box(s.previousRect) + ' → ' + box(s.currentRect)).join('; ');
      shifts.push({ t: entry.startTime, value: entry.value, what: 'shift ' + entry.value.toFixed(4) + ': ' + moved });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  addEventListener('scroll', () => scrolls.push({ t: performance.now(), what: 'scroll to ' + Math.round(scrollY) }), true);
  let step = '';
  let shownAt = 0;
  const watch = () => {
    const count = document.querySelector('#root .step-count');
    const now = count ? count.textContent : '';
    if (now === step) return;
    step = now;
    shownAt = 0;
    requestAnimationFrame(() => requestAnimationFrame(() => { if (step === now) shownAt = performance.now(); }));
  };
  const start = () => new MutationObserver(watch).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
  // From the step's first frame on, or (fromOpening) everything since the page opened.
  window.__stillness = (fromOpening) => {
    const after = (list) => list.filter((m) => fromOpening || (shownAt && m.t > shownAt));
    const moved = [...after(shifts), ...after(scrolls)].sort((a, b) => a.t - b.t).map((m) => m.what);
    return { step, shownAt, watchedFor: shownAt ? performance.now() - shownAt : 0, shift: after(shifts).reduce((sum, s) => sum + s.value, 0), moved, scrollY: scrollY };
  };
})()`;

/** Watches every page `context` opens. */
async function watchMovement(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: WATCHER });
}

/**
 * Waits until step `n` has been on screen for `STILL_FOR_MS`, then says what moved meanwhile (or, with
 * `fromOpening`, since the page opened: the form taking over from its drawn copy moves nothing either).
 */
async function watchedStep(page: Page, n: number, fromOpening = false): Promise<Pick<StepWatch, 'step' | 'shift' | 'moved' | 'scrollY'>> {
  const step = `Paso ${n} de 10`;
  // A function, not a string: the app's Content-Security-Policy forbids evaluating strings in the page.
  await page.waitForFunction(
    ({ step, ms }) => {
      const seen = (globalThis as unknown as { __stillness: () => StepWatch }).__stillness();
      return seen.step === step && seen.shownAt > 0 && seen.watchedFor >= ms;
    },
    { step, ms: STILL_FOR_MS },
  );
  const seen = await page.evaluate<StepWatch>(`window.__stillness(${fromOpening})`);
  return { step: seen.step, shift: seen.shift, moved: seen.moved, scrollY: seen.scrollY };
}

/** Still: no shift, nothing moved, the page at its top. */
const still = (n: number) => ({ step: `Paso ${n} de 10`, shift: 0, moved: [], scrollY: 0 });

/**
 * Answers the ten steps with the pointer, as a person taps, checking after each step shows that nothing
 * moved and that its title has the keyboard; the first step from the page's opening when it was `opened`
 * at the form's address (its drawn copy, then the app).
 */
async function walkTheSteps(page: Page, opened: 'atForm' | 'fromHome'): Promise<void> {
  const next = () => page.getByRole('button', { name: NEXT }).click();
  const titleHasFocus = async () => expect(await page.evaluate('document.activeElement.id')).toBe('step-title');

  // The first step opens where the screen's content starts (the layout's focus on <main>), not always at the top.
  const first = await watchedStep(page, 1, opened === 'atForm');
  expect({ ...first, scrollY: 0 }).toEqual(still(1));
  await page.getByRole('textbox', { name: 'Cuente lo que pasó' }).fill('El polvo de carbón cubre las casas de la vereda desde que abrieron el tajo.');
  await next();
  expect(await watchedStep(page, 2)).toEqual(still(2));
  await titleHasFocus();
  await next();
  expect(await watchedStep(page, 3)).toEqual(still(3));
  await titleHasFocus();
  await page.getByLabel('Municipio').selectOption({ label: 'El Paso' });
  await next();
  expect(await watchedStep(page, 4)).toEqual(still(4));
  await titleHasFocus();
  await page.getByRole('radio', { name: 'Minera Valle del Cesar S.A.' }).check();
  await next();
  expect(await watchedStep(page, 5)).toEqual(still(5));
  await titleHasFocus();
  await page.getByRole('checkbox', { name: /^Aire y polvo/ }).check();
  await next();
  expect(await watchedStep(page, 6)).toEqual(still(6));
  await titleHasFocus();
  await page.getByRole('radio', { name: 'Para mí o para mi familia' }).check();
  await next();
  expect(await watchedStep(page, 7)).toEqual(still(7));
  await titleHasFocus();
  await page.getByRole('radio', { name: /^Anónima/ }).check();
  await next();
  expect(await watchedStep(page, 8)).toEqual(still(8));
  await titleHasFocus();
  await next();
  expect(await watchedStep(page, 9)).toEqual(still(9));
  await titleHasFocus();
  await page.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
  await next();
  expect(await watchedStep(page, 10)).toEqual(still(10));
  await titleHasFocus();
  await page.getByText('El polvo de carbón cubre las casas').waitFor();
}

describe('The intake holds still once a step is shown (Chromium)', () => {
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

  it('When a visitor at 200 % zoom goes from the home page through the ten steps, Then no step moves or scrolls after it shows, and each title has the keyboard at the top of the page', async () => {
    const { page, context, errors } = await zoomedPage(chrome.browser, server.url);
    await watchMovement(context);
    await page.goto('/');
    await page.getByRole('link', { name: 'Presentar una queja' }).first().click();
    await walkTheSteps(page, 'fromHome');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When a visitor on a phone opens the form from a link and goes through the ten steps, Then nothing moves when the app takes over from the drawn first step, and no step moves or scrolls after it shows', async () => {
    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    await watchMovement(context);
    await page.goto('/presentar-queja');
    await walkTheSteps(page, 'atForm');
    expect(errors).toEqual([]);
    await context.close();
  });
});
