/**
 * The moment the app is in charge of the screen: its first screen is drawn (on `/presentar-queja`, when
 * it took over from the copy drawn into the HTML). Parts that are not needed for that screen — the send
 * queue's badge and list, the voice recorder, the rest of the texts — download only after it, so on 2G
 * they do not share the line with the code the person is waiting for (docs/reach.md, the JS budget).
 */

let resolveInCharge: () => void = () => undefined;

/** Settles once the app is in charge of the screen (see markAppInCharge). */
export const appInCharge: Promise<void> = new Promise((resolve) => {
  resolveInCharge = resolve;
});

/**
 * Called when the app's first screen is on show: by the form when it takes over from the drawn copy,
 * by main.tsx after the first render on pages that came without one. Calling it again does nothing.
 */
export function markAppInCharge(): void {
  resolveInCharge();
}

/** Whether this page came with a screen drawn into its HTML that the app has not taken over yet. */
export function hasDrawnCopy(): boolean {
  return typeof document !== 'undefined' && document.getElementById('prerendered') !== null;
}

/** `load`, started only once the app is in charge and the browser has painted that screen. */
export function afterInCharge<T>(load: () => Promise<T>): () => Promise<T> {
  return () => appInCharge.then(() => new Promise<void>((resolve) => window.setTimeout(resolve, 0))).then(load);
}
