/**
 * The administrator's screens: mechanisms, their configuration and their people — never case
 * contents. Every route answers 404 to anyone who is not an admin, and an admin reaches only the
 * mechanisms they manage (their own and those granted to them, e.g. one they created).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AdminOverviewDto } from '../../../shared/types/api';
import type { InvitationSent, RecoveryLinkDto } from '../../../shared/types/admin';
import type { CaseStatus } from '../../../shared/caseLifecycle';
import type { Role } from '../../../shared/roles';
import {
  categoryCreateSchema,
  categoryUpdateSchema,
  companyCreateSchema,
  companyUpdateSchema,
  dataPolicySchema,
  invitationSchema,
  mechanismSchema,
  municipalityCreateSchema,
  municipalityUpdateSchema,
  placeUpdateSchema,
  recoveryLinkSchema,
  userUpdateSchema,
  veredaCreateSchema,
} from '../../../shared/validation/admin';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { withUniqueFields } from '../../http/uniqueConflict';
import { parseInput } from '../../http/validate';
import { createMechanism } from '../../commands/mechanismCreator';
import { updateStaffMember } from '../../commands/staffUpdater';
import { inviteUser } from '../../commands/userInviter';
import { issueRecoveryLink } from '../../commands/passwordResetter';
import { presentDataPolicy, presentMechanism, presentStaff } from '../../presenters/adminPresenter';
import { findStaff, listStaff } from '../../repositories/accounts';
import {
  findCategory,
  findCompany,
  findMunicipality,
  insertCategory,
  insertCompany,
  insertMunicipality,
  insertVereda,
  listCategories,
  listCompanies,
  listDataPolicies,
  listMechanisms,
  listMunicipalities,
  nextDataPolicyVersion,
  updateCategory,
  updateCompany,
  updateMunicipality,
  updateVereda,
} from '../../repositories/adminConfig';
import { findMechanism } from '../../repositories/mechanisms';
import { insertDataPolicy } from '../../repositories/dataPolicies';
import { countOutbox } from '../../repositories/outbox';
import { outboxScopeOf } from '../../policies/outboxPolicy';
import { logger } from '../../logger';
import { recordAdminChange } from '../../audit/adminChanges';
import type { Tx } from '../../db/database';
import { openUserFields } from '../../repositories/users';

/** Admin routes answer 404 to everyone else, so their existence leaks nothing. */
export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  const user = currentUser(req);
  if (user.role !== 'admin') throw new NotFound();
  next();
}

const uuid = z.uuid();

/** A path id, or the same 404 as a missing row. */
function idParam(value: unknown): string {
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/**
 * The mechanism named in the path (`:mechanismId`), if this admin manages it; otherwise 404. Every
 * admin route under `/admin/mechanisms/:mechanismId/...` calls it, in whichever router it lives.
 */
export function managedMechanism(req: Request): string {
  const admin = currentUser(req);
  const id = idParam(req.params.mechanismId);
  if (!admin.mechanismIds.includes(id)) throw new NotFound();
  return id;
}

/** Routes under /api/admin. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();

  /**
   * Runs a configuration change and appends it to the audit record in one transaction; `work` returns
   * the changed row's id, or undefined when there was none (nothing is recorded then).
   */
  const recorded = <T extends string | undefined>(req: Request, mechanismId: string, action: string, data: object, work: (tx: Tx) => Promise<T>) =>
    ctx.db.transaction(async (tx) => {
      const targetId = await work(tx);
      if (targetId !== undefined) await recordAdminChange(tx, { mechanismId, actor: currentUser(req), action, targetId, data: { ...data }, at: ctx.clock.now() });
      return targetId;
    });
  router.use('/admin', requireAdmin);
  const m = '/admin/mechanisms/:mechanismId';

  router.get('/admin/overview', async (req, res) => {
    const admin = currentUser(req);
    const mechanism = await findMechanism(ctx.db, admin.mechanismId);
    if (!mechanism) throw new NotFound();
    const [companies, users, counts, failedEmails] = await Promise.all([
      ctx.db.query<{ id: string; name: string; slug: string; liaisons: number; cases: number }>(
        `SELECT co.id, co.name, co.slug,
                (SELECT count(*) FROM users u WHERE u.company_id = co.id AND u.active) AS liaisons,
                (SELECT count(*) FROM cases c WHERE c.company_id = co.id) AS cases
         FROM companies co WHERE co.mechanism_id = $1 ORDER BY co.name`,
        [mechanism.id],
      ),
      ctx.db
        .query<{ id: string; displayName: string; email: string; role: Role; company: string | null; active: boolean }>(
          `SELECT u.id, u.name_ciphertext AS "displayName", u.email_ciphertext AS email, u.role, co.name AS company, u.active
           FROM users u LEFT JOIN companies co ON co.id = u.company_id
           WHERE u.mechanism_id = $1 AND u.role <> 'complainant'`,
          [mechanism.id],
        )
        // Names are ciphertext in the database: opened and sorted here, by role then name.
        .then((rows) =>
          rows
            .map((row) => openUserFields(ctx.cipher, row))
            .sort((a, b) => (a.role === b.role ? a.displayName.localeCompare(b.displayName, 'es') : a.role < b.role ? -1 : 1)),
        ),
      ctx.db.query<{ status: CaseStatus; count: number }>(
        'SELECT status, count(*) AS count FROM cases WHERE mechanism_id = $1 GROUP BY status',
        [mechanism.id],
      ),
      countOutbox(ctx.db, outboxScopeOf(admin), 'failed'),
    ]);
    const body: AdminOverviewDto = {
      mechanism: { id: mechanism.id, name: mechanism.name, referencePrefix: mechanism.referencePrefix },
      companies,
      users,
      casesByStatus: Object.fromEntries(counts.map((c) => [c.status, c.count])),
      failedEmails,
    };
    res.json(body);
  });

  // Mechanisms
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

  // Companies
  const companyUnique = { companies_mechanism_id_slug_key: ['slug', 'validation.slug_taken'] } as const;
  router.get(`${m}/companies`, async (req, res) => {
    res.json(await listCompanies(ctx.db, managedMechanism(req)));
  });

  router.post(`${m}/companies`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(companyCreateSchema, req.body);
    const id = await withUniqueFields({ ...companyUnique }, () => recorded(req, mechanismId, 'companies.create', input, (tx) => insertCompany(tx, mechanismId, input, ctx.clock.now())));
    logger.info('company created', { mechanismId, companyId: id, by: req.user!.id });
    res.status(201).json(await findCompany(ctx.db, mechanismId, id));
  });

  router.patch(`${m}/companies/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = idParam(req.params.id);
    const change = parseInput(companyUpdateSchema, req.body);
    if (!(await recorded(req, mechanismId, 'companies.update', change, async (tx) => ((await updateCompany(tx, mechanismId, id, change)) ? id : undefined)))) throw new NotFound();
    logger.info('company changed', { mechanismId, companyId: id, by: req.user!.id });
    res.json(await findCompany(ctx.db, mechanismId, id));
  });

  // Categories
  router.get(`${m}/categories`, async (req, res) => {
    res.json(await listCategories(ctx.db, managedMechanism(req)));
  });

  router.post(`${m}/categories`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(categoryCreateSchema, req.body);
    const id = await withUniqueFields({ categories_mechanism_id_code_key: ['code', 'validation.code_taken'] }, () =>
      recorded(req, mechanismId, 'categories.create', input, (tx) => insertCategory(tx, mechanismId, input)),
    );
    res.status(201).json(await findCategory(ctx.db, mechanismId, id));
  });

  router.patch(`${m}/categories/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = idParam(req.params.id);
    const change = parseInput(categoryUpdateSchema, req.body);
    if (!(await recorded(req, mechanismId, 'categories.update', change, async (tx) => ((await updateCategory(tx, mechanismId, id, change)) ? id : undefined)))) throw new NotFound();
    res.json(await findCategory(ctx.db, mechanismId, id));
  });

  // Municipalities and their veredas / corregimientos
  router.get(`${m}/municipalities`, async (req, res) => {
    res.json(await listMunicipalities(ctx.db, managedMechanism(req)));
  });

  router.post(`${m}/municipalities`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const input = parseInput(municipalityCreateSchema, req.body);
    const id = await withUniqueFields({ municipalities_mechanism_id_dane_code_key: ['daneCode', 'validation.dane_code_taken'] }, () =>
      recorded(req, mechanismId, 'municipalities.create', input, (tx) => insertMunicipality(tx, mechanismId, input)),
    );
    res.status(201).json(await findMunicipality(ctx.db, mechanismId, id));
  });

  router.patch(`${m}/municipalities/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = idParam(req.params.id);
    const change = parseInput(municipalityUpdateSchema, req.body);
    const updated = await withUniqueFields({ municipalities_map_position_key: ['mapPosition', 'validation.map_position_taken'] }, () =>
      recorded(req, mechanismId, 'municipalities.update', change, async (tx) => ((await updateMunicipality(tx, mechanismId, id, change)) ? id : undefined)),
    );
    if (!updated) throw new NotFound();
    if (change.mapPosition !== undefined) logger.info('municipality placed on the map', { mechanismId, municipalityId: id, mapPosition: change.mapPosition, by: req.user!.id });
    res.json(await findMunicipality(ctx.db, mechanismId, id));
  });

  const veredaUnique = { veredas_municipality_id_name_key: ['name', 'validation.name_taken'] } as const;
  router.post(`${m}/municipalities/:id/veredas`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const municipalityId = idParam(req.params.id);
    const input = parseInput(veredaCreateSchema, req.body);
    if (!(await findMunicipality(ctx.db, mechanismId, municipalityId))) throw new NotFound();
    await withUniqueFields({ ...veredaUnique }, () => recorded(req, mechanismId, 'veredas.create', { municipalityId, ...input }, (tx) => insertVereda(tx, municipalityId, input)));
    res.status(201).json(await findMunicipality(ctx.db, mechanismId, municipalityId));
  });

  router.patch(`${m}/veredas/:id`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const id = idParam(req.params.id);
    const change = parseInput(placeUpdateSchema, req.body);
    const updated = await withUniqueFields({ ...veredaUnique }, () =>
      recorded(req, mechanismId, 'veredas.update', change, async (tx) => ((await updateVereda(tx, mechanismId, id, change)) ? id : undefined)),
    );
    if (!updated) throw new NotFound();
    const row = await ctx.db.one<{ municipalityId: string }>('SELECT municipality_id AS "municipalityId" FROM veredas WHERE id = $1', [id]);
    res.json(await findMunicipality(ctx.db, mechanismId, row.municipalityId));
  });

  // Data policy: each publication is a new version; earlier consent keeps its version.
  router.get(`${m}/data-policies`, async (req, res) => {
    res.json((await listDataPolicies(ctx.db, managedMechanism(req))).map(presentDataPolicy));
  });

  router.post(`${m}/data-policies`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const { text, summary } = parseInput(dataPolicySchema, req.body);
    const at = ctx.clock.now();
    const version = await ctx.db.transaction(async (tx) => {
      const next = await nextDataPolicyVersion(tx, mechanismId, at);
      await insertDataPolicy(tx, mechanismId, { version: next, text, ...(summary ? { summary } : {}) }, at);
      await recordAdminChange(tx, { mechanismId, actor: currentUser(req), action: 'data_policies.publish', targetId: next, data: { version: next }, at });
      return next;
    });
    logger.info('data policy published', { mechanismId, version, by: req.user!.id });
    const [latest] = await listDataPolicies(ctx.db, mechanismId);
    res.status(201).json(presentDataPolicy(latest!));
  });

  // People
  router.get(`${m}/users`, async (req, res) => {
    res.json((await listStaff(ctx.db, ctx.cipher, managedMechanism(req))).map(presentStaff));
  });

  router.post(`${m}/invitations`, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const input = parseInput(invitationSchema, req.body);
    const result = await inviteUser(ctx, admin, mechanismId, input);
    const user = await findStaff(ctx.db, ctx.cipher, mechanismId, result.userId);
    const body: InvitationSent = { user: presentStaff(user!), expiresAt: result.expiresAt.toISOString() };
    res.status(201).json(body);
  });

  router.patch(`${m}/users/:id`, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const id = idParam(req.params.id);
    const change = parseInput(userUpdateSchema, req.body);
    res.json(presentStaff(await updateStaffMember(ctx, admin, mechanismId, id, change)));
  });

  // A complainant without e-mail who lost their password asks in person (no SMS gateway to send it).
  router.post(`${m}/recovery-links`, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const { phone } = parseInput(recoveryLinkSchema, req.body);
    const issued = await issueRecoveryLink(ctx, admin, mechanismId, phone);
    const body: RecoveryLinkDto = { displayName: issued.displayName, link: `${ctx.config.publicUrl}${issued.path}`, expiresAt: issued.expiresAt.toISOString() };
    res.status(201).json(body);
  });

  return router;
}
