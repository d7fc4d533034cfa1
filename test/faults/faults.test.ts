/**
 * The fault suite: an approval wave over two counties while the test keeps
 * killing the worker (SIGKILL), restarting a Redis of its own and dropping the
 * worker's Postgres connections. Afterwards every approval is in the rollups
 * and the verifier finds 0 differences. FAULT_ROUNDS bounds the faults.
 *
 * Each fault strikes by the wave's progress, never by the clock: round r once
 * (r + 1) / (ROUNDS + 2) of the villages are approved, a kill once the worker
 * has work, a Redis restart lasting until an approval went on without it. A
 * fault that finds the wave over has no work to strike, and the test says so
 * as a failure of its set-up. Each is recorded with the approvals done and
 * under way then; every one must have struck inside the wave (approvals
 * completed both before and after it), and every worker kill while the
 * worker had work (outbox rows to relay or rollup jobs waiting or active).
 */
import { randomBytes } from 'node:crypto';
import { Role, type Actor } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { ReportsService } from '@carenet/reporting';
import { RollupService } from '@carenet/rollup';
import { forEachLimit } from '@carenet/simulation';
import { startTestContext, type TestContext } from '../support/test-context.js';
import { waitUntil } from '../support/wait.js';
import { freePort, OwnRedis, rollupQueue, settle, spawnWorker, stopProcess } from '../support/processes.js';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 6);
const PERIOD = '2026-10';

let ctx: TestContext;
let redis: OwnRedis;
let worker: ReturnType<typeof spawnWorker>;

async function actor(roles: Role[], unitCode: string): Promise<Actor> {
  const username = `fault-${randomBytes(4).toString('hex')}`;
  await ctx.app.get(AuthService).createUser('system', { username, password: 'a long password', roles, unitCode });
  return (await ctx.app.get(AuthService).actorOf(username))!;
}

afterAll(async () => {
  if (worker) await stopProcess(worker, 'SIGKILL');
  await redis?.destroy();
  await ctx?.close();
});

it(`loses no approval and counts none twice through ${ROUNDS} rounds of faults`, async () => {
  redis = new OwnRedis(await freePort());
  await redis.start();
  ctx = await startTestContext('guizhou');
  const env = () => ({ DATABASE_URL: ctx.config.databaseUrl!, REDIS_URL: redis.url, CARENET_REDIS_PREFIX: ctx.config.redisPrefix });
  worker = spawnWorker(env());
  const reports = ctx.app.get(ReportsService);
  const clerk = await actor([Role.CLERK], '5201');
  const approver = await actor([Role.APPROVER], '5201');
  const villages: { code: string }[] = await ctx.db.query(
    `SELECT u.code FROM admin_unit u JOIN admin_unit c ON c.depth = 3 AND c.code IN ('520102000000', '520103000000') AND u.path <@ c.path WHERE u.depth = 5 ORDER BY u.code`,
  );

  let expected = 0;
  let approvals = 0;
  let underWay = 0;
  let waveDone = false;
  const waveStarted = Date.now();
  const wave = forEachLimit(villages, 4, async (v) => {
    underWay++;
    try {
      const value = (v.code.charCodeAt(10) % 9) + 1;
      await reports.saveReport(clerk, { unitCode: v.code, period: PERIOD, values: [{ indicator: 'HOME_VISITS', value }], expectedVersion: 0 });
      await reports.submitReport(clerk, { unitCode: v.code, period: PERIOD, expectedVersion: 1 });
      await reports.approveReport(approver, { unitCode: v.code, period: PERIOD, expectedVersion: 2 });
      expected += value;
      approvals++;
    } finally {
      underWay--;
    }
  }).finally(() => (waveDone = true));

  /** What the worker has to do: outbox rows not yet relayed, rollup jobs waiting or running. */
  const jobs = rollupQueue(redis.url, ctx.config.redisPrefix);
  const workerWork = async () => {
    const [{ n }] = await ctx.db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    const counts = await jobs.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    return { outboxPending: Number(n), rollupJobs: Object.values(counts).reduce((a, b) => a + b, 0) };
  };

  /** Each fault as it struck: when (ms into the wave), and the approvals completed and under way at that moment. */
  const struck: { round: number; fault: string; atMs: number; approvedBefore: number; underWay: number; work?: { outboxPending: number; rollupJobs: number } }[] = [];
  const strike = (round: number, fault: string, work?: { outboxPending: number; rollupJobs: number }) =>
    struck.push({ round, fault, atMs: Date.now() - waveStarted, approvedBefore: approvals, underWay, work });

  /**
   * Waits for progress of the wave, never for time: `what` must happen while the wave still runs. A wave
   * that ends first leaves the fault nothing to strike, which is a fault of the set-up, said as one.
   */
  const duringWave = async (round: number, what: string, happened: () => boolean | Promise<boolean>) =>
    waitUntil(`round ${round}: ${what}`, async () => {
      if (await happened()) return true;
      if (waveDone) {
        throw new Error(
          `the test's set-up gives round ${round} no work: the wave ended (${approvals} of ${villages.length} approvals) before ${what}; give the wave more villages or fewer rounds`,
        );
      }
      return false;
    }, { state: async () => ({ approvals, underWay, work: await workerWork() }) });

  const faults = { kills: 0, redisRestarts: 0, connectionsDropped: 0 };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // round r strikes once (r + 1) / (ROUNDS + 2) of the wave is approved, so approvals follow the last one too
      const due = Math.ceil(((round + 1) * villages.length) / (ROUNDS + 2));
      await duringWave(round, `${due} approvals`, () => approvals >= due);
      switch (round % 3) {
        case 0: {
          // drop the worker's connections once it has some (a worker started in the last round may still be booting)
          const workerBackends = `SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'carenet-worker%' AND datname = current_database()`;
          await duringWave(round, 'the worker holding Postgres connections', async () => (await ctx.db.query(workerBackends)).length > 0);
          strike(round, 'Postgres connections dropped');
          const [{ n }] = await ctx.db.query(`SELECT count(pg_terminate_backend(pid)) AS n FROM (${workerBackends}) w`);
          faults.connectionsDropped += Number(n);
          break;
        }
        case 1: {
          // kill the worker while it has something to do: outbox rows to relay or rollup jobs
          let work = await workerWork();
          await duringWave(round, 'the worker having work', async () => {
            work = await workerWork();
            return work.outboxPending + work.rollupJobs > 0;
          });
          strike(round, 'worker SIGKILL', work);
          await stopProcess(worker, 'SIGKILL');
          faults.kills++;
          worker = spawnWorker(env());
          break;
        }
        case 2: {
          // Redis stays down until approvals have gone on without it (the outbox keeps them in Postgres)
          strike(round, 'Redis restart');
          await redis.stop();
          const before = approvals;
          await duringWave(round, 'an approval while Redis is down', () => approvals > before);
          await redis.start();
          faults.redisRestarts++;
          break;
        }
      }
    }
  } finally {
    await jobs.close();
  }
  const failures = await wave;
  // every fault struck inside the wave: approvals completed before it and after it; every kill found the worker with work
  const timeline = struck.map((f) => ({ ...f, approvedAfter: approvals - f.approvedBefore }));
  console.log(`faults: ${approvals} approvals in ${Date.now() - waveStarted} ms; ${faults.connectionsDropped} connections dropped; struck ${JSON.stringify(timeline)}`);
  expect(failures).toEqual([]);
  expect(waveDone).toBe(true);
  expect(timeline).toHaveLength(ROUNDS);
  for (const f of timeline) {
    expect({ fault: f.fault, round: f.round, approvedBefore: f.approvedBefore > 0, approvedAfter: f.approvedAfter > 0 }).toEqual({ fault: f.fault, round: f.round, approvedBefore: true, approvedAfter: true });
    if (f.work) expect({ round: f.round, workerHadWork: f.work.outboxPending + f.work.rollupJobs > 0 }).toEqual({ round: f.round, workerHadWork: true });
  }
  expect(faults.connectionsDropped).toBeGreaterThan(0);

  await settle(ctx.db, redis.url, ctx.config.redisPrefix, 180_000);
  const [{ total }] = await ctx.db.query(
    `SELECT coalesce(sum(rv.value), 0) AS total FROM rollup_value rv JOIN admin_unit u ON u.id = rv.unit_id
      WHERE u.code = '520000000000' AND u.depth = 1 AND rv.period = '2026-10-01' AND rv.basis = 'APPROVED' AND rv.indicator = 'HOME_VISITS'`,
  );
  if (Number(total) !== expected) {
    // what was left behind, for whoever reads the failure: marks not taken, jobs that gave up, the units that differ
    const q = rollupQueue(redis.url, ctx.config.redisPrefix);
    const failedJobs = (await q.getFailed()).map((j) => ({ id: j.id, reason: j.failedReason, attempts: j.attemptsMade }));
    const counts = await q.getJobCounts();
    await q.close();
    const [{ marks }] = await ctx.db.query(`SELECT count(*)::int AS marks FROM rollup_pending`);
    const { sample } = await ctx.app.get(RollupService).verify({ period: PERIOD, provinceCode: '52', limit: 10 });
    console.log(`faults: the province's total is ${total}, ${expected} approved; ${JSON.stringify({ counts, failedJobs, marks, sample })}`);
  }
  expect(Number(total)).toBe(expected);
  // no job gave up: one that met a dropped connection or a killed worker was tried again
  const queue = rollupQueue(redis.url, ctx.config.redisPrefix);
  const gaveUp = (await queue.getFailed()).map((j) => ({ id: j.id, reason: j.failedReason, attempts: j.attemptsMade }));
  await queue.close();
  expect(gaveUp).toEqual([]);
  const verified = await ctx.app.get(RollupService).verify({ period: PERIOD, provinceCode: '52' });
  expect(verified.sample).toEqual([]);
   
  console.log(
    `faults: ${ROUNDS} rounds, ${faults.kills} worker kills, ${faults.redisRestarts} Redis restarts, ${faults.connectionsDropped} Postgres connections dropped, ${approvals} approvals, ${verified.differences} differences`,
  );
}, 300_000);
