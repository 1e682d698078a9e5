/**
 * Whether the intake's steps hold still once shown: a tap or a click that lands on a page moving under it
 * misses (its press and its release fall on two places), which CI saw three times as a "Siguiente" focused
 * and not pressed, the page scrolled a little. `watchMovement` records, in every page of a context, the
 * browser's own layout shifts (`layout-shift` entries, with the elements that moved) and scrolls;
 * `watchedStep` waits until a step has been on screen for `STILL_FOR_MS` and says what moved meanwhile.
 */
import type { BrowserContext, Page } from 'playwright-core';

/**
 * How long each step is watched after its first frame: past React's 300 ms wait before it swaps a
 * "Cargando…" for what it stood for, and the time a late list, font or notice takes on a quiet machine.
 */
export const STILL_FOR_MS = 1_000;

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
 * the person's, and the shifts looked for here come 300 ms after the press.
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
export async function watchMovement(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: WATCHER });
}

/**
 * Waits until step `n` has been on screen for `STILL_FOR_MS`, then says what moved meanwhile (or, with
 * `fromOpening`, since the page opened: the form taking over from its drawn copy moves nothing either).
 */
export async function watchedStep(page: Page, n: number, fromOpening = false): Promise<Pick<StepWatch, 'step' | 'shift' | 'moved' | 'scrollY'>> {
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

/** What `watchedStep` says of step `n` when it held still: no shift, nothing moved, the page at its top. */
export const stillStep = (n: number) => ({ step: `Paso ${n} de 10`, shift: 0, moved: [], scrollY: 0 });
