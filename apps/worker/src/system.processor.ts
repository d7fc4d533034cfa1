import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { RedisClient } from '@carenet/queue';
import { CONFIG, LOGGER, waitFor, type Config, type Logger } from '@carenet/core';
import { DeadlinesService } from '@carenet/reporting';
import { ChangeFeedService } from '@carenet/analytics';
import {
  HEARTBEAT_EVERY_MS,
  HEARTBEAT_KEY,
  QueueName,
  OutboxRepository,
  REDIS_CLIENT,
  RollupJob,
  SystemJob,
  HandlerRegistry,
  dispatch,
  redisMaxmemoryPolicy,
  type HandlerMap,
} from '@carenet/queue';

export const DEADLINES_EVERY_MS = 15 * 60_000;
export const FEED_EVERY_MS = 30_000;

/** How long a starting worker waits for Redis to take its first heartbeat before it says so and goes on. */
export const FIRST_HEARTBEAT_WAIT_MS = 60_000;

/**
 * The first heartbeat at start, tried until Redis takes it: a request-serving
 * connection fails at once while Redis is not ready (a server still starting,
 * a cluster client still learning its slots), and a worker must not die of
 * that. After `waitMs` it is logged and left to the scheduled heartbeats.
 */
export async function writeFirstHeartbeat(write: () => Promise<unknown>, logger: Logger, waitMs = FIRST_HEARTBEAT_WAIT_MS): Promise<boolean> {
  let last: Error | undefined;
  const written = await waitFor(() => write().then(() => true, (e: Error) => ((last = e), false)), waitMs, 250);
  if (!written) logger.warn({ err: last?.message }, `Redis did not take the worker's first heartbeat within ${waitMs / 1000} s; the scheduled heartbeats keep trying. Check that Redis is up (redis-cli ping)`);
  return written;
}

/**
 * Housekeeping: the worker's heartbeat (read by the API's /health), the
 * Redis policy check, overdue reports every quarter hour, pruning the outbox
 * nightly, numbering the sync feed, and the schedule of the nightly rollup verifier.
 */
@Processor(QueueName.SYSTEM)
export class SystemProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly handlers: HandlerMap<SystemJob>;

  constructor(
    registry: HandlerRegistry,
    @InjectQueue(QueueName.SYSTEM) private readonly queue: Queue,
    @InjectQueue(QueueName.ROLLUP) private readonly rollupQueue: Queue,
    private readonly deadlines: DeadlinesService,
    private readonly outbox: OutboxRepository,
    private readonly feed: ChangeFeedService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.handlers = {
      [SystemJob.HEARTBEAT]: async () => {
        await this.redis.set(HEARTBEAT_KEY(this.config.redisPrefix), String(Date.now()), 'PX', 10 * HEARTBEAT_EVERY_MS);
      },
      [SystemJob.DEADLINES]: async ({ now }) => {
        const notices = await this.deadlines.flagOverdue(now ? new Date(now) : new Date());
        const units = notices.reduce((n, x) => n + x.unitCodes.length, 0);
        if (units > 0) this.logger.info({ units, notices: notices.map((n) => ({ period: n.period, level: n.level, units: n.unitCodes.length })) }, 'overdue reports flagged');
        return { units };
      },
      [SystemJob.PRUNE_OUTBOX]: async ({ olderThanDays }) => ({ removed: await this.outbox.prune(olderThanDays ?? 7) }),
      [SystemJob.NUMBER_FEED]: async () => ({ numbered: await this.feed.numberChanges() }),
    };
    registry.register(QueueName.SYSTEM, this.handlers);
  }

  async onApplicationBootstrap(): Promise<void> {
    const policy = await redisMaxmemoryPolicy(this.redis);
    if (policy !== undefined && policy !== 'noeviction') {
      this.logger.error(
        { maxmemoryPolicy: policy },
        `REDIS maxmemory-policy is '${policy}', not 'noeviction': Redis may silently evict queued jobs. Set it with: redis-cli CONFIG SET maxmemory-policy noeviction (and in redis.conf)`,
      );
    }
    await this.queue.upsertJobScheduler('heartbeat', { every: HEARTBEAT_EVERY_MS }, { name: SystemJob.HEARTBEAT, data: {} });
    await this.queue.upsertJobScheduler('deadlines', { every: DEADLINES_EVERY_MS }, { name: SystemJob.DEADLINES, data: {} });
    await this.queue.upsertJobScheduler('prune-outbox', { pattern: '0 30 4 * * *', tz: 'Asia/Shanghai' }, { name: SystemJob.PRUNE_OUTBOX, data: {} });
    // a fallback: every rollup job numbers the feed as well, so this only matters when none run
    await this.queue.upsertJobScheduler('number-feed', { every: FEED_EVERY_MS }, { name: SystemJob.NUMBER_FEED, data: {} });
    // marks of pending rollups that a job left when it died for good between two levels
    await this.rollupQueue.upsertJobScheduler('rollup-sweep-pending', { every: 60_000 }, { name: RollupJob.SWEEP_PENDING, data: {} });
    // every night at 03:00 in China: recompute the latest months from the raw reports, compare, repair
    await this.rollupQueue.upsertJobScheduler('nightly-verify', { pattern: '0 0 3 * * *', tz: 'Asia/Shanghai' }, { name: RollupJob.VERIFY, data: { repair: true } });
    await writeFirstHeartbeat(() => this.handlers[SystemJob.HEARTBEAT]({}, undefined as never), this.logger);
  }

  process(job: Job): Promise<unknown> {
    return dispatch(QueueName.SYSTEM, this.handlers, job);
  }
}
