/**
 * The value a zod issue is about, read from the input at the path: zod 4 leaves the input out
 * of its issues, and telling "missing" from "wrong" needs it (the API and the browser's forms both do).
 */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
