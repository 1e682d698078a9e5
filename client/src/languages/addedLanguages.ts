/**
 * Languages a mechanism added beyond Spanish and English (issue #14 §7): Yukpa, Ette Taara… A written
 * one shows its translator's texts, an audio-first one its spoken help; both show Spanish wherever
 * they have no text. The choice is remembered on this device for this mechanism, and comes back on
 * the next visit once the mechanism says it still offers the language.
 */
import type { MechanismLanguageDto } from '../../../shared/languages';
import type { LanguageTextsDto } from '../../../shared/languages';
import { apiGet } from '../api/client';
import { showAddedLanguage } from '../i18n';
import { LANGUAGES } from '../../../shared/roles';

const STORAGE_KEY = 'puente.addedLanguage';

/** Whether `code` is one of the product's own languages (Spanish, English) rather than an added one. */
export function isBuiltIn(code: string): boolean {
  return (LANGUAGES as readonly string[]).includes(code);
}

/** Downloads the language's texts (none for an audio-first one without any) and shows it; remembers the choice. */
export async function chooseAddedLanguage(mechanismId: string, language: MechanismLanguageDto): Promise<void> {
  const { texts } = await apiGet<LanguageTextsDto>(`/api/mechanisms/${mechanismId}/languages/${language.code}/texts`);
  await showAddedLanguage(language.code, texts);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ mechanismId, code: language.code }));
  } catch {
    // Without storage the choice lasts for this page.
  }
}

/** Forgets an added language chosen on this device (the person chose Spanish or English). */
export function forgetAddedLanguage(): void {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing remembered, nothing to forget.
  }
}

/** The added language chosen on this device for `mechanismId`, if any. */
export function rememberedAddedLanguage(mechanismId: string): string | undefined {
  try {
    const stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null') as { mechanismId?: string; code?: string } | null;
    return stored?.mechanismId === mechanismId ? stored.code : undefined;
  } catch {
    return undefined;
  }
}
