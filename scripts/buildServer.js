#!/usr/bin/env node
/**
 * Builds the server into dist/ with esbuild: each entry point becomes one CommonJS file (npm packages
 * stay external and load from node_modules). It takes about a second, where tsc took ten; types are
 * checked separately by `npm run typecheck`, so the build never has to.
 * `node scripts/buildServer.js <outdir>` builds elsewhere (process tests build their own copy, so two
 * test files building at once never run a half-written dist/).
 */
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const entryPoints = {
  'server/main': 'server/main.ts',
  'server/db/seedCommand': 'server/db/seedCommand.ts',
  // `node dist/server/cli/admin.js backup <dir>` where dev dependencies (tsx) are not installed: the image.
  'server/cli/admin': 'server/cli/admin.ts',
};

esbuild
  .build({
    absWorkingDir: root,
    entryPoints,
    outdir: process.argv[2] || 'dist',
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
