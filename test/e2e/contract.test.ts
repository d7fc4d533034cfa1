/**
 * The contract of docs/api.md where the schema once said less or more
 * than it meant: Stats.completeness lists the missing units, a return reason
 * is one an approver may choose (REOPENED is set, never chosen), the report's
 * returnReason is that enum, and `basis: null` means the default.
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
});
afterAll(async () => {
  await api?.close();
});

async function villagesOf(token: string, township: string): Promise<string[]> {
  const res = await api.gql(`query($p: ID!) { units(parentCode: $p, first: 100) { edges { node { code } } } }`, { p: township }, token);
  return res.data.units.edges.map((e: any) => e.node.code);
}

it('Stats.completeness has the missing child units, paged like every list', async () => {
  const viewer = await api.tokenFor([Role.VIEWER], '520102');
  const res = await api.gql(`{ stats(unitCode: "520102", period: "2026-10") { completeness { expected submitted missing(first: 3) { totalCount edges { node { code level } } } } } }`, {}, viewer);
  expect(res.errors).toBeUndefined();
  const c = res.data.stats.completeness;
  expect(c.submitted).toBe(0);
  expect(c.missing.totalCount).toBeGreaterThan(3); // 南明区's townships, none submitted
  expect(c.missing.edges).toHaveLength(3);
  expect(c.missing.edges.every((e: any) => e.node.level === 'TOWNSHIP')).toBe(true);
});

it.each(['stats(unitCode: "52", period: "2026-10", basis: null) { basis }', 'statsBreakdown(unitCode: "52", period: "2026-10", basis: null) { basis }'])('basis: null means APPROVED: %s', async (field) => {
  const viewer = await api.tokenFor([Role.VIEWER], '52');
  const res = await api.gql(`{ ${field} }`, {}, viewer);
  expect(res.errors).toBeUndefined();
  const answer = Object.values(res.data)[0] as any;
  expect((Array.isArray(answer) ? answer[0] : answer).basis).toBe('APPROVED');
});

it('a return reason is one an approver may choose; REOPENED is refused as input but shown on a reopened report', async () => {
  const county = await api.tokenFor([Role.VIEWER], '520102');
  const township = (await api.gql(`{ units(parentCode: "520102", first: 1) { edges { node { code } } } }`, {}, county)).data.units.edges[0].node.code.slice(0, 9);
  const clerk = await api.tokenFor([Role.CLERK], township);
  const approver = await api.tokenFor([Role.APPROVER], township);
  const village = (await villagesOf(clerk, township))[0]!;
  const REPORT = 'status version returnReason';
  const save = await api.gql(`mutation($i: SaveReportInput!) { saveReport(input: $i) { ${REPORT} } }`, { i: { unitCode: village, period: '2026-09', values: [{ indicator: 'HOME_VISITS', value: 2 }], expectedVersion: 0 } }, clerk);
  expect(save.errors).toBeUndefined();
  const submitted = await api.gql(`mutation($i: SubmitReportInput!) { submitReport(input: $i) { ${REPORT} } }`, { i: { unitCode: village, period: '2026-09', expectedVersion: 1 } }, clerk);
  expect(submitted.errors).toBeUndefined();

  const reopenedAsReason = await api.gql(`mutation($i: ReturnReportInput!) { returnReport(input: $i) { ${REPORT} } }`, {
    i: { unitCode: village, period: '2026-09', expectedVersion: 2, reasonCode: 'REOPENED', comment: 'not a reason one chooses' },
  }, approver);
  expect(reopenedAsReason.status).toBe(400);
  expect(reopenedAsReason.errors![0]!.message).toMatch(/reasonCode/);

  const approved = await api.gql(`mutation($i: ApproveReportInput!) { approveReport(input: $i) { ${REPORT} } }`, { i: { unitCode: village, period: '2026-09', expectedVersion: 2 } }, approver);
  expect(approved.errors).toBeUndefined();
  const reopened = await api.gql(`mutation($i: ReopenReportInput!) { reopenReport(input: $i) { ${REPORT} } }`, { i: { unitCode: village, period: '2026-09', reason: 'a figure was missed' } }, approver);
  expect(reopened.data.reopenReport).toMatchObject({ status: 'RETURNED', returnReason: 'REOPENED' });

  const schema = await api.gql(`{ input: __type(name: "ReturnReason") { enumValues { name } } output: __type(name: "Report") { fields { name type { name kind } } } }`, {}, clerk);
  expect(schema.data.input.enumValues.map((v: any) => v.name)).not.toContain('REOPENED');
  expect(schema.data.output.fields.find((f: any) => f.name === 'returnReason').type).toEqual({ name: 'ReportReturnReason', kind: 'ENUM' });
});
