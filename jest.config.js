/** Jest runs TypeScript through SWC (fast, no type check: `npm run typecheck` does that). */
module.exports = {
  // Node's environment, describing a failed test's open browser pages in the log (CI failures read from the log alone).
  testEnvironment: '<rootDir>/test/failureEnvironment.ts',
  roots: ['<rootDir>/server', '<rootDir>/shared', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }] },
  globalSetup: '<rootDir>/test/globalSetup.ts',
  globalTeardown: '<rootDir>/test/globalTeardown.ts',
  setupFiles: ['<rootDir>/test/setupEnv.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};
