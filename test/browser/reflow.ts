/**
 * Reflow at 200 % zoom (WCAG 1.4.10): a desktop window of 640 px zoomed to 200 % lays pages out 320 CSS px
 * wide, beside a scrollbar. `zoomedPage` opens such a page (checked by axe like every test page; launch the
 * browser with `launchBrowser({ scrollbars: true })` so the scrollbar takes its room) and `sidewaysOverflow`
 * names what sticks out, so a failing check says where to look.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { watchAccessibility } from './accessibilityAudit';
import { collectErrors } from './browser';

/** The CSS width of a 640 px window at 200 % zoom. */
export const ZOOMED_WIDTH = 320;

/** A desktop page 320 CSS px wide at device scale 2 (no phone viewport emulation, which would shrink wide pages to fit). */
export async function zoomedPage(browser: Browser, baseURL: string, locale = 'es-CO'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: ZOOMED_WIDTH, height: 640 }, deviceScaleFactor: 2, locale });
  context.setDefaultTimeout(10_000);
  await watchAccessibility(context);
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page, []) };
}

/**
 * What makes the page scroll sideways: empty when nothing does, else the page's width and the outermost
 * elements reaching past the window's right edge (tag, class and the first words they hold).
 */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  // A string, so the tests' TypeScript (no DOM library) does not need to know `document`.
  return page.evaluate<string[]>(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const edge = root.clientWidth + 1;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right <= edge || box.width === 0) continue;
      if (el.parentElement && el.parentElement.getBoundingClientRect().right > edge && el.parentElement !== document.body) continue;
      culprits.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
        ' (' + Math.round(box.right) + ' px) ' + JSON.stringify((el.textContent || '').trim().slice(0, 40)));
    }
    return ['page ' + root.scrollWidth + ' px wide, window ' + root.clientWidth + ' px', ...culprits.slice(0, 8)];
  })()`);
}
