#!/usr/bin/env node
/**
 * `npm test`: everything the suite needs, then the suite.
 *   1. Debian's Chromium for the browser tests (installed with apt-get when missing and we are root);
 *   2. the client build the browser tests load;
 *   3. the type check of server, shared code, tests and client;
 *   4. jest (against the embedded database, or the server in DATABASE_URL), ending with "N passed, N failed".
 * Extra arguments go to jest (e.g. `npm test -- test/api`).
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
  step('installing Chromium from Debian (browser tests)', 'sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
}

ensureChromium();
step('building the client', 'npm', ['run', '--silent', 'build:client']);
step('type-checking', 'npm', ['run', '--silent', 'typecheck']);

const report = path.join(os.tmpdir(), `puente-jest-${process.pid}.json`);
console.log(`\n▶ jest on the ${process.env.DATABASE_URL ? 'PostgreSQL server in DATABASE_URL' : 'embedded database'}`);
const status = run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  env: { ...process.env, CHROMIUM_PATH: CHROMIUM },
});
let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  // A test file that fails to load counts as a failure even though it ran no test.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  fs.rmSync(report, { force: true });
} catch {
  failed = Math.max(failed, 1);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
