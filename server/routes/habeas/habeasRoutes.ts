/**
 * Habeas data (docs/habeas-data.md): a person's download of all Puente holds about them (JSON, or a
 * printable page with `?format=html`), their requests (consulta, correction, withdrawal of consent,
 * deletion) and the immediate withdrawal of the sensitive-data consent; the staff queue with due dates,
 * extensions and answers; and the admin's retention period. A person is an account or whoever showed
 * a receipt key in this session; anyone else gets 404, as does staff of another mechanism.
 */
import { Router, type Request } from 'express';
import { pathId } from '../../http/pathId';
import { bogotaDate } from '../../../shared/calendar';
import type { HabeasRequestDto } from '../../../shared/types/habeas';
import { habeasAnswerSchema, habeasCorrectionSchema, habeasExtensionSchema, habeasRequestSchema, retentionSchema } from '../../../shared/validation/habeas';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { trackedCaseIds } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { mechanismCalendars } from '../../repositories/deadlines';
import { findIdentityRetention, setIdentityRetention } from '../../repositories/retention';
import { recordAdminChange } from '../../audit/adminChanges';
import {
  answerHabeasRequest,
  extendHabeasRequest,
  fileHabeasRequest,
  habeasStaffMechanisms,
  hasSubject,
  withdrawSensitiveConsent,
  type DataSubject,
} from '../../habeas/habeasDesk';
import { presentHabeasRequest } from '../../habeas/habeasPresenter';
import { findHabeasRequest, listQueue, listRequestsOf } from '../../repositories/habeasRequests';
import { collectPersonalData } from '../../habeas/personalDataExport';
import { renderExportPage } from '../../habeas/exportPage';
import { managedMechanism, requireAdmin } from '../../http/areaGates';

/** Whoever the request speaks for; 404 when nobody (no account, no receipt key shown). */
function subjectOf(req: Request): DataSubject {
  const subject = { user: req.user ?? null, trackedCaseIds: trackedCaseIds(req) };
  if (!hasSubject(subject)) throw new NotFound();
  return subject;
}

/** Routes under /api/habeas and /api/admin/mechanisms/:id/retention. */
export function habeasRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/habeas/export', async (req, res) => {
    const data = await collectPersonalData(ctx, subjectOf(req), req.language, req.t);
    const stamp = data.generatedAt.slice(0, 10);
    if (req.query.format === 'html') {
      res.type('html').send(renderExportPage(data, req.t, req.language));
      return;
    }
    res.set('Content-Disposition', `attachment; filename="puente-mis-datos-${stamp}.json"`);
    res.json(data);
  });

  router.get('/habeas/requests', async (req, res) => {
    const subject = subjectOf(req);
    const rows = await listRequestsOf(ctx.db, subject.user?.id ?? null, subject.trackedCaseIds);
    const body: HabeasRequestDto[] = rows.map((r) => presentHabeasRequest(r));
    res.json(body);
  });

  router.post('/habeas/requests', async (req, res) => {
    const subject = subjectOf(req);
    const input = parseInput(habeasRequestSchema, req.body);
    const id = await fileHabeasRequest(ctx, subject, input);
    res.status(201).json(presentHabeasRequest((await findHabeasRequest(ctx.db, id))!));
  });

  router.post('/habeas/sensitive-data/withdraw', async (req, res) => {
    const erased = await withdrawSensitiveConsent(ctx, subjectOf(req));
    res.json({ erasedCases: erased });
  });

  // The staff's queue: open requests by due date, with business days left on the mechanism's calendar.
  router.get('/habeas/queue', async (req, res) => {
    const mechanisms = habeasStaffMechanisms(req.user);
    if (mechanisms.length === 0) throw new NotFound();
    const rows = await listQueue(ctx.db, mechanisms);
    const calendars = await mechanismCalendars(ctx.db, new Set(rows.map((r) => r.mechanismId)));
    const today = bogotaDate(ctx.clock.now());
    const body: HabeasRequestDto[] = rows.map((r) => presentHabeasRequest(r, { today, calendar: calendars.get(r.mechanismId) ?? {} }));
    res.json(body);
  });

  const requestId = (req: Request) => {
    const id = pathId(req.params.id);
    if (habeasStaffMechanisms(req.user).length === 0) throw new NotFound();
    return id;
  };

  router.post('/habeas/requests/:id/extension', async (req, res) => {
    const id = requestId(req);
    await extendHabeasRequest(ctx, currentUser(req), id, parseInput(habeasExtensionSchema, req.body));
    res.json(presentHabeasRequest((await findHabeasRequest(ctx.db, id))!));
  });

  router.post('/habeas/requests/:id/answer', async (req, res) => {
    const id = requestId(req);
    await answerHabeasRequest(ctx, currentUser(req), id, parseInput(habeasAnswerSchema, req.body));
    res.json(presentHabeasRequest((await findHabeasRequest(ctx.db, id))!));
  });

  // A correction request granted by correcting the identity: the corrected fields and the answer.
  router.post('/habeas/requests/:id/correction', async (req, res) => {
    const id = requestId(req);
    const { identity, answer } = parseInput(habeasCorrectionSchema, req.body);
    await answerHabeasRequest(ctx, currentUser(req), id, { outcome: 'granted', answer, identity });
    res.json(presentHabeasRequest((await findHabeasRequest(ctx.db, id))!));
  });

  // Retention of identities after closure, per mechanism (the job: server/jobs/identityRetention.ts).
  const retention = '/admin/mechanisms/:mechanismId/retention';
  router.get(retention, requireAdmin, async (req, res) => {
    res.json({ identityRetentionDays: await findIdentityRetention(ctx.db, managedMechanism(req)) });
  });
  router.put(retention, requireAdmin, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const { identityRetentionDays } = parseInput(retentionSchema, req.body);
    await ctx.db.transaction(async (tx) => {
      await setIdentityRetention(tx, mechanismId, identityRetentionDays);
      await recordAdminChange(tx, {
        mechanismId,
        actor: currentUser(req),
        action: 'mechanisms.retention',
        targetId: mechanismId,
        data: { identityRetentionDays },
        at: ctx.clock.now(),
      });
    });
    res.json({ identityRetentionDays });
  });

  return router;
}
