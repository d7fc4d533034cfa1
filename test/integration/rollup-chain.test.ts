/**
 * Guizhou's tree, figures for every village of 南明区 (520102), the whole
 * approval chain up to the province: the rollups that the worker keeps must
 * equal the sums computed here, independently, from the figures we entered,
 * and the verifier must find 0 differences.
 */
import { Role, type Actor } from '@carenet/core';
import { ReportQueriesService, ReportsService } from '@carenet/reporting';
import { RollupService, ProvincialReportService } from '@carenet/rollup';
import { AdminTreeService } from '@carenet/admin-tree';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';

const PERIOD = '2026-10';
let w: TestWorker;
let reports: ReportsService;
let tree: AdminTreeService;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return (s >>> 16) % n; // the high bits: an LCG's low bits cycle quickly
  };
}

async function childrenOf(code: string): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  do {
    const page = await tree.listUnits({ parentCode: code, first: 100, after });
    out.push(...page.items.map((u) => u.code));
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return out;
}

const short = (code: string, depth: number) => code.slice(0, [2, 4, 6, 9, 12][depth - 1]);

beforeAll(async () => {
  w = await startTestWorker({ tree: 'guizhou' });
  reports = w.app.get(ReportsService);
  tree = w.app.get(AdminTreeService);
});
afterAll(async () => {
  await w?.close();
});

it('keeps the provincial totals equal to the sum of what was approved, and the verifier agrees', async () => {
  const rand = random(20261029);
  const countyClerk = await w.actor([Role.CLERK], '520102');
  const countyApprover = await w.actor([Role.APPROVER], '520102');
  const cityClerk = await w.actor([Role.CLERK], '5201');
  const cityApprover = await w.actor([Role.APPROVER], '5201');
  const provinceClerk = await w.actor([Role.CLERK], '52');
  const provinceApprover = await w.actor([Role.APPROVER], '52');

  const expected = new Map<string, number>(); // the independent sum of every approved figure
  const add = (indicator: string, value: number) => expected.set(indicator, (expected.get(indicator) ?? 0) + value);
  const approveAfterSubmit = async (approver: Actor, code: string) => {
    const r = (await w.app.get(ReportQueriesService).getReport(approver, code, PERIOD))!;
    await reports.approveReport(approver, { unitCode: code, period: PERIOD, expectedVersion: r.version });
  };

  const townships = (await childrenOf('520102')).map((c) => short(c, 4));
  let villagesDone = 0;
  for (const township of townships) {
    for (const village of await childrenOf(township)) {
      const lbc = rand(4) === 0 ? 0 : rand(25);
      const cid = rand(6);
      const red = lbc + cid > 0 && rand(10) === 0 ? 1 : 0;
      const values = [
        { indicator: 'LEFT_BEHIND_CHILDREN', value: lbc },
        { indicator: 'CHILDREN_IN_DIFFICULTY', value: cid },
        { indicator: 'ORPHANS_SCATTERED', value: rand(3) },
        { indicator: 'DEFACTO_UNSUPPORTED', value: rand(2) },
        { indicator: 'RISK_RED', value: red },
        { indicator: 'RISK_GREEN', value: Math.max(0, lbc + cid - red - rand(3)) },
        { indicator: 'HOME_VISITS', value: rand(30) },
        { indicator: 'CHILD_HOMES', value: rand(10) < 4 ? 1 : 0 },
      ];
      await reports.saveReport(countyClerk, { unitCode: village, period: PERIOD, values, expectedVersion: 0 });
      await reports.submitReport(countyClerk, { unitCode: village, period: PERIOD, expectedVersion: 1 });
      await reports.approveReport(countyApprover, { unitCode: village, period: PERIOD, expectedVersion: 2 });
      for (const v of values) add(v.indicator, v.value);
      villagesDone++;
    }
    const supervisors = 1 + rand(3);
    await reports.saveReport(countyClerk, { unitCode: township, period: PERIOD, values: [{ indicator: 'CHILD_SUPERVISORS', value: supervisors }], expectedVersion: 0 });
    await reports.submitReport(countyClerk, { unitCode: township, period: PERIOD, expectedVersion: 1 });
    await approveAfterSubmit(countyApprover, township);
    add('CHILD_SUPERVISORS', supervisors);
  }
  expect(villagesDone).toBe(211);

  // the county pays exactly the standard for the children its villages counted (no W1), and has leads (no W3)
  const county = [
    { indicator: 'MANDATORY_REPORTS', value: 3 },
    { indicator: 'ORPHANS_INSTITUTIONAL', value: 5 },
    { indicator: 'SUBSIDY_INSTITUTIONAL_FEN', value: 5 * 160000 },
    { indicator: 'SUBSIDY_SCATTERED_FEN', value: expected.get('ORPHANS_SCATTERED')! * 105000 },
    { indicator: 'SUBSIDY_DEFACTO_FEN', value: expected.get('DEFACTO_UNSUPPORTED')! * 105000 },
    { indicator: 'WELFARE_INSTITUTIONS', value: 1 },
    { indicator: 'WELFARE_BEDS', value: 120 },
  ];
  await w.settle();
  await reports.saveReport(countyClerk, { unitCode: '520102', period: PERIOD, values: county, expectedVersion: 0 });
  await reports.submitReport(countyClerk, { unitCode: '520102', period: PERIOD, expectedVersion: 1 });
  await approveAfterSubmit(cityApprover, '520102');
  for (const v of county) add(v.indicator, v.value);

  for (const other of (await childrenOf('5201')).map((c) => short(c, 3)).filter((c) => c !== '520102')) {
    await reports.exemptReport(cityApprover, { unitCode: other, period: PERIOD, reason: 'test: only one county reports' });
  }
  await reports.submitReport(cityClerk, { unitCode: '5201', period: PERIOD, expectedVersion: 0 });
  await approveAfterSubmit(provinceApprover, '5201');
  for (const other of (await childrenOf('52')).map((c) => short(c, 2)).filter((c) => c !== '5201')) {
    await reports.exemptReport(provinceApprover, { unitCode: other, period: PERIOD, reason: 'test: only one city reports' });
  }
  await reports.submitReport(provinceClerk, { unitCode: '52', period: PERIOD, expectedVersion: 0 });
  await approveAfterSubmit(provinceApprover, '52');
  await w.settle();

  const totals = async (code: string, depth: number, basis = 'APPROVED') => {
    const rows: { indicator: string; value: number }[] = await w.db.query(
      `SELECT rv.indicator, rv.value FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
        WHERE u.code = $1 AND u.depth = $2 AND rv.period = '2026-10-01' AND rv.basis = $3`,
      [code, depth, basis],
    );
    return new Map(rows.map((r) => [r.indicator, Number(r.value)]));
  };
  const province = await totals('520000000000', 1);
  expect(Object.fromEntries(province)).toEqual(Object.fromEntries(expected));
  expect(Object.fromEntries(await totals('520100000000', 2))).toEqual(Object.fromEntries(expected));
  expect(Object.fromEntries(await totals('520000000000', 1, 'PROVISIONAL'))).toEqual(Object.fromEntries(expected));

  const [completeness] = await w.db.query(
    `SELECT rc.* FROM rollup_completeness rc JOIN admin_unit u ON u.id = rc.unit_id WHERE u.code = '520000000000' AND u.depth = 1 AND rc.period = '2026-10-01'`,
  );
  const units = 1 + townships.length + villagesDone; // 520102, its townships and villages
  const exempted = (await childrenOf('5201')).length - 1 + (await childrenOf('52')).length - 1;
  expect(completeness).toMatchObject({ approved: units + 2 + exempted, submitted: units + 2 + exempted, expected: 19572 });

  const verified = await w.app.get(RollupService).verify({ period: PERIOD, provinceCode: '52' });
  expect(verified.sample).toEqual([]);
  expect(verified.differences).toBe(0);

  // the sign-off built the provincial report, version 1, from the verified rollups
  const snapshot = await w.app.get(ProvincialReportService).get(provinceApprover, '52', PERIOD);
  expect(snapshot).toMatchObject({ version: 1, provinceCode: '520000000000' });
  const provinceRow = snapshot!.content.rows.find((r) => r.level === 'PROVINCE')!;
  const nonZero = (entries: [string, number][]) => Object.fromEntries(entries.filter(([, v]) => v > 0));
  expect(nonZero(provinceRow.values.map((v) => [v.indicator, v.value]))).toEqual(nonZero([...expected]));
  expect(snapshot!.content.rows.filter((r) => r.level === 'CITY')).toHaveLength(9);
  expect(snapshot!.content.rows.filter((r) => r.level === 'COUNTY')).toHaveLength(88);
}, 180_000);
