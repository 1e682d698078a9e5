/**
 * Colombian business-day calendar shared by the server and the client.
 *
 * Deadlines in a grievance mechanism are counted in "días hábiles" (Ley 1755 de 2015), so
 * both the server (which enforces them) and the client (which displays them) must agree on
 * exactly which days count. This module is therefore pure TypeScript: no Node or browser
 * APIs, no dependency, and no local-time `Date` methods, so the answer never depends on the
 * TZ of the machine that runs it.
 *
 * The holidays themselves are data (shared/holidayRules.ts: each rule with its law and years).
 *
 * Internally a date is a "day number": days since 1970-01-01 (the UTC-midnight epoch day),
 * which makes stepping, comparing and weekday arithmetic plain integer maths.
 */
import { holidayRulesOf, type HolidayRule } from './holidayRules';

/**
 * Adjustments on top of the built-in rules, because those are not the whole story: a new law
 * or decree adds (or abolishes) a national holiday before a release carries it, a region
 * declares one, and a mechanism may agree to work on a holiday (the server merges the national
 * and the mechanism's changes). A date in `removedHolidays` is never a holiday, even if it is
 * also in `extraHolidays`, so that an explicit removal always wins.
 */
export type CalendarOptions = { extraHolidays?: string[]; removedHolidays?: string[] };

/**
 * A public holiday, named in both UI languages so the client needs no second table, with the law
 * that makes it a holiday that year (several joined by " / " when two holidays share the date).
 */
export type ColombianHoliday = { date: string; name: { es: string; en: string }; law: string };

const MS_PER_DAY = 86_400_000;
/**
 * Colombia has been on UTC−5 all year since the end of the 1992–93 "hora Gaviria", with no
 * DST. A fixed offset is exact for every instant since 1993-02-06, deterministic on servers
 * and browsers whose tz data or Intl support differ (small-icu builds, old WebViews), and far
 * cheaper than Intl.DateTimeFormat. If Colombia ever reinstates DST, this must change.
 */
const BOGOTA_OFFSET_MS = 5 * 3_600_000;
const MIN_YEAR = 0;
const MAX_YEAR = 9999;

// ---------------------------------------------------------------------------------------
// Day-number arithmetic (proleptic Gregorian, H. Hinnant's civil algorithms)
// ---------------------------------------------------------------------------------------

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number (the inverse of daysFromCivil). */
function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

function yearOfDay(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

function outOfRange(): RangeError {
  return new RangeError(`Date out of supported range: results must lie between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`);
}

function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  if (year < MIN_YEAR || year > MAX_YEAR) throw outOfRange();
  return String(year).padStart(4, '0') + (month < 10 ? '-0' : '-') + month + (day < 10 ? '-0' : '-') + day;
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Parses a strict `YYYY-MM-DD` into a day number, or throws a RangeError naming `what`. */
function parseDay(value: unknown, what: string): number {
  if (typeof value === 'string' && value.length === 10 && value[4] === '-' && value[7] === '-') {
    const y0 = digit(value, 0);
    const y1 = digit(value, 1);
    const y2 = digit(value, 2);
    const y3 = digit(value, 3);
    const m0 = digit(value, 5);
    const m1 = digit(value, 6);
    const d0 = digit(value, 8);
    const d1 = digit(value, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const month = m0 * 10 + m1;
      const day = d0 * 10 + d1;
      if (month >= 1 && month <= 12 && day >= 1) {
        const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
        if (day <= monthLength) return daysFromCivil(year, month, day);
      }
    }
  }
  throw new RangeError(`Invalid ${what}: ${show(value)} is not a real calendar date in YYYY-MM-DD format`);
}

// ---------------------------------------------------------------------------------------
// Holidays: the rules in force each year (shared/holidayRules.ts)
// ---------------------------------------------------------------------------------------

/** The Emiliani rule: a holiday not falling on a Monday is observed on the next Monday. */
function nextMonday(dayNumber: number): number {
  return dayNumber + ((8 - weekdayOf(dayNumber)) % 7);
}

/** Day number of a rule's holiday in `year`, given that year's Easter Sunday day number. */
function ruleDay(rule: HolidayRule, year: number, easter: number): number {
  const on = rule.on;
  const day = 'easter' in on ? easter + on.easter : daysFromCivil(year, on.month, on.day);
  return rule.movesToMonday ? nextMonday(day) : day;
}

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return daysFromCivil(year, Math.floor(n / 31), (n % 31) + 1);
}

type YearData = {
  /** Day number of 1 January. */
  start: number;
  /** Day number of 1 January of the next year. */
  end: number;
  /** 1 at index (day − start) when that day is an official holiday: cheaper than a Set. */
  flags: Uint8Array;
  /** Distinct holiday dates, sorted, with names merged when two fall on the same day. */
  list: readonly { day: number; es: string; en: string; law: string }[];
};

const yearCache = new Map<number, YearData>();

function yearData(year: number): YearData {
  const cached = yearCache.get(year);
  if (cached !== undefined) return cached;
  const start = daysFromCivil(year, 1, 1);
  const end = daysFromCivil(year + 1, 1, 1);
  const easter = easterSunday(year);
  const raw = holidayRulesOf(year).map((rule, index) => ({ day: ruleDay(rule, year, easter), index, rule }));
  raw.sort((x, y) => x.day - y.day || x.index - y.index);
  const list: { day: number; es: string; en: string; law: string }[] = [];
  const flags = new Uint8Array(end - start);
  for (const { day, rule } of raw) {
    const last = list[list.length - 1];
    if (last !== undefined && last.day === day) {
      last.es += ' / ' + rule.name.es;
      last.en += ' / ' + rule.name.en;
      if (!last.law.split(' / ').includes(rule.law)) last.law += ' / ' + rule.law;
    } else {
      list.push({ day, es: rule.name.es, en: rule.name.en, law: rule.law });
    }
    flags[day - start] = 1; // no rule leaves its year: the latest moved date is 17 Nov
  }
  const data: YearData = { start, end, flags, list };
  yearCache.set(year, data);
  return data;
}

function checkYear(year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Invalid year: ${show(year)} is not an integer between ${MIN_YEAR} and ${MAX_YEAR}`);
  }
  return year;
}

function isOfficialHoliday(dayNumber: number): boolean {
  const data = yearData(yearOfDay(dayNumber));
  return data.flags[dayNumber - data.start] === 1;
}

type Adjustments = { extra: Set<number> | null; removed: Set<number> | null };

const NO_ADJUSTMENTS: Adjustments = { extra: null, removed: null };

function parseDayList(values: unknown, what: string): Set<number> | null {
  if (values === undefined) return null;
  if (!Array.isArray(values)) {
    throw new RangeError(`Invalid ${what}: expected an array of YYYY-MM-DD dates`);
  }
  if (values.length === 0) return null;
  const days = new Set<number>();
  for (const value of values) days.add(parseDay(value, `date in ${what}`));
  return days;
}

function adjustments(options: CalendarOptions | undefined): Adjustments {
  if (options === undefined) return NO_ADJUSTMENTS;
  const extra = parseDayList(options.extraHolidays, 'extraHolidays');
  const removed = parseDayList(options.removedHolidays, 'removedHolidays');
  return extra === null && removed === null ? NO_ADJUSTMENTS : { extra, removed };
}

function isAdjustedHoliday(dayNumber: number, adj: Adjustments): boolean {
  if (adj.removed !== null && adj.removed.has(dayNumber)) return false;
  return isOfficialHoliday(dayNumber) || (adj.extra !== null && adj.extra.has(dayNumber));
}

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/**
 * The national holidays, so the UI can show why a deadline moved. Two holidays that fall
 * on the same day (San Pedro and Sagrado Corazón on 30 June 2025) come back as one entry
 * with both names joined by " / ", because callers list and key holidays by date. Each year gets
 * the rules in force that year (shared/holidayRules.ts: Ley 51 de 1983 from 1984, Ley 2578 de 2026
 * from 2026, …); any year from 0 to 9999 is accepted, and a year before the first recorded law
 * (1951) has none.
 */
export function colombianHolidays(year: number): ColombianHoliday[] {
  return yearData(checkYear(year)).list.map((h) => ({
    date: formatDay(h.day),
    name: { es: h.es, en: h.en },
    law: h.law,
  }));
}

/**
 * Whether a date is a public holiday for this mechanism, weekend or not (1 January is a
 * holiday even on a Saturday), so that the UI can label it.
 */
export function isHoliday(date: string, options?: CalendarOptions): boolean {
  const day = parseDay(date, 'date');
  return isAdjustedHoliday(day, adjustments(options));
}

/** Whether a date counts towards a "días hábiles" deadline. */
export function isBusinessDay(date: string, options?: CalendarOptions): boolean {
  const day = parseDay(date, 'date');
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && !isAdjustedHoliday(day, adjustments(options));
}

/**
 * The deadline date "N business days after `start`", as Ley 1755 counts it: the day of
 * filing never counts, even when it is itself a business day. Negative `days` walks
 * backwards (the |days|-th business day before `start`) for reminders before a deadline.
 */
export function addBusinessDays(start: string, days: number, options?: CalendarOptions): string {
  let day = parseDay(start, 'start date');
  if (typeof days !== 'number' || !Number.isSafeInteger(days)) {
    throw new RangeError(`Invalid number of business days: ${show(days)} is not an integer`);
  }
  if (days === 0) return start;
  const adj = adjustments(options);
  const extra = adj.extra;
  const removed = adj.removed;
  const step = days > 0 ? 1 : -1;
  let remaining = days > 0 ? days : -days;
  let weekday = weekdayOf(day);
  let year = yearOfDay(day);
  let data = yearData(year);
  // Hot loop: walks day by day with the weekday and the year's holiday bitmap kept in
  // step, so each iteration is a couple of integer operations and one array read.
  while (remaining > 0) {
    day += step;
    weekday += step;
    if (weekday === 7) weekday = 0;
    else if (weekday === -1) weekday = 6;
    if (day >= data.end || day < data.start) {
      year += step;
      if (year < MIN_YEAR || year > MAX_YEAR) throw outOfRange();
      data = yearData(year);
    }
    if (weekday === 0 || weekday === 6) continue;
    if (removed !== null && removed.has(day)) {
      remaining--;
      continue;
    }
    if (data.flags[day - data.start] === 1) continue;
    if (extra !== null && extra.has(day)) continue;
    remaining--;
  }
  return formatDay(day);
}

/**
 * The number of business days d with from < d <= to, i.e. how many "días hábiles" have
 * elapsed, so that `businessDaysBetween(s, addBusinessDays(s, n)) === n` for n >= 0.
 * Negative (−count of to < d <= from) when `to` is before `from`. Computed arithmetically,
 * not by walking, so it stays cheap over long ranges.
 */
export function businessDaysBetween(from: string, to: string, options?: CalendarOptions): number {
  const a = parseDay(from, 'from date');
  const b = parseDay(to, 'to date');
  const adj = adjustments(options);
  if (b < a) return -countBusinessDays(b, a, adj);
  return countBusinessDays(a, b, adj);
}

/**
 * For each date from `first` to `last` (inclusive, at most 200 years), the number of business days
 * from `first` up to and including it, so that businessDaysBetween(a, b) = ordinal(b) − ordinal(a):
 * the server's SQL copy of the calendar (`business_days`) is generated from this, in one pass.
 */
export function businessDayOrdinals(first: string, last: string, options?: CalendarOptions): number[] {
  const a = parseDay(first, 'first date');
  const b = parseDay(last, 'last date');
  if (b < a || b - a > 73_100) throw new RangeError(`Invalid range: ${first} to ${last}`);
  const { extra, removed } = adjustments(options);
  const ordinals = new Array<number>(b - a + 1);
  let count = 0;
  let weekday = weekdayOf(a);
  let data = yearData(yearOfDay(a));
  for (let day = a; day <= b; day++) {
    if (day >= data.end) data = yearData(yearOfDay(day));
    const weekend = weekday === 0 || weekday === 6;
    if (!weekend) {
      const holiday = (removed === null || !removed.has(day)) && (data.flags[day - data.start] === 1 || (extra !== null && extra.has(day)));
      if (!holiday) count++;
    }
    ordinals[day - a] = count;
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
  return ordinals;
}

/** Monday–Friday days d <= dayNumber, counted from the Monday 1970-01-05 (day 4). */
function weekdaysUpTo(dayNumber: number): number {
  const sinceMonday = dayNumber - 4;
  const weeks = Math.floor(sinceMonday / 7);
  const rest = sinceMonday - weeks * 7;
  return weeks * 5 + (rest < 5 ? rest + 1 : 5);
}

/** Business days d with a < d <= b (a <= b). */
function countBusinessDays(a: number, b: number, adj: Adjustments): number {
  if (a === b) return 0;
  let count = weekdaysUpTo(b) - weekdaysUpTo(a);
  const { extra, removed } = adj;
  const lastYear = yearOfDay(b);
  for (let year = yearOfDay(a + 1); year <= lastYear; year++) {
    for (const h of yearData(year).list) {
      if (h.day <= a || h.day > b) continue;
      const weekday = weekdayOf(h.day);
      if (weekday === 0 || weekday === 6) continue;
      if (removed !== null && removed.has(h.day)) continue;
      count--;
    }
  }
  if (extra !== null) {
    for (const day of extra) {
      if (day <= a || day > b) continue;
      const weekday = weekdayOf(day);
      if (weekday === 0 || weekday === 6) continue;
      if (removed !== null && removed.has(day)) continue;
      if (isOfficialHoliday(day)) continue; // already subtracted above
      count--;
    }
  }
  return count;
}

/**
 * The Bogotá calendar date of an instant: deadlines are counted in Colombian days, whatever
 * the TZ of the server or of the user's browser (see BOGOTA_OFFSET_MS for the fixed offset).
 */
export function bogotaDate(instant: Date): string {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`Invalid instant: ${show(instant)} is not a valid Date`);
  }
  return formatDay(Math.floor((ms - BOGOTA_OFFSET_MS) / MS_PER_DAY));
}

/**
 * The last instant (23:59:59.999 Bogotá) of a date: a deadline "by day X" has expired only
 * once the current instant is after this one.
 */
export function endOfBogotaDay(date: string): Date {
  const day = parseDay(date, 'date');
  return new Date((day + 1) * MS_PER_DAY + BOGOTA_OFFSET_MS - 1);
}

/** The first instant (00:00 Bogotá) of a date, e.g. to tell when a filing day began. */
export function startOfBogotaDay(date: string): Date {
  const day = parseDay(date, 'date');
  return new Date(day * MS_PER_DAY + BOGOTA_OFFSET_MS);
}
