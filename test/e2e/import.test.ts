/** Bulk entry: a county clerk fills in the template for a whole county's villages and imports it. */
import ExcelJS from 'exceljs';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

const PERIOD = '2026-10';
let api: TestApi;
let clerk = '';

const IMPORT = `mutation($i: ImportReportsInput!) { importReports(input: $i) { saved failed fileProblems rows { row unitCode outcome problems } } }`;
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

async function reportCount(): Promise<number> {
  const [{ n }] = await api.db.query(`SELECT count(*) AS n FROM report`);
  return n;
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  clerk = await api.tokenFor([Role.CLERK], '520102');
  api.defaultToken = clerk;
});
afterAll(async () => {
  await api?.close();
});

describe('importReports', () => {
  it('imports a whole county’s villages from the XLSX template, every figure where it belongs', async () => {
    const t = await api.gql(`{ importTemplate(parentCode: "520102", format: XLSX) { filename contentBase64 } }`);
    expect(t.errors).toBeUndefined();
    expect(t.data.importTemplate.filename).toBe('carenet-520102000000-village.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(t.data.importTemplate.contentBase64, 'base64') as never);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 2)).toEqual(['unitCode', 'unitName']);
    const lbcColumn = header.indexOf('LEFT_BEHIND_CHILDREN') + 1;
    const homesColumn = header.indexOf('CHILD_HOMES') + 1;
    let expectedTotal = 0;
    const villages = sheet.rowCount - 1;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const lbc = (r * 7) % 23;
      expectedTotal += lbc;
      sheet.getRow(r).getCell(lbcColumn).value = lbc;
      sheet.getRow(r).getCell(homesColumn).value = r % 2;
    }
    expect(villages).toBeGreaterThan(50);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const res = await api.gql(IMPORT, { i: { parentCode: '520102', period: PERIOD, format: 'XLSX', fileBase64: b64(file), mode: 'ALL_OR_NOTHING' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.importReports).toMatchObject({ saved: villages, failed: 0, fileProblems: [] });
    const [{ total, reports }] = await api.db.query(
      `SELECT sum(v.value) AS total, count(DISTINCT r.id) AS reports FROM report r JOIN report_value v ON v.report_id = r.id
        WHERE r.period = '2026-10-01' AND v.indicator = 'LEFT_BEHIND_CHILDREN'`,
    );
    expect(Number(total)).toBe(expectedTotal);
    expect(reports).toBe(villages);
  });

  it('saves nothing in ALL_OR_NOTHING when one row fails, and names the row, the field and the rule', async () => {
    const list = await api.gql(`{ units(parentCode: "520103", first: 1) { edges { node { children(first: 3) { edges { node { code } } } } } } }`, {}, await api.tokenFor([Role.VIEWER], '52'));
    const codes = list.data.units.edges[0].node.children.edges.map((e: any) => e.node.code);
    const otherClerk = await api.tokenFor([Role.CLERK], '520103');
    const csv = [
      'unitCode,LEFT_BEHIND_CHILDREN,RISK_RED',
      `${codes[0]},5,1`,
      `${codes[1]},2,3`, // E3: more at risk than counted
      `${codes[2]},abc,`,
      `520102001001,1,0`, // not under 520103
    ].join('\n');
    const before = await reportCount();
    const res = await api.gql(IMPORT, { i: { parentCode: '520103', period: PERIOD, format: 'CSV', fileBase64: b64(csv), mode: 'ALL_OR_NOTHING' } }, otherClerk);
    expect(res.errors).toBeUndefined();
    const rows = res.data.importReports.rows;
    expect(res.data.importReports).toMatchObject({ saved: 0, failed: 3 });
    expect(rows[0]).toMatchObject({ row: 2, outcome: 'NOT_SAVED', problems: [] });
    expect(rows[1].problems[0]).toContain('(E3)');
    expect(rows[2].problems[0]).toContain("LEFT_BEHIND_CHILDREN: 'abc' is not a whole number");
    expect(rows[3].problems[0]).toContain('no unit with code 520102001001 under 520103000000');
    expect(await reportCount()).toBe(before);

    const partial = await api.gql(IMPORT, { i: { parentCode: '520103', period: PERIOD, format: 'CSV', fileBase64: b64(csv), mode: 'VALID_ROWS' } }, otherClerk);
    expect(partial.data.importReports).toMatchObject({ saved: 1, failed: 3 });
    expect(await reportCount()).toBe(before + 1);
  });

  it('refuses a broken file as a whole, saying why', async () => {
    const res = await api.gql(IMPORT, { i: { parentCode: '520102', period: PERIOD, format: 'XLSX', fileBase64: b64('not a workbook at all'), mode: 'VALID_ROWS' } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IMPORT_FAILED' });
    expect(res.errors![0]!.message).toContain('not a readable XLSX');
    const header = await api.gql(IMPORT, { i: { parentCode: '520102', period: PERIOD, format: 'CSV', fileBase64: b64('unitCode,NOT_AN_INDICATOR\n520102001001,1\n'), mode: 'VALID_ROWS' } });
    expect(header.errors![0]!.extensions.violations).toEqual([expect.objectContaining({ rule: 'FILE', message: expect.stringContaining("'NOT_AN_INDICATOR' is not an indicator code") })]);
  });
});
