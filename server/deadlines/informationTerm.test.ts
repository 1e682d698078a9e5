import { informationLapseDate } from './informationTerm';

describe('The month an information request waits (Ley 1755 art. 17, counted as Ley 4 de 1913 arts. 59 and 62)', () => {
  it('When a request is made on a day whose number exists a month later, Then it lapses on that day', () => {
    // Friday 20 November 2026 → Monday 21 December 2026.
    expect(informationLapseDate('2026-11-20', 1, {})).toBe('2026-12-21');
    expect(informationLapseDate('2026-11-18', 1, {})).toBe('2026-12-18');
  });

  it("When the next month has no such day, Then it lapses on that month's last day (or the next business day)", () => {
    // 31 January 2027 → 28 February 2027 is a Sunday → Monday 1 March.
    expect(informationLapseDate('2027-01-31', 1, {})).toBe('2027-03-01');
    // 31 March 2026 → 30 April 2026, a Thursday.
    expect(informationLapseDate('2026-03-31', 1, {})).toBe('2026-04-30');
  });

  it('When the day falls on a weekend or a holiday, Then it moves to the next business day, across the year', () => {
    // 8 December 2026 (Inmaculada Concepción) asked 8 November → lapses Wednesday 9 December.
    expect(informationLapseDate('2026-11-08', 1, {})).toBe('2026-12-09');
    // 25 December 2026 (Friday, Navidad) → Monday 28.
    expect(informationLapseDate('2026-11-25', 1, {})).toBe('2026-12-28');
    // Two months from 20 November 2026 → 20 January 2027, a Wednesday.
    expect(informationLapseDate('2026-11-20', 2, {})).toBe('2027-01-20');
  });

  it('When the mechanism added a holiday on that day, Then its own calendar moves it too', () => {
    expect(informationLapseDate('2026-11-18', 1, { extraHolidays: ['2026-12-18'] })).toBe('2026-12-21');
  });

  it('When the term is not a whole number of months, Then it is refused', () => {
    expect(() => informationLapseDate('2026-11-18', 0, {})).toThrow(RangeError);
    expect(() => informationLapseDate('18/11/2026', 1, {})).toThrow(RangeError);
  });
});
