/**
 * The languages a mechanism offers (migration 0032): Spanish first and always, then the ones its admin
 * set, in the order its language switch shows them.
 */
import type { Database, Queryable } from '../db/database';
import type { TFunction } from 'i18next';
import { NotFound } from '../errors';
import { resolveMechanism } from '../http/mechanismResolver';
import { findAddedLanguages, type MechanismRecord } from '../repositories/mechanisms';
import { LANGUAGES, type Language } from '../../shared/roles';
import { SPANISH_LANGUAGE, type MechanismLanguageDto } from '../../shared/languages';

/** Every language `mechanismId` offers, Spanish first; empty when there is no such mechanism. */
export async function mechanismLanguagesOf(db: Queryable, mechanismId: string): Promise<MechanismLanguageDto[]> {
  const added = await findAddedLanguages(db, mechanismId);
  return added ? [SPANISH_LANGUAGE, ...added] : [];
}

/** The language `code` as `mechanismId` offers it, if it does. */
export async function offeredLanguage(db: Queryable, mechanismId: string, code: string): Promise<MechanismLanguageDto | undefined> {
  return (await mechanismLanguagesOf(db, mechanismId)).find((language) => language.code === code);
}

/** Whether a language's texts are the product's own (Spanish, English) rather than a translator's. */
export function isBuiltInLanguage(code: string): boolean {
  return (LANGUAGES as readonly string[]).includes(code);
}

/**
 * Names a language code as people of `mechanismId` read it: the name the mechanism gives an added
 * language (Yukpa), the product's own name for Spanish and English, the code itself for one no longer
 * offered (a complaint keeps the language it was filed in).
 */
export async function languageNamer(db: Queryable, mechanismId: string, t: TFunction): Promise<(code: string) => string> {
  const offered = await mechanismLanguagesOf(db, mechanismId);
  return (code) => (isBuiltInLanguage(code) ? t(`app:language.${code as Language}`) : (offered.find((language) => language.code === code)?.name ?? code));
}

/**
 * The languages a public mechanism (by slug, else the default one) adds to Spanish and English, for the
 * language switch of the form drawn into its page (server/http/clientFiles.ts): Yukpa, Ette Taara, ….
 */
export async function drawnLanguagesOf(db: Database, slug: string | undefined): Promise<{ code: string; name: string }[]> {
  let mechanism: MechanismRecord;
  try {
    mechanism = await resolveMechanism(db, { named: slug });
  } catch (error) {
    // A page naming no known mechanism is still drawn, with Spanish and English only.
    if (error instanceof NotFound) return [];
    throw error;
  }
  return (await mechanismLanguagesOf(db, mechanism.id)).filter((language) => !isBuiltInLanguage(language.code)).map(({ code, name }) => ({ code, name }));
}
