/**
 * Languages of a mechanism (issue #14 §7). Anyone may read a language's imported texts (they are the
 * form's words, public like the form); only an admin of the mechanism lists and sets its languages and
 * exports or imports a translation — 404 for everyone else.
 */
import express, { Router } from 'express';
import { isPathId } from '../../http/pathId';
import type { AdminLanguageListDto, LanguageTextsDto } from '../../../shared/languages';
import { LANGUAGE_CODE_PATTERN } from '../../../shared/languages';
import { mechanismLanguagesSchema } from '../../../shared/validation/languages';
import { intakeClipKeys } from '../../../shared/spokenHelp';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { mechanismLists } from '../../repositories/mechanisms';
import { listVoiceClipCounts } from '../../repositories/voiceClips';
import { managedMechanism, requireAdmin } from '../../http/areaGates';
import { isBuiltInLanguage, mechanismLanguagesOf, offeredLanguage } from '../../languages/mechanismLanguages';
import { languageTextCounts, languageTextsOf } from '../../repositories/languageTexts';
import { nestedTexts, translationCsv, translationSource, TRANSLATION_FILE_MAX_BYTES } from '../../languages/translationFile';
import { importTranslation, setMechanismLanguages } from '../../languages/languageKeeper';

/** Routes of mechanism languages. */
export function languageRoutes(ctx: AppContext): Router {
  const router = Router();

  /** A translator's texts of a language the mechanism offers, for the browser (keys it lacks show in Spanish). */
  router.get('/mechanisms/:mechanismId/languages/:language/texts', async (req, res) => {
    const { mechanismId, language } = req.params;
    if (!isPathId(mechanismId) || !LANGUAGE_CODE_PATTERN.test(language) || isBuiltInLanguage(language)) throw new NotFound();
    if (!(await offeredLanguage(ctx.db, mechanismId, language))) throw new NotFound();
    const body: LanguageTextsDto = { language, texts: nestedTexts(await languageTextsOf(ctx.db, mechanismId, language)) };
    // A new import must reach the next visit: the browser asks again each time (the service worker keeps a copy for no signal).
    res.set('Cache-Control', 'no-cache').json(body);
  });

  const base = '/admin/mechanisms/:mechanismId/languages';
  router.use(base, requireAdmin);

  /** The languages the mechanism offers, with how many texts are translated and clips recorded in each. */
  router.get(base, async (req, res) => {
    res.json(await languageList(ctx, managedMechanism(req)));
  });

  /** Sets the languages offered besides Spanish (the whole list, in the switch's order). */
  router.put(base, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(mechanismLanguagesSchema, req.body);
    await setMechanismLanguages(ctx, currentUser(req).id, mechanismId, input);
    res.json(await languageList(ctx, mechanismId));
  });

  /** The spreadsheet a translator fills in: key, Spanish, and the translation so far; the product's texts, then the mechanism's categories. */
  router.get(`${base}/:language/texts.csv`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const language = req.params.language as string;
    if (isBuiltInLanguage(language) || !(await offeredLanguage(ctx.db, mechanismId, language))) throw new NotFound();
    const [lists, translations] = await Promise.all([mechanismLists(ctx.db, mechanismId), languageTextsOf(ctx.db, mechanismId, language)]);
    const csv = translationCsv(language, translationSource(lists.categories), translations);
    res
      .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="puente-${language}.csv"`, 'Cache-Control': 'no-store' })
      .send(csv);
  });

  /** Imports the filled-in spreadsheet (the body is the CSV file): it replaces the language's texts; the report lists the keys left in Spanish. */
  router.put(`${base}/:language/texts`, express.raw({ type: () => true, limit: TRANSLATION_FILE_MAX_BYTES }), async (req, res) => {
    const mechanismId = managedMechanism(req);
    const file = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.json(await importTranslation(ctx, currentUser(req).id, mechanismId, req.params.language as string, file));
  });

  return router;
}

async function languageList(ctx: AppContext, mechanismId: string): Promise<AdminLanguageListDto> {
  const [languages, texts, clips, lists] = await Promise.all([
    mechanismLanguagesOf(ctx.db, mechanismId),
    languageTextCounts(ctx.db, mechanismId),
    listVoiceClipCounts(ctx.db, mechanismId),
    mechanismLists(ctx.db, mechanismId),
  ]);
  if (languages.length === 0) throw new NotFound();
  const totalTexts = translationSource(lists.categories).size;
  const clipKeys = new Set(intakeClipKeys(lists.categories.map((c) => c.code)));
  return {
    languages: languages.map((language) => {
      const builtIn = isBuiltInLanguage(language.code);
      return {
        ...language,
        builtIn,
        translated: builtIn ? totalTexts : (texts.get(language.code) ?? 0),
        totalTexts,
        clipsRecorded: (clips.get(language.code) ?? []).filter((key) => clipKeys.has(key)).length,
        totalClips: clipKeys.size,
      };
    }),
  };
}
