/**
 * Rollups under duplicated jobs, two worker processes, and a Redis restart:
 * every approval reaches the rollups and the verifier finds 0 differences.
 */
import { randomBytes } from 'node:crypto';
import { Role, type Actor } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { ReportsService } from '@carenet/reporting';
import { RollupService } from '@carenet/rollup';
import { RollupJob } from '@carenet/queue';
import { startTestContext, type TestContext } from '../support/test-context.js';
import { freePort, OwnRedis, rollupQueue, settle, spawnWorker, stopProcess } from '../support/processes.js';

const PERIOD = '2026-10';

async function actor(ctx: TestContext, roles: Role[], unitCode: string): Promise<Actor> {
  const username = `f${randomBytes(4).toString('hex')}`;
  await ctx.app.get(AuthService).createUser('system', { username, password: 'a long password', roles, unitCode });
  return (await ctx.app.get(AuthService).login(username, 'a long password')).actor;
}

async function villagesOf(ctx: TestContext, county: string): Promise<{ code: string; id: number }[]> {
  return ctx.db.query(`SELECT u.code, u.id FROM admin_unit u JOIN admin_unit c ON c.code = $1 AND c.depth = 3 AND u.path <@ c.path WHERE u.depth = 5 ORDER BY u.code`, [`${county}000000`]);
}

/** Save, submit and approve one village's figures; returns the figure approved. */
async function approveVillage(reports: ReportsService, clerk: Actor, approver: Actor, code: string, value: number): Promise<void> {
  await reports.saveReport(clerk, { unitCode: code, period: PERIOD, values: [{ indicator: 'HOME_VISITS', value }], expectedVersion: 0 });
  await reports.submitReport(clerk, { unitCode: code, period: PERIOD, expectedVersion: 1 });
  await reports.approveReport(approver, { unitCode: code, period: PERIOD, expectedVersion: 2 });
}

async function provinceTotal(ctx: TestContext): Promise<number> {
  const [row] = await ctx.db.query(
    `SELECT coalesce(sum(rv.value), 0) AS v FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
      WHERE u.code = '520000000000' AND u.depth = 1 AND rv.period = '2026-10-01' AND rv.basis = 'APPROVED' AND rv.indicator = 'HOME_VISITS'`,
  );
  return Number(row.v);
}

describe('two worker processes on one queue, with duplicated jobs injected', () => {
  let ctx: TestContext;
  const workers: ReturnType<typeof spawnWorker>[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w)));
    await ctx?.close();
  });

  it('leaves 0 differences', async () => {
    ctx = await startTestContext('guizhou');
    const env = { DATABASE_URL: ctx.config.databaseUrl!, REDIS_URL: ctx.config.redisUrl!, CARENET_REDIS_PREFIX: ctx.config.redisPrefix };
    workers.push(spawnWorker(env), spawnWorker(env));
    const reports = ctx.app.get(ReportsService);
    const clerk = await actor(ctx, [Role.CLERK], '520103');
    const approver = await actor(ctx, [Role.APPROVER], '520103');
    const villages = await villagesOf(ctx, '520103');
    const queue = rollupQueue(ctx.config.redisUrl!, ctx.config.redisPrefix);
    let expected = 0;
    let duplicates = 0;
    try {
      for (const [i, v] of villages.entries()) {
        await approveVillage(reports, clerk, approver, v.code, (i % 7) + 1);
        expected += (i % 7) + 1;
        // the same work again, under other ids, as a redelivery would bring it
        await queue.addBulk([0, 1].map((k) => ({ name: RollupJob.UNIT_CHANGED, data: { unitId: v.id, period: PERIOD }, opts: { jobId: `dup-${v.id}-${k}` } })));
        duplicates += 2;
      }
    } finally {
      await queue.close();
    }
    await settle(ctx.db, ctx.config.redisUrl!, ctx.config.redisPrefix);
    expect(await provinceTotal(ctx)).toBe(expected);
    const verified = await ctx.app.get(RollupService).verify({ period: PERIOD, provinceCode: '52' });
    expect(verified.sample).toEqual([]);
     
    console.log(`2 workers: ${villages.length} approvals, ${duplicates} duplicate jobs, ${verified.differences} differences`);
  }, 240_000);
});

describe('Redis stopped during approvals, then started again', () => {
  let ctx: TestContext;
  let redis: OwnRedis;
  let worker: ReturnType<typeof spawnWorker> | undefined;
  afterAll(async () => {
    if (worker) await stopProcess(worker);
    await redis?.destroy();
    await ctx?.close();
  });

  it('loses no approval: each reaches the rollups once Redis is back, with 0 differences', async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    ctx = await startTestContext('guizhou');
    const prefix = ctx.config.redisPrefix;
    worker = spawnWorker({ DATABASE_URL: ctx.config.databaseUrl!, REDIS_URL: redis.url, CARENET_REDIS_PREFIX: prefix });
    const reports = ctx.app.get(ReportsService);
    const clerk = await actor(ctx, [Role.CLERK], '520111');
    const approver = await actor(ctx, [Role.APPROVER], '520111');
    const villages = await villagesOf(ctx, '520111');
    const half = Math.floor(villages.length / 2);
    let expected = 0;

    for (const v of villages.slice(0, half)) {
      await approveVillage(reports, clerk, approver, v.code, 2);
      expected += 2;
    }
    await settle(ctx.db, redis.url, prefix);
    expect(await provinceTotal(ctx)).toBe(expected);

    await redis.stop();
    for (const v of villages.slice(half)) {
      await approveVillage(reports, clerk, approver, v.code, 3); // accepted while Redis is down
      expected += 3;
    }
    const [{ waiting }] = await ctx.db.query(`SELECT count(*) AS waiting FROM outbox WHERE published_at IS NULL`);
    expect(waiting).toBeGreaterThan(0);
    expect(await provinceTotal(ctx)).toBeLessThan(expected);

    await redis.start();
    await settle(ctx.db, redis.url, prefix);
    expect(await provinceTotal(ctx)).toBe(expected);
    const verified = await ctx.app.get(RollupService).verify({ period: PERIOD, provinceCode: '52' });
    expect(verified.differences).toBe(0);
     
    console.log(`redis restart: ${villages.length} approvals (${villages.length - half} while Redis was down, ${waiting} outbox rows waited), ${verified.differences} differences`);
  }, 240_000);
});
