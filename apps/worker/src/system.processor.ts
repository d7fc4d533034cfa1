import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CONFIG, LOGGER, type Config, type Logger } from '@carenet/core';
import {
  HEARTBEAT_EVERY_MS,
  HEARTBEAT_KEY,
  QueueName,
  REDIS_CLIENT,
  SystemJob,
  assertHandlersCover,
  dispatch,
  redisMaxmemoryPolicy,
  type HandlerMap,
} from '@carenet/queue';

/** Housekeeping: the worker's heartbeat (read by the API's /health) and a Redis policy check. */
@Processor(QueueName.SYSTEM)
export class SystemProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly handlers: HandlerMap<SystemJob>;

  constructor(
    @InjectQueue(QueueName.SYSTEM) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.handlers = {
      [SystemJob.HEARTBEAT]: async () => {
        await this.redis.set(HEARTBEAT_KEY(this.config.redisPrefix), String(Date.now()), 'PX', 10 * HEARTBEAT_EVERY_MS);
      },
    };
    assertHandlersCover(QueueName.SYSTEM, this.handlers);
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
    await this.handlers[SystemJob.HEARTBEAT]({}, undefined as never);
  }

  process(job: Job): Promise<unknown> {
    return dispatch(QueueName.SYSTEM, this.handlers, job);
  }
}
