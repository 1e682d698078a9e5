/** The companies of a mechanism an admin manages: list, create, rename, (de)activate, referral flags. */
import { Router } from 'express';
import { companyCreateSchema, companyUpdateSchema } from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { managedMechanism } from '../../http/areaGates';
import { pathId } from '../../http/pathId';
import { withUniqueFields } from '../../http/uniqueConflict';
import { parseInput } from '../../http/validate';
import { logger } from '../../logger';
import { findCompany, insertCompany, listCompanies, updateCompany } from '../../repositories/adminConfig';
import { MANAGED, recordedChange } from './recordedChange';

/** Routes under /api/admin/mechanisms/:mechanismId/companies (behind requireAdmin, server/routes/admin/adminRoutes.ts). */
export function companyRoutes(ctx: AppContext): Router {
  const router = Router();
  const companyUnique = { companies_mechanism_id_slug_key: ['slug', 'validation.slug_taken'] } as const;

  router.get(`${MANAGED}/companies`, async (req, res) => {
    res.json(await listCompanies(ctx.db, managedMechanism(req)));
  });

  router.post(`${MANAGED}/companies`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(companyCreateSchema, req.body);
    const id = await withUniqueFields({ ...companyUnique }, () =>
      recordedChange(ctx, req, mechanismId, 'companies.create', input, (tx) => insertCompany(tx, mechanismId, input, ctx.clock.now())),
    );
    logger.info('company created', { mechanismId, companyId: id, by: req.user!.id });
    res.status(201).json(await findCompany(ctx.db, mechanismId, id));
  });

  router.patch(`${MANAGED}/companies/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = pathId(req.params.id);
    const change = parseInput(companyUpdateSchema, req.body);
    const updated = await recordedChange(ctx, req, mechanismId, 'companies.update', change, async (tx) =>
      (await updateCompany(tx, mechanismId, id, change)) ? id : undefined,
    );
    if (!updated) throw new NotFound();
    logger.info('company changed', { mechanismId, companyId: id, by: req.user!.id });
    res.json(await findCompany(ctx.db, mechanismId, id));
  });

  return router;
}
