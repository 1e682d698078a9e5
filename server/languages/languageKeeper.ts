/**
 * The admin's changes to a mechanism's languages (issue #14 §7): which languages it offers, and a
 * translator's texts imported back from the spreadsheet. Each change is on the audit record.
 */
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { logger } from '../logger';
import { recordAdminChange } from '../audit/adminChanges';
import type { MechanismLanguagesInput } from '../../shared/validation/languages';
import type { MechanismLanguageDto, TranslationImportDto } from '../../shared/languages';
import { isBuiltInLanguage, mechanismLanguagesOf, offeredLanguage } from './mechanismLanguages';
import { replaceLanguageTexts } from '../repositories/languageTexts';
import { readTranslationCsv, translationSource } from './translationFile';
import { mechanismLists, saveMechanismLanguages } from '../repositories/mechanisms';

/** Sets the languages `mechanismId` offers besides Spanish; answers the whole list, Spanish first. */
export async function setMechanismLanguages(
  ctx: AppContext,
  adminId: string,
  mechanismId: string,
  input: MechanismLanguagesInput,
): Promise<MechanismLanguageDto[]> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await saveMechanismLanguages(tx, mechanismId, input.languages);
    await recordAdminChange(tx, {
      mechanismId,
      actor: { id: adminId },
      action: 'languages.update',
      targetId: mechanismId,
      data: { languages: input.languages },
      at,
    });
  });
  logger.info('mechanism languages set', { mechanismId, languages: input.languages.map((l) => `${l.code}:${l.mode}`), by: adminId });
  return mechanismLanguagesOf(ctx.db, mechanismId);
}

/**
 * Imports a translation file of `language` (one the mechanism offers and whose texts are not the
 * product's own), the product's texts and the mechanism's categories: the file is the whole
 * translation, so it replaces the texts before it.
 */
export async function importTranslation(ctx: AppContext, adminId: string, mechanismId: string, language: string, file: Buffer): Promise<TranslationImportDto> {
  const offered = await offeredLanguage(ctx.db, mechanismId, language);
  if (!offered || isBuiltInLanguage(language)) throw new NotFound();
  const source = translationSource((await mechanismLists(ctx.db, mechanismId)).categories);
  const read = readTranslationCsv(language, file, source);
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await replaceLanguageTexts(tx, { mechanismId, language, texts: read.texts, at, byUserId: adminId });
    await recordAdminChange(tx, {
      mechanismId,
      actor: { id: adminId },
      action: 'languages.texts.import',
      targetId: language,
      data: { language, translated: read.texts.size, missing: read.missing.length, unknown: read.unknown.length },
      at,
    });
  });
  logger.info('translation imported', {
    mechanismId,
    language,
    translated: read.texts.size,
    missing: read.missing.length,
    unknown: read.unknown.length,
    by: adminId,
  });
  return { language, translated: read.texts.size, total: source.size, missing: read.missing, unknown: read.unknown };
}
