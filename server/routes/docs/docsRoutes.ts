/** `/api/openapi.json` and a readable page at `/api/docs` (no CDN; the page's script is a separate file). */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { buildOpenApiDocument } from './openApi';
import { DOCS_SCRIPT } from './docsScript';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Routes of the API's own description. */
export function docsRoutes(_ctx: AppContext): Router {
  const router = Router();
  // Built on first request, not with the app: it takes a few hundred ms that every server start (and
  // every test file's) would otherwise pay for a page few people open.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;

  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument();
    res.json(document);
  });

  router.get('/docs', (req, res) => {
    const t = (key: string) => escapeHtml(req.t(`intake:docs.${key}`));
    res.type('html').send(`<!doctype html>
<html lang="${req.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title')}</title></head>
<body><h1>${t('title')}</h1><p>${t('intro')} <a href="/api/openapi.json">openapi.json</a></p>
<main id="docs" data-body="${t('body')}" data-responses="${t('responses')}" data-failed="${t('failed')}">${t('loading')}</main>
<script src="/api/docs.js"></script></body></html>`);
  });

  router.get('/docs.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_SCRIPT);
  });

  return router;
}
