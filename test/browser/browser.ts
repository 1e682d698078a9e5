/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), headless, with the flags
 * that keep it off the network this machine does not have. playwright gives every launch a fresh
 * temporary profile of its own.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/db/demoData';
import { rawKeyPattern, UNFILLED } from '../rawText';
import { watchAccessibility } from './accessibilityAudit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

// A browser journey is many real steps (pages, uploads, sockets) on a 2-core machine that may be
// running the rest of the suite beside it: give each test of a file that drives Chromium 90 s rather
// than the suite's 30 s, so a loaded CI machine does not fail a journey that is only slow.
jest.setTimeout(90_000);

/** A launched browser. */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** The phone every journey holds: 360 px wide, as the cheap phones the mechanism serves, touch, in Colombian Spanish. */
export const PHONE = { viewport: { width: 360, height: 740 }, locale: 'es-CO', isMobile: true, hasTouch: true };

/** Each page's last console lines, for the description of a failed test's pages (test/failureEnvironment.ts). */
const consoleTails = new WeakMap<Page, string[]>();
/** Each page's last requests to its server, with their answers: whether the step's request left, and how it ended. */
const requestTails = new WeakMap<Page, string[]>();

/** `line` at the end of `tail`, keeping its last `size` lines. */
function keepLast(tail: string[], line: string, size: number): void {
  tail.push(line);
  if (tail.length > size) tail.shift();
}

/** Collects `page`'s uncaught errors and console errors into `errors` (every journey expects it empty). */
export function collectErrors(page: Page, errors: string[]): string[] {
  const tail: string[] = [];
  consoleTails.set(page, tail);
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
    keepLast(tail, `${msg.type()}: ${msg.text().slice(0, 200)}`, 8);
  });
  const requests: string[] = [];
  requestTails.set(page, requests);
  const named = (url: string) => {
    const { pathname, search } = new URL(url);
    return (pathname + search).slice(0, 120);
  };
  const api = (url: string) => url.includes('/api/');
  page.on('request', (req) => {
    if (api(req.url())) keepLast(requests, `→ ${req.method()} ${named(req.url())}`, 10);
  });
  page.on('response', (res) => {
    if (api(res.url())) keepLast(requests, `← ${res.status()} ${res.request().method()} ${named(res.url())}`, 10);
  });
  page.on('requestfailed', (req) => {
    if (api(req.url())) keepLast(requests, `✗ ${req.method()} ${named(req.url())}: ${req.failure()?.errorText ?? ''}`, 10);
  });
  return errors;
}

/** Browsers this test file has open: a failed test describes their pages. */
const openBrowsers = new Set<Browser>();

/** What a person would see on `page` now, in a few lines; bounded in time, since a page may be stuck. */
async function describePage(page: Page): Promise<string> {
  // A string, so the tests' TypeScript (no DOM library) does not need to know the page's globals.
  // The page's text (its first 3,000 characters, so lists and fields far down are in it), the fields marked
  // invalid (with their message and value) and the text of the form or section that has the focus.
  const seen = page.evaluate<{
    title: string;
    alerts: string[];
    invalid: string[];
    focus: string;
    aroundFocus: string;
    scrollY: number;
    text: string;
  }>(`(() => {
    const shown = (el) => el.getClientRects().length > 0;
    const squeeze = (text, size) => (text || '').replace(/\\s+/g, ' ').trim().slice(0, size);
    const alerts = [...document.querySelectorAll('[role="alert"], .alert')].filter(shown).map((el) => squeeze(el.innerText, 300));
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].filter(shown).map((el) => {
      const label = el.labels && el.labels[0] ? el.labels[0].innerText : el.getAttribute('aria-label') || el.name || el.tagName;
      const said = (el.getAttribute('aria-describedby') || '').split(' ').map((id) => document.getElementById(id)).filter(Boolean).map((e) => e.innerText).join(' ');
      const value = el.type === 'password' ? '(password)' : JSON.stringify(String(el.value || '').slice(0, 40));
      return squeeze(label, 60) + ' = ' + value + ': ' + squeeze(said, 160);
    });
    const a = document.activeElement;
    const focus = a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + ' ' + squeeze(a.getAttribute('aria-label') || a.innerText || a.value, 60) : '';
    const region = a && a !== document.body ? a.closest('form, section, dialog, main') : null;
    const aroundFocus = region ? squeeze(region.innerText, 600) : '';
    const text = document.body ? squeeze(document.body.innerText, 3000) : '';
    return { title: document.title, alerts, invalid, focus, aroundFocus, scrollY: Math.round(window.scrollY), text };
  })()`);
  const late = new Promise<string>((resolve) => setTimeout(() => resolve('(the page did not answer within 3 s)'), 3000).unref());
  const described = await Promise.race([seen.then((s) => JSON.stringify(s, null, 1)), late]).catch((error: Error) => `(${error.message.split('\n')[0]})`);
  const tail = consoleTails.get(page) ?? [];
  const requests = requestTails.get(page) ?? [];
  return (
    `${page.url()}\n${described}` +
    (requests.length ? `\nlast API requests:\n  ${requests.join('\n  ')}` : '') +
    (tail.length ? `\nlast console lines:\n  ${tail.join('\n  ')}` : '')
  );
}

(globalThis as { __puenteDescribePages?: () => Promise<string> }).__puenteDescribePages = async () => {
  const pages = [...openBrowsers].flatMap((browser) => browser.contexts().flatMap((context) => context.pages()));
  // The accessibility audit's own page (accessibilityAudit.ts) is no screen of the app.
  const shown = pages.filter((page) => !page.isClosed() && !page.url().includes('__accessibility_audit__'));
  const described = await Promise.all(shown.map(describePage));
  return described.map((text, i) => `page ${i + 1}: ${text}`).join('\n');
};

/**
 * Launches headless Chromium. `scrollbars` keeps the classic scrollbars a desktop browser has (headless
 * hides them), for checks where their width matters: a page at 200 % zoom must fit beside one.
 */
export async function launchBrowser(options: { scrollbars?: boolean } = {}): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: options.scrollbars ? ['--hide-scrollbars'] : undefined,
    args: CHROMIUM_ARGS,
  });
  openBrowsers.add(browser);
  browser.on('disconnected', () => openBrowsers.delete(browser));
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Options of a phone page. */
export interface PhonePageOptions {
  /**
   * 'allow' lets Puente's service worker install and answer (test/browser/offline.test.ts). Journeys
   * block it by default: they test the app against the server, and a worker answering from its copy
   * after its network-first wait (4 s, longer than a loaded test machine sometimes takes) would make
   * them test the copy instead; each install also downloads the whole precache.
   */
  serviceWorkers?: 'allow' | 'block';
}

/**
 * A phone-sized page (360 px wide, as the cheap phones the mechanism serves), collecting page errors.
 * Every screen its context shows is checked with axe-core (accessibilityAudit.ts).
 */
export async function phonePage(
  browser: Browser,
  baseURL: string,
  locale = 'es-CO',
  options: PhonePageOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, baseURL, locale, serviceWorkers: options.serviceWorkers ?? 'block' });
  // Fail on the step that hangs, well before jest's own timeout, so the error names it.
  context.setDefaultTimeout(10_000);
  await watchAccessibility(context);
  const page = await context.newPage();
  const errors = collectErrors(page, []);
  await watchForRawTranslationKeys(context, errors);
  return { context, page, errors };
}

/**
 * Fails the page (a line in its `errors`, which every journey expects empty) when it shows a raw
 * translation key or an unfilled `{{placeholder}}`, in text or in an accessible name, at any moment of
 * any page the context opens: a watcher in the page reads every text as it appears.
 */
export async function watchForRawTranslationKeys(context: BrowserContext, errors: string[]): Promise<void> {
  await context.exposeBinding('__puenteRawText', (_source, text: string) => {
    errors.push(`Raw translation text on the page: ${text}`);
  });
  await context.addInitScript({
    content: `(() => {
      const pattern = new RegExp(${JSON.stringify(rawKeyPattern())}, 'g');
      const unfilled = new RegExp(${JSON.stringify(UNFILLED.source)});
      const skipped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
      const attributes = ['aria-label', 'title', 'placeholder', 'alt'];
      const seen = new Set();
      const report = (text) => {
        if (seen.has(text)) return;
        seen.add(text);
        window.__puenteRawText(text);
      };
      const scanText = (text) => {
        if (!text) return;
        if (unfilled.test(text)) report(text.trim().slice(0, 160));
        for (const match of text.matchAll(pattern)) report(match[1]);
      };
      const scan = (node) => {
        if (node.nodeType === 3) {
          if (node.parentElement && !skipped.has(node.parentElement.tagName)) scanText(node.data);
          return;
        }
        if (node.nodeType !== 1 || skipped.has(node.tagName)) return;
        for (const name of attributes) scanText(node.getAttribute(name));
        for (const child of node.childNodes) scan(child);
      };
      const start = () => {
        scan(document.documentElement);
        new MutationObserver((records) => {
          for (const record of records) {
            if (record.type === 'childList') record.addedNodes.forEach(scan);
            else if (record.type === 'attributes') scanText(record.target.getAttribute(record.attributeName));
            else scan(record.target);
          }
        }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attributes });
      };
      if (document.documentElement) start();
      else document.addEventListener('DOMContentLoaded', start);
    })();`,
  });
}

/**
 * Opens the complaint form and waits until the app has taken over the first step drawn into the page
 * (client/src/scenes/NewComplaint/drawnFirstStep.ts). Playwright's `fill` focuses a field and types in two
 * separate steps; when the take-over falls between them on a loaded machine, the words go to a field that
 * no longer exists. A person types key by key, which the take-over keeps (test/browser/intake.test.ts
 * types into the drawn copy on purpose); journeys that only need the form start from the app's own.
 */
export async function openComplaintForm(page: Page, address = '/presentar-queja'): Promise<void> {
  await page.goto(address);
  await page.locator('#prerendered').waitFor({ state: 'detached' });
}

/** Logs a demo account in through the login form, as a person would, and waits to leave the form. */
export async function logInThroughForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/ingresar');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/ingresar'));
}

/** Logs a demo account in and opens a case page, ready once its conversation shows. */
export async function openCaseAs(page: Page, email: string, caseId: string): Promise<void> {
  await logInThroughForm(page, email);
  await page.goto(`/casos/${caseId}`);
  await page.getByRole('heading', { name: 'Conversación' }).waitFor();
}

/** Opens a case on the tracking page with its code and receipt key, as an anonymous complainant does. */
export async function openTrackedCase(page: Page, reference: string, receiptKey: string): Promise<void> {
  await page.goto('/seguimiento');
  await page.getByLabel('Código de la queja').fill(reference);
  await page.getByLabel('Clave secreta').fill(receiptKey);
  await page.getByRole('button', { name: 'Ver mi queja' }).click();
  await page.getByRole('heading', { name: 'Conversación' }).waitFor();
}

/** Nothing on the page scrolls sideways on a narrow phone: the page's full width. */
export function widthOf(page: Page): Promise<number> {
  // A string, so the tests' TypeScript (no DOM library) does not need to know `document`.
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

/** A real JPEG, encoded by the browser itself from a small drawing (not a renamed text file). */
export async function tinyJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate<string>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 16;
    canvas.height = 16;
    const g = canvas.getContext('2d');
    g.fillStyle = '#0b4f6c';
    g.fillRect(0, 0, 16, 16);
    g.fillStyle = '#ffbf47';
    g.fillRect(4, 4, 8, 8);
    return canvas.toDataURL('image/jpeg', 0.9);
  })()`);
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
  expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  return bytes;
}
