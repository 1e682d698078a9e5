/**
 * Deadlines: the mechanism's rules (read by everyone, changed by an admin who manages that
 * mechanism), a case's deadlines, and what may change its clock — the ombudsman's pause and resume,
 * a formal request for information to the complainant, an extension, the record of a referral. Thin:
 * validate → load → authorize (policies, in the commands under the case lock) → command → present.
 */
import { recordAdminChange } from '../../audit/adminChanges';
import { pathId } from '../../http/pathId';
import { Router, type Request } from 'express';
import type { CaseDeadlinesDto, DeadlinePolicyInfoDto } from '../../../shared/types/deadlines';
import {
  deadlinePolicyBody,
  extendBody,
  holidayBody,
  informationRequestBody,
  isoDate,
  pauseBody,
  referralSentBody,
  resumeBody,
} from '../../../shared/validation/deadlines';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { extendDeadline, pauseCaseClock, resumeCaseClock } from '../../commands/deadlineAdjuster';
import { requestInformation } from '../../commands/informationRequester';
import { recordReferralSent } from '../../commands/referralRecorder';
import { recordMechanismHoliday, undoMechanismHoliday } from '../../commands/calendarChanger';
import { canViewCase, type CaseActor } from '../../policies/casePolicy';
import { caseReaderOf } from '../../http/tracking';
import { deadlineClock, presentCaseDeadlines } from '../../presenters/deadlinePresenter';
import { findCase, findReferralDecision } from '../../repositories/cases';
import { findOpenInformationRequest } from '../../repositories/informationRequests';
import { findDeadlinePolicy, listCaseDeadlines, listMechanismHolidays, mechanismCalendar, saveDeadlinePolicy } from '../../repositories/deadlines';
import { managedMechanism, requireAdmin } from '../../http/areaGates';
import { logger } from '../../logger';

/** Routes of deadlines under /api. */
export function deadlineRoutes(ctx: AppContext): Router {
  const router = Router();

  async function policyInfo(mechanismId: string): Promise<DeadlinePolicyInfoDto> {
    const [policy, holidays] = await Promise.all([findDeadlinePolicy(ctx.db, mechanismId), listMechanismHolidays(ctx.db, mechanismId)]);
    return { policy, holidays };
  }

  async function caseDeadlines(user: CaseActor, caseId: string): Promise<CaseDeadlinesDto> {
    const c = await findCase(ctx.db, caseId);
    if (!c || !canViewCase(user, c)) throw new NotFound();
    const [rows, calendar, request, policy, referral] = await Promise.all([
      listCaseDeadlines(ctx.db, c.id),
      mechanismCalendar(ctx.db, c.mechanismId),
      findOpenInformationRequest(ctx.db, c.id),
      findDeadlinePolicy(ctx.db, c.mechanismId),
      c.status === 'not_admitted' ? findReferralDecision(ctx.db, c.id) : Promise.resolve(undefined),
    ]);
    return presentCaseDeadlines(rows, c, user, deadlineClock(ctx.clock.now(), calendar), {
      request,
      referralTo: referral?.to ?? null,
      informationWaitMonths: policy.informationWaitMonths,
    });
  }

  function caseIdOf(req: Request): string {
    return pathId(req.params.id);
  }

  // Every party reads the same rules, so nobody has to guess how long the other side has.
  router.get('/deadline-policy', async (req, res) => {
    const user = currentUser(req);
    res.json(await policyInfo(user.mechanismId));
  });

  // The admin edits any mechanism they manage; the path names it, as on every admin screen.
  const m = '/admin/mechanisms/:mechanismId';

  router.get(`${m}/deadline-policy`, requireAdmin, async (req, res) => {
    res.json(await policyInfo(managedMechanism(req)));
  });

  router.put(`${m}/deadline-policy`, requireAdmin, async (req, res) => {
    const admin = currentUser(req);
    const mechanismId = managedMechanism(req);
    const policy = parseInput(deadlinePolicyBody, req.body);
    // Stages already running keep the term they started with; see deadlineScheduler.
    await ctx.db.transaction(async (tx) => {
      await saveDeadlinePolicy(tx, mechanismId, policy, admin.id, ctx.clock.now());
      await recordAdminChange(tx, {
        mechanismId,
        actor: admin,
        action: 'deadline_policy.update',
        targetId: mechanismId,
        data: { ...policy },
        at: ctx.clock.now(),
      });
    });
    logger.info('deadline policy changed', { mechanismId, by: admin.id });
    res.json(await policyInfo(mechanismId));
  });

  // A holiday change recomputes the mechanism's open deadlines it affects (commands/calendarChanger).
  router.post(`${m}/holidays`, requireAdmin, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const holiday = parseInput(holidayBody, req.body);
    await recordMechanismHoliday(ctx, currentUser(req), mechanismId, holiday);
    res.status(201).json(await policyInfo(mechanismId));
  });

  router.delete(`${m}/holidays/:date`, requireAdmin, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const date = isoDate.safeParse(req.params.date);
    if (!date.success) throw new NotFound();
    if (!(await undoMechanismHoliday(ctx, currentUser(req), mechanismId, date.data))) throw new NotFound();
    res.json(await policyInfo(mechanismId));
  });

  // The complainant following a case without an account sees the same countdowns as everyone else.
  router.get('/cases/:id/deadlines', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, String(req.params.id));
    res.json(await caseDeadlines(reader, caseIdOf(req)));
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

  // Ley 1755 de 2015, art. 17: the company or the ombudsman asks; the clock stops until the answer.
  router.post('/cases/:id/information-requests', async (req, res) => {
    const user = currentUser(req);
    const caseId = caseIdOf(req);
    const body = parseInput(informationRequestBody, req.body);
    await requestInformation(ctx, user, caseId, body.question);
    res.status(201).json(await caseDeadlines(user, caseId));
  });

  // Ley 1755 de 2015, art. 21: the not-admitted case was sent to the competent body.
  router.post('/cases/:id/referral', async (req, res) => {
    const user = currentUser(req);
    const caseId = caseIdOf(req);
    const body = parseInput(referralSentBody, req.body ?? {});
    await recordReferralSent(ctx, user, caseId, body.note || undefined);
    res.json(await caseDeadlines(user, caseId));
  });

  router.post('/cases/:id/deadlines/:deadlineId/extend', async (req, res) => {
    const user = currentUser(req);
    const caseId = caseIdOf(req);
    const deadlineId = pathId(req.params.deadlineId);
    const body = parseInput(extendBody, req.body);
    await extendDeadline(ctx, user, { caseId, deadlineId, days: body.days, reason: body.reason });
    res.json(await caseDeadlines(user, caseId));
  });

  return router;
}
