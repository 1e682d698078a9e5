/**
 * The spreadsheet a community translator works in (issue #14 §7): one row per text, with its key, the
 * Spanish source and a column for the translation, headed by the language's code (`key;es;yup`). It is
 * the same CSV as every export (server/http/csv.ts: UTF-8 with BOM, `;`), and comes back as Excel,
 * LibreOffice or Google Sheets save it: `;` or `,`, with or without the BOM, cells quoted or not.
 */
import { parse } from 'csv-parse/sync';
import { resources } from '../../shared/i18n';
import { toCsv } from '../http/csv';
import { ValidationFailed } from '../errors';

/**
 * The namespaces a complainant meets (intake, tracking, the case and its dialogue, accounts, errors,
 * spoken help). Staff screens (administration, oversight, deadline controls) and what the server sends
 * (e-mails, the SMS conversation) stay in Spanish and English.
 */
export const TRANSLATED_NAMESPACES = [
  'account',
  'app',
  'deadlines',
  'dialogue',
  'dialogueUi',
  'domain',
  'errors',
  'intake',
  'intakeUi',
  'offline',
  'spokenHelp',
  'transparency',
] as const;

/** Biggest translation file accepted (all texts translated are ~150 KB). */
export const TRANSLATION_FILE_MAX_BYTES = 2 * 1024 * 1024;

/** Longest translation of one text. */
const TEXT_MAX = 5000;

function flatten(prefix: string, node: Record<string, unknown>, into: Map<string, string>): void {
  for (const [key, value] of Object.entries(node)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') into.set(path, value);
    else if (value && typeof value === 'object') flatten(`${path}.`, value as Record<string, unknown>, into);
  }
}

let source: Map<string, string> | undefined;

/** The product's texts a translation can have, `namespace:path.to.key` → its Spanish, in a stable order. */
export function spanishSource(): ReadonlyMap<string, string> {
  if (!source) {
    source = new Map();
    for (const namespace of TRANSLATED_NAMESPACES) flatten(`${namespace}:`, resources.es[namespace] as Record<string, unknown>, source);
  }
  return source;
}

/**
 * Where the mechanism's own words sit in a translation: its categories' names and descriptions, which a
 * person reads on the form and in the SMS menu (`category:<code>.name`, `category:<code>.description`).
 * They are data (each mechanism has its own), so they are not i18next texts: the server answers them.
 */
export const CATEGORY_KEY_PREFIX = 'category:';

/** The translation key of a category's name or description. */
export function categoryKey(code: string, field: 'name' | 'description'): string {
  return `${CATEGORY_KEY_PREFIX}${code}.${field}`;
}

/** A category as the mechanism keeps it: names and descriptions by language (`{ es, en }`). */
export interface CategoryWords {
  code: string;
  name: Record<string, string>;
  description: Record<string, string>;
}

/**
 * Every text a translation of this mechanism can have, key → Spanish: the product's texts, then the
 * mechanism's active categories (a category added later joins the file at the next export).
 */
export function translationSource(categories: readonly CategoryWords[]): ReadonlyMap<string, string> {
  const all = new Map(spanishSource());
  for (const category of categories) {
    all.set(categoryKey(category.code, 'name'), category.name.es ?? '');
    all.set(categoryKey(category.code, 'description'), category.description.es ?? '');
  }
  return all;
}

/** The file a translator fills in: every key of `source` with its Spanish and the translation so far. */
export function translationCsv(language: string, source: ReadonlyMap<string, string>, translations: ReadonlyMap<string, string>): string {
  const rows = [...source].map(([key, spanish]) => [key, spanish, translations.get(key) ?? '']);
  return toCsv(['key', 'es', language], rows);
}

/** Undoes the export's guard against spreadsheet formulas (a `'` before = + - @). */
function unguarded(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** What an imported file says: the translations of known keys, and the keys it lacks or does not know. */
export interface ReadTranslation {
  texts: Map<string, string>;
  missing: string[];
  unknown: string[];
}

/**
 * Reads a translation file of `language`. Refuses (naming the field `file`) a file that is not one;
 * otherwise every known key with a non-empty translation is taken, and the rest is reported.
 */
export function readTranslationCsv(language: string, content: Buffer, known: ReadonlyMap<string, string>): ReadTranslation {
  const refuse = (messageKey: string, params: Record<string, unknown> = {}) =>
    new ValidationFailed([{ field: 'file', messageKey, params: { language, ...params } }]);
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes(';') ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, relax_quotes: true });
  } catch {
    throw refuse('validation.translation_file');
  }
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const keyColumn = header.indexOf('key');
  const textColumn = header.indexOf(language);
  if (keyColumn < 0 || textColumn < 0) throw refuse('validation.translation_file');
  const texts = new Map<string, string>();
  const unknown: string[] = [];
  for (const row of rows.slice(1)) {
    const key = (row[keyColumn] ?? '').trim();
    const translation = unguarded((row[textColumn] ?? '').trim());
    if (!key) continue;
    if (!known.has(key)) {
      unknown.push(key);
      continue;
    }
    if (!translation) continue;
    if (translation.length > TEXT_MAX)
      throw new ValidationFailed([{ field: 'file', messageKey: 'validation.too_long', params: { count: TEXT_MAX, maximum: TEXT_MAX } }]);
    if (translation.includes('\u0000')) throw new ValidationFailed([{ field: 'file', messageKey: 'validation.unstorable_character' }]);
    texts.set(key, translation);
  }
  return { texts, missing: [...known.keys()].filter((key) => !texts.has(key)), unknown };
}

/**
 * Translations by key → namespace → nested texts, as i18next takes a language's resources. The
 * mechanism's own words (categories) are left out: the server answers them with the mechanism.
 */
export function nestedTexts(translations: ReadonlyMap<string, string>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, text] of translations) {
    if (key.startsWith(CATEGORY_KEY_PREFIX)) continue;
    const [namespace, path] = key.split(/:(.*)/s) as [string, string];
    let node = (out[namespace] ??= {});
    const parts = path.split('.');
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (next && typeof next === 'object' ? next : (node[part] = {})) as Record<string, unknown>;
    }
    node[parts.at(-1)!] = text;
  }
  return out;
}
