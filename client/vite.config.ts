/**
 * Vite build of the browser client. Run from the repository root with
 * `vite build --config client/vite.config.ts`; paths are resolved from this file, not from the cwd.
 *
 * Besides the app it builds what makes Puente usable on a weak or absent signal (docs/reach.md):
 * - the service worker (src/sw.ts, Workbox through vite-plugin-pwa) and the web app manifest;
 * - brotli and gzip copies of every text file, which the server sends instead of the originals;
 * - `presentar-queja.html`: index.html with the complaint form's first screen drawn in (prerenderIntake);
 * - two chunks per language's texts: the first screen's (assets/locale-<lng>-<hash>.js) and the rest
 *   (assets/locale-<lng>-more-<hash>.js), see src/i18n.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createServer, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { precachedFiles } from './precache.ts';

const clientRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const defaultOutDir = fileURLToPath(new URL('./dist', import.meta.url));
const apiServer = 'http://localhost:3000';
// The output folder actually used (`--outDir` may change it), for the steps that read the build back.
let outDir = defaultOutDir;

/** Text files worth compressing (images are compressed already). */
const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest)$/;

/**
 * The service worker is written by vite-plugin-pwa after the bundle (and after the compression plugin
 * ran), so it gets its brotli and gzip copies here, the same way.
 */
function compressServiceWorker(): Plugin {
  return {
    name: 'puente:compress-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const file = path.join(outDir, 'sw.js');
        if (!fs.existsSync(file)) return;
        const source = fs.readFileSync(file);
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }));
      },
    },
  };
}

/**
 * `…/<namespace>.json?form` (src/locales/es-form.ts): the texts file as a module of its own with one
 * export per top-level key (and per key of a group, `steps__what`), so the bundler keeps only the keys
 * the form's first step names instead of
 * sharing the whole file with the first part's chunk (the budget of docs/reach.md).
 */
function formTexts(): Plugin {
  return {
    name: 'puente:form-texts',
    enforce: 'pre',
    load(id) {
      if (!id.endsWith('.json?form')) return undefined;
      const file = id.slice(0, -'?form'.length);
      const texts = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      this.addWatchFile(file);
      // `export { t0 as case }`: a key may be a reserved word, which an export's name may be. A group's
      // own keys are exported too (`steps__what`), for a screen that needs one of them, not the group.
      const name = /^[A-Za-z_$][\w$]*$/;
      const exported: [string, unknown][] = [];
      for (const [key, value] of Object.entries(texts)) {
        if (!name.test(key)) continue;
        exported.push([key, value]);
        if (value && typeof value === 'object' && !Array.isArray(value))
          for (const [child, text] of Object.entries(value)) if (name.test(child)) exported.push([`${key}__${child}`, text]);
      }
      const code = exported.map(([key, value], i) => `const t${i} = ${JSON.stringify(value)};\nexport { t${i} as ${key} };`).join('\n');
      return { code, moduleType: 'js' };
    },
  };
}

/** The address whose first screen is drawn into its HTML at build, and the file that carries it. */
const PRERENDERED_PAGE = 'presentar-queja.html';

/**
 * Writes `presentar-queja.html`: index.html with the complaint form's first screen already drawn in
 * (src/prerender/intakeFirstStep.tsx, the app's own components rendered in Node through Vite) and the
 * form's code and Spanish texts preloaded. On 2G the form can be read and typed into seconds before the
 * code has arrived; the app takes over from it keeping what was typed (src/prerender/takeover.ts). Runs
 * at writeBundle, before the service worker's precache list is made (closeBundle).
 */
function prerenderIntake(): Plugin {
  return {
    name: 'puente:prerender-intake',
    apply: 'build',
    async writeBundle(_options, bundle) {
      const renderer = await createServer({
        configFile: false,
        root: clientRoot,
        cacheDir: fileURLToPath(new URL('../node_modules/.vite-prerender', import.meta.url)),
        logLevel: 'error',
        appType: 'custom',
        plugins: [
          react(),
          formTexts(),
          {
            // vite-plugin-pwa's registration module (src/shell/serviceWorker.ts): nothing registers in Node.
            name: 'puente:prerender-no-worker',
            resolveId: (id) => (id === 'virtual:pwa-register' ? '\0pwa-register' : undefined),
            load: (id) => (id === '\0pwa-register' ? 'export function registerSW() { return async () => undefined; }' : undefined),
          },
        ],
        server: { middlewareMode: true, hmr: false, ws: false, fs: { allow: [repoRoot] } },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      // One page per built-in language: the drawn switch's links (`?idioma=en`) lead to the other.
      const markup = new Map<string, string>();
      try {
        const module = (await renderer.ssrLoadModule('/src/prerender/intakeFirstStep.tsx')) as typeof import('./src/prerender/intakeFirstStep');
        for (const language of ['es', 'en'] as const) markup.set(language, await module.renderIntakeFirstStep(language));
      } finally {
        await renderer.close();
      }
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const chunkOf = (source: RegExp) => chunks.find((chunk) => chunk.facadeModuleId && source.test(chunk.facadeModuleId));
      const form = chunkOf(/\/src\/scenes\/NewComplaint\/NewComplaint\.tsx$/);
      // The first step's texts alone (src/locales/es-form.ts): the rest follows once the app is in charge.
      const texts = chunkOf(/\/src\/locales\/es-form\.ts$/);
      if (!form || !texts) throw new Error('prerenderIntake: the form or the Spanish texts chunk is missing from the build');
      const index = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
      // What the entry preloads already is in index.html; add the form's own code and the texts.
      const preload = [...new Set([texts.fileName, form.fileName, ...form.imports])]
        .filter((file) => !index.includes(`/${file}"`))
        .map((file) => `    <link rel="modulepreload" crossorigin href="/${file}">\n`)
        .join('');
      if (!index.includes('<div id="root"></div>')) throw new Error('prerenderIntake: index.html has no empty #root');
      const englishTexts = chunkOf(/\/src\/locales\/en-form\.ts$/);
      if (!englishTexts) throw new Error('prerenderIntake: the English texts chunk is missing from the build');
      for (const [language, drawn] of markup) {
        const page = index
          .replace('<html lang="es">', `<html lang="${language}">`)
          .replace('</head>', `\n${language === 'es' ? preload : preload.replace(`/${texts.fileName}"`, `/${englishTexts.fileName}"`)}  </head>`)
          // The app renders into the hidden #root and shows it when it takes over from the drawn copy.
          .replace('<div id="root"></div>', `<div id="prerendered">${drawn}</div><div id="root" hidden></div>`);
        const file = path.join(outDir, language === 'es' ? PRERENDERED_PAGE : PRERENDERED_PAGE.replace('.html', `.${language}.html`));
        fs.writeFileSync(file, page);
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(page, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(page, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: clientRoot,
  // One dependency cache for the repository, not a stray client/node_modules.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite', import.meta.url)),
  plugins: [
    react(),
    formTexts(),
    VitePWA({
      // src/sw.ts is ours (Workbox modules): other parts of the app add their handlers there.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // A new version waits until the person is not in the middle of a form (src/shell/serviceWorker.ts).
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      // The icons are in the precache already (globPatterns), listed once.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Puente: quejas entre comunidades y empresas mineras',
        short_name: 'Puente',
        description:
          'Mecanismo de quejas entre las comunidades y las empresas mineras del Cesar, con el acompañamiento de la Defensoría del Pueblo. Funciona sin señal después de la primera visita.',
        lang: 'es',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#0b4f6c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Only what the public and the facilitator's screens need: see ./precache.ts.
        manifestTransforms: [async (entries) => ({ manifest: precachedFiles(entries, outDir), warnings: [] })],
      },
    }),
    compression({ algorithms: ['brotliCompress', 'gzip'], include: COMPRESSIBLE, threshold: 0 }),
    compressServiceWorker(),
    prerenderIntake(),
  ],
  resolve: {
    // React 19 has useSyncExternalStore: wouter's shim for older Reacts is dead weight (src/shell/syncExternalStore.ts).
    alias: [
      { find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: fileURLToPath(new URL('./src/shell/syncExternalStore.ts', import.meta.url)) },
    ],
  },
  build: {
    outDir: defaultOutDir,
    emptyOutDir: true,
    // Inline nothing as data: URIs so the strict CSP needs no `data:` source.
    assetsInlineLimit: 0,
    // Which chunk belongs to which screen, for the precache list (read in ./precache.ts).
    manifest: true,
    rollupOptions: {
      output: {
        // Few files for a first screen: over HTTP/1.1 a browser fetches six at a time, so 29 small chunks
        // cost a few round trips more on 3G/2G, and each compressed alone is bigger than together. What
        // every page loads at start is one chunk (shell), the form's own parts another (intake), the send
        // queue a third (queue), which the form loads after it is drawn (docs/reach.md).
        codeSplitting: {
          groups: [
            { name: 'shell', tags: ['$initial'], priority: 3 },
            {
              name: 'intake',
              test: /client\/src\/(scenes\/NewComplaint\/(draft\.ts|steps\/WhatStep)|components\/(Field|CharacterCount|ListenButton)|hooks\/useAnnouncer|offline\/(useFiler|restoredFiles|fieldMode|queueTypes))|shared\/validation\/intakeChoices/,
              priority: 2,
            },
            { name: 'queue', test: /client\/src\/(offline\/|media\/fileCheck|api\/upload)/, priority: 1 },
          ],
        },
        // Each language's texts get a recognisable name (tests check a page loads only its own).
        chunkFileNames: (chunk) => {
          const locale = chunk.facadeModuleId && /\/client\/src\/locales\/([a-z]{2,3})(-more|-form)?\.ts$/.exec(chunk.facadeModuleId);
          return locale ? `assets/locale-${locale[1]}${locale[2] ?? ''}-[hash].js` : 'assets/[name]-[hash].js';
        },
      },
    },
  },
  server: {
    // The client imports ../shared (types, i18n resources, zod schemas).
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: apiServer, changeOrigin: false },
      '/socket.io': { target: apiServer, ws: true, changeOrigin: false },
    },
  },
});
