/**
 * A job the outbox relay sends (through the producers' queues, not the
 * worker's) is tried again like any other: the same attempts and backoff.
 * Without them, a rollup job that met a dropped database connection failed
 * for good after one try, and the fault suite found an approval missing from
 * the province's total.
 */
import { loadConfig } from '@carenet/core';
import { DEFAULT_JOB_OPTIONS, QueueName, QueueProducers, RollupJob } from '@carenet/queue';
import { testRedisPrefix } from '../support/test-database.js';

it("gives the relay's jobs the attempts and backoff of every job", async () => {
  const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: process.env.CARENET_TEST_REDIS_URL, CARENET_REDIS_PREFIX: testRedisPrefix() });
  const producers = new QueueProducers(config);
  try {
    const queue = producers.queue(QueueName.ROLLUP);
    await queue.addBulk([{ name: RollupJob.UNIT_CHANGED, data: { unitId: 1, period: '2026-10' }, opts: { jobId: 'outbox-1' } }]);
    const job = (await queue.getJob('outbox-1'))!;
    expect({ attempts: job.opts.attempts, backoff: job.opts.backoff }).toEqual({ attempts: DEFAULT_JOB_OPTIONS.attempts, backoff: DEFAULT_JOB_OPTIONS.backoff });
    expect(DEFAULT_JOB_OPTIONS.attempts).toBeGreaterThan(1);
    await queue.obliterate({ force: true });
  } finally {
    await producers.onApplicationShutdown();
  }
});
