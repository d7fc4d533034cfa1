import { childImportTemplate, parseChildImport } from './child-import-file.js';

const csv = (s: string) => Buffer.from(s, 'utf8');

describe('parseChildImport', () => {
  it.each([
    ['empty', '', ['file: it is empty']],
    ['a missing column', 'villageCode,name,sex\n1,2,3\n', ['header: the column birthDate is missing']],
    ['an unknown column', 'villageCode,name,sex,birthDate,shoeSize\n', ["header: column 5 'shoeSize' is not a column of the template"]],
    ['too many rows', 'villageCode,name,sex,birthDate\n' + 'a,b,c,d\n'.repeat(4), ['file: 4 rows; at most 3 per file']],
    ['blank lines past the line limit', 'villageCode,name,sex,birthDate\n' + '\n'.repeat(2000), [expect.stringMatching(/^file: the file has more than 1004 lines .*limit maxLines.*split it/)]],
    ['cells past the cell limit', 'villageCode,name,sex,birthDate\n' + ','.repeat(600), ['file: the file has more than 512 cells (limit maxCells); split it by township']],
  ])('%s: the file is refused, naming what is wrong', async (_n, text, problems) => {
    expect((await parseChildImport('CSV', csv(text), 3)).fileProblems).toEqual(problems);
  });

  it.each<[string, 'CSV' | 'XLSX', Buffer, RegExp]>([
    ['GBK text as CSV', 'CSV', Buffer.from([0xb4, 0xe5, 0xb4, 0xfa, 0xc2, 0xeb, 0x0a]), /^file: the file is not a readable CSV: it is not UTF-8 text/],
    ['a CSV sent as XLSX', 'XLSX', csv('villageCode,name\n'), /^file: the file is not a readable XLSX workbook: /],
    ['an old .xls', 'XLSX', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /^file: the file is not a readable XLSX workbook: it looks like an old \.xls file/],
  ])('%s: refused, saying why', async (_n, format, data, problem) => {
    expect((await parseChildImport(format, data, 3)).fileProblems).toEqual([expect.stringMatching(problem)]);
  });

  it('reads Chinese headers and values, skips blank rows, numbers rows as a spreadsheet does', async () => {
    const r = await parseChildImport('CSV', csv('\ufeff村代码,姓名,性别,出生日期,类别,风险等级,建档日期\n520102001001,王小花,女,2015-03-01,LEFT_BEHIND;IN_DIFFICULTY,黄,2026-01-05\n,,,,,,\n520102001001,李四,男,2014-01-01,,,\n'), 10);
    expect(r.fileProblems).toEqual([]);
    expect(r.rows.map((x) => x.row)).toEqual([2, 4]);
    expect(r.rows[0]!.input).toMatchObject({
      villageCode: '520102001001',
      sex: 'F',
      grade: { grade: 'YELLOW' },
      categories: [
        { category: 'LEFT_BEHIND', status: 'CERTIFIED', certifiedOn: '2026-01-05' },
        { category: 'IN_DIFFICULTY', status: 'CERTIFIED', certifiedOn: '2026-01-05' },
      ],
    });
    expect(r.rows[1]!.input).toMatchObject({ sex: 'M', grade: null, categories: [], helper: null });
  });

  it.each(['CSV', 'XLSX'] as const)('reads its own %s template', async (format) => {
    const r = await parseChildImport(format, await childImportTemplate(format), 10);
    expect(r.fileProblems).toEqual([]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.input).toMatchObject({ name: '王小花', birthDate: '2015-03-01', helper: { name: '李主任' } });
  });
});
