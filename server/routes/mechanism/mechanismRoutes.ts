/** What forms and public pages need to know about a mechanism. */
import { Router } from 'express';
import type { MechanismDto } from '../../../shared/types/api';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { localized } from '../../presenters/casePresenter';
import { spokenHelpOf } from '../clips/clipRoutes';
import { findDefaultMechanism, findMechanism, findMechanismBySlug, mechanismLists } from '../../repositories/mechanisms';

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
    const lists = await mechanismLists(ctx.db, mechanism.id);
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
        name: localized(c.name, req.language),
        description: localized(c.description, req.language),
        redFlag: c.redFlag,
      })),
      municipalities: lists.municipalities,
      spokenHelp: await spokenHelpOf(ctx.db, mechanism.id, req.language),
    };
    res.json(body);
  });

  return router;
}
