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

/** Every text a translation can have, `namespace:path.to.key` → its Spanish, in a stable order. */
export function spanishSource(): ReadonlyMap<string, string> {
  if (!source) {
    source = new Map();
    for (const namespace of TRANSLATED_NAMESPACES) flatten(`${namespace}:`, resources.es[namespace] as Record<string, unknown>, source);
  }
  return source;
}

/** The file a translator fills in: every key with its Spanish and the translation so far. */
export function translationCsv(language: string, translations: ReadonlyMap<string, string>): string {
  const rows = [...spanishSource()].map(([key, spanish]) => [key, spanish, translations.get(key) ?? '']);
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
export function readTranslationCsv(language: string, content: Buffer): ReadTranslation {
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
  const known = spanishSource();
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
    if (translation.length > TEXT_MAX) throw new ValidationFailed([{ field: 'file', messageKey: 'validation.too_long', params: { count: TEXT_MAX, maximum: TEXT_MAX } }]);
    if (translation.includes('\u0000')) throw new ValidationFailed([{ field: 'file', messageKey: 'validation.unstorable_character' }]);
    texts.set(key, translation);
  }
  return { texts, missing: [...known.keys()].filter((key) => !texts.has(key)), unknown };
}

/** Translations by key → namespace → nested texts, as i18next takes a language's resources. */
export function nestedTexts(translations: ReadonlyMap<string, string>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, text] of translations) {
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
