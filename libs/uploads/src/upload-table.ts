/**
 * An uploaded CSV or XLSX file as rows of cells, read within limits: the one
 * way carenet reads a file someone sends, whatever the feature (a month's
 * figures, a ledger of children's files). What the rows mean is the
 * feature's business; this only turns bytes into cells. Pure: no Nest, no I/O.
 */
import { csvRecords, FileLimitError, type FileLimits } from './file-limits.js';
import { readFirstSheet, type SheetRow } from './xlsx-stream.js';

export type UploadFormat = 'CSV' | 'XLSX';

/** One row as read; `row` is 1-based as a spreadsheet shows it, `cells[0]` is column A (sparse for XLSX). */
export type UploadRow = SheetRow;
export type { SheetCell as UploadCell } from './xlsx-stream.js';

export const NOT_READABLE: Record<UploadFormat, string> = {
  CSV: 'the file is not a readable CSV',
  XLSX: 'the file is not a readable XLSX workbook',
};

/**
 * The rows of an uploaded file, or why it cannot be read (a whole sentence for
 * the person who sent it). Throws FileLimitError as soon as the file passes a
 * limit; a CSV gives every line (blank ones too), an XLSX its rows with cells.
 */
export async function readUploadedTable(format: UploadFormat, data: Buffer, limits: FileLimits): Promise<UploadRow[] | string> {
  return format === 'CSV' ? readCsv(data, limits) : readXlsx(data, limits);
}

/** Rows of a UTF-8 CSV (BOM, CRLF or LF), or the file problem. */
async function readCsv(data: Buffer, limits: FileLimits): Promise<UploadRow[] | string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return `${NOT_READABLE.CSV}: it is not UTF-8 text; in Excel save it as "CSV UTF-8 (逗号分隔)"`;
  }
  let records: string[][];
  try {
    records = await csvRecords(text, limits);
  } catch (err) {
    if (err instanceof FileLimitError) throw err;
    return `${NOT_READABLE.CSV}: ${csvErrorText(err)}`;
  }
  return records.map((fields, i) => ({ row: i + 1, cells: fields.map((text) => ({ text })) }));
}

/** csv-parse's error for a clerk, naming the spreadsheet row where the bad record starts. */
function csvErrorText(err: unknown): string {
  const e = err as { code?: string; records?: number; message?: string };
  const row = (e.records ?? 0) + 1;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return `a quote (") opened in row ${row} is never closed`;
  return `row ${row}: ${String(e.message ?? err)}`;
}

/** Rows of the first worksheet (read as a stream), or the file problem. */
async function readXlsx(data: Buffer, limits: FileLimits): Promise<UploadRow[] | string> {
  if (isOldExcelFile(data)) return `${NOT_READABLE.XLSX}: it looks like an old .xls file (or a password-protected one); save it as .xlsx`;
  try {
    const rows = await readFirstSheet(data, limits);
    return typeof rows === 'string' ? `${NOT_READABLE.XLSX}: ${rows}` : rows;
  } catch (err) {
    if (err instanceof FileLimitError) throw err;
    return `${NOT_READABLE.XLSX}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** OLE2 compound file: a .xls workbook, or an encrypted .xlsx. */
function isOldExcelFile(data: Buffer): boolean {
  return data.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}
