/**
 * The admin's taxonomy of root causes (issue #17 item 1): causes under each category, the companies'
 * sites or operations, and whether a company may propose a case's causes. Like every admin route:
 * 404 to anyone but an admin of the mechanism, and each change is appended to the audit record in its
 * own transaction.
 */
import { Router, type Request } from 'express';
import { pathId } from '../../http/pathId';
import type { AdminRootCausesDto } from '../../../shared/types/learning';
import { learningSettingsSchema, rootCauseCreateSchema, rootCauseUpdateSchema, siteCreateSchema } from '../../../shared/validation/learning';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { NotFound, ValidationFailed } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { withUniqueFields } from '../../http/uniqueConflict';
import { parseInput } from '../../http/validate';
import { recordAdminChange } from '../../audit/adminChanges';
import { managedMechanism, requireAdmin } from '../../http/areaGates';
import { adminTaxonomy, categoryOfMechanism, insertRootCause, insertSite, setCompanyProposesCauses, updateRootCause } from '../../repositories/rootCauses';

/** Routes under /api/admin/mechanisms/:mechanismId for the taxonomy. */
export function rootCauseAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const m = '/admin/mechanisms/:mechanismId';
  router.use('/admin', requireAdmin);

  /** Runs a change and records it for the audit in one transaction (nothing is recorded when `work` finds nothing). */
  const recorded = (req: Request, mechanismId: string, action: string, data: object, work: (tx: Tx) => Promise<string | undefined>) =>
    ctx.db.transaction(async (tx) => {
      const targetId = await work(tx);
      if (targetId !== undefined)
        await recordAdminChange(tx, { mechanismId, actor: currentUser(req), action, targetId, data: { ...data }, at: ctx.clock.now() });
      return targetId;
    });
  const answer = async (mechanismId: string): Promise<AdminRootCausesDto> => adminTaxonomy(ctx.db, mechanismId);

  router.get(`${m}/root-causes`, async (req, res) => {
    res.json(await answer(managedMechanism(req)));
  });

  router.post(`${m}/root-causes`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(rootCauseCreateSchema, req.body);
    if (!(await categoryOfMechanism(ctx.db, mechanismId, input.categoryId)))
      throw new ValidationFailed([{ field: 'categoryId', messageKey: 'validation.invalid_value' }]);
    await withUniqueFields({ root_causes_mechanism_id_code_key: ['code', 'validation.code_taken'] }, () =>
      recorded(req, mechanismId, 'root_causes.create', input, (tx) => insertRootCause(tx, mechanismId, input)),
    );
    res.status(201).json(await answer(mechanismId));
  });

  router.patch(`${m}/root-causes/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = pathId(req.params.id);
    const change = parseInput(rootCauseUpdateSchema, req.body);
    const updated = await recorded(req, mechanismId, 'root_causes.update', change, (tx) => updateRootCause(tx, mechanismId, id, change));
    if (!updated) throw new NotFound();
    res.json(await answer(mechanismId));
  });

  router.post(`${m}/companies/:companyId/sites`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const companyId = pathId(req.params.companyId);
    const input = parseInput(siteCreateSchema, req.body);
    const id = await withUniqueFields({ company_sites_company_id_name_key: ['name', 'validation.site_name_taken'] }, () =>
      recorded(req, mechanismId, 'company_sites.create', { companyId, ...input }, (tx) => insertSite(tx, mechanismId, companyId, input.name)),
    );
    if (!id) throw new NotFound();
    res.status(201).json(await answer(mechanismId));
  });

  router.put(`${m}/learning-settings`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(learningSettingsSchema, req.body);
    await recorded(req, mechanismId, 'mechanisms.learning_settings', input, async (tx) => {
      await setCompanyProposesCauses(tx, mechanismId, input.companyProposesCauses);
      return mechanismId;
    });
    res.json(await answer(mechanismId));
  });

  return router;
}
