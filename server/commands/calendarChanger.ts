/**
 * Changing the calendar: a national holiday an administrator records when a law or decree passes (for
 * every mechanism, without a release), or a mechanism's own holiday. Each change, in one transaction
 * under the calendar's advisory lock: checks the date against the calendar in force, writes the change,
 * brings `business_days` in line (national changes; a trigger keeps each mechanism's shift), and
 * recomputes the open deadlines it affects, which says so in each case's history.
 */
import { isHoliday } from '../../shared/calendar';
import type { CalendarRecalculationDto } from '../../shared/types/holidays';
import type { MechanismHolidayDto } from '../../shared/types/deadlines';
import type { NationalHolidayInput } from '../../shared/validation/holidays';
import type { AppContext } from '../context';
import { ValidationFailed } from '../errors';
import { refreshBusinessDays } from '../deadlines/businessDayTable';
import { recalculateOpenDeadlines } from '../deadlines/deadlineRecalculator';
import { deleteMechanismHoliday, saveMechanismHoliday } from '../repositories/deadlines';
import { deleteNationalHoliday, insertNationalHoliday, lockCalendar, nationalCalendar, nationalHolidayExists } from '../repositories/holidays';
import { logger } from '../logger';
import { recordAdminChange } from '../audit/adminChanges';

function dateProblem(messageKey: string): ValidationFailed {
  return new ValidationFailed([{ field: 'date', messageKey }]);
}

/**
 * Records a national holiday a law added (`added`: the date must not already be one) or a holiday the
 * calendar has that a law abolished for that date (`removed`), and recomputes every mechanism's open
 * deadlines that span it.
 */
export async function recordNationalHoliday(ctx: AppContext, admin: { id: string }, input: NationalHolidayInput): Promise<CalendarRecalculationDto> {
  const result = await ctx.db.transaction(async (tx) => {
    await lockCalendar(tx);
    if (await nationalHolidayExists(tx, input.date)) throw dateProblem('validation.national_holiday_recorded');
    const national = isHoliday(input.date, await nationalCalendar(tx));
    if (input.kind === 'added' && national) throw dateProblem('validation.holiday_already_national');
    if (input.kind === 'removed' && !national) throw dateProblem('validation.holiday_not_national');
    const at = ctx.clock.now();
    await insertNationalHoliday(tx, input, admin.id, at);
    await recordAdminChange(tx, { mechanismId: null, actor: admin, action: 'holidays.national.record', targetId: input.date, data: { ...input }, at });
    await refreshBusinessDays(tx, at);
    return recalculateOpenDeadlines(ctx, tx, null, { scope: 'national', date: input.date, kind: input.kind, undone: false, reason: input.law });
  });
  logger.info('national holiday recorded', { date: input.date, kind: input.kind, by: admin.id, ...result });
  return result;
}

/** Undoes the national change recorded for `date`; undefined when there was none. */
export async function undoNationalHoliday(ctx: AppContext, admin: { id: string }, date: string): Promise<CalendarRecalculationDto | undefined> {
  const result = await ctx.db.transaction(async (tx) => {
    await lockCalendar(tx);
    const deleted = await deleteNationalHoliday(tx, date);
    if (!deleted) return undefined;
    const at = ctx.clock.now();
    await refreshBusinessDays(tx, at);
    // Undoing an added holiday gives the day back to work, and the other way round.
    const kind = deleted.kind === 'added' ? 'removed' : 'added';
    await recordAdminChange(tx, {
      mechanismId: null,
      actor: admin,
      action: 'holidays.national.undo',
      targetId: date,
      data: { kind: deleted.kind, law: deleted.law },
      at,
    });
    return recalculateOpenDeadlines(ctx, tx, null, { scope: 'national', date, kind, undone: true, reason: deleted.law });
  });
  if (result) logger.info('national holiday undone', { date, by: admin.id, ...result });
  return result;
}

/**
 * Adds or replaces a mechanism's holiday change (a regional decree adds a day; the mechanism agrees to
 * work on a national holiday) and recomputes that mechanism's open deadlines that span it.
 */
export async function recordMechanismHoliday(
  ctx: AppContext,
  admin: { id: string },
  mechanismId: string,
  holiday: MechanismHolidayDto,
): Promise<CalendarRecalculationDto> {
  const result = await ctx.db.transaction(async (tx) => {
    await lockCalendar(tx);
    const national = isHoliday(holiday.date, await nationalCalendar(tx));
    if (holiday.kind === 'removed' && !national) throw dateProblem('validation.holiday_not_national');
    if (holiday.kind === 'added' && national) throw dateProblem('validation.holiday_already_national');
    await saveMechanismHoliday(tx, mechanismId, holiday, admin.id, ctx.clock.now());
    await recordAdminChange(tx, {
      mechanismId,
      actor: admin,
      action: 'holidays.mechanism.record',
      targetId: holiday.date,
      data: { ...holiday },
      at: ctx.clock.now(),
    });
    return recalculateOpenDeadlines(ctx, tx, [mechanismId], {
      scope: 'mechanism',
      date: holiday.date,
      kind: holiday.kind,
      undone: false,
      reason: holiday.reason,
    });
  });
  logger.info('holiday changed', { mechanismId, date: holiday.date, kind: holiday.kind, by: admin.id, ...result });
  return result;
}

/** Undoes a mechanism's holiday change; false when there was none. */
export async function undoMechanismHoliday(ctx: AppContext, admin: { id: string }, mechanismId: string, date: string): Promise<boolean> {
  const result = await ctx.db.transaction(async (tx) => {
    await lockCalendar(tx);
    const deleted = await deleteMechanismHoliday(tx, mechanismId, date);
    if (!deleted) return undefined;
    const kind = deleted.kind === 'added' ? 'removed' : 'added';
    await recordAdminChange(tx, {
      mechanismId,
      actor: admin,
      action: 'holidays.mechanism.undo',
      targetId: date,
      data: { kind: deleted.kind, reason: deleted.reason },
      at: ctx.clock.now(),
    });
    return recalculateOpenDeadlines(ctx, tx, [mechanismId], { scope: 'mechanism', date, kind, undone: true, reason: deleted.reason });
  });
  if (result) logger.info('holiday change undone', { mechanismId, date, by: admin.id, ...result });
  return result !== undefined;
}
