import { publicMedian, suppressColumn, suppressTable } from './statistics';

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

  it('When a table has a small cell, Then its row and its column each get a second hidden cell, and so on until no line has one', () => {
    const cells = [
      [3, 10, 8],
      [9, 6, 12],
      [7, 11, 20],
    ];
    const { cells: shown, rowTotals, columnTotals } = suppressTable(cells, [21, 27, 38], [19, 27, 40]);
    expect(rowTotals).toEqual([21, 27, 38]);
    expect(columnTotals).toEqual([19, 27, 40]);
    const hiddenIn = (line: (number | '<5')[]) => line.filter((v) => v === '<5').length;
    for (const row of shown) expect(hiddenIn(row)).not.toBe(1);
    for (let c = 0; c < 3; c += 1) expect(hiddenIn(shown.map((row) => row[c]!))).not.toBe(1);
    expect(shown[0]![0]).toBe('<5');
  });

  it('When random tables are suppressed, Then no shown cell is 1 to 4 and no line with a shown total has exactly one hidden cell', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 100; round += 1) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = 1 + Math.floor(random() * 6);
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.3 ? 0 : Math.floor(random() * 12))));
      const rowSums = cells.map((row) => row.reduce((a, b) => a + b, 0));
      const columnSums = cells[0]!.map((_, c) => cells.reduce((a, row) => a + row[c]!, 0));
      const out = suppressTable(cells, rowSums, columnSums);
      const lines: [(number | '<5')[], number | '<5'][] = [
        ...out.cells.map((row, r) => [row, out.rowTotals[r]!] as [(number | '<5')[], number | '<5']),
        ...columnSums.map((_, c) => [out.cells.map((row) => row[c]!), out.columnTotals[c]!] as [(number | '<5')[], number | '<5']),
      ];
      for (const [line, total] of lines) {
        for (const v of [...line, total]) if (typeof v === 'number') expect(v === 0 || v >= 5).toBe(true);
        if (total !== '<5') expect(line.filter((v) => v === '<5').length).not.toBe(1);
      }
    }
  });
});
