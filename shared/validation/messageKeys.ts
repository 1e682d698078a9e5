/**
 * Validation messages are translation keys, so the browser and the API give the same words. The common
 * ones live in the `errors` namespace and are written bare (`validation.required`); a screen's own
 * messages live in that screen's namespace and are written with it (`admin:places.map.positionTaken`).
 */

// A namespace, a colon, a dotted key: never one of zod's own English sentences (they have spaces).
const NAMESPACED = /^[A-Za-z]+:[\w.]+$/;

/** The message as a translation key, or undefined when it is zod's own text (then a generic key applies). */
export function validationKey(message: string | undefined): string | undefined {
  if (!message) return undefined;
  return message.startsWith('validation.') || NAMESPACED.test(message) ? message : undefined;
}

/** The full i18next key of a validation key: bare ones are in `errors`, namespaced ones stay as they are. */
export function validationTranslationKey(key: string): string {
  return NAMESPACED.test(key) ? key : `errors:${key}`;
}
