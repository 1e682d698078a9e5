/**
 * A texts file imported as `…/<namespace>.json?form` (./es-form.ts, ./en-form.ts): the same JSON as a
 * module of its own, whose top-level keys (and a group's keys, as `group__key`) the bundler keeps only
 * where they are named.
 */
declare module '*.json?form' {
  const texts: Record<string, unknown>;
  export = texts;
}
