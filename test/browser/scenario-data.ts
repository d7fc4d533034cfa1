/**
 * The scenario's data, made through the GraphQL API as an administrator and a provincial approver
 * would: users, six approved months of history for the village (so the month entered gets a W2
 * warning to explain), and every sibling unit on the way up exempted so that each parent can submit.
 */
import { duePeriodUtc, gql, login, shift } from './api';

export const PASSWORD = 'browser-test-password';

export interface ScenarioState {
  /** A second carenet on an empty database, for the first-run setup. */
  setupUrl?: string;
  url: string;
  period: string;
  province: Unit;
  city: Unit;
  county: Unit;
  township: Unit;
  village: Unit;
  otherCounty: Unit;
  conflictVillage: Unit;
  conflictPeriod: string;
  historyValue: number;
}
export interface Unit {
  code: string;
  name: string;
}

async function children(url: string, token: string, parent: string): Promise<Unit[]> {
  const out: Unit[] = [];
  let after: string | null = null;
  for (;;) {
    const d: { units: { edges: { node: Unit }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await gql(
      url,
      token,
      `query($p: ID!, $after: String) { units(parentCode: $p, first: 100, after: $after) { edges { node { code name } } pageInfo { hasNextPage endCursor } } }`,
      { p: parent, after },
    );
    out.push(...d.units.edges.map((e) => e.node));
    if (!d.units.pageInfo.hasNextPage) return out;
    after = d.units.pageInfo.endCursor;
  }
}

export async function prepareScenario(url: string): Promise<ScenarioState> {
  const admin = await login(url, 'admin', PASSWORD);
  const period = duePeriodUtc();
  const province = { code: '520000000000', name: '贵州省' };
  const [city] = await children(url, admin, province.code);
  const counties = await children(url, admin, city!.code);
  const [county, otherCounty] = counties;
  const townships = await children(url, admin, county!.code);
  const township = townships[0]!;
  const villages = await children(url, admin, township.code);
  const village = villages[0]!;
  const otherTownship = (await children(url, admin, otherCounty!.code))[0]!;
  const conflictVillage = (await children(url, admin, otherTownship.code))[0]!;

  const users: [string, string, string][] = [
    ['village-clerk', 'CLERK', village.code],
    ['history-clerk', 'CLERK', village.code],
    ['township-approver', 'APPROVER', township.code],
    ['township-clerk', 'CLERK', township.code],
    ['county-approver', 'APPROVER', county!.code],
    ['county-clerk', 'CLERK', county!.code],
    ['city-approver', 'APPROVER', city!.code],
    ['city-clerk', 'CLERK', city!.code],
    ['province-approver', 'APPROVER', province.code],
    ['province-clerk', 'CLERK', province.code],
    ['setup-approver', 'APPROVER', province.code],
    ['official', 'VIEWER', province.code],
    ['dashboard-official', 'VIEWER', province.code],
    ['other-clerk', 'CLERK', otherCounty!.code],
    ['conflict-a', 'CLERK', conflictVillage.code],
    ['conflict-b', 'CLERK', conflictVillage.code],
    ['phone-clerk', 'CLERK', conflictVillage.code],
    ['screens-approver', 'APPROVER', otherTownship.code],
    ['import-clerk', 'CLERK', otherTownship.code],
    ['registry-clerk', 'CLERK', otherCounty!.code],
  ];
  for (const [username, role, unitCode] of users) {
    await gql(url, admin, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password: PASSWORD, roles: [role], unitCode } });
  }

  // Six approved months before the one entered: LEFT_BEHIND_CHILDREN steady at 12.
  const historyValue = 12;
  const clerk = await login(url, 'history-clerk', PASSWORD);
  const approver = await login(url, 'setup-approver', PASSWORD);
  for (let k = 6; k >= 1; k--) {
    const p = shift(period, -k);
    const values = [
      { indicator: 'LEFT_BEHIND_CHILDREN', value: historyValue + (k % 2) },
      { indicator: 'CHILDREN_IN_DIFFICULTY', value: 3 },
      { indicator: 'RISK_GREEN', value: 10 },
      { indicator: 'HOME_VISITS', value: 20 },
    ];
    const s = await gql<{ saveReport: { version: number } }>(url, clerk, `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: village.code, period: p, values, expectedVersion: 0 } });
    const sub = await gql<{ submitReport: { version: number } }>(url, clerk, `mutation($i: SubmitReportInput!) { submitReport(input: $i) { version } }`, { i: { unitCode: village.code, period: p, expectedVersion: s.saveReport.version } });
    await gql(url, approver, `mutation($i: ApproveReportInput!) { approveReport(input: $i) { version } }`, { i: { unitCode: village.code, period: p, expectedVersion: sub.submitReport.version } });
  }

  // Every sibling on the way up exempted for the month, so each parent may submit.
  const exempt = async (units: Unit[], keep: string) => {
    for (const u of units) {
      if (u.code === keep) continue;
      await gql(url, approver, `mutation($i: ExemptReportInput!) { exemptReport(input: $i) { version } }`, { i: { unitCode: u.code, period, reason: '测试：本月免报' } });
    }
  };
  await exempt(villages, village.code);
  await exempt(townships, township.code);
  await exempt(counties, county!.code);
  await exempt(await children(url, admin, province.code), city!.code);

  return { url, period, province, city: city!, county: county!, township, village, otherCounty: otherCounty!, conflictVillage, conflictPeriod: shift(period, -2), historyValue };
}
