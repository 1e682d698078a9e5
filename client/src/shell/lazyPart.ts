/**
 * A lazily downloaded part of a screen that must never break the screen: where `React.lazy` would throw
 * a failed download to the error boundary (the whole screen gone on a dropped request), this one keeps
 * trying — when the signal returns, and every few seconds — and the part shows once it is here.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

const RETRY_MS = 5_000;

/** Resolves with `load()`'s result, trying again after a failure (on `online`, or after a few seconds). */
export function keepTrying<T>(load: () => Promise<T>): Promise<T> {
  return load().catch(
    () =>
      new Promise<T>((resolve) => {
        const again = () => {
          window.removeEventListener('online', again);
          window.clearTimeout(timer);
          resolve(keepTrying(load));
        };
        const timer = window.setTimeout(again, RETRY_MS);
        window.addEventListener('online', again);
      }),
  );
}

/** `React.lazy` for the component `load` downloads, with `keepTrying`. */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyExoticComponent<ComponentType<P>> {
  return lazy(() => keepTrying(load).then((component) => ({ default: component })));
}
