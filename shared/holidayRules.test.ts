import Holidays from 'date-holidays';
import { addBusinessDays, businessDayOrdinals, businessDaysBetween, colombianHolidays, isBusinessDay, isHoliday } from './calendar';
import { HOLIDAY_RULES, holidayRulesOf } from './holidayRules';

/**
 * The outside oracle: date-holidays 3.37 (a dev dependency, used only here), whose Colombian data
 * its maintainers keep from the laws (it carries Ley 2578 de 2026 "since 2026"). Its `public` days,
 * as dates, against ours. Deliberate differences, each filtered below with its reason:
 * - It lists Easter Sunday ("Pascua") as public. A Sunday is never a business day anyway, and no
 *   Colombian law makes Easter a holiday of its own, so it is left out (any Sunday is).
 * - It names Easter+43 "La Asunción" (that is the Assumption, 15 August); it is the Ascensión del
 *   Señor. Names are not compared: only dates decide deadlines.
 * - Before 1984 it already moves holidays to Monday, which Ley 51 de 1983 did only from 1984, so
 *   the comparison starts in 1990 (its maintainers state it right from then; 1951–1983 are held by
 *   the history tests below instead).
 */
const oracle = new Holidays('CO');

function oracleDates(year: number): string[] {
  const dates = oracle
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => h.date.slice(0, 10))
    .filter((date) => new Date(`${date}T12:00:00Z`).getUTCDay() !== 0);
  return [...new Set(dates)].sort();
}

describe('The holiday rules against date-holidays', () => {
  it("When every year from 1990 to 2060 is compared, Then the dates are exactly the oracle's public weekday-or-Saturday holidays", () => {
    const differences: { year: number; onlyOurs: string[]; onlyOracle: string[] }[] = [];
    for (let year = 1990; year <= 2060; year++) {
      // Ours, without Sundays too: a holiday falling on a Sunday (1 Jan 2023) changes no deadline,
      // and the oracle lists some Sundays (Easter) and not others by its own conventions.
      const ours = colombianHolidays(year)
        .map((h) => h.date)
        .filter((date) => new Date(`${date}T12:00:00Z`).getUTCDay() !== 0);
      const theirs = oracleDates(year);
      const onlyOurs = ours.filter((d) => !theirs.includes(d));
      const onlyOracle = theirs.filter((d) => !ours.includes(d));
      if (onlyOurs.length > 0 || onlyOracle.length > 0) differences.push({ year, onlyOurs, onlyOracle });
    }
    expect(differences).toEqual([]);
  });

  it('When a year has a holiday on a Sunday, Then ours still lists it (1 January 2023), so the filter above hides no weekday', () => {
    expect(colombianHolidays(2023).map((h) => h.date)).toContain('2023-01-01');
    expect(isBusinessDay('2023-01-02')).toBe(true);
  });
});

describe('The holiday rules through history', () => {
  it('When 1983 is asked, Then the holidays fall on their own dates; from 1984 Ley 51 de 1983 moves them to Monday', () => {
    // 6 January 1983 was a Thursday; 1984's was a Friday, observed Monday 9 January.
    expect(isHoliday('1983-01-06')).toBe(true);
    expect(isHoliday('1983-01-10')).toBe(false);
    expect(isHoliday('1984-01-06')).toBe(false);
    expect(isHoliday('1984-01-09')).toBe(true);
    // Easter 1983 = 3 April: Ascension on Thursday 12 May, not moved; Easter 1984 = 22 April: Monday 4 June.
    expect(isHoliday('1983-05-12')).toBe(true);
    expect(isHoliday('1983-05-16')).toBe(false);
    expect(isHoliday('1984-05-31')).toBe(false);
    expect(isHoliday('1984-06-04')).toBe(true);
    expect(colombianHolidays(1983).find((h) => h.date === '1983-05-12')?.law).toMatch(/Código Sustantivo del Trabajo/);
    expect(colombianHolidays(1984).find((h) => h.date === '1984-06-04')?.law).toBe('Ley 51 de 1983');
  });

  it('When a year before the first recorded law is asked, Then it has no holidays; from 1951 it has the eighteen', () => {
    expect(colombianHolidays(1950)).toEqual([]);
    expect(colombianHolidays(1951)).toHaveLength(18);
  });

  it('When a deadline crosses 13 July 2026, Then it is one business day longer than under the rules before Ley 2578 de 2026', () => {
    // Acknowledge in 3 from Thursday 9 July 2026: 10, (13 holiday), 14, 15.
    expect(addBusinessDays('2026-07-09', 3)).toBe('2026-07-15');
    expect(addBusinessDays('2026-07-09', 3, { removedHolidays: ['2026-07-13'] })).toBe('2026-07-14');
  });

  it('When the rules are read, Then each names its law and a first year, and no holiday has two rows in force in one year', () => {
    for (const rule of HOLIDAY_RULES) {
      expect(rule.law).toMatch(/^(Ley|Decreto|Código)/);
      expect(Number.isInteger(rule.from)).toBe(true);
      if (rule.to !== undefined) expect(rule.to).toBeGreaterThanOrEqual(rule.from);
    }
    for (const year of [1950, 1951, 1983, 1984, 2025, 2026, 2100]) {
      const ids = holidayRulesOf(year).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(holidayRulesOf(2026).map((r) => r.id)).toContain('chiquinquira');
    expect(holidayRulesOf(2025).map((r) => r.id)).not.toContain('chiquinquira');
  });
});

describe('businessDayOrdinals (the source of the SQL business_days table)', () => {
  it('When ordinals are taken over 2015–2046 with a national change, Then every difference equals businessDaysBetween', () => {
    const options = { extraHolidays: ['2031-03-04'], removedHolidays: ['2030-07-20'] };
    const ordinals = businessDayOrdinals('2015-01-01', '2046-12-31', options);
    const at = (date: string) => ordinals[Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse('2015-01-01T00:00:00Z')) / 86_400_000)]!;
    for (const [from, to] of [
      ['2015-01-01', '2046-12-31'],
      ['2026-07-10', '2026-08-04'],
      ['2030-07-01', '2031-03-31'],
      ['2019-12-24', '2020-01-02'],
    ] as const) {
      expect(at(to) - at(from)).toBe(businessDaysBetween(from, to, options));
    }
    expect(ordinals).toHaveLength(11_688);
  });
});
