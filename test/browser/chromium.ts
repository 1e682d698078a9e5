/**
 * Where Debian's Chromium lives and the flags every launch gets, apart from the jest set-up of
 * browser.ts so that benchmarks (bench/budgets.ts) launch the browser the tests launch.
 */

/** Where the browser lives; CI installs Debian's package there. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Chromium's flags for every launch: no sandbox (containers), no GPU, and nothing that calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
