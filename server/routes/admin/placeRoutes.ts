/** The places of a mechanism an admin manages: municipalities (and their map squares), veredas and corregimientos. */
import { Router } from 'express';
import { municipalityCreateSchema, municipalityUpdateSchema, placeUpdateSchema, veredaCreateSchema } from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { managedMechanism } from '../../http/areaGates';
import { pathId } from '../../http/pathId';
import { withUniqueFields } from '../../http/uniqueConflict';
import { parseInput } from '../../http/validate';
import { logger } from '../../logger';
import {
  findMunicipality,
  insertMunicipality,
  insertVereda,
  listMunicipalities,
  updateMunicipality,
  updateVereda,
  veredaMunicipalityId,
} from '../../repositories/adminConfig';
import { MANAGED, recordedChange } from './recordedChange';

/** Routes under /api/admin/mechanisms/:mechanismId/{municipalities,veredas} (behind requireAdmin, server/routes/admin/adminRoutes.ts). */
export function placeRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(`${MANAGED}/municipalities`, async (req, res) => {
    res.json(await listMunicipalities(ctx.db, managedMechanism(req)));
  });

  router.post(`${MANAGED}/municipalities`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(municipalityCreateSchema, req.body);
    const id = await withUniqueFields({ municipalities_mechanism_id_dane_code_key: ['daneCode', 'validation.dane_code_taken'] }, () =>
      recordedChange(ctx, req, mechanismId, 'municipalities.create', input, (tx) => insertMunicipality(tx, mechanismId, input)),
    );
    res.status(201).json(await findMunicipality(ctx.db, mechanismId, id));
  });

  router.patch(`${MANAGED}/municipalities/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = pathId(req.params.id);
    const change = parseInput(municipalityUpdateSchema, req.body);
    const updated = await withUniqueFields({ municipalities_map_position_key: ['mapPosition', 'validation.map_position_taken'] }, () =>
      recordedChange(ctx, req, mechanismId, 'municipalities.update', change, async (tx) =>
        (await updateMunicipality(tx, mechanismId, id, change)) ? id : undefined,
      ),
    );
    if (!updated) throw new NotFound();
    if (change.mapPosition !== undefined)
      logger.info('municipality placed on the map', { mechanismId, municipalityId: id, mapPosition: change.mapPosition, by: req.user!.id });
    res.json(await findMunicipality(ctx.db, mechanismId, id));
  });

  const veredaUnique = { veredas_municipality_id_name_key: ['name', 'validation.name_taken'] } as const;
  router.post(`${MANAGED}/municipalities/:id/veredas`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const municipalityId = pathId(req.params.id);
    const input = parseInput(veredaCreateSchema, req.body);
    if (!(await findMunicipality(ctx.db, mechanismId, municipalityId))) throw new NotFound();
    await withUniqueFields({ ...veredaUnique }, () =>
      recordedChange(ctx, req, mechanismId, 'veredas.create', { municipalityId, ...input }, (tx) => insertVereda(tx, municipalityId, input)),
    );
    res.status(201).json(await findMunicipality(ctx.db, mechanismId, municipalityId));
  });

  router.patch(`${MANAGED}/veredas/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = pathId(req.params.id);
    const change = parseInput(placeUpdateSchema, req.body);
    const updated = await withUniqueFields({ ...veredaUnique }, () =>
      recordedChange(ctx, req, mechanismId, 'veredas.update', change, async (tx) => ((await updateVereda(tx, mechanismId, id, change)) ? id : undefined)),
    );
    if (!updated) throw new NotFound();
    res.json(await findMunicipality(ctx.db, mechanismId, await veredaMunicipalityId(ctx.db, id)));
  });

  return router;
}
