/**
 * Languages a mechanism offers (issue #14 §7). Spanish is always there: it is the source of every
 * text and what a language without a text of its own shows. English is offered by default and
 * complete in the product; others are added by the mechanism's admin, either **written** (a community
 * translator's texts, imported from a spreadsheet) or **audio-first** (spoken help for every step;
 * written texts stay in Spanish), e.g. Yukpa (`yup`) and Ette Taara, which ISO 639-3 lists as Chimila
 * (`cbg`).
 */

/** How a language reaches people: its own written texts, or spoken help over Spanish texts. */
export const LANGUAGE_MODES = ['written', 'audio_first'] as const;
/** One of LANGUAGE_MODES. */
export type LanguageMode = (typeof LANGUAGE_MODES)[number];

/** A language code: ISO 639-1 where the language has one, ISO 639-3 otherwise (Yukpa `yup`, Chimila `cbg`). */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}$/;

/** A language a mechanism offers, as its switch shows it: the name is the one its speakers use. */
export interface MechanismLanguageDto {
  code: string;
  name: string;
  mode: LanguageMode;
}

/** Spanish, first in every mechanism's list. */
export const SPANISH_LANGUAGE: MechanismLanguageDto = { code: 'es', name: 'Español', mode: 'written' };

/** Most languages one mechanism offers besides Spanish (the switch must fit on a phone). */
export const MAX_ADDED_LANGUAGES = 8;

/** A language's imported texts for the browser: namespace → nested texts, as i18next takes them. */
export interface LanguageTextsDto {
  language: string;
  texts: Record<string, Record<string, unknown>>;
}

/** One language in the admin's list, with how far its texts and clips are. */
export interface AdminLanguageDto extends MechanismLanguageDto {
  /** Whether its texts are the product's own (Spanish, English): not exported or imported. */
  builtIn: boolean;
  /** Texts translated, of `totalTexts`. */
  translated: number;
  totalTexts: number;
  /** Spoken-help clips recorded, of `totalClips`. */
  clipsRecorded: number;
  totalClips: number;
}

/** Answer of `GET /api/admin/mechanisms/:id/languages`. */
export interface AdminLanguageListDto {
  languages: AdminLanguageDto[];
}

/** Answer of an import: what was taken, and the keys that will show in Spanish. */
export interface TranslationImportDto {
  language: string;
  /** Keys with a translation now. */
  translated: number;
  /** Every key a translation can have. */
  total: number;
  /** Keys without a translation in the file: they show in Spanish. */
  missing: string[];
  /** Keys in the file that no text has (misspelt, or removed from the product): ignored. */
  unknown: string[];
}
