#!/usr/bin/env node
/**
 * `npm test`: everything the suite needs, then the suite.
 *   1. Debian's Chromium for the browser tests (installed with apt-get when missing and we are root);
 *   2. the client build the browser tests load;
 *   3. the type check of server, shared code, tests and client, the format check (Prettier) and the lint (ESLint);
 *   4. jest (against the embedded database, or the server in DATABASE_URL), ending with "N passed, N failed".
 * The client is rebuilt only when what it is built from is newer than the build (CI's second run, on the
 * other database, reuses the first run's build). Extra arguments go to jest (e.g. `npm test -- test/api`);
 * with them the type check is skipped.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function step(name, command, args, options) {
  console.log(`\n▶ ${name}`);
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`✗ ${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(status);
  }
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Browser tests need Debian's Chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  step('installing Chromium from Debian (browser tests)', 'sh', [
    '-c',
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
  ]);
}

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newestUnder(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether the built client is older than what it is built from (or missing). */
function clientBuildStale() {
  let built;
  try {
    built = fs.statSync(path.join(root, 'client/dist/index.html')).mtimeMs;
  } catch {
    return true;
  }
  const sources = ['client/src', 'client/public', 'shared'].map((dir) => newestUnder(path.join(root, dir)));
  // The installed packages count too: an `npm ci` after a dependency change must rebuild.
  const files = [
    'client/index.html',
    'client/vite.config.ts',
    'client/precache.ts',
    'client/package.json',
    'client/tsconfig.json',
    'package-lock.json',
    'node_modules/.package-lock.json',
  ].map((file) => (fs.existsSync(path.join(root, file)) ? fs.statSync(path.join(root, file)).mtimeMs : 0));
  return Math.max(...sources, ...files) > built;
}

// `npm test -- <files>` runs just those files, quickly: the type check is left to the whole run (and to the
// editor). Either way the client is rebuilt only when its sources changed since the last build.
const only = process.argv.length > 2;
ensureChromium();
if (clientBuildStale()) step('building the client', 'npm', ['run', '--silent', 'build:client']);
if (!only) step('type-checking', 'npm', ['run', '--silent', 'typecheck']);
// One format for all code (.prettierrc.json): `npm run format` fixes what this names.
if (!only)
  step('checking the format (Prettier)', process.execPath, [
    require.resolve('prettier/bin/prettier.cjs'),
    '--check',
    // The second run of a CI (the other database) and local reruns check only files that changed.
    '--cache',
    '--cache-strategy',
    'content',
    '--log-level',
    'warn',
    '**/*.{ts,tsx,js,cjs,mjs}',
  ]);
// Mistakes the compiler lets through: unused code, hooks misuse (eslint.config.mjs). `npm run lint` runs it alone.
if (!only) step('linting (ESLint)', 'npm', ['run', '--silent', 'lint']);

/** The whole run's slowest files and tests, so the suite's time has a visible owner in every CI log. */
function printSlowest(results) {
  const files = results.testResults.map((file) => ({ name: path.relative(root, file.name), ms: file.endTime - file.startTime }));
  const tests = results.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({ name: `${path.relative(root, file.name)} › ${test.title.slice(0, 90)}`, ms: test.duration ?? 0 })),
  );
  const seconds = (ms) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  console.log('\nSlowest files:');
  for (const file of files.sort((a, b) => b.ms - a.ms).slice(0, 12)) console.log(`${seconds(file.ms)}  ${file.name}`);
  console.log('Slowest tests:');
  for (const test of tests.sort((a, b) => b.ms - a.ms).slice(0, 12)) console.log(`${seconds(test.ms)}  ${test.name}`);
}

/**
 * CI runs the whole suite twice, once on each database (.ci/run), and must stay within its time budget (25 minutes
 * for both). The browser journeys are more than half of each run's time and exercise the client against the server's
 * one code path, which the HTTP and socket tests cover on both databases. So CI runs each journey once: half of them
 * (every other file, by name) on the embedded database and the other half on the server, `PUENTE_BROWSER_HALF=1` or
 * `2`. Without it, or with files named, every journey runs.
 */
function otherHalfOfBrowserJourneys() {
  const half = process.env.PUENTE_BROWSER_HALF;
  if (only || !half) return [];
  if (half !== '1' && half !== '2') {
    console.error(`PUENTE_BROWSER_HALF must be 1 or 2 (it was "${half}").`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const dir = path.join(root, 'test/browser');
  const journeys = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort();
  const skipped = journeys.filter((_, i) => i % 2 !== Number(half) - 1);
  console.log(
    `\nBrowser journeys, half ${half} of 2 on this database (the other half runs on the other one): ${journeys.length - skipped.length} of ${journeys.length} files.`,
  );
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return ['--testPathIgnorePatterns', '/node_modules/', ...skipped.map((name) => `/test/browser/${escape(name)}$`)];
}

const report = path.join(os.tmpdir(), `puente-jest-${process.pid}.json`);
console.log(`\n▶ jest on the ${process.env.DATABASE_URL ? 'PostgreSQL server in DATABASE_URL' : 'embedded database'}`);
const status = run(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    require.resolve('jest/bin/jest'),
    '--json',
    `--outputFile=${report}`,
    ...otherHalfOfBrowserJourneys(),
    ...process.argv.slice(2),
  ],
  {
    env: { ...process.env, CHROMIUM_PATH: CHROMIUM },
  },
);
let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  // A test file that fails to load counts as a failure even though it ran no test.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  if (!only) printSlowest(results);
  fs.rmSync(report, { force: true });
} catch {
  failed = Math.max(failed, 1);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
