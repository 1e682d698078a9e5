/**
 * CSV files people open in Excel or LibreOffice: UTF-8 with a byte-order mark (so Excel reads accents
 * right), `;` between cells (Excel's separator in Spanish-speaking locales, where `,` is the decimal
 * mark), every cell holding a separator, quote or line break quoted, and text cells that a spreadsheet
 * would run as a formula (starting with = + - @, tab or carriage return) prefixed with a quote.
 */

/** A cell value; numbers are written as they are, text is escaped. */
export type CsvCell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const SEPARATOR = ';';

/** One cell, escaped. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row with its CRLF line end (RFC 4180). */
export function csvLine(row: readonly CsvCell[]): string {
  return csvEscapedLine(row.map(csvCell));
}

/**
 * One row of cells already escaped by csvCell, with its CRLF line end: for a long file whose lines repeat
 * a few words (a status, a company's name), each escaped once rather than on every line.
 */
export function csvEscapedLine(cells: readonly string[]): string {
  return cells.join(SEPARATOR) + '\r\n';
}

/** What a file starts with: the BOM and the header row (a streamed file then writes csvLine per row). */
export function csvStart(header: readonly string[]): string {
  return BOM + csvLine(header);
}

/** A whole file: header row and rows, CRLF line ends (RFC 4180), with the BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csvStart(header) + rows.map(csvLine).join('');
}
