/**
 * The approval inbox (approvalInbox): the reports SUBMITTED by the units the caller approves, deadline
 * first, then unit code, paged; an approver of a sibling county, and anyone who is not an approver, sees
 * nothing of it.
 */
import { decodeCursor, Role } from '@carenet/core';
import { IndicatorsRepository } from '@carenet/indicators';
import { isLate } from '@carenet/reporting';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
let township = '';
let villages: string[] = [];

const INBOX = `query($period: Period, $first: Int, $after: String) {
  approvalInbox(period: $period, first: $first, after: $after) {
    totalCount
    edges { cursor node { period status unit { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  const admin = await api.tokenFor([Role.ADMIN], '52');
  const res = await api.gql(`{ units(parentCode: "520102", first: 1) { edges { node { code children(first: 3) { edges { node { code } } } } } } }`, {}, admin);
  township = res.data.units.edges[0].node.code;
  villages = res.data.units.edges[0].node.children.edges.map((e: { node: { code: string } }) => e.node.code);
  const clerk = await api.tokenFor([Role.CLERK], '520102');
  const submit = async (village: string, period: string) => {
    await api.gql(`mutation { saveReport(input: { unitCode: "${village}", period: "${period}", values: [{ indicator: "HOME_VISITS", value: 3 }], expectedVersion: 0 }) { version } }`, {}, clerk);
    const s = await api.gql(`mutation { submitReport(input: { unitCode: "${village}", period: "${period}", expectedVersion: 1 }) { status } }`, {}, clerk);
    expect(s.data?.submitReport.status).toBe('SUBMITTED');
  };
  // the later month first, and the villages out of order: the inbox orders them itself
  await submit(villages[2]!, '2026-10');
  await submit(villages[0]!, '2026-10');
  await submit(villages[1]!, '2026-09');
  // saved but not submitted: not waiting for anyone
  await api.gql(`mutation { saveReport(input: { unitCode: "${villages[1]}", period: "2026-10", values: [{ indicator: "HOME_VISITS", value: 1 }], expectedVersion: 0 }) { version } }`, {}, clerk);
});
afterAll(async () => {
  await api?.close();
});

const rows = (res: { data?: any }) => (res.data.approvalInbox.edges as { node: { period: string; unit: { code: string } } }[]).map((e) => `${e.node.period} ${e.node.unit.code}`);

it("lists the township approver's waiting reports, deadline first, then unit code", async () => {
  const approver = await api.tokenFor([Role.APPROVER], township);
  const all = await api.gql(INBOX, {}, approver);
  expect(all.errors).toBeUndefined();
  expect(rows(all)).toEqual([`2026-09 ${villages[1]}`, `2026-10 ${villages[0]}`, `2026-10 ${villages[2]}`]);
  expect(all.data.approvalInbox.totalCount).toBe(3);
  const october = await api.gql(INBOX, { period: '2026-10' }, approver);
  expect(rows(october)).toEqual([`2026-10 ${villages[0]}`, `2026-10 ${villages[2]}`]);
  expect(october.data.approvalInbox.totalCount).toBe(2);
});

it('pages with the cursor', async () => {
  const approver = await api.tokenFor([Role.APPROVER], township);
  const first = await api.gql(INBOX, { first: 2 }, approver);
  expect(rows(first)).toHaveLength(2);
  expect(first.data.approvalInbox.pageInfo.hasNextPage).toBe(true);
  const next = await api.gql(INBOX, { first: 2, after: first.data.approvalInbox.pageInfo.endCursor }, approver);
  expect(rows(next)).toEqual([`2026-10 ${villages[2]}`]);
  expect(next.data.approvalInbox.pageInfo.hasNextPage).toBe(false);
  const bad = await api.gql(INBOX, { after: 'not-a-cursor' }, approver);
  expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
});

it('orders by the last day a report is on time, China time: the day its deadline (dueAt) ends', async () => {
  const approver = await api.tokenFor([Role.APPROVER], township);
  const res = await api.gql(INBOX, { period: '2026-09' }, approver);
  const [deadline, , period] = decodeCursor(res.data.approvalInbox.edges[0].cursor) as [string, string, string];
  const days = await api.app.get(IndicatorsRepository).deadlineDays('520000000000', 'VILLAGE', '2026-09-01');
  const lastSecond = new Date(`${deadline}T23:59:59+08:00`);
  expect(isLate(period, days, lastSecond)).toBe(false);
  expect(isLate(period, days, new Date(lastSecond.getTime() + 1000))).toBe(true);
});

it('lists each report once when the province has set its deadline more than once (only the version in force counts)', async () => {
  const admin = await api.tokenFor([Role.ADMIN], '52');
  const DEADLINE = `mutation($i: SetReportDeadlineInput!) { setReportDeadline(input: $i) { validFrom } }`;
  for (const [days, effective] of [[7, '2026-09'], [9, '2026-11']] as const) {
    const set = await api.gql(DEADLINE, { i: { level: 'VILLAGE', days, effective } }, admin);
    expect(set.errors).toBeUndefined();
  }
  const res = await api.gql(INBOX, {}, await api.tokenFor([Role.APPROVER], township));
  expect(rows(res)).toEqual([`2026-09 ${villages[1]}`, `2026-10 ${villages[0]}`, `2026-10 ${villages[2]}`]);
});

it('is empty for an approver of a sibling county, for the county above (not its children), and for a clerk', async () => {
  for (const token of [await api.tokenFor([Role.APPROVER, Role.CLERK, Role.VIEWER], '520103'), await api.tokenFor([Role.APPROVER], '520102'), await api.tokenFor([Role.CLERK], township)]) {
    const res = await api.gql(INBOX, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.approvalInbox).toMatchObject({ totalCount: 0, edges: [] });
  }
});

it("gives the approval view each figure's 12 months in one request (timeSeriesSet), within the approver's scope", async () => {
  const approver = await api.tokenFor([Role.APPROVER], township);
  const q = `query($code: ID!, $indicators: [String!]!) { timeSeriesSet(unitCode: $code, indicators: $indicators, from: "2025-11", to: "2026-10", basis: PROVISIONAL) { indicator points { period value } } }`;
  const res = await api.gql(q, { code: villages[0], indicators: ['HOME_VISITS', 'LEFT_BEHIND_CHILDREN'] }, approver);
  expect(res.errors).toBeUndefined();
  const set = res.data.timeSeriesSet as { indicator: string; points: { period: string; value: number }[] }[];
  expect(set.map((s) => s.indicator)).toEqual(['HOME_VISITS', 'LEFT_BEHIND_CHILDREN']);
  expect(set.every((s) => s.points.length === 12)).toBe(true);
  expect(set[0]!.points[0]!.period).toBe('2025-11');
  const unknown = await api.gql(q, { code: villages[0], indicators: ['NOT_AN_INDICATOR'] }, approver);
  expect(unknown.errors?.[0]?.extensions.reason).toBe('UNKNOWN_INDICATOR');
  const sibling = await api.gql(q, { code: villages[0], indicators: ['HOME_VISITS'] }, await api.tokenFor([Role.APPROVER], '520103'));
  expect(sibling.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
});
