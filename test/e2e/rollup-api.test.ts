/** Completeness, the provincial report and its downloads, and the queue board, through the API with a worker running. */
import request from 'supertest';
import ExcelJS from 'exceljs';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';
import { step } from '../support/step.js';

const PERIOD = '2026-10';
let api: TestApi;
let worker: TestWorker;
const t: Record<string, string> = {};
let township = '';
let villages: string[] = [];

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
  t.admin = await api.tokenFor([Role.ADMIN], '52');
  t.clerk = await api.tokenFor([Role.CLERK], '520102');
  t.approver = await api.tokenFor([Role.APPROVER], '520102');
  t.provinceClerk = await api.tokenFor([Role.CLERK], '52');
  t.provinceApprover = await api.tokenFor([Role.APPROVER], '52');
  const d = await ok(t.admin, `{ units(parentCode: "520102", first: 1) { edges { node { code children(first: 100) { edges { node { code } } } } } } }`);
  township = d.units.edges[0].node.code.slice(0, 9);
  villages = d.units.edges[0].node.children.edges.map((e: any) => e.node.code);
  for (const v of villages.slice(0, 2)) {
    await ok(t.clerk, `mutation { saveReport(input: { unitCode: "${v}", period: "${PERIOD}", values: [{ indicator: "HOME_VISITS", value: 7 }, { indicator: "LEFT_BEHIND_CHILDREN", value: 4 }], expectedVersion: 0 }) { version } }`);
    await ok(t.clerk, `mutation { submitReport(input: { unitCode: "${v}", period: "${PERIOD}", expectedVersion: 1 }) { version } }`);
  }
  await ok(t.approver, `mutation { approveReport(input: { unitCode: "${villages[0]}", period: "${PERIOD}", expectedVersion: 2 }) { version } }`);
  await worker.settle();
});
afterAll(async () => {
  await worker?.app.close();
  await api?.close();
});

describe('completeness', () => {
  it('counts the township’s subtree and lists the villages still missing', async () => {
    const d = await ok(t.approver, `query($u: ID!, $p: Period!) { completeness(unitCode: $u, period: $p) { expected submitted approved onTime missing(first: 100) { totalCount edges { node { code } } } } }`, { u: township, p: PERIOD });
    expect(d.completeness).toMatchObject({ expected: villages.length + 1, submitted: 2, approved: 1, onTime: 0 }); // both late: due 5 November
    expect(d.completeness.missing.totalCount).toBe(villages.length - 2);
    expect(d.completeness.missing.edges.map((e: any) => e.node.code)).toEqual(villages.slice(2));
  });

  it('is NOT_FOUND outside the caller’s subtree', async () => {
    const res = await api.gql(`{ completeness(unitCode: "520103", period: "${PERIOD}") { expected } }`, {}, t.clerk);
    expect(res.errors![0]!.extensions.code).toBe('NOT_FOUND');
  });
});

describe('the provincial report', () => {
  // one story: the downloads are those of the report the sign-off builds
  it('is built when the province signs off, and again on request, as new immutable versions, and downloads as CSV and XLSX', async () => {
    await step('is built when the province signs off, and again on request, as new immutable versions', async () => {
      expect((await ok(t.provinceApprover, `{ provincialReport(provinceCode: "52", period: "${PERIOD}") { version } }`)).provincialReport).toBeNull();
      for (const city of (await ok(t.admin, `{ units(parentCode: "52") { edges { node { code } } } }`)).units.edges.map((e: any) => e.node.code.slice(0, 4))) {
        await ok(t.provinceApprover, `mutation { exemptReport(input: { unitCode: "${city}", period: "${PERIOD}", reason: "not in this test" }) { status } }`);
      }
      const submitted = await ok(t.provinceClerk, `mutation { submitReport(input: { unitCode: "52", period: "${PERIOD}", expectedVersion: 0 }) { version } }`);
      await ok(t.provinceApprover, `mutation { approveReport(input: { unitCode: "52", period: "${PERIOD}", expectedVersion: ${submitted.submitReport.version} }) { status } }`);
      await worker.settle();

      const q = `query($v: Int) { provincialReport(provinceCode: "52", period: "${PERIOD}", version: $v) { province { code name } version trigger rows { unitCode level values { indicator value } completeness { expected approved } } downloads { xlsx csv } checksum } }`;
      const v1 = (await ok(t.provinceApprover, q)).provincialReport;
      expect(v1).toMatchObject({ province: { code: '520000000000', name: '贵州省' }, version: 1 });
      expect(v1.trigger).toMatch(/^signed off by /);
      expect(v1.rows).toHaveLength(1 + 9 + 88);
      // the first village was approved before the city exemptions: its figures are not under an approved city, but the province counts approved reports
      const provinceRow = v1.rows.find((r: any) => r.level === 'PROVINCE');
      expect(provinceRow.values.find((v: any) => v.indicator === 'HOME_VISITS').value).toBe(7);
      expect(v1.checksum).toBe(11);

      expect(await ok(t.provinceApprover, `mutation { buildProvincialReport(provinceCode: "52", period: "${PERIOD}") }`)).toEqual({ buildProvincialReport: true });
      const refused = await api.gql(`mutation { buildProvincialReport(provinceCode: "52", period: "${PERIOD}") }`, {}, t.clerk);
      expect(refused.errors![0]!.extensions.code).toBe('NOT_FOUND'); // a county clerk does not see the province
      await worker.settle();
      expect((await ok(t.provinceApprover, q)).provincialReport.version).toBe(2);
      expect((await ok(t.provinceApprover, q, { v: 1 })).provincialReport.trigger).toBe(v1.trigger);
      await expect(api.db.query(`UPDATE provincial_report SET trigger = 'x'`)).rejects.toThrow('immutable');
    });

    await step('downloads version 1 as CSV and XLSX with Chinese headers and money in yuan', async () => {
      const csv = await request(api.app.getHttpServer()).get(`/exports/provincial-report/52/${PERIOD}/1.csv`).set('authorization', `Bearer ${t.provinceApprover}`).buffer(true);
      expect(csv.status).toBe(200);
      const text = csv.text ?? csv.body.toString();
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const header = text.slice(1).split('\r\n')[0]!.split(',');
      expect(header.slice(0, 3)).toEqual(['单位代码', '单位名称', '层级']);
      expect(header).toContain('散居孤儿基本生活费(元)');
      expect(text.split('\r\n')[1]).toContain('贵州省');
      expect(text.split('\r\n')[1]).toContain('0.00');

      const xlsx = await request(api.app.getHttpServer())
        .get(`/exports/provincial-report/52/${PERIOD}/1.xlsx`)
        .set('authorization', `Bearer ${t.provinceApprover}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(xlsx.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as never);
      expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('单位名称');
      expect(wb.worksheets[0]!.rowCount).toBe(1 + 1 + 9 + 88);

      const outsider = await request(api.app.getHttpServer()).get(`/exports/provincial-report/52/${PERIOD}/1.csv`).set('authorization', `Bearer ${t.clerk}`);
      expect(outsider.status).toBe(404);
      const anonymous = await request(api.app.getHttpServer()).get(`/exports/provincial-report/52/${PERIOD}/1.csv`);
      expect(anonymous.status).toBe(401);
    });
  });
});

describe('the queue board', () => {
  it('is for administrators only', async () => {
    expect((await request(api.app.getHttpServer()).get('/admin/queues')).status).toBe(401);
    expect((await request(api.app.getHttpServer()).get('/admin/queues').set('authorization', `Bearer ${t.clerk}`)).status).toBe(403);
    const admin = await request(api.app.getHttpServer()).get('/admin/queues').set('cookie', `carenet_token=${t.admin}`);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('<html');
  });
});
