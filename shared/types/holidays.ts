/** API shapes of national holidays an administrator records when a law or decree changes the calendar. */

/** A national holiday a law added, or a holiday of the built-in rules a law abolished for that date. */
export interface NationalHolidayDto {
  /** `YYYY-MM-DD`. */
  date: string;
  kind: 'added' | 'removed';
  /** The holiday as the law names it. */
  name: string;
  /** The law or decree, e.g. «Ley 2600 de 2027» or «Decreto 1234 de 2027». */
  law: string;
  createdAt: string;
}

/** How many open deadlines a calendar change moved, in how many cases. */
export interface CalendarRecalculationDto {
  cases: number;
  deadlines: number;
}

/**
 * Answer of `GET /api/admin/national-holidays`, and of adding or undoing one (then with what it
 * recalculated).
 */
export interface NationalHolidaysDto {
  holidays: NationalHolidayDto[];
  recalculated?: CalendarRecalculationDto;
}
