/**
 * The ombudsman's oversight: dashboard figures, the cases behind each figure, company scorecards, a
 * case's audit trail and the CSV export. Every route answers 404 to anyone but the ombudsman (logged
 * in or not), so that their existence leaks nothing. All parse the same filters
 * (shared/validation/oversight.ts).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { CaseAuditDto, OversightCaseListDto } from '../../../shared/types/oversight';
import { oversightCasesQuery, oversightExportQuery, oversightFilters } from '../../../shared/validation/oversight';
import { bogotaDate } from '../../../shared/calendar';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { toCsv } from '../../http/csv';
import { canViewCase } from '../../policies/casePolicy';
import { presentCaseSummary } from '../../presenters/casePresenter';
import { deadlineClock } from '../../presenters/deadlinePresenter';
import { mechanismCalendar } from '../../repositories/deadlines';
import { presentAuditEvent, presentIdentityView } from '../../presenters/oversightPresenter';
import { findCase, listCases } from '../../repositories/cases';
import { caseEventsWithActors, oversightCondition } from '../../repositories/oversight';
import { listIdentityViews, recordIdentityViews } from '../../repositories/identityViews';
import { recordIdentityLooks } from '../../commands/identityViewRecorder';
import { companyScorecards, oversightSummary } from '../../oversight/figures';

/** A case id in the path; anything else is simply not found. */
const caseIdParam = z.uuid();

/** Most cases one export holds; far above a mechanism's yearly volume. */
const EXPORT_LIMIT = 100_000;

/** Oversight routes answer 404 to everyone but the ombudsman, anonymous visitors included. */
export function requireOmbudsman(req: Request, _res: Response, next: NextFunction): void {
  if (req.user?.role !== 'ombudsman') throw new NotFound();
  next();
}

/** Routes under /api/oversight. */
export function oversightRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/oversight', requireOmbudsman);
  const clockFor = async (user: { mechanismId: string }) => deadlineClock(ctx.clock.now(), await mechanismCalendar(ctx.db, user.mechanismId));

  router.get('/oversight/summary', async (req, res) => {
    const user = currentUser(req);
    const filters = parseInput(oversightFilters, req.query);
    res.json(await oversightSummary(ctx.db, user.mechanismId, filters, ctx.clock.now()));
  });

  router.get('/oversight/scorecards', async (req, res) => {
    const user = currentUser(req);
    const filters = parseInput(oversightFilters, req.query);
    res.json(await companyScorecards(ctx.db, user.mechanismId, filters, ctx.clock.now()));
  });

  router.get('/oversight/cases', async (req, res) => {
    const user = currentUser(req);
    const { limit, ...filters } = parseInput(oversightCasesQuery, req.query);
    const now = ctx.clock.now();
    const { rows, total } = await listCases(ctx.db, oversightCondition(user.mechanismId, filters, now), { limit });
    const clock = await clockFor(user);
    const cases = rows.map((row) => presentCaseSummary(row, user, ctx.cipher, req.language, clock));
    await recordIdentityLooks(ctx.db, user, rows, cases, 'case_list', now);
    const body: OversightCaseListDto = { cases, total };
    res.json(body);
  });

  router.get('/oversight/cases/:id/audit', async (req, res) => {
    const user = currentUser(req);
    const id = caseIdParam.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const row = await findCase(ctx.db, id.data);
    if (!row || !canViewCase(user, row)) throw new NotFound();
    const summary = presentCaseSummary(row, user, ctx.cipher, req.language, await clockFor(user));
    // The look this page gives is logged first, so the trail shown includes it.
    await recordIdentityLooks(ctx.db, user, [row], [summary], 'audit', ctx.clock.now());
    const [events, views] = await Promise.all([caseEventsWithActors(ctx.db, row.id), listIdentityViews(ctx.db, row.id)]);
    const body: CaseAuditDto = { case: summary, events: events.map(presentAuditEvent), identityViews: views.map(presentIdentityView) };
    res.json(body);
  });

  router.get('/oversight/export.csv', async (req, res) => {
    const user = currentUser(req);
    const { includeIdentities, ...filters } = parseInput(oversightExportQuery, req.query);
    const now = ctx.clock.now();
    const { rows } = await listCases(ctx.db, oversightCondition(user.mechanismId, filters, now), { limit: EXPORT_LIMIT });
    const clock = await clockFor(user);
    const cases = rows.map((row) => presentCaseSummary(row, user, ctx.cipher, req.language, clock));
    const t = req.t;
    const header = [
      t('oversight:csv.reference'),
      t('oversight:csv.status'),
      t('oversight:csv.company'),
      t('oversight:csv.categories'),
      t('oversight:csv.municipality'),
      t('oversight:csv.identityMode'),
      t('oversight:csv.redFlag'),
      t('oversight:csv.escalationLevel'),
      t('oversight:csv.filedOn'),
      t('oversight:csv.updatedOn'),
      ...(includeIdentities ? [t('oversight:csv.complainant')] : []),
    ];
    const lines = cases.map((c) => [
      c.reference,
      t(`domain:status.${c.status}`),
      c.company?.name ?? t('oversight:unrouted'),
      c.categories.map((k) => k.name).join(', '),
      c.municipality,
      t(`domain:identityMode.${c.identityMode}`),
      c.redFlag ? t('oversight:csv.yes') : t('oversight:csv.no'),
      c.escalationLevel,
      bogotaDate(new Date(c.createdAt)),
      bogotaDate(new Date(c.updatedAt)),
      ...(includeIdentities ? [c.complainantName ?? ''] : []),
    ]);
    if (includeIdentities) {
      // A bulk extraction of identities is logged for every identity it carries, named ones included.
      await recordIdentityViews(ctx.db, user.id, cases.filter((c) => c.complainantName !== null).map((c) => c.id), 'export', now);
    }
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="puente-casos-${bogotaDate(now)}.csv"`);
    res.send(toCsv(header, lines));
  });

  return router;
}
