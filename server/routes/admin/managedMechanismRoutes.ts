/** The mechanisms an admin manages (their own and those granted to them): list them and create one. */
import { Router } from 'express';
import { mechanismSchema } from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { createMechanism } from '../../commands/mechanismCreator';
import { presentMechanism } from '../../presenters/adminPresenter';
import { listMechanisms } from '../../repositories/adminConfig';

/** Routes `/api/admin/mechanisms` (behind requireAdmin, server/routes/admin/adminRoutes.ts). */
export function managedMechanismRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/admin/mechanisms', async (req, res) => {
    const rows = await listMechanisms(ctx.db, currentUser(req).mechanismIds);
    res.json(rows.map(presentMechanism));
  });

  router.post('/admin/mechanisms', async (req, res) => {
    const admin = currentUser(req);
    const input = parseInput(mechanismSchema, req.body);
    const id = await createMechanism(ctx, admin, input);
    const [row] = await listMechanisms(ctx.db, [id]);
    res.status(201).json(presentMechanism(row!));
  });

  return router;
}
