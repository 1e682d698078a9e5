/** The five kinds of people Puente serves (see ../docs/glossary.md). Order matters nowhere. */
export const ROLES = ['complainant', 'facilitator', 'liaison', 'ombudsman', 'admin'] as const;

/** A user's role decides what they may see and do; liaisons are further scoped to one company. */
export type Role = (typeof ROLES)[number];

/** Languages the product is complete in; Spanish is the source language and the default. */
export const LANGUAGES = ['es', 'en'] as const;

/** A supported interface language. */
export type Language = (typeof LANGUAGES)[number];

/** The language used when a person has not chosen one. */
export const DEFAULT_LANGUAGE: Language = 'es';

/** Narrows an arbitrary string (header, query, stored preference) to a supported language. */
export function toLanguage(value: unknown): Language | undefined {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : undefined;
}
