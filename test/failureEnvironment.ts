/**
 * Jest's node environment, plus one thing: when a test fails, every browser page the test still has open
 * is described in the log (address, step, alerts, focus, the start of its text, its last console lines).
 * A browser test that fails on CI under load can then be understood from the log alone, without a rerun.
 * The pages are known to test/browser/browser.ts, which sets `__puenteDescribePages` in the test's global.
 */
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

/** What browser.ts puts in the test's global for this environment. */
export type DescribePages = () => Promise<string>;

export default class FailureEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const describe = this.global.__puenteDescribePages as DescribePages | undefined;
    if (!describe) return;
    try {
      const text = await describe();
      if (text) process.stderr.write(`\n── open pages when "${event.name === 'test_fn_failure' ? event.test.name : event.hook.type}" failed ──\n${text}\n`);
    } catch (error) {
      process.stderr.write(`\n(could not describe the open pages: ${(error as Error).message})\n`);
    }
  }
}
