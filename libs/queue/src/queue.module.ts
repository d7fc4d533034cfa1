import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { Cluster } from 'ioredis';
import { CONFIG, type Config } from '@carenet/core';
import { DEFAULT_JOB_OPTIONS, QueueName, queuePrefix, REDIS_CLIENT } from './queue-names.js';
import { bullConnection, redisConnection, type RedisClient } from './redis.js';
import { QueueProducers } from './producers.js';
import { HandlerRegistry } from './handler-registry.js';

/** Cluster clients given to BullMQ, which it shares and does not close: closed with the module. */
class SharedBullConnections {
  readonly clients: Cluster[] = [];
}
const SHARED_BULL_CONNECTIONS = Symbol('SHARED_BULL_CONNECTIONS');

/**
 * BullMQ wired to the configured Redis, with carenet's queues registered, and
 * REDIS_CLIENT: a fail-fast connection for request-time work (health, limits),
 * the producers the outbox relay sends with, and the registry of processors.
 */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(SHARED_BULL_CONNECTIONS) private readonly shared: SharedBullConnections,
  ) {}

  static forRoot(): DynamicModule {
    const shared = new SharedBullConnections();
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [CONFIG],
          useFactory: (config: Config) => {
            // one server: options, so BullMQ opens and closes its connections itself; a cluster: a shared client
            const { connection, shared: client } = bullConnection(config, 'blocking');
            if (client) shared.clients.push(client);
            return {
              connection,
              prefix: queuePrefix(config.redisPrefix),
              defaultJobOptions: DEFAULT_JOB_OPTIONS,
            };
          },
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        QueueProducers,
        HandlerRegistry,
        { provide: SHARED_BULL_CONNECTIONS, useValue: shared },
        {
          provide: REDIS_CLIENT,
          inject: [CONFIG],
          useFactory: (config: Config) => redisConnection(config, 'client'),
        },
      ],
      exports: [BullModule, REDIS_CLIENT, QueueProducers, HandlerRegistry],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    await Promise.all(this.shared.clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  }
}
