/**
 * Deadlines: the mechanism's rules (read by everyone, changed by the admin), a case's deadlines, and
 * pausing, resuming and extending them. Thin: validate → load → authorize (policies) → command → present.
 */
import { Router, type Request } from 'express';
import { isHoliday } from '../../../shared/calendar';
import type { CaseDeadlinesDto, DeadlinePolicyInfoDto } from '../../../shared/types/deadlines';
import { deadlinePolicyBody, extendBody, holidayBody, isoDate, pauseBody, resumeBody } from '../../../shared/validation/deadlines';
import type { AppContext } from '../../context';
import { NotFound, ValidationFailed } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { extendDeadline, pauseCaseClock, resumeCaseClock } from '../../commands/deadlineAdjuster';
import { canViewCase } from '../../policies/casePolicy';
import { deadlineClock, presentCaseDeadlines } from '../../presenters/deadlinePresenter';
import { findCase } from '../../repositories/cases';
import {
  deleteMechanismHoliday,
  findDeadlinePolicy,
  listCaseDeadlines,
  listMechanismHolidays,
  mechanismCalendar,
  saveDeadlinePolicy,
  saveMechanismHoliday,
} from '../../repositories/deadlines';
import type { UserRecord } from '../../repositories/users';
import { caseIdParam } from '../cases/caseSchemas';
import { requireAdmin } from '../admin/adminRoutes';

/** Routes of deadlines under /api. */
export function deadlineRoutes(ctx: AppContext): Router {
  const router = Router();

  async function policyInfo(mechanismId: string): Promise<DeadlinePolicyInfoDto> {
    const [policy, holidays] = await Promise.all([findDeadlinePolicy(ctx.db, mechanismId), listMechanismHolidays(ctx.db, mechanismId)]);
    return { policy, holidays };
  }

  async function caseDeadlines(user: UserRecord, caseId: string): Promise<CaseDeadlinesDto> {
    const c = await findCase(ctx.db, caseId);
    if (!c || !canViewCase(user, c)) throw new NotFound();
    const [rows, calendar] = await Promise.all([listCaseDeadlines(ctx.db, c.id), mechanismCalendar(ctx.db, c.mechanismId)]);
    return presentCaseDeadlines(rows, c, user, deadlineClock(ctx.clock.now(), calendar));
  }

  function caseIdOf(req: Request): string {
    const id = caseIdParam.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    return id.data;
  }

  // Every party reads the same rules, so nobody has to guess how long the other side has.
  router.get('/deadline-policy', async (req, res) => {
    const user = currentUser(req);
    res.json(await policyInfo(user.mechanismId));
  });

  router.put('/admin/deadline-policy', requireAdmin, async (req, res) => {
    const admin = currentUser(req);
    const policy = parseInput(deadlinePolicyBody, req.body);
    // Stages already running keep the term they started with; see deadlineScheduler.
    await ctx.db.transaction((tx) => saveDeadlinePolicy(tx, admin.mechanismId, policy, admin.id, ctx.clock.now()));
    res.json(await policyInfo(admin.mechanismId));
  });

  router.post('/admin/holidays', requireAdmin, async (req, res) => {
    const admin = currentUser(req);
    const holiday = parseInput(holidayBody, req.body);
    const national = isHoliday(holiday.date);
    if (holiday.kind === 'removed' && !national) throw new ValidationFailed([{ field: 'date', messageKey: 'validation.holiday_not_national' }]);
    if (holiday.kind === 'added' && national) throw new ValidationFailed([{ field: 'date', messageKey: 'validation.holiday_already_national' }]);
    await ctx.db.transaction((tx) => saveMechanismHoliday(tx, admin.mechanismId, holiday, admin.id, ctx.clock.now()));
    res.status(201).json(await policyInfo(admin.mechanismId));
  });

  router.delete('/admin/holidays/:date', requireAdmin, async (req, res) => {
    const admin = currentUser(req);
    const date = isoDate.safeParse(req.params.date);
    if (!date.success) throw new NotFound();
    const deleted = await ctx.db.transaction((tx) => deleteMechanismHoliday(tx, admin.mechanismId, date.data));
    if (!deleted) throw new NotFound();
    res.json(await policyInfo(admin.mechanismId));
  });

  router.get('/cases/:id/deadlines', async (req, res) => {
    const user = currentUser(req);
    res.json(await caseDeadlines(user, caseIdOf(req)));
  });

  router.post('/cases/:id/deadlines/pause', async (req, res) => {
    const user = currentUser(req);
    const caseId = caseIdOf(req);
    const body = parseInput(pauseBody, req.body);
    await pauseCaseClock(ctx, user, caseId, body.reason);
    res.json(await caseDeadlines(user, caseId));
  });

  router.post('/cases/:id/deadlines/resume', async (req, res) => {
    const user = currentUser(req);
    const caseId = caseIdOf(req);
    const body = parseInput(resumeBody, req.body ?? {});
    await resumeCaseClock(ctx, user, caseId, body.reason);
    res.json(await caseDeadlines(user, caseId));
  });

  router.post('/cases/:id/deadlines/:deadlineId/extend', async (req, res) => {
    const user = currentUser(req);
    const caseId = caseIdOf(req);
    const deadlineId = caseIdParam.safeParse(req.params.deadlineId);
    if (!deadlineId.success) throw new NotFound();
    const body = parseInput(extendBody, req.body);
    await extendDeadline(ctx, user, { caseId, deadlineId: deadlineId.data, days: body.days, reason: body.reason });
    res.json(await caseDeadlines(user, caseId));
  });

  return router;
}
