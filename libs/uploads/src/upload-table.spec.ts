import ExcelJS from 'exceljs';
import { FileLimitError, fileLimits, type FileLimits } from './file-limits.js';
import { readUploadedTable, type UploadFormat } from './upload-table.js';

const csv = (text: string) => Buffer.from(text, 'utf8');

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('data');
  rows.forEach((r, i) => {
    if (r.length) sheet.getRow(i + 1).values = r;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const texts = (read: Awaited<ReturnType<typeof readUploadedTable>>) => (typeof read === 'string' ? read : read.map((r) => [r.row, Array.from(r.cells, (c) => c?.text ?? '')]));

describe('readUploadedTable', () => {
  it.each<[string, UploadFormat, () => Buffer | Promise<Buffer>, unknown]>([
    ['a CSV: every line, blank ones too, numbered as a spreadsheet does', 'CSV', () => csv('\ufeffa,b\r\n\r\n c ,d\n'), [[1, ['a', 'b']], [2, ['']], [3, ['c', 'd']]]],
    ['an XLSX: the rows with cells, numbered as the sheet has them', 'XLSX', () => xlsx([['a', 'b'], [], [null, 7]]), [[1, ['a', 'b']], [3, ['', '7']]]],
    ['GBK text', 'CSV', () => Buffer.from([0xb4, 0xe5, 0x0a]), 'the file is not a readable CSV: it is not UTF-8 text; in Excel save it as "CSV UTF-8 (逗号分隔)"'],
    ['an unclosed quote', 'CSV', () => csv('a\n"b\n'), 'the file is not a readable CSV: a quote (") opened in row 2 is never closed'],
    ['a CSV sent as XLSX', 'XLSX', () => csv('a,b\n'), expect.stringMatching(/^the file is not a readable XLSX workbook: /)],
  ])('%s', async (_what, format, data, expected) => {
    expect(texts(await readUploadedTable(format, await data(), fileLimits(10)))).toEqual(expected);
  });

  it.each<[string, UploadFormat, () => Buffer | Promise<Buffer>, keyof FileLimits, RegExp]>([
    ['blank lines past the line limit', 'CSV', () => csv('a\n' + '\n'.repeat(1100)), 'maxLines', /more than 1011 lines .*limit maxLines.*split it/],
    ['sheet rows past the line limit', 'XLSX', () => xlsx(Array.from({ length: 1100 }, (_, i) => [i])), 'maxLines', /more than 1011 rows \(limit maxLines\).*split it/],
    ['a row past the column limit', 'CSV', () => csv(','.repeat(600)), 'maxColumns', /^row 1 has more than 512 columns \(limit maxColumns\)/],
    ['cells past the cell limit', 'CSV', () => csv(Array(8).fill(','.repeat(200)).join('\n')), 'maxCells', /more than 1408 cells \(limit maxCells\)/],
  ])('%s: refused as it is read, naming the limit', async (_what, format, data, limit, message) => {
    const err = await readUploadedTable(format, await data(), fileLimits(10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileLimitError);
    expect([(err as FileLimitError).limit, (err as FileLimitError).message]).toEqual([limit, expect.stringMatching(message)]);
  });
});
