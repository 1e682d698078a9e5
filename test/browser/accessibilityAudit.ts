/**
 * axe-core on every screen the browser tests show, without any test asking for it: a browser context
 * made by `phonePage` is watched, and each time one of its pages settles on a screen not yet checked in
 * this test file (language + path + document title, so every intake step and the receipt count as
 * screens of their own), a copy of the screen is taken and axe checks the copy in a page of its own, so
 * the page under test never waits for axe. A serious or critical violation fails the test that showed
 * the screen (reported after it, by the `afterEach` below). Each screen is checked once per file, so the
 * suite pays for axe about once per screen, not once per visit. `PUENTE_AXE_LOG=1` prints each screen
 * checked, and at the file's end what the audit cost: the time axe ran (beside the tests) and the time
 * tests waited for it at their end.
 *
 * A screen that passed is remembered for the client build it was shown by (a file under
 * node_modules/.cache, named by the build's index.html): the same test file run again on the same build
 * — CI's second run, on the other database, or a developer re-running a file — does not check it again,
 * since the markup comes from the client and not from the database. Screens that failed are not
 * remembered, so they fail every run. `PUENTE_AXE_ALWAYS=1` checks every screen regardless.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a test (WCAG failures a person meets, not advice). */
const FAILING_IMPACTS = ['serious', 'critical'];

/** The screen a page shows, evaluated in the page: what makes two visits "the same screen". */
const SCREEN_KEY = `[document.documentElement.lang, location.pathname, document.title].join(' · ')`;

/** The name of the function the page calls when it has settled on a screen. */
const SETTLED_BINDING = '__puenteScreenSettled';

/**
 * Runs in every document of a watched context: after the DOM has been quiet for a moment, with nothing
 * loading, it reports the screen once (the Node side decides whether it was already checked).
 */
const WATCHER = `(() => {
  // The app's own documents only: not frames, nor the browser's error page of a reload without signal.
  if (window.top !== window || !location.protocol.startsWith('http')) return;
  let timer;
  let last = '';
  const check = () => {
    timer = undefined;
    if (document.readyState !== 'complete' || document.querySelector('.loading, [aria-busy="true"]')) return schedule();
    const key = ${SCREEN_KEY};
    if (key === last) return;
    last = key;
    if (typeof window.${SETTLED_BINDING} === 'function') window.${SETTLED_BINDING}(key).catch(() => {});
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  };
  new MutationObserver(schedule).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  addEventListener('load', schedule);
})();`;

/** One axe rule broken on one screen. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  /** CSS selectors of (up to five of) the elements that break it. */
  targets: string[];
}

/** What axe found on one screen. */
interface Finding {
  screen: string;
  url: string;
  violations: AxeViolation[];
}

/** The jest worker's current test file (this module is loaded afresh for each file). */
const TEST_FILE = path.relative(path.resolve(__dirname, '..', '..'), expect.getState().testPath ?? 'unknown');

/** Where screens that passed are recorded for the current client build, or undefined when there is no build. */
const PASSED_RECORD = (() => {
  if (process.env.PUENTE_AXE_ALWAYS) return undefined;
  try {
    const index = fs.readFileSync(path.resolve(__dirname, '..', '..', 'client', 'dist', 'index.html'));
    const build = crypto.createHash('sha256').update(index).digest('hex').slice(0, 16);
    return path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'puente-axe', `${build}.txt`);
  } catch {
    return undefined;
  }
})();

/** Screens already checked in this test file: those it showed, and those it showed on an earlier run of the same build that passed. */
const checked = new Set<string>(
  PASSED_RECORD && fs.existsSync(PASSED_RECORD)
    ? fs
        .readFileSync(PASSED_RECORD, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(`${TEST_FILE}\t`))
        .map((line) => line.slice(TEST_FILE.length + 1))
    : [],
);

/** Records that `screen` passed, for later runs of this file on this build (one short append: workers may write at once). */
function rememberPassed(screen: string): void {
  if (!PASSED_RECORD) return;
  try {
    fs.mkdirSync(path.dirname(PASSED_RECORD), { recursive: true });
    fs.appendFileSync(PASSED_RECORD, `${TEST_FILE}\t${screen}\n`);
  } catch (error) {
    // Only a saving of time is lost: the screen is checked again next run.
    console.warn(`could not record the accessibility check of ${screen}: ${String(error)}`);
  }
}
const findings: Finding[] = [];
const pending = new Set<Promise<void>>();
const watched = new Set<BrowserContext>();
/** What the audit cost in this file, in ms: axe running in the audit page, and tests waiting for it at their end. */
const cost = { screens: 0, axeMs: 0, waitedMs: 0 };
/** The browser that checks a watched context's copies: its own, or the one given for a persistent context (which has none). */
const auditors = new WeakMap<BrowserContext, Browser>();

/** Rules: axe's defaults, plus the one experimental rule Puente must pass (visible text in the accessible name). */
const RUN_OPTIONS = `{ resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } }`;

/**
 * A copy of the page's screen, taken in the page in one step: its key, its address and its document
 * without scripts, with the form's current values and choices written into attributes (a copy of the
 * DOM keeps attributes, not what was typed or ticked).
 */
const SNAPSHOT = `(() => {
  const copy = document.documentElement.cloneNode(true);
  const live = document.documentElement.querySelectorAll('input, textarea, select, option');
  const copied = copy.querySelectorAll('input, textarea, select, option');
  live.forEach((el, i) => {
    const to = copied[i];
    if (el.tagName === 'OPTION') el.selected ? to.setAttribute('selected', '') : to.removeAttribute('selected');
    else if (el.tagName === 'TEXTAREA') to.textContent = el.value;
    else if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) el.checked ? to.setAttribute('checked', '') : to.removeAttribute('checked');
    else if (el.tagName === 'INPUT' && el.type !== 'file') to.setAttribute('value', el.value);
  });
  copy.querySelectorAll('script').forEach((el) => el.remove());
  return { screen: ${SCREEN_KEY}, url: location.href, origin: location.origin, html: '<!doctype html>' + copy.outerHTML };
})()`;

/**
 * In the audit page: replaces its document with the copy (document.open() keeps the window, and axe in
 * it), waits for the copy's stylesheets and runs axe. Built as a function object, as playwright sends a
 * function's source to call it with an argument (the tests' TypeScript has no DOM library to type it).
 */
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (arg: string, body: string) => (html: string) => Promise<AxeViolation[]>;
const CHECK_COPY = new AsyncFunction(
  'html',
  `document.open();
  document.write(html);
  document.close();
  await Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')].map((link) =>
    link.sheet ? null : new Promise((done) => { link.addEventListener('load', done); link.addEventListener('error', done); })));
  const result = await window.axe.run(document, ${RUN_OPTIONS});
  const failing = ${JSON.stringify(FAILING_IMPACTS)};
  return result.violations
    .filter((v) => failing.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));`,
);

/** Where copies are checked: one page per browser, in a context of its own (no session, no service worker). */
const auditPages = new WeakMap<Browser, Promise<Page>>();
/** One axe run at a time per audit page. */
const queues = new WeakMap<Browser, Promise<void>>();

/** The path the audit page sits at: the app's origin, so the copy's stylesheets load, but an empty page with no CSP. */
const AUDIT_PATH = '/__accessibility_audit__';

function auditPageOf(browser: Browser): Promise<Page> {
  let made = auditPages.get(browser);
  if (!made) {
    made = (async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.route(`**${AUDIT_PATH}`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title></title>' }));
      return page;
    })();
    auditPages.set(browser, made);
  }
  return made;
}

/** A screen as copied from its page. */
interface Snapshot {
  screen: string;
  url: string;
  origin: string;
  html: string;
  viewport: { width: number; height: number } | null;
}

/** Runs axe on a copy in the audit page (one run at a time per browser), and keeps what it finds. */
function checkCopy(browser: Browser, copy: Snapshot): Promise<void> {
  const run = (queues.get(browser) ?? Promise.resolve()).then(async () => {
    // A test that closes its whole browser (not its contexts) at its end leaves nothing to check with.
    if (!browser.isConnected()) return;
    try {
      const auditor = await auditPageOf(browser);
      if (copy.viewport) await auditor.setViewportSize(copy.viewport);
      if (auditor.url() !== `${copy.origin}${AUDIT_PATH}`) await auditor.goto(`${copy.origin}${AUDIT_PATH}`);
      if (!(await auditor.evaluate<boolean>('typeof window.axe === "object"'))) await auditor.evaluate(`${AXE_SOURCE}\n;0`);
      const started = Date.now();
      const violations = await auditor.evaluate(CHECK_COPY, copy.html);
      cost.screens += 1;
      cost.axeMs += Date.now() - started;
      if (process.env.PUENTE_AXE_LOG) console.log(`axe checked ${copy.screen}: ${violations.length} serious or critical (${Date.now() - started} ms)`);
      if (violations.length > 0) findings.push({ screen: copy.screen, url: copy.url, violations });
      else rememberPassed(copy.screen);
    } catch (error) {
      // The browser went away under the run (it is closing): nothing left to check with.
      if (!browser.isConnected() || /has been closed/.test(String(error))) return;
      findings.push({ screen: copy.screen, url: copy.url, violations: [{ id: 'axe-error', impact: 'critical', help: String(error), targets: [] }] });
    }
  });
  queues.set(browser, run);
  track(run);
  return run;
}

function track(work: Promise<void>): void {
  pending.add(work);
  void work.finally(() => pending.delete(work));
}

/**
 * Copies the page's screen unless this file already checked it, and has the copy checked: the promise
 * settles once the copy is taken (a moment), not when axe is done, so the page under test never waits
 * for axe — a run takes seconds on a loaded machine, and it would stall the test's clicks or its end.
 */
function audit(page: Page, screen: string | null): Promise<void> {
  if (page.isClosed() || !page.url().startsWith('http') || (screen !== null && checked.has(screen))) return Promise.resolve();
  const taken = (async () => {
    try {
      const copy = await page.evaluate<Omit<Snapshot, 'viewport'>>(SNAPSHOT);
      if (checked.has(copy.screen)) return;
      checked.add(copy.screen);
      void checkCopy(auditors.get(page.context())!, { ...copy, viewport: page.viewportSize() });
    } catch (error) {
      // A page that navigated or closed while its copy was taken is checked on the screen it reaches instead.
      if (page.isClosed() || /context was destroyed|Target .*closed|navigat/i.test(String(error))) return;
      findings.push({ screen: screen ?? '?', url: page.url(), violations: [{ id: 'axe-error', impact: 'critical', help: String(error), targets: [] }] });
    }
  })();
  track(taken);
  return taken;
}

/** Copies the screens every open page of `context` shows now (the last screen of a test may not have settled yet). */
async function auditOpenPages(context: BrowserContext): Promise<void> {
  await Promise.all(
    context.pages().map(async (page) => {
      try {
        await audit(page, await page.evaluate<string>(SCREEN_KEY));
      } catch {
        // Closing or navigating: nothing on screen to check.
      }
    }),
  );
}

/**
 * Copies the screen `page` shows now, once it has settled, to be checked (the automatic copy may be
 * overtaken by a quick test that moves on): for walks that must have every screen checked. Violations
 * fail the test after it, like the automatic ones.
 */
export async function checkScreen(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const d = (globalThis as unknown as { document: { readyState: string; querySelector(s: string): unknown } }).document;
    return d.readyState === 'complete' && !d.querySelector('.loading, [aria-busy="true"]');
  });
  await audit(page, await page.evaluate<string>(SCREEN_KEY));
}

/**
 * Watches every page of `context` (call before opening the first page). Its `close()` first copies the
 * screens still open, so the last screen of every test is checked too. A persistent context (a phone
 * that keeps its profile across restarts) belongs to no `Browser`: give one, `checkWith`, to check its
 * copies in.
 */
export async function watchAccessibility(context: BrowserContext, checkWith?: Browser): Promise<void> {
  const auditor = checkWith ?? context.browser();
  if (!auditor) throw new Error('watchAccessibility: a persistent context needs a browser to check its screens with');
  auditors.set(context, auditor);
  watched.add(context);
  await context.exposeBinding(SETTLED_BINDING, ({ page }, screen: string) => {
    if (page) void audit(page, screen);
  });
  await context.addInitScript(WATCHER);
  const close = context.close.bind(context);
  context.close = async (options?: Parameters<BrowserContext['close']>[0]) => {
    if (watched.delete(context)) await auditOpenPages(context);
    return close(options);
  };
  context.on('close', () => watched.delete(context));
}

/** The violations found since the last call, once every copy taken is checked, as a readable report (empty when none). */
async function takeReport(): Promise<string> {
  await Promise.all([...watched].map(auditOpenPages));
  while (pending.size > 0) await Promise.all([...pending]);
  const report = findings
    .splice(0)
    .map((f) => [`${f.screen} (${f.url})`, ...f.violations.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`)].join('\n'))
    .join('\n');
  return report;
}

// Every test of a file that uses the browser helpers fails when a screen it showed breaks a serious rule.
afterEach(async () => {
  const started = Date.now();
  const report = await takeReport();
  cost.waitedMs += Date.now() - started;
  if (report) throw new Error(`axe-core found serious or critical accessibility violations:\n${report}`);
});

afterAll(() => {
  if (process.env.PUENTE_AXE_LOG)
    console.log(`axe cost: ${cost.screens} screens, axe ran ${(cost.axeMs / 1000).toFixed(1)} s, tests waited ${(cost.waitedMs / 1000).toFixed(1)} s`);
});
