/**
 * How long a complainant has to answer a formal request for information. Ley 1755 de 2015, art. 17
 * gives "un (1) mes": a term in months, which Colombian law counts by the calendar (Ley 4 de 1913,
 * art. 59 — to the day with the same number, or the month's last day when it has none) and, when it
 * ends on a holiday or a non-working day, extends to the next business day (art. 62).
 */
import { addBusinessDays, isBusinessDay, type CalendarOptions } from '../../shared/calendar';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The last day to answer a request made on `askedOn` (`YYYY-MM-DD`, Bogota) with `months` to answer,
 * in this mechanism's calendar.
 */
export function informationLapseDate(askedOn: string, months: number, calendar: CalendarOptions): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(askedOn);
  if (!match || !Number.isSafeInteger(months) || months < 1) throw new RangeError(`Invalid information term: ${askedOn} + ${months} months`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDayOfMonth = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const date = `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}-${pad(Math.min(day, lastDayOfMonth))}`;
  return isBusinessDay(date, calendar) ? date : addBusinessDays(date, 1, calendar);
}
