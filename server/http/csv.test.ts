import { csvCell, toCsv } from './csv';

describe('CSV for spreadsheets', () => {
  it('When a text starts like a formula, Then it is prefixed with a quote so it stays text', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+57 300')).toBe("'+57 300");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-2)).toBe('-2');
  });

  it('When a cell holds a separator, quote or line break, Then it is quoted', () => {
    expect(csvCell('Agua; aire')).toBe('"Agua; aire"');
    expect(csvCell('dijo "no"')).toBe('"dijo ""no"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('Chiriguaná')).toBe('Chiriguaná');
    expect(csvCell(null)).toBe('');
  });

  it('When a file is written, Then it starts with the UTF-8 BOM and uses ; and CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'ñ']])).toBe('\uFEFFa;b\r\n1;ñ\r\n');
  });
});
