/**
 * "After the first screen": once the page has loaded, the first screen's own requests have settled and
 * the browser had an idle moment. What is not needed to draw the first screen — the service worker's
 * install, the send queue's badge and list — starts then, so on 2G it never competes with the screen the
 * person is waiting for.
 */
import { useEffect, useState } from 'react';
import { requestsSettled } from '../api/client';

let settled: Promise<void> | null = null;
let done = false;

async function settle(): Promise<void> {
  if (document.readyState !== 'complete') await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  // The render after the texts asks for the screen's data; let those requests start first.
  await new Promise((resolve) => window.setTimeout(resolve, 0));
  await Promise.race([requestsSettled(), new Promise((resolve) => window.setTimeout(resolve, 15_000))]);
  // And once the screen they brought has been drawn.
  await new Promise((resolve) => (typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(resolve, { timeout: 2000 }) : window.setTimeout(resolve, 200)));
  done = true;
}

/** Resolves once the first screen is up (the same moment for every caller in this page). */
export function firstScreenSettled(): Promise<void> {
  settled ??= settle();
  return settled;
}

/** False until the first screen is up, then true (re-rendering then). */
export function useAfterFirstScreen(): boolean {
  const [after, setAfter] = useState(done);
  useEffect(() => {
    if (after) return;
    let current = true;
    void firstScreenSettled().then(() => current && setAfter(true));
    return () => {
      current = false;
    };
  }, [after]);
  return after;
}
