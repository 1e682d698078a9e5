/**
 * Vite build of the browser client. Run from the repository root with
 * `vite build --config client/vite.config.ts`; paths are resolved from this file, not from the cwd.
 * Every text file gets a brotli and a gzip copy, which the server sends instead of the original.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

const clientRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const apiServer = 'http://localhost:3000';

export default defineConfig({
  root: clientRoot,
  // One dependency cache for the repository, not a stray client/node_modules.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite', import.meta.url)),
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html|svg|json|webmanifest)$/, threshold: 0 })],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Inline nothing as data: URIs so the strict CSP needs no `data:` source.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Each language's texts get a recognisable name (tests check a page loads only its own).
        chunkFileNames: (chunk) => {
          const locale = chunk.facadeModuleId && /\/client\/src\/locales\/([a-z]{2,3})\.ts$/.exec(chunk.facadeModuleId);
          return locale ? `assets/locale-${locale[1]}-[hash].js` : 'assets/[name]-[hash].js';
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
