import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { Redis } from 'ioredis';
import { CONFIG, type Config } from '@carenet/core';
import { QueueName, queuePrefix, REDIS_CLIENT } from './queue-names.js';
import { redisConnection, redisOptionsFromUrl } from './redis.js';
import { QueueProducers } from './producers.js';
import { HandlerRegistry } from './handler-registry.js';

function redisUrl(config: Config): string {
  if (!config.redisUrl) throw new Error('REDIS_URL is not set (the launcher sets it; see README)');
  return config.redisUrl;
}

/**
 * BullMQ wired to the configured Redis, with carenet's queues registered, and
 * REDIS_CLIENT: a fail-fast connection for request-time work (health, limits),
 * the producers the outbox relay sends with, and the registry of processors.
 */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [CONFIG],
          useFactory: (config: Config) => ({
            // options, not a connection: BullMQ then opens and closes its connections itself
            connection: { ...redisOptionsFromUrl(redisUrl(config)), maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 200, 2000) },
            prefix: queuePrefix(config.redisPrefix),
            defaultJobOptions: {
              attempts: 8,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: { age: 3600, count: 1000 },
              removeOnFail: false,
            },
          }),
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        QueueProducers,
        HandlerRegistry,
        {
          provide: REDIS_CLIENT,
          inject: [CONFIG],
          useFactory: (config: Config) => redisConnection(redisUrl(config), 'client'),
        },
      ],
      exports: [BullModule, REDIS_CLIENT, QueueProducers, HandlerRegistry],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
