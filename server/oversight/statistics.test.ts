import { publicMedian, suppressColumn } from './statistics';

describe('Oversight statistics', () => {
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
