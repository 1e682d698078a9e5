/**
 * Serves the built client (client/dist) the way a 2G phone needs it:
 * - the brotli or gzip copy made at build time, by what the browser accepts (never compressed per request);
 * - built files named by content hash (`/assets/…`) cached for a year as immutable; everything else
 *   (index.html, the service worker, the manifest, icons) revalidated on every use (`no-cache`), so a
 *   new release is seen at once and the service worker's own update check is never fooled by a cache;
 * - `/presentar-queja` is presentar-queja.html (index.html with the form's first screen drawn in), in
 *   English with `?idioma=en` (presentar-queja.en.html); the mechanism's own languages (Yukpa, …) are
 *   added to its drawn language switch as links, so a person reaches their language before the code;
 * - every other address that is not the API is a screen of the app: index.html;
 * - a built file that does not exist (a chunk of an older release) is a plain 404, never index.html,
 *   so the page sees a failed download instead of HTML where it expected code.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import express, { type RequestHandler, type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { logger } from '../logger';

/** Cache-Control of content-hashed files. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Where the drawn page's language switch takes the mechanism's own languages (client/src/prerender). */
const MORE_LANGUAGES_MARK = '<!--puente:more-languages-->';

/** A language a mechanism offers besides the built-in ones, as its drawn switch shows it. */
export interface DrawnLanguage {
  code: string;
  name: string;
}

/** What the drawn form's page needs from the database: the languages the mechanism (by slug, else the default one) adds. */
export type DrawnLanguages = (mechanismSlug: string | undefined) => Promise<DrawnLanguage[]>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The router serving the built client in `clientDir`; with `drawnLanguages`, the drawn form offers the mechanism's languages. */
export function clientFiles(clientDir: string, drawnLanguages?: DrawnLanguages): Router {
  const files: RequestHandler = expressStaticGzip(clientDir, {
    enableBrotli: true,
    // Brotli is ~15 % smaller than gzip on our code: prefer it whenever the browser takes both.
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      setHeaders: (res, filePath) => {
        const hashed = path.relative(clientDir, filePath).startsWith(`assets${path.sep}`);
        res.setHeader('Cache-Control', hashed ? IMMUTABLE : 'no-cache');
      },
    },
  });
  const router = express.Router();
  router.use(files);
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  // The complaint form opens with its first screen drawn in (client/src/prerender, docs/reach.md), unless
  // the address shows a receipt; a build without that page falls through to index.html.
  const drawnPages = new Map<string, string>();
  router.get(/^\/presentar-queja\/?$/, async (req, res, next) => {
    if (req.query.comprobante !== undefined) return next();
    // `?idioma=en` (a link of the drawn switch): the page drawn in English. Any other language is drawn in
    // Spanish, the written fallback of the mechanism's own languages; the app starts in the one asked for.
    const asked = typeof req.query.idioma === 'string' ? req.query.idioma : '';
    const page = asked === 'en' ? '/presentar-queja.en.html' : '/presentar-queja.html';
    const slug = typeof req.query.mecanismo === 'string' && req.query.mecanismo ? req.query.mecanismo : undefined;
    const added = drawnLanguages
      ? await drawnLanguages(slug).catch((error: unknown) => {
          // The page must still open: its own two languages are drawn in already.
          logger.error('could not read the mechanism languages for the drawn form', { err: error });
          return [];
        })
      : [];
    const file = path.join(clientDir, page);
    if (added.length === 0 || !fs.existsSync(file)) {
      req.url = page;
      return files(req, res, next);
    }
    let html = drawnPages.get(page);
    if (html === undefined) {
      html = fs.readFileSync(file, 'utf8');
      drawnPages.set(page, html);
    }
    const links = added
      .map((language) => {
        const code = escapeHtml(language.code);
        const href = `/presentar-queja?idioma=${encodeURIComponent(language.code)}${slug ? `&amp;mecanismo=${encodeURIComponent(slug)}` : ''}`;
        const current = language.code === asked ? ' aria-current="true"' : '';
        return `<span class="language-option"><span class="language-separator" aria-hidden="true">|</span><a class="language-button" lang="${code}" hreflang="${code}" href="${href}"${current}>${escapeHtml(language.name)}</a></span>`;
      })
      .join('');
    const body = Buffer.from(html.replace(MORE_LANGUAGES_MARK, links));
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    // The page is made per request here (its languages are the mechanism's); small, so compressed quickly.
    const accepts = req.get('accept-encoding') ?? '';
    if (/\bbr\b/.test(accepts)) {
      res.setHeader('Content-Encoding', 'br');
      return res.send(zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }));
    }
    if (/\bgzip\b/.test(accepts)) {
      res.setHeader('Content-Encoding', 'gzip');
      return res.send(zlib.gzipSync(body));
    }
    return res.send(body);
  });
  // Every other GET is a client route: the app decides what to show.
  router.get(/^(?!\/api\/|\/socket\.io\/).*/, (req, res, next) => {
    req.url = '/index.html';
    files(req, res, next);
  });
  return router;
}
