/**
 * The simulator on a small real province (宁夏, 64: about 3,200 units): every
 * unit goes through the real workflow to the provincial sign-off, and with the
 * clock it sets, most units submit before their deadline and some after it.
 */
import { DivisionImportService } from '@carenet/admin-tree';
import { LATE_SHARE, SimulationService } from '@carenet/simulation';
import { startTestContext, type TestContext } from '../support/test-context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestContext('empty');
  await ctx.app.get(DivisionImportService).importDivisions({ province: '64', actor: 'test' });
}, 120_000);
afterAll(async () => {
  await ctx?.close();
});

it('takes 宁夏 to the provincial sign-off with on-time and late units', async () => {
  const result = await ctx.app.get(SimulationService).run({ province: '64', period: '2026-06', until: 'APPROVED', seed: 7 });
  expect(result.failures).toEqual([]);
  const [row] = await ctx.db.query(
    `SELECT count(*) FILTER (WHERE r.late) AS late, count(*) FILTER (WHERE NOT r.late) AS "onTime",
            count(*) FILTER (WHERE r.status <> 'APPROVED') AS "notApproved", (SELECT count(*) FROM admin_unit WHERE code LIKE '64%') AS units
       FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE r.period = '2026-06-01'`,
  );
  expect(row.notApproved).toBe(0);
  expect(row.late + row.onTime).toBe(row.units);
  const share = row.late / row.units;
  expect(share).toBeGreaterThan(LATE_SHARE / 2);
  expect(share).toBeLessThan(LATE_SHARE * 2);
}, 300_000);
