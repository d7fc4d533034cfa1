/**
 * Bulk entry of a month's figures from one uploaded file (CSV or XLSX): one row
 * per unit, one column per indicator code. This module only turns bytes into
 * rows and reports problems with the file's syntax; the validation rules run
 * elsewhere. Pure: no I/O, no Nest.
 *
 * Layout: row 1 is the header — `unitCode` (or 单位代码) in column A, an
 * optional `unitName` (or 单位名称) column that is ignored, then indicator
 * codes. Each later row holds a unit code and whole non-negative numbers;
 * an empty cell means "not entered".
 */
import ExcelJS from 'exceljs';
import { csvBuffer } from '@carenet/core';
import { FileLimitError, fileLimits, NOT_READABLE, readUploadedTable, type FileLimits, type UploadCell, type UploadRow } from '@carenet/uploads';

export type ImportFormat = 'CSV' | 'XLSX';

export interface ImportRow {
  /** 1-based row as a spreadsheet shows it (header = 1, first data row = 2). */
  row: number;
  /** As written in the file (trimmed, not padded); the caller normalizes it. */
  unitCode: string;
  /** The filled-in figures, in header order. */
  values: { indicator: string; value: number }[];
  problems: string[];
}

/**
 * Non-empty `fileProblems` mean the file must be refused as a whole. Rows are
 * still given when the header could be read (unknown or repeated columns are
 * left out), so the clerk sees every problem in one pass — except when the
 * file has more than `maxRows` rows.
 */
export interface ParsedImport {
  rows: ImportRow[];
  fileProblems: string[];
}

export interface ImportOptions {
  maxRows: number;
  knownIndicators: ReadonlySet<string>;
  /** Enforced while reading; default fileLimits(maxRows). */
  limits?: FileLimits;
}

/** One cell as read: its text, the number of an XLSX number cell, or why it cannot be a figure. */
type RawCell = UploadCell;

/** One file row; `cells[0]` is column A (sparse for XLSX). */
type RawRow = UploadRow;

/** What a header column is for: `blank` has an empty header, `rejected` a header already reported. */
type Column =
  | { kind: 'unitCode' }
  | { kind: 'unitName' }
  | { kind: 'indicator'; code: string }
  | { kind: 'blank' }
  | { kind: 'rejected' };

const UNIT_CODE_HEADERS = ['unitcode', '单位代码'];
const UNIT_NAME_HEADERS = ['unitname', '单位名称'];
const UNIT_CODE_LENGTHS = [2, 4, 6, 9, 12];
const MAX_FIGURE_DIGITS = 16;
const EMPTY_FILE = 'the file is empty';

/** Reads an uploaded CSV or XLSX file into rows; never throws for a bad file. */
export async function parseImportFile(format: ImportFormat, data: Buffer, opts: ImportOptions): Promise<ParsedImport> {
  if (data.length === 0) return refused(EMPTY_FILE);
  const limits = opts.limits ?? fileLimits(opts.maxRows);
  let read: RawRow[] | string;
  try {
    read = await readUploadedTable(format, data, limits);
  } catch (e) {
    if (e instanceof FileLimitError) return refused(e.message);
    throw e;
  }
  if (typeof read === 'string') return refused(read);
  return parseRows(format, read, opts);
}

/**
 * A template to fill in: header row (unitCode, unitName, then the indicator
 * codes), one row per unit with code and name filled. XLSX gets a second sheet
 * 说明 listing code, Chinese name, English name of each indicator.
 */
export async function importTemplate(
  format: ImportFormat,
  indicators: { code: string; nameZh: string; nameEn: string }[],
  units: { code: string; name: string }[],
): Promise<Buffer> {
  const header = ['unitCode', 'unitName', ...indicators.map((i) => i.code)];
  const rows = units.map((u) => [u.code, u.name]);
  return format === 'CSV' ? csvTemplate(header, rows) : xlsxTemplate(header, rows, indicators);
}

// ------------------------------------------------------------ rows and header

/** Header, then data rows, of a file already split into cells. */
function parseRows(format: ImportFormat, fileRows: RawRow[], opts: ImportOptions): ParsedImport {
  const nonEmpty = fileRows.filter((r) => !isEmptyRow(r));
  if (nonEmpty.length === 0) return refused(EMPTY_FILE);
  const [header, ...dataRows] = nonEmpty;
  if (header.row !== 1) {
    return refused(`${NOT_READABLE[format]}: row 1 must be the header (unitCode, unitName, indicator codes) but it is empty`);
  }
  const first = cellText(header.cells[0]);
  if (!UNIT_CODE_HEADERS.includes(first.toLowerCase())) {
    return refused(`${NOT_READABLE[format]}: row 1 must be the header, with unitCode (or 单位代码) in column A; got ${quote(first)}`);
  }
  const { columns, problems } = readHeader(header.cells, opts.knownIndicators);
  problems.push(...headerlessEntries(columns, dataRows));
  if (dataRows.length > opts.maxRows) {
    return { rows: [], fileProblems: [...problems, `the file has ${dataRows.length} rows; at most ${opts.maxRows} per import`] };
  }
  return { rows: readDataRows(columns, dataRows), fileProblems: problems };
}

/** What each header column is for, and the header's problems (unknown or repeated headers). */
function readHeader(cells: (RawCell | undefined)[], known: ReadonlySet<string>): { columns: Column[]; problems: string[] } {
  const columns: Column[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (let col = 0; col < cells.length; col++) {
    const text = cellText(cells[col]);
    const column = headerColumn(text, known);
    const key = columnKey(column);
    const firstCol = key === undefined ? undefined : seen.get(key);
    if (column.kind === 'rejected') problems.push(`column ${columnLetter(col)}: ${quote(text)} is not an indicator code`);
    if (firstCol !== undefined) {
      problems.push(`column ${columnLetter(col)}: ${quote(text)} is listed twice (first in column ${columnLetter(firstCol)})`);
    } else if (key !== undefined) {
      seen.set(key, col);
    }
    columns.push(firstCol === undefined ? column : { kind: 'rejected' });
  }
  return { columns, problems };
}

/** What a trimmed header text names; `rejected` for an unknown one. */
function headerColumn(text: string, known: ReadonlySet<string>): Column {
  if (text === '') return { kind: 'blank' };
  if (UNIT_CODE_HEADERS.includes(text.toLowerCase())) return { kind: 'unitCode' };
  if (UNIT_NAME_HEADERS.includes(text.toLowerCase())) return { kind: 'unitName' };
  return known.has(text) ? { kind: 'indicator', code: text } : { kind: 'rejected' };
}

/** The identity used to find a header listed twice; none for blank or rejected columns. */
function columnKey(column: Column): string | undefined {
  if (column.kind === 'indicator') return `indicator:${column.code}`;
  return column.kind === 'blank' || column.kind === 'rejected' ? undefined : column.kind;
}

/** Columns without a header that hold entries in some row: one problem each. */
function headerlessEntries(columns: Column[], dataRows: RawRow[]): string[] {
  const found = new Set<number>();
  for (const r of dataRows) {
    r.cells.forEach((cell, col) => {
      const kind = columns[col]?.kind ?? 'blank';
      if (kind === 'blank' && cellText(cell) !== '') found.add(col);
    });
  }
  return [...found].sort((a, b) => a - b).map((col) => `column ${columnLetter(col)}: has entries but no header`);
}

// ------------------------------------------------------------------ data rows

/** ImportRows for the data rows, with a repeated unit code reported on its later row. */
function readDataRows(columns: Column[], dataRows: RawRow[]): ImportRow[] {
  const firstRowOf = new Map<string, number>();
  return dataRows.map((r) => {
    const result = readDataRow(columns, r);
    if (!isUnitCode(result.unitCode)) return result;
    const earlier = firstRowOf.get(result.unitCode);
    if (earlier === undefined) firstRowOf.set(result.unitCode, r.row);
    else result.problems.unshift(`unitCode: ${result.unitCode} is already on row ${earlier}`);
    return result;
  });
}

/** One data row: its unit code and figures, each bad cell reported. */
function readDataRow(columns: Column[], r: RawRow): ImportRow {
  const unitCode = cellText(r.cells[0]);
  const problems: string[] = [];
  if (!isUnitCode(unitCode)) problems.push(unitCodeProblem(unitCode));
  const values: ImportRow['values'] = [];
  columns.forEach((column, col) => {
    if (column.kind !== 'indicator') return;
    const figure = readFigure(r.cells[col]);
    if (typeof figure === 'number') values.push({ indicator: column.code, value: figure });
    else if (typeof figure === 'string') problems.push(`${column.code}: ${figure}`);
  });
  return { row: r.row, unitCode, values, problems };
}

/** A statistical code: 2, 4, 6, 9 or 12 ASCII digits. */
function isUnitCode(text: string): boolean {
  return /^[0-9]+$/.test(text) && UNIT_CODE_LENGTHS.includes(text.length);
}

/** The unit code problem, with a hint when Excel has turned the code into 5.20102E+11. */
function unitCodeProblem(text: string): string {
  const problem = `unitCode: must be a statistical code of 2, 4, 6, 9 or 12 digits, got ${quote(text)}`;
  return /^[0-9](\.[0-9]+)?e\+[0-9]+$/i.test(text)
    ? `${problem} (Excel showed the code in scientific notation; format the column as text, or use the XLSX template)`
    : problem;
}

/**
 * A figure cell: the number, `undefined` when empty (not entered), or why it
 * is not a figure. Text must be digits only; an XLSX number must be a whole number.
 */
function readFigure(cell: RawCell | undefined): number | string | undefined {
  if (!cell) return undefined;
  if (cell.unreadable) return cell.unreadable;
  const text = cell.text.trim();
  if (text === '') return undefined;
  const notWhole = `${quote(text)} is not a whole number`;
  if (cell.num !== undefined) return Number.isInteger(cell.num) && cell.num >= 0 ? boundedFigure(cell.num, text) : notWhole;
  if (!/^[0-9]+$/.test(text)) return notWhole;
  if (text.length > MAX_FIGURE_DIGITS) return `${quote(text)} has more than ${MAX_FIGURE_DIGITS} digits`;
  return boundedFigure(Number(text), text);
}

/** The number if exactly representable, else why not. */
function boundedFigure(value: number, text: string): number | string {
  return Number.isSafeInteger(value) ? value + 0 : `${quote(text)} is too large`;
}

// -------------------------------------------------------------------- helpers

function refused(problem: string): ParsedImport {
  return { rows: [], fileProblems: [problem] };
}

function cellText(cell: RawCell | undefined): string {
  return cell ? cell.text.trim() : '';
}

function isEmptyRow(r: RawRow): boolean {
  return r.cells.every((cell) => cellText(cell) === '' && !cell?.unreadable);
}

/** Spreadsheet column letter of a 0-based column: 0 → A, 26 → AA. */
function columnLetter(col: number): string {
  let n = col + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A file's text in quotes for a message, cut to 40 characters. */
function quote(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}

// ------------------------------------------------------------------ templates

/** The project's one CSV: UTF-8 with BOM (so Excel shows the Chinese names), CRLF lines, no cell a live formula. */
function csvTemplate(header: string[], rows: string[][]): Buffer {
  return csvBuffer([header, ...rows]);
}

/** Sheet 填报 to fill in (codes stored as text), sheet 说明 naming each indicator. */
async function xlsxTemplate(
  header: string[],
  rows: string[][],
  indicators: { code: string; nameZh: string; nameEn: string }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('填报', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  sheet.columns = header.map((h, i) => ({ width: i === 0 ? 16 : i === 1 ? 24 : Math.max(12, h.length + 2) }));
  sheet.getColumn(1).numFmt = '@';
  sheet.addRow(header).font = { bold: true };
  sheet.addRows(rows);
  const notes = wb.addWorksheet('说明');
  notes.columns = [{ width: 28 }, { width: 28 }, { width: 48 }];
  notes.addRow(['指标代码 code', '中文名称', 'English name']).font = { bold: true };
  notes.addRows(indicators.map((i) => [i.code, i.nameZh, i.nameEn]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
