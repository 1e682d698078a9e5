/**
 * Serves the built client (client/dist) the way a 2G phone needs it:
 * - the brotli or gzip copy made at build time, by what the browser accepts (never compressed per request);
 * - built files named by content hash (`/assets/…`) cached for a year as immutable; everything else
 *   (index.html, the service worker, the manifest, icons) revalidated on every use (`no-cache`), so a
 *   new release is seen at once and the service worker's own update check is never fooled by a cache;
 * - `/presentar-queja` is presentar-queja.html (index.html with the form's first screen drawn in);
 * - every other address that is not the API is a screen of the app: index.html;
 * - a built file that does not exist (a chunk of an older release) is a plain 404, never index.html,
 *   so the page sees a failed download instead of HTML where it expected code.
 */
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Cache-Control of content-hashed files. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The router serving the built client in `clientDir`. */
export function clientFiles(clientDir: string): Router {
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
  router.get(/^\/presentar-queja\/?$/, (req, res, next) => {
    if (req.query.comprobante !== undefined) return next();
    req.url = '/presentar-queja.html';
    files(req, res, next);
  });
  // Every other GET is a client route: the app decides what to show.
  router.get(/^(?!\/api\/|\/socket\.io\/).*/, (req, res, next) => {
    req.url = '/index.html';
    files(req, res, next);
  });
  return router;
}
