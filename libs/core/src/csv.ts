/**
 * The one CSV writer: every CSV carenet gives out (exports, templates, files
 * made for an import) is written here, for people who open it in a
 * spreadsheet. UTF-8 with a byte-order mark (so Excel shows Chinese text),
 * CRLF line ends, and no cell that a spreadsheet would run as a formula.
 */

/** What a cell may be given as; null and undefined are an empty cell. */
export type CsvValue = string | number | boolean | bigint | null | undefined;

/**
 * What makes a spreadsheet read a cell as a formula when it comes first: =, +,
 * -, @, a tab, a carriage return or a line feed, and their full-width forms
 * (＝＋－＠), which a Chinese input method types.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain number (-3, -12.50) is a value, not a formula: it stays as it is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV field: quoted when it holds a comma, quote or line break, and
 * neutralised (a leading ') when it would start a formula: a child named
 * `=HYPERLINK(…)` must stay text.
 */
export function csvCell(value: CsvValue): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line of cells, without its line end. */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole table: the byte-order mark, then each row ended by CRLF. */
export function csvText(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((r) => `${csvLine(r)}\r\n`).join('')}`;
}

/** A whole table as UTF-8 bytes, ready to send or to store. */
export function csvBuffer(rows: readonly (readonly CsvValue[])[]): Buffer {
  return Buffer.from(csvText(rows), 'utf8');
}
