/**
 * A batch the relay sends again is never dropped as the job Redis already
 * has. Outbox rows commit out of id order: the first sending of a batch may
 * miss a row that commits later between its first and last rows. When the
 * relay's transaction fails after Redis took the job (its connection
 * dropped), the rows stay unpublished and go again, now with that row; that
 * job must be a new one, or the row's change is never recomputed.
 */
import { Queue } from 'bullmq';
import { OutboxRepository, QueueName, queuePrefix, redisOptionsFromUrl, RollupJob, type JobPayloads } from '@carenet/queue';
import { unitChangesTogether } from '../../apps/worker/src/outbox.relay.js';
import { startTestContext, type TestContext } from '../support/test-context.js';

let ctx: TestContext;
let queue: Queue;

beforeAll(async () => {
  ctx = await startTestContext('empty');
  queue = new Queue(QueueName.ROLLUP, { connection: { ...redisOptionsFromUrl(ctx.config.redisUrl!), maxRetriesPerRequest: null }, prefix: queuePrefix(ctx.config.redisPrefix) });
}, 120_000);

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await ctx?.close();
});

/** What the relay's send does with a batch's rows: one job per month of changes, under the relay's job ids. */
async function send(rows: Parameters<typeof unitChangesTogether>[0]): Promise<void> {
  await queue.addBulk(unitChangesTogether(rows).map(({ row, jobId }) => ({ name: row.topic, data: row.payload, opts: { jobId } })));
}

it('sends a batch again as a new job when a row committed late between its first and last', async () => {
  const outbox = ctx.app.get(OutboxRepository);
  const period = '2026-10';
  const add = (unitId: number) => ctx.db.transaction((m) => outbox.add(m, RollupJob.UNIT_CHANGED, { unitId, period }));
  await add(1);
  // a change whose transaction is still open: its row has an id between the others but is not seen yet
  const late = ctx.db.createQueryRunner();
  await late.connect();
  await late.startTransaction();
  await outbox.add(late.manager, RollupJob.UNIT_CHANGED, { unitId: 2, period });
  await add(3);

  // the first sending: Redis takes the job, then the relay's transaction fails before the rows are marked
  await expect(
    outbox.publishBatch(500, async (rows) => {
      expect(rows.map((r) => (r.payload as JobPayloads[RollupJob.UNIT_CHANGED]).unitId)).toEqual([1, 3]);
      await send(rows);
      throw new Error('the connection dropped');
    }),
  ).rejects.toThrow('the connection dropped');
  await late.commitTransaction();
  await late.release();

  // sent again, with the row that committed meanwhile
  expect(await outbox.publishBatch(500, send)).toBe(3);
  const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
  const units = new Set(jobs.flatMap((j) => (j.name === RollupJob.UNITS_CHANGED ? j.data.unitIds : [j.data.unitId])));
  expect([...units].sort()).toEqual([1, 2, 3]);
}, 60_000);
