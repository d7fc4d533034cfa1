/**
 * Rollup jobs coalesce: a level is recomputed once for all the changes below
 * it that committed before it started, and never misses one. Forty villages
 * of one county are approved, then their forty rollup jobs run at once (as
 * the worker's concurrent jobs do): the province is recomputed far fewer than
 * forty times, its total equals the sum approved, and the verifier finds 0
 * differences. A mark left by a job that died between two levels is carried
 * on by the sweep.
 */
import { Role, type Actor } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { ReportsService } from '@carenet/reporting';
import { RollupRepository, RollupService } from '@carenet/rollup';
import { forEachLimit } from '@carenet/simulation';
import { startTestContext, type TestContext } from '../support/test-context.js';
import { waitUntil } from '../support/wait.js';

const PERIOD = '2026-09';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await startTestContext('guizhou');
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

async function actor(roles: Role[], unitCode: string, name: string): Promise<Actor> {
  await ctx.app.get(AuthService).createUser('system', { username: name, password: 'a long password', roles, unitCode });
  return (await ctx.app.get(AuthService).actorOf(name))!;
}

/** Backends of this test's database waiting for a lock. */
async function waitingOnLocks(): Promise<number> {
  const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return n;
}

async function provinceTotal(): Promise<number> {
  const [{ total }] = await ctx.db.query(
    `SELECT coalesce(sum(rv.value), 0) AS total FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
      WHERE u.code = '520000000000' AND u.depth = 1 AND rv.period = $1::date AND rv.basis = 'APPROVED' AND rv.indicator = 'HOME_VISITS'`,
    [`${PERIOD}-01`],
  );
  return Number(total);
}

it('recomputes each level once for the changes committed before it, and loses none', async () => {
  const reports = ctx.app.get(ReportsService);
  const rollups = ctx.app.get(RollupService);
  const clerk = await actor([Role.CLERK], '520103', 'coalesce.clerk');
  const approver = await actor([Role.APPROVER], '520103', 'coalesce.approver');
  const villages: { id: number; code: string }[] = await ctx.db.query(
    `SELECT u.id, u.code FROM admin_unit u JOIN admin_unit c ON c.depth = 3 AND c.code = '520103000000' AND u.path <@ c.path WHERE u.depth = 5 ORDER BY u.code LIMIT 40`,
  );
  let sum = 0;
  for (const [i, v] of villages.entries()) {
    const value = (i % 7) + 1;
    await reports.saveReport(clerk, { unitCode: v.code, period: PERIOD, values: [{ indicator: 'HOME_VISITS', value }], expectedVersion: 0 });
    await reports.submitReport(clerk, { unitCode: v.code, period: PERIOD, expectedVersion: 1 });
    await reports.approveReport(approver, { unitCode: v.code, period: PERIOD, expectedVersion: 2 });
    sum += value;
  }
  // the province's month is held (as a long recompute would hold it) until four jobs wait for it: their marks
  // are then all committed, so the first to get it recomputes the province once for the four, and three stop
  const holder = ctx.db.createQueryRunner();
  await holder.connect();
  const [province] = await ctx.db.query(`SELECT id FROM admin_unit WHERE depth = 1 AND code = '520000000000'`);
  const key = [province.id, `${PERIOD}-01`];
  const lockKey = `$1::int, (extract(year FROM $2::date) * 12 + extract(month FROM $2::date))::int`;
  await holder.query(`SELECT pg_advisory_lock(${lockKey})`, key);
  const recomputed: number[] = [];
  const jobs = forEachLimit(villages, 4, async (v) => {
    recomputed.push(await rollups.applyUnitChange(v.id, PERIOD));
  });
  await waitUntil('four jobs waiting on the advisory lock', async () => {
    const [{ waiting }] = await ctx.db.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    return waiting >= 4;
  });
  await holder.query(`SELECT pg_advisory_unlock(${lockKey})`, key);
  await holder.release();
  expect(await jobs).toEqual([]);
  // every job recomputes its village; three of the four that waited stopped at the province
  expect(recomputed.every((n) => n >= 1)).toBe(true);
  expect(recomputed.filter((n) => n < 5).length).toBeGreaterThanOrEqual(3);
  expect(await provinceTotal()).toBe(sum);
  expect((await rollups.verify({ period: PERIOD, provinceCode: '52' })).differences).toBe(0);
  const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n FROM rollup_pending`);
  expect(n).toBe(0);
}, 300_000);

it('carries on from a mark left by a job that died between two levels', async () => {
  const rollups = ctx.app.get(RollupService);
  const [county] = await ctx.db.query(`SELECT id FROM admin_unit WHERE depth = 3 AND code = '520103000000'`);
  const before = await provinceTotal();
  // a change below the county reached it, but the job died before recomputing it: the county's rollup is wrong and its mark is left
  await ctx.db.query(`UPDATE rollup_value SET value = value + 1000 WHERE unit_id = $1 AND period = $2::date AND basis = 'APPROVED' AND indicator = 'HOME_VISITS'`, [county.id, `${PERIOD}-01`]);
  await ctx.db.query(`INSERT INTO rollup_pending (unit_id, period, marked_at) VALUES ($1, $2::date, clock_timestamp() - interval '2 minutes')`, [county.id, `${PERIOD}-01`]);
  expect(await rollups.sweepPending(60)).toBe(1);
  expect(await provinceTotal()).toBe(before);
  expect((await rollups.verify({ period: PERIOD, provinceCode: '52' })).differences).toBe(0);
}, 120_000);

it('recomputes the units of a batch each once and every ancestor once, and loses none', async () => {
  const period = '2026-07';
  const reports = ctx.app.get(ReportsService);
  const rollups = ctx.app.get(RollupService);
  const clerk = await actor([Role.CLERK], '520102', 'batch.clerk');
  const approver = await actor([Role.APPROVER], '520102', 'batch.approver');
  // villages of several townships of one county
  const villages: { id: number; code: string; township: number }[] = await ctx.db.query(
    `SELECT u.id, u.code, u.parent_id AS township FROM admin_unit u JOIN admin_unit c ON c.depth = 3 AND c.code = '520102000000' AND u.path <@ c.path
      WHERE u.depth = 5 ORDER BY u.code LIMIT 60`,
  );
  const townships = new Set(villages.map((v) => v.township)).size;
  expect(townships).toBeGreaterThan(1);
  let sum = 0;
  for (const [i, v] of villages.entries()) {
    await reports.saveReport(clerk, { unitCode: v.code, period, values: [{ indicator: 'HOME_VISITS', value: i + 1 }], expectedVersion: 0 });
    await reports.submitReport(clerk, { unitCode: v.code, period, expectedVersion: 1 });
    await reports.approveReport(approver, { unitCode: v.code, period, expectedVersion: 2 });
    sum += i + 1;
  }
  const recomputed = await rollups.applyUnitsChange(
    villages.map((v) => v.id),
    period,
  );
  // each village, each township, then the county, the city and the province once
  expect(recomputed).toBe(villages.length + townships + 3);
  const [{ total }] = await ctx.db.query(
    `SELECT coalesce(sum(rv.value), 0)::int AS total FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
      WHERE u.code = '520000000000' AND u.depth = 1 AND rv.period = $1::date AND rv.basis = 'APPROVED' AND rv.indicator = 'HOME_VISITS'`,
    [`${period}-01`],
  );
  expect(total).toBe(sum);
  expect((await rollups.verify({ period, provinceCode: '52' })).differences).toBe(0);
  const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n FROM rollup_pending`);
  expect(n).toBe(0);
}, 300_000);

it('never takes a mark written again by a change below before that change commits', async () => {
  const period = '2026-05';
  const date = `${period}-01`;
  const reports = ctx.app.get(ReportsService);
  const rollups = ctx.app.get(RollupService);
  const repo = ctx.app.get(RollupRepository);
  const clerk = await actor([Role.CLERK], '520111', 'race.clerk');
  const approver = await actor([Role.APPROVER], '520111', 'race.approver');
  const [village]: { id: number; code: string; township: number }[] = await ctx.db.query(
    `SELECT u.id, u.code, u.parent_id AS township FROM admin_unit u JOIN admin_unit c ON c.depth = 3 AND c.code = '520111000000' AND u.path <@ c.path
      WHERE u.depth = 5 ORDER BY u.code LIMIT 1`,
  );
  await reports.saveReport(clerk, { unitCode: village!.code, period, values: [{ indicator: 'HOME_VISITS', value: 3 }], expectedVersion: 0 });
  await reports.submitReport(clerk, { unitCode: village!.code, period, expectedVersion: 1 });
  await reports.approveReport(approver, { unitCode: village!.code, period, expectedVersion: 2 });
  await rollups.applyUnitChange(village!.id, period);
  // an earlier change left the township's mark, not yet taken
  await ctx.db.query(`INSERT INTO rollup_pending (unit_id, period) VALUES ($1, $2::date)`, [village!.township, date]);
  // a change of the village: recomputed and the township marked again, not yet committed
  const below = ctx.db.createQueryRunner();
  await below.connect();
  await below.startTransaction();
  await below.query(`UPDATE report_value v SET value = 10 FROM report r WHERE v.report_id = r.id AND r.unit_id = $1 AND r.period = $2::date AND v.indicator = 'HOME_VISITS'`, [
    village!.id,
    date,
  ]);
  await repo.lock(below.manager, [village!.id], date);
  await repo.recomputeUnits(below.manager, [village!.id], date);
  await repo.markPending(below.manager, [village!.township], date);
  // meanwhile another job recomputes the township; it must not take the mark before the change below commits
  let aboveEnded = false;
  const above = rollups.applyUnitChange(village!.township, period).finally(() => (aboveEnded = true));
  // commit below once the township's job waits on it (or, were the rule broken, has ended without waiting)
  await waitUntil("the township's recompute to wait on a lock, or to end", async () => aboveEnded || (await waitingOnLocks()) > 0);
  await below.commitTransaction();
  await below.release();
  await above;
  // the job of the change below would now find the mark gone and stop: the township's recompute must have seen the change
  const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n FROM rollup_pending WHERE unit_id = $1`, [village!.township]);
  expect(n).toBe(0);
  const [{ value }] = await ctx.db.query(
    `SELECT value::int FROM rollup_value WHERE unit_id = $1 AND period = $2::date AND basis = 'APPROVED' AND indicator = 'HOME_VISITS'`,
    [village!.township, date],
  );
  expect(value).toBe(10);
  expect((await rollups.verify({ period, provinceCode: '52' })).differences).toBe(0);
}, 120_000);
