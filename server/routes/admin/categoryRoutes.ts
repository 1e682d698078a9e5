/** The complaint categories of a mechanism an admin manages: list, create, change. */
import { Router } from 'express';
import { categoryCreateSchema, categoryUpdateSchema } from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { managedMechanism } from '../../http/areaGates';
import { pathId } from '../../http/pathId';
import { withUniqueFields } from '../../http/uniqueConflict';
import { parseInput } from '../../http/validate';
import { findCategory, insertCategory, listCategories, updateCategory } from '../../repositories/adminConfig';
import { MANAGED, recordedChange } from './recordedChange';

/** Routes under /api/admin/mechanisms/:mechanismId/categories (behind requireAdmin, server/routes/admin/adminRoutes.ts). */
export function categoryRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(`${MANAGED}/categories`, async (req, res) => {
    res.json(await listCategories(ctx.db, managedMechanism(req)));
  });

  router.post(`${MANAGED}/categories`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(categoryCreateSchema, req.body);
    const id = await withUniqueFields({ categories_mechanism_id_code_key: ['code', 'validation.code_taken'] }, () =>
      recordedChange(ctx, req, mechanismId, 'categories.create', input, (tx) => insertCategory(tx, mechanismId, input)),
    );
    res.status(201).json(await findCategory(ctx.db, mechanismId, id));
  });

  router.patch(`${MANAGED}/categories/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = pathId(req.params.id);
    const change = parseInput(categoryUpdateSchema, req.body);
    const updated = await recordedChange(ctx, req, mechanismId, 'categories.update', change, async (tx) =>
      (await updateCategory(tx, mechanismId, id, change)) ? id : undefined,
    );
    if (!updated) throw new NotFound();
    res.json(await findCategory(ctx.db, mechanismId, id));
  });

  return router;
}
