/** Waiting for a condition in tests: the one polling loop, instead of fixed sleeps or a copy per file. */

/**
 * Resolves once `condition` holds (checked every `everyMs`), or rejects after `ms` naming `what`.
 * For what only shows up by looking again (a row, a page's state); a socket push has a barrier instead
 * (`settle` in dialogueFactory.ts).
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, { ms = 5000, everyMs = 20, what = 'condition' } = {}): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
