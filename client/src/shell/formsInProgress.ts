/**
 * Whether the person is in the middle of something a reload would lose: a form they typed in since they
 * opened this screen, or a screen that says so itself (a half-filled complaint restored from the
 * device, a receipt whose key is shown only once). A new version of the app is never applied then.
 */
import { useEffect, useSyncExternalStore } from 'react';

const claims = new Set<symbol>();
let typedOnThisScreen = false;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while a reload would lose something the person is doing. */
export function formInProgress(): boolean {
  return typedOnThisScreen || claims.size > 0;
}

/** Re-renders when `formInProgress()` changes. */
export function useFormInProgress(): boolean {
  // The third is for the form's first screen drawn at build (src/prerender).
  return useSyncExternalStore(subscribe, formInProgress, formInProgress);
}

/** A screen declares that a reload now would lose work (while `inProgress` is true and it is shown). */
export function useKeepsWork(inProgress: boolean): void {
  useEffect(() => {
    if (!inProgress) return;
    const claim = Symbol('work in progress');
    claims.add(claim);
    changed();
    return () => {
      claims.delete(claim);
      changed();
    };
  }, [inProgress]);
}

/** Another screen is shown: what was typed on the previous one was sent or left on purpose. */
export function screenChanged(): void {
  if (!typedOnThisScreen) return;
  typedOnThisScreen = false;
  changed();
}

// Typing in any field counts, whatever the screen: no screen has to remember to declare it.
if (typeof document !== 'undefined') {
  document.addEventListener(
    'input',
    () => {
      if (typedOnThisScreen) return;
      typedOnThisScreen = true;
      changed();
    },
    { capture: true },
  );
}
