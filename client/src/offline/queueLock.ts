/**
 * One sender at a time per phone: tabs and the service worker take the same Web Lock, so two of them
 * never upload one file at once (the server would still keep it once; this saves the phone's data).
 */
const LOCK = 'puente-send-queue';

/** Runs `work` holding the queue's lock; resolves to `busy` when another tab or the worker holds it. */
export async function withQueueLock<T>(work: () => Promise<T>): Promise<T | 'busy'> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  return locks.request(LOCK, { ifAvailable: true }, async (lock) => (lock ? work() : ('busy' as const)));
}
