/** What forms and public pages need to know about a mechanism. */
import { Router, type Request } from 'express';
import type { MechanismDto } from '../../../shared/types/api';
import type { AppContext } from '../../context';
import { spokenHelpOf } from '../clips/clipRoutes';
import { mechanismLanguagesOf } from '../../languages/mechanismLanguages';
import { categoryWordsIn } from '../../languages/categoryWords';
import type { MechanismLanguageDto } from '../../../shared/languages';
import { mechanismLists } from '../../repositories/mechanisms';
import { shownMechanism } from '../../http/mechanismResolver';

/**
 * The language whose clips the form plays: the browser's own (Accept-Language, which the client sets to
 * the language on screen) when the mechanism offers it — an audio-first language has clips but no
 * written texts, so the server answers its words in Spanish (req.language) — else the answer's language.
 */
function spokenLanguage(req: Request, offered: readonly MechanismLanguageDto[]): string {
  const asked = (req.get('accept-language') ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  return offered.some((language) => language.code === asked) ? asked : req.language;
}

/** Routes under /api for mechanism reference data (public). */
export function mechanismRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/mechanism', async (req, res) => {
    // Public pages name their mechanism by slug; otherwise a user's own, otherwise the oldest one.
    const mechanism = await shownMechanism(ctx, req);
    const [lists, languages] = await Promise.all([mechanismLists(ctx.db, mechanism.id), mechanismLanguagesOf(ctx.db, mechanism.id)]);
    const spoken = spokenLanguage(req, languages);
    // In a language the mechanism added, the categories read as its translator wrote them (Spanish where not).
    const wordsOf = await categoryWordsIn(ctx.db, mechanism.id, lists.categories, spoken, req.language);
    const body: MechanismDto = {
      id: mechanism.id,
      name: mechanism.name,
      region: mechanism.region,
      referencePrefix: mechanism.referencePrefix,
      companies: lists.companies,
      categories: lists.categories.map((c) => ({
        id: c.id,
        code: c.code,
        icon: c.icon,
        ...wordsOf(c),
        redFlag: c.redFlag,
      })),
      municipalities: lists.municipalities,
      spokenHelp: await spokenHelpOf(ctx.db, mechanism.id, spoken),
      languages,
    };
    res.json(body);
  });

  return router;
}
