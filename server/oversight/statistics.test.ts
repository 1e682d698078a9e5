import { publicMedian, quarterOf, suppressColumn, toDays, weightedMedian } from './statistics';

describe('Oversight statistics', () => {
  it('When values are weighted, Then the median counts each case once', () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([{ days: 4, count: 1 }])).toBe(4);
    expect(weightedMedian([{ days: 10, count: 1 }, { days: 2, count: 2 }])).toBe(2);
    expect(weightedMedian([{ days: 1, count: 2 }, { days: 5, count: 2 }])).toBe(3);
    expect(weightedMedian([{ days: 7, count: 3 }, { days: 1, count: 1 }, { days: 3, count: 1 }])).toBe(7);
  });

  it('When business days are counted, Then weekends and Colombian holidays do not count', () => {
    // Friday 2026-11-13 to Tuesday 2026-11-17: Monday 16 November 2026 is a holiday (Independencia de Cartagena).
    const [row] = toDays([{ key: null, filed: '2026-11-13', reached: '2026-11-17', count: 2 }]);
    expect(row).toMatchObject({ days: 1, count: 2 });
    expect(toDays([{ key: null, filed: '2026-11-13', reached: null, count: 3 }])).toEqual([]);
  });

  it('When a date is in a month, Then its quarter is named YYYY-Qn', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-06-30')).toBe('2026-Q2');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
  });

  it('When one cell is small, Then it and the smallest other cell are hidden, so the total cannot reveal it', () => {
    const { cells, total } = suppressColumn([3, 12, 7, 0], 22);
    expect(cells).toEqual(['<5', 12, '<5', 0]);
    expect(total).toBe(22);
  });

  it('When the only other cells are zero, Then the total is hidden instead', () => {
    expect(suppressColumn([3, 0, 0], 3)).toEqual({ cells: ['<5', 0, 0], total: '<5' });
    expect(suppressColumn([2, 0, 9], 11)).toEqual({ cells: ['<5', 0, '<5'], total: 11 });
  });

  it('When two or more cells are small, Then no extra cell is hidden and nothing under 5 is shown', () => {
    const { cells, total } = suppressColumn([1, 4, 30, 8], 43);
    expect(cells).toEqual(['<5', '<5', 30, 8]);
    expect(total).toBe(43);
    for (const cell of cells) if (typeof cell === 'number') expect(cell === 0 || cell >= 5).toBe(true);
  });

  it('When a median was measured on fewer than 5 cases, Then it is hidden', () => {
    expect(publicMedian(3, 4)).toBe('<5');
    expect(publicMedian(3, 5)).toBe(3);
    expect(publicMedian(null, 0)).toBeNull();
  });
});
