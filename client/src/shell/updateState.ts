/**
 * Where an update of the app stands, for UpdateNotice, and the switch to a new version. The worker's
 * registration (./serviceWorker.ts, with workbox-window) downloads once the app is in charge of the first
 * screen and hands its controls here; until then there is no update to show.
 */
import { useSyncExternalStore } from 'react';

/** Where an update stands: none, a new version waiting, or a new version already in charge (another tab). */
export type UpdateState = 'none' | 'waiting' | 'inCharge';

let state: UpdateState = 'none';
// registerSW's function that tells the waiting worker to take charge.
let takeCharge: (() => Promise<void>) | null = null;
// Set when the person pressed "Actualizar" here: only then does a change of worker reload this page.
let reloadWanted = false;

/** Hands over registerSW's function that tells the waiting worker to take charge. */
export function setTakeCharge(take: () => Promise<void>): void {
  takeCharge = take;
}

/** Whether the person asked for the new version here (then its taking charge reloads this page). */
export function reloadWasWanted(): boolean {
  return reloadWanted;
}

const listeners = new Set<() => void>();

/** Called by the registration when a new version waits, or took charge in another tab. */
export function setUpdateState(next: UpdateState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The update state, re-rendering when it changes. */
export function useUpdateState(): UpdateState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    // The form's first screen drawn at build (src/prerender): no worker yet.
    () => state,
  );
}

/** Switches to the new version and reloads; call only on the person's request, never under a form. */
export async function updateNow(): Promise<void> {
  if (state === 'inCharge') {
    window.location.reload();
    return;
  }
  // workbox-window sends SKIP_WAITING; once the new worker is in charge, onNeedReload reloads.
  reloadWanted = true;
  await takeCharge?.();
}
