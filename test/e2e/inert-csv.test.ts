/**
 * Every CSV carenet gives out is inert: children named `=HYPERLINK(…)`,
 * `+1+1`, `@SUM(1,1)`, `-2+3` (made through the API), an indicator and units
 * given such names, and no cell of any CSV the project writes (the children's
 * export, the statistics and provincial report exports, both import
 * templates) is one a spreadsheet would run as a formula. Each also comes as
 * the one writer makes it: a byte-order mark first, CRLF line ends.
 */
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { Role } from '@carenet/core';
import { ProvincialReportService } from '@carenet/rollup';
import { startTestApi, type TestApi } from '../support/test-app.js';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+1+1', '@SUM(1,1)', '-2+3', '\t=1+1', '\r=1+1', '=1+1\r\n=2+2'];
const PERIOD = '2026-10';

let api: TestApi;
let admin = '';
let countyAdmin: string;
let township = { code: '', id: 0 };
let village = { code: '', id: 0 };

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  admin = await api.tokenFor([Role.ADMIN], '52');
  countyAdmin = await api.tokenFor([Role.ADMIN], '520102');
  [township] = await api.db.query(`SELECT id, code FROM admin_unit WHERE depth = 4 AND code LIKE '520102%' ORDER BY code LIMIT 1`);
  [village] = await api.db.query(`SELECT id, code FROM admin_unit WHERE depth = 5 AND parent_id = $1 ORDER BY code LIMIT 1`, [township.id]);
  const clerk = await api.tokenFor([Role.CLERK], township.code);
  for (const [i, name] of HOSTILE.entries()) {
    const res = await api.gql(
      `mutation($input: CreateChildInput!) { createChild(input: $input) { id } }`,
      { input: { villageCode: village.code, name, sex: 'F', birthDate: `2015-03-0${i + 1}`, openedOn: '2026-01-05', helper: { name: HOSTILE[(i + 1) % HOSTILE.length], role: 'CHILD_DIRECTOR' } } },
      clerk,
    );
    expect(res.errors).toBeUndefined();
  }
  const renamed = await api.gql(
    `mutation($i: RenameIndicatorInput!) { renameIndicator(input: $i) { code } }`,
    { i: { code: 'HOME_VISITS', nameZh: '=HYPERLINK("http://x","入户走访")', nameEn: '@SUM(1,1)', effective: '2026-01' } },
    admin,
  );
  expect(renamed.errors).toBeUndefined();
  // the tree's names are another team's API; set here as they are stored
  await api.db.query(`UPDATE admin_unit SET name = $2 WHERE id = $1`, [township.id, '-2+3']);
  await api.db.query(`UPDATE admin_unit SET name = $2 WHERE id = $1`, [village.id, '@SUM(1,1)']);
  await api.db.query(`UPDATE admin_unit SET name = $1 WHERE depth = 3 AND code = '520102000000'`, ['+1+1']);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

/** Cells a spreadsheet would read as a formula: a first character of =, +, -, @, tab, CR or LF (full-width too), a plain number aside. */
function liveFormulas(cells: string[]): string[] {
  return cells.filter((c) => /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
}

/** The cells of a CSV as a spreadsheet reads them, after checking it is the one writer's: BOM, CRLF. */
function cellsOf(what: string, data: Buffer): string[] {
  const text = data.toString('utf8');
  expect([what, text.charCodeAt(0)]).toEqual([what, 0xfeff]);
  expect([what, text.endsWith('\r\n'), /(^|[^\r])\n/.test(text.replace(/"[^"]*"/g, ''))]).toEqual([what, true, false]);
  return (parse(text, { bom: true, relax_column_count: true }) as string[][]).flat();
}

async function download(path: string): Promise<Buffer> {
  const res = await request(api.app.getHttpServer())
    .get(path)
    .set('authorization', `Bearer ${admin}`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect([path, res.status]).toEqual([path, 200]);
  return res.body as Buffer;
}

describe('every CSV the project writes is inert', () => {
  it("the children's export: each hostile name and helper is there, as text", async () => {
    const res = await api.gql(`mutation($i: ExportChildrenInput!) { exportChildren(input: $i) { contentBase64 count } }`, { i: { countyCode: '520102', reason: 'checking the export is safe to open' } }, countyAdmin);
    expect(res.errors).toBeUndefined();
    const cells = cellsOf('children', Buffer.from(res.data.exportChildren.contentBase64, 'base64'));
    expect(liveFormulas(cells)).toEqual([]);
    // names are trimmed when saved: a leading tab or CR is gone, the formula after it is not
    for (const name of HOSTILE) expect(cells).toContain(`'${name.trim()}`);
  });

  it('the statistics breakdowns (below a county, below a township) and the provincial report', async () => {
    const files: [string, Buffer][] = [
      ['stats 520102', await download(`/exports/stats-breakdown/520102/${PERIOD}.csv`)],
      ['stats township', await download(`/exports/stats-breakdown/${township.code}/${PERIOD}.csv?basis=PROVISIONAL`)],
    ];
    const [province] = await api.db.query(`SELECT id FROM admin_unit WHERE depth = 1 AND code = '520000000000'`);
    const version = await api.app.get(ProvincialReportService).build(province.id, PERIOD, '=cmd|/c calc');
    files.push(['provincial report', await download(`/exports/provincial-report/52/${PERIOD}/${version}.csv`)]);
    for (const [what, data] of files) {
      const cells = cellsOf(what, data);
      expect([what, liveFormulas(cells)]).toEqual([what, []]);
      expect([what, cells]).toEqual([what, expect.arrayContaining([`'=HYPERLINK("http://x","入户走访")`])]);
    }
    expect(cellsOf('stats 520102', files[0]![1])).toContain("'-2+3");
    expect(cellsOf('stats township', files[1]![1])).toContain("'@SUM(1,1)");
    // the provincial report goes down to the counties
    expect(cellsOf('provincial report', files[2]![1])).toContain("'+1+1");
  });

  it('the import templates: the ledger template and the month template of a township', async () => {
    const ledger = await api.gql(`{ childImportTemplate(format: CSV) { contentBase64 } }`, {}, admin);
    const month = await api.gql(`query($p: ID!) { importTemplate(parentCode: $p, format: CSV) { contentBase64 } }`, { p: township.code }, admin);
    expect([ledger.errors, month.errors]).toEqual([undefined, undefined]);
    expect(liveFormulas(cellsOf('ledger template', Buffer.from(ledger.data.childImportTemplate.contentBase64, 'base64')))).toEqual([]);
    const cells = cellsOf('month template', Buffer.from(month.data.importTemplate.contentBase64, 'base64'));
    expect(liveFormulas(cells)).toEqual([]);
    expect(cells).toContain("'@SUM(1,1)");
  });
});
