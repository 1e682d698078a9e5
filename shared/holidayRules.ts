/**
 * Colombia's national holidays as data: each rule says which day it is, whether it moves to the
 * following Monday, which law made it so, and the first (and, when a later law changed it, the last)
 * year it applies. `shared/calendar.ts` applies the rules in force in each year, so the calendar of a
 * past year stays what the law was then, and the next law is one more row here (or, until a release
 * carries it, a national holiday an administrator records: see docs/deadlines.md).
 *
 * History kept here:
 * - Código Sustantivo del Trabajo, art. 177 (Decretos 2663 y 3743 de 1950, in force from 1951): the
 *   eighteen days of rest, each on its own date. Recorded as the list Ley 51 de 1983 restated; the
 *   years before 1984 are not checked day by day against an outside source (no case is that old).
 *   Before 1951 no rule is recorded, so those years count weekends only.
 * - Ley 51 de 1983 ("Ley Emiliani", sanctioned 6 December 1983, applied from 1984): ten of them are
 *   observed on the following Monday when they fall on another day.
 * - Ley 2578 de 2026 (1 June 2026): Nuestra Señora del Rosario de Chiquinquirá, 9 July, from 2026,
 *   moved to the following Monday under Ley 51 de 1983 (13 Jul 2026, 12 Jul 2027, 10 Jul 2028, 9 Jul 2029).
 */

/** A date fixed in the year, or a number of days after Easter Sunday (Gregorian computus). */
export type HolidayDay = { month: number; day: number } | { easter: number };

/** One holiday as one law defines it for a span of years. */
export interface HolidayRule {
  /** Stable identifier of the holiday, shared by the rows of its successive laws. */
  id: string;
  name: { es: string; en: string };
  on: HolidayDay;
  /** Observed on the following Monday when it does not fall on a Monday (Ley 51 de 1983, art. 1, num. 2). */
  movesToMonday: boolean;
  /** The law (or decree) that makes the holiday what this row says. */
  law: string;
  /** First year this row applies. */
  from: number;
  /** Last year this row applies, when a later law replaced it. */
  to?: number;
}

/** The Código Sustantivo del Trabajo's list, each day on its own date (1951–1983). */
const CST = 'Código Sustantivo del Trabajo, art. 177 (Decretos 2663 y 3743 de 1950)';
/** Ley 51 de 1983, art. 1: the same list, ten of them moved to Monday, from 1984. */
const EMILIANI = 'Ley 51 de 1983';
const CST_FROM = 1951;
const EMILIANI_FROM = 1984;

type Holiday = Pick<HolidayRule, 'id' | 'name' | 'on'>;

/** A holiday that has stayed on its own date under every law since 1951. */
function fixedSince1951(h: Holiday): HolidayRule[] {
  return [
    { ...h, movesToMonday: false, law: CST, from: CST_FROM, to: EMILIANI_FROM - 1 },
    { ...h, movesToMonday: false, law: EMILIANI, from: EMILIANI_FROM },
  ];
}

/** A holiday on its own date until 1983 and on the following Monday from 1984 (Ley 51 de 1983). */
function movedFrom1984(h: Holiday): HolidayRule[] {
  return [
    { ...h, movesToMonday: false, law: CST, from: CST_FROM, to: EMILIANI_FROM - 1 },
    { ...h, movesToMonday: true, law: EMILIANI, from: EMILIANI_FROM },
  ];
}

/**
 * Every rule, in the order used to join names when two holidays share a date (San Pedro y San Pablo
 * and Sagrado Corazón on 30 June 2025).
 */
export const HOLIDAY_RULES: readonly HolidayRule[] = [
  ...fixedSince1951({ id: 'new_year', name: { es: 'Año Nuevo', en: "New Year's Day" }, on: { month: 1, day: 1 } }),
  ...movedFrom1984({ id: 'epiphany', name: { es: 'Día de los Reyes Magos', en: 'Epiphany' }, on: { month: 1, day: 6 } }),
  ...movedFrom1984({ id: 'saint_joseph', name: { es: 'Día de San José', en: "Saint Joseph's Day" }, on: { month: 3, day: 19 } }),
  ...fixedSince1951({ id: 'maundy_thursday', name: { es: 'Jueves Santo', en: 'Maundy Thursday' }, on: { easter: -3 } }),
  ...fixedSince1951({ id: 'good_friday', name: { es: 'Viernes Santo', en: 'Good Friday' }, on: { easter: -2 } }),
  ...fixedSince1951({ id: 'labour_day', name: { es: 'Día del Trabajo', en: 'Labour Day' }, on: { month: 5, day: 1 } }),
  // Ascension is a Thursday (Easter+39): from 1984 observed the Monday after (Easter+43).
  ...movedFrom1984({ id: 'ascension', name: { es: 'Ascensión del Señor', en: 'Ascension Day' }, on: { easter: 39 } }),
  // Corpus Christi is a Thursday (Easter+60): from 1984 observed on Easter+64.
  ...movedFrom1984({ id: 'corpus_christi', name: { es: 'Corpus Christi', en: 'Corpus Christi' }, on: { easter: 60 } }),
  // Sacred Heart is a Friday (Easter+68): from 1984 observed on Easter+71.
  ...movedFrom1984({ id: 'sacred_heart', name: { es: 'Sagrado Corazón de Jesús', en: 'Sacred Heart' }, on: { easter: 68 } }),
  ...movedFrom1984({ id: 'saints_peter_paul', name: { es: 'San Pedro y San Pablo', en: 'Saints Peter and Paul' }, on: { month: 6, day: 29 } }),
  {
    id: 'chiquinquira',
    name: { es: 'Nuestra Señora del Rosario de Chiquinquirá', en: 'Our Lady of the Rosary of Chiquinquirá' },
    on: { month: 7, day: 9 },
    movesToMonday: true,
    law: 'Ley 2578 de 2026',
    from: 2026,
  },
  ...fixedSince1951({ id: 'independence', name: { es: 'Día de la Independencia', en: 'Independence Day' }, on: { month: 7, day: 20 } }),
  ...fixedSince1951({ id: 'boyaca', name: { es: 'Batalla de Boyacá', en: 'Battle of Boyacá' }, on: { month: 8, day: 7 } }),
  ...movedFrom1984({ id: 'assumption', name: { es: 'La Asunción de la Virgen', en: 'Assumption of Mary' }, on: { month: 8, day: 15 } }),
  ...movedFrom1984({ id: 'columbus_day', name: { es: 'Día de la Raza', en: 'Columbus Day' }, on: { month: 10, day: 12 } }),
  ...movedFrom1984({ id: 'all_saints', name: { es: 'Día de Todos los Santos', en: "All Saints' Day" }, on: { month: 11, day: 1 } }),
  ...movedFrom1984({
    id: 'cartagena',
    name: { es: 'Independencia de Cartagena', en: 'Independence of Cartagena' },
    on: { month: 11, day: 11 },
  }),
  ...fixedSince1951({ id: 'immaculate_conception', name: { es: 'Inmaculada Concepción', en: 'Immaculate Conception' }, on: { month: 12, day: 8 } }),
  ...fixedSince1951({ id: 'christmas', name: { es: 'Navidad', en: 'Christmas Day' }, on: { month: 12, day: 25 } }),
];

/** The rules that apply in `year`, in HOLIDAY_RULES order. */
export function holidayRulesOf(year: number): HolidayRule[] {
  return HOLIDAY_RULES.filter((r) => r.from <= year && (r.to === undefined || year <= r.to));
}
