/**
 * National holidays an administrator records when a law or decree changes the calendar, for every
 * mechanism of the installation, without a release. Any admin may record one (the law is the same for
 * every mechanism); everyone else gets the 404 of a missing route. Thin: validate → command → present.
 */
import { Router } from 'express';
import type { NationalHolidaysDto } from '../../../shared/types/holidays';
import { isoDate } from '../../../shared/validation/deadlines';
import { nationalHolidayBody } from '../../../shared/validation/holidays';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { recordNationalHoliday, undoNationalHoliday } from '../../commands/calendarChanger';
import { listNationalHolidays } from '../../repositories/holidays';
import { requireAdmin } from '../../http/areaGates';

/** Routes under /api/admin/national-holidays. */
export function nationalHolidayRoutes(ctx: AppContext): Router {
  const router = Router();
  const base = '/admin/national-holidays';

  router.get(base, requireAdmin, async (_req, res) => {
    const body: NationalHolidaysDto = { holidays: await listNationalHolidays(ctx.db) };
    res.json(body);
  });

  router.post(base, requireAdmin, async (req, res) => {
    const input = parseInput(nationalHolidayBody, req.body);
    const recalculated = await recordNationalHoliday(ctx, currentUser(req), input);
    const body: NationalHolidaysDto = { holidays: await listNationalHolidays(ctx.db), recalculated };
    res.status(201).json(body);
  });

  router.delete(`${base}/:date`, requireAdmin, async (req, res) => {
    const date = isoDate.safeParse(req.params.date);
    if (!date.success) throw new NotFound();
    const recalculated = await undoNationalHoliday(ctx, currentUser(req), date.data);
    if (!recalculated) throw new NotFound();
    const body: NationalHolidaysDto = { holidays: await listNationalHolidays(ctx.db), recalculated };
    res.json(body);
  });

  return router;
}
