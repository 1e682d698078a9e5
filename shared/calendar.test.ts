import {
  addBusinessDays,
  bogotaDate,
  businessDaysBetween,
  colombianHolidays,
  endOfBogotaDay,
  isBusinessDay,
  isHoliday,
  startOfBogotaDay,
  type CalendarOptions,
} from './calendar';

/*
 * Official lists of Colombian public holidays, written out by hand (not computed by the
 * code under test). Each was re-derived from Ley 51 de 1983:
 *   Easter 2025 = 20 Apr, 2026 = 5 Apr, 2027 = 28 Mar;
 *   Jueves/Viernes Santo = Easter−3/−2; Ascensión = Easter+43; Corpus = +64; Sagrado
 *   Corazón = +71; Emiliani days moved to the next Monday unless already on a Monday.
 * From 2026 Ley 2578 de 2026 adds Nuestra Señora del Rosario de Chiquinquirá (9 July, moved
 * to the next Monday: 13 Jul 2026, 12 Jul 2027).
 * No discrepancy was found with the published lists.
 */
const OFFICIAL: Record<number, string[]> = {
  // 18 holidays on 17 distinct dates: San Pedro (Sun 29 Jun → Mon 30 Jun) and Sagrado
  // Corazón (Easter+71) both fall on 30 June 2025.
  2025: [
    '2025-01-01',
    '2025-01-06',
    '2025-03-24',
    '2025-04-17',
    '2025-04-18',
    '2025-05-01',
    '2025-06-02',
    '2025-06-23',
    '2025-06-30',
    '2025-07-20',
    '2025-08-07',
    '2025-08-18',
    '2025-10-13',
    '2025-11-03',
    '2025-11-17',
    '2025-12-08',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-12',
    '2026-03-23',
    '2026-04-02',
    '2026-04-03',
    '2026-05-01',
    '2026-05-18',
    '2026-06-08',
    '2026-06-15',
    '2026-06-29',
    '2026-07-13',
    '2026-07-20',
    '2026-08-07',
    '2026-08-17',
    '2026-10-12',
    '2026-11-02',
    '2026-11-16',
    '2026-12-08',
    '2026-12-25',
  ],
  2027: [
    '2027-01-01',
    '2027-01-11',
    '2027-03-22',
    '2027-03-25',
    '2027-03-26',
    '2027-05-01',
    '2027-05-10',
    '2027-05-31',
    '2027-06-07',
    '2027-07-05',
    '2027-07-12',
    '2027-07-20',
    '2027-08-07',
    '2027-08-16',
    '2027-10-18',
    '2027-11-01',
    '2027-11-15',
    '2027-12-08',
    '2027-12-25',
  ],
};

/** Small seeded PRNG (mulberry32) so property checks are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Independent date stepping for the tests, via UTC-only Date arithmetic. */
function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function randomDate(rand: () => number, fromYear = 2020, toYear = 2032): string {
  const start = Date.UTC(fromYear, 0, 1);
  const span = Date.UTC(toYear + 1, 0, 1) - start;
  return new Date(start + Math.floor((rand() * span) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

describe('colombianHolidays', () => {
  it.each([2025, 2026, 2027])('When asked for %i, then the dates are exactly the official list, sorted', (year) => {
    const dates = colombianHolidays(year).map((h) => h.date);
    expect(dates).toEqual(OFFICIAL[year]);
  });

  it('When two holidays share a date (30 June 2025), then that date appears once with both names', () => {
    const june30 = colombianHolidays(2025).filter((h) => h.date === '2025-06-30');
    expect(june30).toHaveLength(1);
    expect(june30[0]?.name.es).toContain('San Pedro y San Pablo');
    expect(june30[0]?.name.es).toContain('Sagrado Corazón');
    expect(june30[0]?.name.en).toContain('Sacred Heart');
  });

  it('When listing a year, then every holiday has a Spanish and an English name', () => {
    for (const h of colombianHolidays(2026)) {
      expect(h.name.es.length).toBeGreaterThan(0);
      expect(h.name.en.length).toBeGreaterThan(0);
    }
    expect(colombianHolidays(2026).find((h) => h.date === '2026-04-03')?.name).toEqual({
      es: 'Viernes Santo',
      en: 'Good Friday',
    });
  });

  it('When a day is in no law (Easter Sunday), then it is not a holiday', () => {
    expect(isHoliday('2026-04-05')).toBe(false); // Easter Sunday 2026
    expect(isHoliday('2025-04-20')).toBe(false); // Easter Sunday 2025
  });

  it('When Ley 2578 de 2026 applies, then Chiquinquirá (9 July) is observed the following Monday from 2026 on, never before', () => {
    expect(isHoliday('2026-07-13')).toBe(true);
    expect(isHoliday('2026-07-09')).toBe(false);
    expect(colombianHolidays(2026).find((h) => h.date === '2026-07-13')).toEqual({
      date: '2026-07-13',
      name: { es: 'Nuestra Señora del Rosario de Chiquinquirá', en: 'Our Lady of the Rosary of Chiquinquirá' },
      law: 'Ley 2578 de 2026',
    });
    for (const date of ['2027-07-12', '2028-07-10', '2029-07-09']) expect(isHoliday(date)).toBe(true);
    // 2025: 9 July was a Wednesday, 14 July the Monday after; neither was a holiday.
    expect(isHoliday('2025-07-09')).toBe(false);
    expect(isHoliday('2025-07-14')).toBe(false);
    expect(colombianHolidays(2025)).toHaveLength(17);
  });

  it('When the caller mutates the returned list, then later calls are unaffected', () => {
    const list = colombianHolidays(2026);
    list.pop();
    const first = list[0];
    if (first) first.name.es = 'mutated';
    expect(colombianHolidays(2026)).toHaveLength(19);
    expect(colombianHolidays(2026)[0]?.name.es).toBe('Año Nuevo');
  });

  it('When the year is not an integer in 0–9999, then it throws a RangeError', () => {
    expect(() => colombianHolidays(2026.5)).toThrow(RangeError);
    expect(() => colombianHolidays(-1)).toThrow(RangeError);
    expect(() => colombianHolidays(10_000)).toThrow(RangeError);
    expect(() => colombianHolidays(Number.NaN)).toThrow(RangeError);
  });
});

describe('isHoliday and isBusinessDay', () => {
  it.each([2025, 2026, 2027])('When walking every day of %i, then only weekdays outside the official list are business days', (year) => {
    const official = new Set(OFFICIAL[year]);
    for (let date = `${year}-01-01`; date.startsWith(String(year)); date = plusDays(date, 1)) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      expect(isHoliday(date)).toBe(official.has(date));
      expect(isBusinessDay(date)).toBe(!weekend && !official.has(date));
    }
  });

  it('When 6 Jan 2026 falls on a Tuesday, then the holiday moves to Monday 12 Jan and the 6th is a business day', () => {
    expect(isHoliday('2026-01-06')).toBe(false);
    expect(isBusinessDay('2026-01-06')).toBe(true);
    expect(isHoliday('2026-01-12')).toBe(true);
    expect(isBusinessDay('2026-01-12')).toBe(false);
  });

  it('When an Emiliani holiday already falls on a Monday (29 Jun 2026, 12 Oct 2026), then it stays there', () => {
    expect(isHoliday('2026-06-29')).toBe(true);
    expect(isHoliday('2026-07-06')).toBe(false);
    expect(isHoliday('2026-10-12')).toBe(true);
    expect(isHoliday('2026-10-19')).toBe(false);
  });

  it('When it is Holy Week 2026, then Thursday and Friday are holidays and Monday–Wednesday are business days', () => {
    expect(isBusinessDay('2026-03-30')).toBe(true);
    expect(isBusinessDay('2026-03-31')).toBe(true);
    expect(isBusinessDay('2026-04-01')).toBe(true);
    expect(isBusinessDay('2026-04-02')).toBe(false);
    expect(isBusinessDay('2026-04-03')).toBe(false);
    expect(isBusinessDay('2026-04-06')).toBe(true); // Easter Monday is not a holiday
  });

  it('When a fixed holiday falls on a weekend (1 Jan 2028 is a Saturday), then it is still a holiday but not moved', () => {
    expect(isHoliday('2028-01-01')).toBe(true);
    expect(isBusinessDay('2028-01-01')).toBe(false);
    expect(isBusinessDay('2028-01-03')).toBe(true);
  });

  it('When a date is added in extraHolidays, then it is a holiday and not a business day', () => {
    const options: CalendarOptions = { extraHolidays: ['2026-03-11'] };
    expect(isHoliday('2026-03-11', options)).toBe(true);
    expect(isBusinessDay('2026-03-11', options)).toBe(false);
    expect(isBusinessDay('2026-03-11')).toBe(true);
  });

  it('When an official holiday is in removedHolidays, then it becomes a business day', () => {
    const options: CalendarOptions = { removedHolidays: ['2026-04-02'] };
    expect(isHoliday('2026-04-02', options)).toBe(false);
    expect(isBusinessDay('2026-04-02', options)).toBe(true);
    expect(isBusinessDay('2026-04-03', options)).toBe(false);
  });

  it('When a date is both added and removed, then the removal wins', () => {
    const options: CalendarOptions = {
      extraHolidays: ['2026-03-11'],
      removedHolidays: ['2026-03-11'],
    };
    expect(isHoliday('2026-03-11', options)).toBe(false);
    expect(isBusinessDay('2026-03-11', options)).toBe(true);
  });

  it('When a removed holiday is a weekend day, then it is still not a business day', () => {
    expect(isBusinessDay('2028-01-01', { removedHolidays: ['2028-01-01'] })).toBe(false);
  });
});

describe('addBusinessDays', () => {
  it('When days is 0, then the start date is returned unchanged, even on a holiday or weekend', () => {
    expect(addBusinessDays('2026-03-18', 0)).toBe('2026-03-18');
    expect(addBusinessDays('2026-12-25', 0)).toBe('2026-12-25');
    expect(addBusinessDays('2026-03-21', 0)).toBe('2026-03-21');
  });

  it('When crossing Christmas and a weekend, then 24 Dec 2026 + 1 is Monday 28 Dec', () => {
    expect(addBusinessDays('2026-12-24', 1)).toBe('2026-12-28');
  });

  it('When crossing New Year and a weekend, then 31 Dec 2026 + 1 is Monday 4 Jan 2027', () => {
    expect(addBusinessDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('When starting on a Saturday or Sunday, then the start day does not count', () => {
    expect(addBusinessDays('2026-02-07', 1)).toBe('2026-02-09'); // Saturday → Monday
    expect(addBusinessDays('2026-02-08', 1)).toBe('2026-02-09'); // Sunday → Monday
    expect(addBusinessDays('2026-02-07', 5)).toBe('2026-02-13');
  });

  it('When starting on a holiday, then the start day does not count', () => {
    expect(addBusinessDays('2026-03-23', 1)).toBe('2026-03-24'); // San José (Monday)
    expect(addBusinessDays('2026-04-02', 1)).toBe('2026-04-06'); // Jueves Santo
  });

  it('When starting on a business day, then the start day does not count either', () => {
    expect(addBusinessDays('2026-02-09', 1)).toBe('2026-02-10');
  });

  it('When the weekend is followed by a Monday holiday, then the next business day is Tuesday', () => {
    expect(addBusinessDays('2026-03-20', 1)).toBe('2026-03-24'); // Fri → (Sat, Sun, San José) → Tue
    expect(addBusinessDays('2026-03-21', 1)).toBe('2026-03-24'); // from Saturday
  });

  it('When a petition is filed before San José and Holy Week, then the Ley 1755 deadlines skip them', () => {
    // Filed Wed 18 Mar 2026. Business days: 19, 20, 24 (23 is San José), 25, 26, 27, 30,
    // 31 Mar, 1 Apr, (2–3 Apr Holy Thursday/Friday), 6, 7, 8, 9, 10, 13 Apr …
    expect(addBusinessDays('2026-03-18', 10)).toBe('2026-04-06'); // documents and information
    expect(addBusinessDays('2026-03-18', 15)).toBe('2026-04-13'); // general petitions
    expect(addBusinessDays('2026-03-18', 30)).toBe('2026-05-05'); // consultations (skips 1 May)
  });

  it('When a 15-day petition deadline crosses 13 and 20 July 2026, then each holiday makes it one day later', () => {
    expect(addBusinessDays('2026-07-10', 15)).toBe('2026-08-04');
    expect(addBusinessDays('2026-07-10', 15, { removedHolidays: ['2026-07-20'] })).toBe('2026-08-03');
    expect(addBusinessDays('2026-07-10', 15, { removedHolidays: ['2026-07-13', '2026-07-20'] })).toBe('2026-07-31');
  });

  it('When an extra holiday is declared inside the period, then the deadline moves one business day later', () => {
    expect(addBusinessDays('2026-02-09', 5)).toBe('2026-02-16');
    expect(addBusinessDays('2026-02-09', 5, { extraHolidays: ['2026-02-11'] })).toBe('2026-02-17');
    // An extra holiday on a weekend changes nothing.
    expect(addBusinessDays('2026-02-09', 5, { extraHolidays: ['2026-02-14'] })).toBe('2026-02-16');
  });

  it('When an official holiday is removed, then it counts as a business day', () => {
    expect(addBusinessDays('2026-04-01', 1)).toBe('2026-04-06');
    expect(addBusinessDays('2026-04-01', 1, { removedHolidays: ['2026-04-02'] })).toBe('2026-04-02');
  });

  it('When days is negative, then it counts business days backwards from the start', () => {
    expect(addBusinessDays('2026-03-24', -1)).toBe('2026-03-20'); // skips San José and the weekend
    expect(addBusinessDays('2027-01-04', -1)).toBe('2026-12-31'); // skips weekend and 1 Jan
    expect(addBusinessDays('2026-01-12', -1)).toBe('2026-01-09'); // start (a holiday) does not count
    expect(addBusinessDays('2026-04-13', -15)).toBe('2026-03-18'); // mirror of the Ley 1755 case
    expect(addBusinessDays('2026-02-10', -1, { extraHolidays: ['2026-02-09'] })).toBe('2026-02-06');
  });

  it('When the result would leave years 0000–9999, then it throws a RangeError', () => {
    expect(() => addBusinessDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addBusinessDays('0000-01-03', -5)).toThrow(RangeError);
  });
});

describe('businessDaysBetween', () => {
  it('When from equals to, then it is 0', () => {
    expect(businessDaysBetween('2026-04-02', '2026-04-02')).toBe(0);
  });

  it('When counting over known ranges, then holidays and weekends are excluded and from is excluded', () => {
    expect(businessDaysBetween('2026-03-18', '2026-04-13')).toBe(15);
    expect(businessDaysBetween('2026-12-24', '2026-12-28')).toBe(1);
    expect(businessDaysBetween('2026-12-31', '2027-01-04')).toBe(1);
    expect(businessDaysBetween('2026-02-06', '2026-02-09')).toBe(1); // Fri → Mon
    expect(businessDaysBetween('2026-02-09', '2026-02-13')).toBe(4);
    expect(businessDaysBetween('2026-01-01', '2026-12-31')).toBe(
      // 2026 has 261 weekdays; 260 after 1 Jan, minus the other 18 holidays (all on weekdays)
      260 - 18,
    );
  });

  it('When to is before from, then the count is negative', () => {
    expect(businessDaysBetween('2026-04-13', '2026-03-18')).toBe(-15);
    expect(businessDaysBetween('2026-03-24', '2026-03-20')).toBe(-1);
  });

  it('When options adjust holidays, then the count follows them', () => {
    expect(businessDaysBetween('2026-04-01', '2026-04-06', { removedHolidays: ['2026-04-02'] })).toBe(2);
    expect(businessDaysBetween('2026-02-09', '2026-02-13', { extraHolidays: ['2026-02-11'] })).toBe(3);
    expect(
      businessDaysBetween('2026-02-09', '2026-02-13', {
        extraHolidays: ['2026-02-11'],
        removedHolidays: ['2026-02-11'],
      }),
    ).toBe(4);
    // An extra holiday that is already official is not subtracted twice.
    expect(businessDaysBetween('2026-03-31', '2026-04-06', { extraHolidays: ['2026-04-02'] })).toBe(2);
  });

  it('When comparing with a day-by-day count over random ranges, then they agree', () => {
    const rand = mulberry32(1755);
    const options: CalendarOptions = {
      extraHolidays: ['2026-02-11', '2026-04-02', '2027-06-12'],
      removedHolidays: ['2026-12-08', '2027-03-26'],
    };
    for (let i = 0; i < 200; i++) {
      const from = randomDate(rand, 2025, 2028);
      const to = plusDays(from, Math.floor(rand() * 800) - 400);
      const opts = i % 2 === 0 ? undefined : options;
      let expected = 0;
      const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
      for (let d = plusDays(lo, 1); d <= hi; d = plusDays(d, 1)) {
        if (isBusinessDay(d, opts)) expected++;
      }
      expect(businessDaysBetween(from, to, opts)).toBe(sign * expected);
    }
  });
});

describe('addBusinessDays and businessDaysBetween together', () => {
  it('When adding n >= 0 business days from random starts, then businessDaysBetween gives n back', () => {
    const rand = mulberry32(20_260_101);
    const options: CalendarOptions = { extraHolidays: ['2026-10-13'], removedHolidays: ['2026-11-02'] };
    for (let i = 0; i < 2000; i++) {
      const start = randomDate(rand);
      const n = Math.floor(rand() * 120);
      const opts = i % 3 === 0 ? options : undefined;
      const end = addBusinessDays(start, n, opts);
      expect(businessDaysBetween(start, end, opts)).toBe(n);
      if (n > 0) {
        expect(isBusinessDay(end, opts)).toBe(true);
        expect(end > start).toBe(true);
      }
    }
  });

  it('When going back n business days from random starts, then going forward n lands on the first business day on or after the start', () => {
    const rand = mulberry32(51_1983);
    for (let i = 0; i < 2000; i++) {
      const start = randomDate(rand);
      const n = 1 + Math.floor(rand() * 60);
      const back = addBusinessDays(start, -n);
      expect(isBusinessDay(back)).toBe(true);
      expect(businessDaysBetween(start, back)).toBe(-(n - 1 + (isBusinessDay(start) ? 1 : 0)));
      let firstOnOrAfter = start;
      while (!isBusinessDay(firstOnOrAfter)) firstOnOrAfter = plusDays(firstOnOrAfter, 1);
      expect(addBusinessDays(back, n)).toBe(firstOnOrAfter);
    }
  });
});

describe('Bogotá time', () => {
  it('When an instant is 04:59:59.999Z, then it is still the previous day in Bogotá; at 05:00Z the new day starts', () => {
    expect(bogotaDate(new Date('2026-01-01T04:59:59.999Z'))).toBe('2025-12-31');
    expect(bogotaDate(new Date('2026-01-01T05:00:00.000Z'))).toBe('2026-01-01');
    expect(bogotaDate(new Date('2026-03-01T04:59:59.999Z'))).toBe('2026-02-28');
    expect(bogotaDate(new Date('2028-03-01T04:59:59.999Z'))).toBe('2028-02-29');
  });

  it('When the process TZ changes, then bogotaDate does not', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Asia/Tokyo', 'America/New_York', 'UTC', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(bogotaDate(new Date('2026-07-20T04:30:00Z'))).toBe('2026-07-19');
        expect(bogotaDate(new Date('2026-07-20T05:30:00Z'))).toBe('2026-07-20');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('When asking for the bounds of a Bogotá day, then they are 05:00Z and the next 04:59:59.999Z', () => {
    expect(startOfBogotaDay('2026-04-13').toISOString()).toBe('2026-04-13T05:00:00.000Z');
    expect(endOfBogotaDay('2026-04-13').toISOString()).toBe('2026-04-14T04:59:59.999Z');
    expect(endOfBogotaDay('2026-12-31').toISOString()).toBe('2027-01-01T04:59:59.999Z');
  });

  it('When round-tripping a date through its bounds, then bogotaDate returns the same date', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const date = randomDate(rand, 1995, 2100);
      expect(bogotaDate(startOfBogotaDay(date))).toBe(date);
      expect(bogotaDate(endOfBogotaDay(date))).toBe(date);
      expect(bogotaDate(new Date(endOfBogotaDay(date).getTime() + 1))).toBe(plusDays(date, 1));
    }
  });

  it('When the instant is an invalid Date, then bogotaDate throws a RangeError', () => {
    expect(() => bogotaDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('validation', () => {
  const invalid: unknown[] = [
    '2026-02-30',
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-01-00',
    '2026-1-05',
    '26-01-05',
    '20260105',
    '2026/01/05',
    ' 2026-01-05',
    '2026-01-05T00:00:00Z',
    '２０２６-01-05', // full-width digits
    '',
    undefined,
    null,
    20260105,
  ];

  it.each(invalid)('When given %p, then every date-taking function throws a RangeError', (bad) => {
    const value = bad as string;
    expect(() => isHoliday(value)).toThrow(RangeError);
    expect(() => isBusinessDay(value)).toThrow(RangeError);
    expect(() => addBusinessDays(value, 1)).toThrow(RangeError);
    expect(() => addBusinessDays(value, 0)).toThrow(RangeError);
    expect(() => businessDaysBetween(value, '2026-01-05')).toThrow(RangeError);
    expect(() => businessDaysBetween('2026-01-05', value)).toThrow(RangeError);
    expect(() => endOfBogotaDay(value)).toThrow(RangeError);
    expect(() => startOfBogotaDay(value)).toThrow(RangeError);
    expect(() => isBusinessDay('2026-01-05', { extraHolidays: [value] })).toThrow(RangeError);
    expect(() => isBusinessDay('2026-01-05', { removedHolidays: [value] })).toThrow(RangeError);
  });

  it('When the date is invalid, then the message names the value and the expected format', () => {
    expect(() => isBusinessDay('2026-02-30')).toThrow(/"2026-02-30".*YYYY-MM-DD/);
    expect(() => isHoliday('x', { extraHolidays: ['2026-02-30'] })).toThrow(RangeError);
    expect(() => isHoliday('2026-01-05', { extraHolidays: ['2026-02-30'] })).toThrow(/extraHolidays/);
  });

  it('When a leap day is real, then it is accepted', () => {
    expect(isBusinessDay('2024-02-29')).toBe(true);
    expect(isBusinessDay('2000-02-29')).toBe(true); // a Tuesday in a 400-year leap year
  });

  it('When days is not an integer, then addBusinessDays throws a RangeError', () => {
    expect(() => addBusinessDays('2026-01-05', 1.5)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-05', Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-05', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
