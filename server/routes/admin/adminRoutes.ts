/** The administrator's screens: configuration and people, never case contents. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AdminOverviewDto } from '../../../shared/types/api';
import type { CaseStatus } from '../../../shared/caseLifecycle';
import type { Role } from '../../../shared/roles';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { findMechanism } from '../../repositories/mechanisms';

/** Admin routes answer 404 to everyone else, so their existence leaks nothing. */
export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  const user = currentUser(req);
  if (user.role !== 'admin') throw new NotFound();
  next();
}

/** Routes under /api/admin. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin', requireAdmin);

  router.get('/admin/overview', async (req, res) => {
    const admin = currentUser(req);
    const mechanism = await findMechanism(ctx.db, admin.mechanismId);
    if (!mechanism) throw new NotFound();
    const [companies, users, counts] = await Promise.all([
      ctx.db.query<{ id: string; name: string; slug: string; liaisons: number; cases: number }>(
        `SELECT co.id, co.name, co.slug,
                (SELECT count(*) FROM users u WHERE u.company_id = co.id AND u.active) AS liaisons,
                (SELECT count(*) FROM cases c WHERE c.company_id = co.id) AS cases
         FROM companies co WHERE co.mechanism_id = $1 ORDER BY co.name`,
        [mechanism.id],
      ),
      ctx.db.query<{ id: string; displayName: string; email: string; role: Role; company: string | null; active: boolean }>(
        `SELECT u.id, u.display_name AS "displayName", u.email, u.role, co.name AS company, u.active
         FROM users u LEFT JOIN companies co ON co.id = u.company_id
         WHERE u.mechanism_id = $1 ORDER BY u.role, u.display_name`,
        [mechanism.id],
      ),
      ctx.db.query<{ status: CaseStatus; count: number }>(
        'SELECT status, count(*) AS count FROM cases WHERE mechanism_id = $1 GROUP BY status',
        [mechanism.id],
      ),
    ]);
    const body: AdminOverviewDto = {
      mechanism: { id: mechanism.id, name: mechanism.name, referencePrefix: mechanism.referencePrefix },
      companies,
      users,
      casesByStatus: Object.fromEntries(counts.map((c) => [c.status, c.count])),
    };
    res.json(body);
  });

  return router;
}
