/** What forms and public pages need to know about a mechanism. */
import { Router, type Request } from 'express';
import type { MechanismDto } from '../../../shared/types/api';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { spokenHelpOf } from '../clips/clipRoutes';
import { mechanismLanguagesOf } from '../../languages/mechanismLanguages';
import { categoryWordsIn } from '../../languages/categoryWords';
import type { MechanismLanguageDto } from '../../../shared/languages';
import { findDefaultMechanism, findMechanism, findMechanismBySlug, mechanismLists } from '../../repositories/mechanisms';

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
    const slug = typeof req.query.slug === 'string' && req.query.slug ? req.query.slug : undefined;
    const mechanism = slug
      ? await findMechanismBySlug(ctx.db, slug)
      : req.user
        ? await findMechanism(ctx.db, req.user.mechanismId)
        : await findDefaultMechanism(ctx.db);
    if (!mechanism) throw new NotFound();
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
