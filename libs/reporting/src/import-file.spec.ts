import ExcelJS from 'exceljs';
import { importTemplate, parseImportFile, type ImportFormat, type ParsedImport } from './import-file.js';

const KNOWN = new Set(['WELFARE_BEDS', 'LEFT_BEHIND_CHILDREN', 'HOME_VISITS']);
const OPTS = { maxRows: 5, knownIndicators: KNOWN };

/** CSV bytes from text lines. */
function csv(lines: string[], { bom = false, eol = '\n' } = {}): Buffer {
  return Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`, 'utf8');
}

/** An XLSX workbook whose first sheet holds `rows` from row 1 (a `null` row stays empty), then `edit` runs on it. */
async function xlsx(rows: (ExcelJS.CellValue[] | null)[], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('data');
  rows.forEach((cells, i) => {
    if (cells) sheet.getRow(i + 1).values = cells;
  });
  edit?.(sheet);
  wb.addWorksheet('other').addRow(['unitCode', 'FOO']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ok = (row: number, unitCode: string, values: [string, number][] = []) => ({
  row,
  unitCode,
  values: values.map(([indicator, value]) => ({ indicator, value })),
  problems: [],
});

describe('parseImportFile: good CSV', () => {
  it.each<[string, Buffer, ParsedImport['rows']]>([
    [
      'BOM, CRLF, unitName, empty cells, a blank line keeping row numbers',
      csv(
        [
          'unitCode,unitName,WELFARE_BEDS,LEFT_BEHIND_CHILDREN,HOME_VISITS',
          '520102001001,"Village, one",12,,0',
          '',
          ',,,,',
          '5201,City,,7,',
        ],
        { bom: true, eol: '\r\n' },
      ),
      [ok(2, '520102001001', [['WELFARE_BEDS', 12], ['HOME_VISITS', 0]]), ok(5, '5201', [['LEFT_BEHIND_CHILDREN', 7]])],
    ],
    [
      'Chinese headers, padded header and cells, unitName in the middle, LF',
      csv(['单位代码, HOME_VISITS ,单位名称,WELFARE_BEDS', ' 52 ,  3 ,贵州省,', '520102,,云岩区,']),
      [ok(2, '52', [['HOME_VISITS', 3]]), ok(3, '520102')],
    ],
    [
      'leading zeros, 16 digits, values kept in header order',
      csv(['unitCode,HOME_VISITS,WELFARE_BEDS', '520102001,007,1234567890123456']),
      [ok(2, '520102001', [['HOME_VISITS', 7], ['WELFARE_BEDS', 1234567890123456]])],
    ],
    ['BOM before a quoted header', csv(['"unitCode","HOME_VISITS"', '"52","5"'], { bom: true }), [ok(2, '52', [['HOME_VISITS', 5]])]],
    ['only a header', csv(['unitCode,unitName,HOME_VISITS']), []],
    ['exactly maxRows rows', csv(['unitCode,HOME_VISITS', '52,1', '53,1', '54,1', '55,1', '56,1']), ['52', '53', '54', '55', '56'].map((c, i) => ok(i + 2, c, [['HOME_VISITS', 1]]))],
  ])('%s', async (_name, data, rows) => {
    expect(await parseImportFile('CSV', data, OPTS)).toEqual({ rows, fileProblems: [] });
  });
});

describe('parseImportFile: bad cells are row problems', () => {
  it.each([
    ['12.5', `WELFARE_BEDS: '12.5' is not a whole number`],
    ['-3', `WELFARE_BEDS: '-3' is not a whole number`],
    ['"1,200"', `WELFARE_BEDS: '1,200' is not a whole number`],
    ['1e3', `WELFARE_BEDS: '1e3' is not a whole number`],
    ['+5', `WELFARE_BEDS: '+5' is not a whole number`],
    ['１２', `WELFARE_BEDS: '１２' is not a whole number`],
    ['12 34', `WELFARE_BEDS: '12 34' is not a whole number`],
    ['n/a', `WELFARE_BEDS: 'n/a' is not a whole number`],
    ['12345678901234567', `WELFARE_BEDS: '12345678901234567' has more than 16 digits`],
    ['9999999999999999', `WELFARE_BEDS: '9999999999999999' is too large`],
  ])('%s', async (cell, problem) => {
    const parsed = await parseImportFile('CSV', csv(['unitCode,WELFARE_BEDS,HOME_VISITS', `52,${cell},4`]), OPTS);
    expect(parsed).toEqual({
      rows: [{ row: 2, unitCode: '52', values: [{ indicator: 'HOME_VISITS', value: 4 }], problems: [problem] }],
      fileProblems: [],
    });
  });

  it.each([
    ['520', `got '520'`],
    ['5201020010011', `got '5201020010011'`],
    ['abcd', `got 'abcd'`],
    ['52-01', `got '52-01'`],
    ['５２', `got '５２'`],
    ['', `got ''`],
    ['5.20102E+11', `got '5.20102E+11' (Excel showed the code in scientific notation`],
  ])('unitCode %j', async (code, got) => {
    const parsed = await parseImportFile('CSV', csv(['unitCode,HOME_VISITS', `${code},4`]), OPTS);
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.rows).toEqual([{ row: 2, unitCode: code, values: [{ indicator: 'HOME_VISITS', value: 4 }], problems: [expect.any(String)] }]);
    expect(parsed.rows[0].problems[0]).toContain(`unitCode: must be a statistical code of 2, 4, 6, 9 or 12 digits, ${got}`);
  });

  it('reports a repeated unitCode on its later row, with every bad cell of the row', async () => {
    const data = csv(['unitCode,HOME_VISITS,WELFARE_BEDS', '520102001002,1,', '520102001001,2,', '52,3,', '520102001001,x,-1']);
    const parsed = await parseImportFile('CSV', data, OPTS);
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.rows.map((r) => r.problems)).toEqual([
      [],
      [],
      [],
      [`unitCode: 520102001001 is already on row 3`, `HOME_VISITS: 'x' is not a whole number`, `WELFARE_BEDS: '-1' is not a whole number`],
    ]);
  });
});

describe('parseImportFile: file problems', () => {
  const gbk = Buffer.concat([Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0xb4, 0xfa, 0xc2, 0xeb]), Buffer.from(',HOME_VISITS\r\n52,1\r\n')]);
  const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
  const noSheets = async () => Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer());
  const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256));

  it.each<[string, ImportFormat, () => Buffer | Promise<Buffer>, (string | RegExp)[], number]>([
    ['unknown header (rows still read)', 'CSV', () => csv(['unitCode,unitName,WELFARE_BEDS,FOO', '52,x,1,2']), [`column D: 'FOO' is not an indicator code`], 1],
    ['lower-case indicator code', 'CSV', () => csv(['unitCode,home_visits', '52,1']), [`column B: 'home_visits' is not an indicator code`], 1],
    ['duplicate header', 'CSV', () => csv(['unitCode,HOME_VISITS,WELFARE_BEDS,HOME_VISITS', '52,1,2,3']), [`column D: 'HOME_VISITS' is listed twice (first in column B)`], 1],
    ['unitCode under both names', 'CSV', () => csv(['unitCode,单位代码,HOME_VISITS', '52,52,1']), [`column B: '单位代码' is listed twice (first in column A)`], 1],
    ['entries past the last header', 'CSV', () => csv(['unitCode,HOME_VISITS', '52,1,', '53,1,9']), ['column C: has entries but no header'], 2],
    ['too many rows', 'CSV', () => csv(['unitCode,HOME_VISITS', '52,1', '53,1', '54,1', '55,1', '56,1', '', '57,1']), ['the file has 6 rows; at most 5 per import'], 0],
    ['empty CSV', 'CSV', () => Buffer.alloc(0), ['the file is empty'], 0],
    ['CSV of a BOM and blank lines', 'CSV', () => csv(['', ' ', ',,'], { bom: true }), ['the file is empty'], 0],
    ['unterminated quote', 'CSV', () => csv(['unitCode,HOME_VISITS', '52,"1', '53,2']), ['the file is not a readable CSV: a quote (") opened in row 2 is never closed'], 0],
    ['stray quote', 'CSV', () => csv(['unitCode,HOME_VISITS', '52,1', '53,"2"x']), [/^the file is not a readable CSV: row 3: Invalid Closing Quote/], 0],
    ['GBK text', 'CSV', () => gbk, [/^the file is not a readable CSV: it is not UTF-8 text/], 0],
    ['no header row', 'CSV', () => csv(['520102001001,1', '520102001002,2']), [`the file is not a readable CSV: row 1 must be the header, with unitCode (or 单位代码) in column A; got '520102001001'`], 0],
    ['row 1 empty', 'CSV', () => csv(['', 'unitCode,HOME_VISITS', '52,1']), [/^the file is not a readable CSV: row 1 must be the header .* but it is empty$/], 0],
    ['empty XLSX', 'XLSX', () => Buffer.alloc(0), ['the file is empty'], 0],
    ['random bytes as XLSX', 'XLSX', () => random, [/^the file is not a readable XLSX workbook: /], 0],
    ['a CSV as XLSX', 'XLSX', () => csv(['unitCode,HOME_VISITS', '52,1']), [/^the file is not a readable XLSX workbook: /], 0],
    ['an old .xls', 'XLSX', () => ole2, [/^the file is not a readable XLSX workbook: it looks like an old \.xls file/], 0],
    ['a workbook with no sheet', 'XLSX', noSheets, ['the file is not a readable XLSX workbook: it has no worksheet'], 0],
    ['an XLSX with an empty sheet', 'XLSX', () => xlsx([]), ['the file is empty'], 0],
    ['XLSX unknown header', 'XLSX', () => xlsx([['unitCode', 'BAR'], ['52', 1]]), [`column B: 'BAR' is not an indicator code`], 1],
  ])('%s', async (_name, format, data, problems, rowCount) => {
    const parsed = await parseImportFile(format, await data(), OPTS);
    expect(parsed.fileProblems).toEqual(problems.map((p) => (typeof p === 'string' ? p : expect.stringMatching(p))));
    expect(parsed.rows).toHaveLength(rowCount);
  });
});

describe('parseImportFile: XLSX', () => {
  it('reads numbers, numeric strings, formulas, rich text and merged cells from the first sheet', async () => {
    const data = await xlsx(
      [
        ['unitCode', 'unitName', ' WELFARE_BEDS ', 'LEFT_BEHIND_CHILDREN', 'HOME_VISITS'],
        [520102001001, 'Village', 12, '7', null],
        null,
        ['5201', 'City', { formula: 'C2+1', result: 13 }, { richText: [{ text: '2' }, { text: '5' }] }, 0],
        ['', '', '', '', ''],
        ['520102', 'County', 3, null, null],
      ],
      (sheet) => sheet.mergeCells('C6:E6'),
    );
    expect(await parseImportFile('XLSX', data, OPTS)).toEqual({
      rows: [
        ok(2, '520102001001', [['WELFARE_BEDS', 12], ['LEFT_BEHIND_CHILDREN', 7]]),
        ok(4, '5201', [['WELFARE_BEDS', 13], ['LEFT_BEHIND_CHILDREN', 25], ['HOME_VISITS', 0]]),
        ok(6, '520102', [['WELFARE_BEDS', 3]]),
      ],
      fileProblems: [],
    });
  });

  it.each<[string, ExcelJS.CellValue, string, string?]>([
    ['a fraction', 12.5, `WELFARE_BEDS: '12.5' is not a whole number`],
    ['a negative number', -3, `WELFARE_BEDS: '-3' is not a whole number`],
    ['a decimal string', '12.5', `WELFARE_BEDS: '12.5' is not a whole number`],
    ['a date', new Date(Date.UTC(2024, 0, 5)), `WELFARE_BEDS: '2024-01-05' is not a whole number`],
    ['a boolean', true, `WELFARE_BEDS: 'TRUE' is not a whole number`],
    ['a formula giving a fraction', { formula: '1/4', result: 0.25 }, `WELFARE_BEDS: '0.25' is not a whole number`],
    ['a formula error', { formula: '1/0', result: { error: '#DIV/0!' } }, `WELFARE_BEDS: '#DIV/0!' is not a whole number`],
    ['a formula never calculated', { formula: 'D2*2', date1904: false }, 'WELFARE_BEDS: the formula =D2*2 has no saved result; open the file in Excel and save it again'],
    ['too large a number', 2 ** 60, `WELFARE_BEDS: '${String(2 ** 60)}' is too large`],
    ['a number formatted as a date', 45296, `WELFARE_BEDS: '2024-01-05' is not a whole number`, 'yyyy-mm-dd'],
    ['a number too large to be the date it is formatted as', 1e300, `WELFARE_BEDS: 'invalid date' is not a whole number`, 'yyyy-mm-dd'],
  ])('%s is a row problem', async (_name, cell, problem, numFmt = '') => {
    // numFmt has a default: a parameter beyond a row's length would make Jest pass a `done` callback.
    const data = await xlsx([['unitCode', 'WELFARE_BEDS', 'HOME_VISITS'], ['52', cell, 4]], (sheet) => {
      if (numFmt) sheet.getCell('B2').numFmt = numFmt;
    });
    expect(await parseImportFile('XLSX', data, OPTS)).toEqual({
      rows: [{ row: 2, unitCode: '52', values: [{ indicator: 'HOME_VISITS', value: 4 }], problems: [problem] }],
      fileProblems: [],
    });
  });
});

describe('importTemplate', () => {
  const indicators = [
    { code: 'WELFARE_BEDS', nameZh: '福利机构床位数', nameEn: 'Beds, welfare homes' },
    { code: 'HOME_VISITS', nameZh: '入户走访"次数"', nameEn: 'Home visits' },
  ];
  const units = [
    { code: '520102001001', name: '中华北路社区, "一"' },
    { code: '520102001002', name: '省府路社区' },
    { code: '52', name: '贵州省' },
  ];

  it.each<ImportFormat>(['CSV', 'XLSX'])('%s template parses back to its units, with no values and no problems', async (format) => {
    const data = await importTemplate(format, indicators, units);
    expect(await parseImportFile(format, data, OPTS)).toEqual({ rows: units.map((u, i) => ok(i + 2, u.code)), fileProblems: [] });
  });

  it('CSV template is UTF-8 with BOM and CRLF, names quoted', async () => {
    const text = (await importTemplate('CSV', indicators, units)).toString('utf8');
    expect(text.split('\r\n')).toEqual([
      '\uFEFFunitCode,unitName,WELFARE_BEDS,HOME_VISITS',
      '520102001001,"中华北路社区, ""一"""',
      '520102001002,省府路社区',
      '52,贵州省',
      '',
    ]);
  });

  it('XLSX template has unit codes as text and a sheet 说明, and reads back once filled in', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await importTemplate('XLSX', indicators, units)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['填报', '说明']);
    const [fill, notes] = wb.worksheets;
    expect(fill.getCell('A2').value).toBe('520102001001');
    expect([fill.getCell('A2').numFmt, fill.getCell('A9').numFmt]).toEqual(['@', '@']);
    expect(notes.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1))).toEqual(indicators.map((i) => [i.code, i.nameZh, i.nameEn]));
    fill.getCell('C2').value = 40;
    fill.getCell('D3').value = '6';
    const parsed = await parseImportFile('XLSX', Buffer.from(await wb.xlsx.writeBuffer()), OPTS);
    expect(parsed).toEqual({
      rows: [ok(2, '520102001001', [['WELFARE_BEDS', 40]]), ok(3, '520102001002', [['HOME_VISITS', 6]]), ok(4, '52')],
      fileProblems: [],
    });
  });
});
