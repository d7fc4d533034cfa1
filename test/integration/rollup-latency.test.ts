/**
 * Time from an approval (its transaction committed) to the province's total
 * showing it, through outbox → relay → BullMQ → worker. Printed, not asserted
 * against a clock (npm run bench measures it at scale).
 */
import { Role } from '@carenet/core';
import { ReportsService } from '@carenet/reporting';
import { RollupService } from '@carenet/rollup';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';
import { waitUntil } from '../support/wait.js';

const SAMPLES = 40;
let w: TestWorker;
beforeAll(async () => {
  w = await startTestWorker({ tree: 'guizhou' });
});
afterAll(async () => {
  await w?.close();
});

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

it(`every one of ${SAMPLES} approvals reaches the provincial total; latency p50/p95 printed`, async () => {
  const reports = w.app.get(ReportsService);
  const clerk = await w.actor([Role.CLERK], '520112');
  const approver = await w.actor([Role.APPROVER], '520112');
  const villages: { code: string }[] = await w.db.query(
    `SELECT u.code FROM admin_unit u JOIN admin_unit c ON c.code = '520112000000' AND c.depth = 3 AND u.path <@ c.path WHERE u.depth = 5 ORDER BY u.code LIMIT $1`,
    [SAMPLES],
  );
  const total = async () => {
    const [row] = await w.db.query(
      `SELECT coalesce(sum(value), 0) AS v FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
        WHERE u.depth = 1 AND u.code = '520000000000' AND rv.period = '2026-10-01' AND rv.basis = 'APPROVED' AND rv.indicator = 'HOME_VISITS'`,
    );
    return Number(row.v);
  };
  const latencies: number[] = [];
  let expected = 0;
  for (const v of villages) {
    await reports.saveReport(clerk, { unitCode: v.code, period: '2026-10', values: [{ indicator: 'HOME_VISITS', value: 1 }], expectedVersion: 0 });
    await reports.submitReport(clerk, { unitCode: v.code, period: '2026-10', expectedVersion: 1 });
    await w.settle();
    const started = performance.now();
    await reports.approveReport(approver, { unitCode: v.code, period: '2026-10', expectedVersion: 2 });
    expected += 1;
    await waitUntil(`the approval of ${v.code} to reach the province`, async () => (await total()) === expected, { everyMs: 2 });
    latencies.push(performance.now() - started);
  }
  // every level between the villages and the province agrees with the raw reports, counted independently
  const verified = await w.app.get(RollupService).verify({ period: '2026-10', provinceCode: '52' });
  expect(verified.sample).toEqual([]);
  expect(verified.differences).toBe(0);
  const [county] = await w.db.query(
    `SELECT rv.value FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
      WHERE u.code = '520112000000' AND u.depth = 3 AND rv.period = '2026-10-01' AND rv.basis = 'APPROVED' AND rv.indicator = 'HOME_VISITS'`,
  );
  expect(Number(county?.value)).toBe(SAMPLES);
   
  console.log(`approval → provincial total: p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms over ${SAMPLES} approvals`);
}, 120_000);
