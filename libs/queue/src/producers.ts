import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import { CONFIG, type Config } from '@carenet/core';
import { DEFAULT_JOB_OPTIONS, QueueName, queuePrefix } from './queue-names.js';
import type { Cluster } from 'ioredis';
import { bullConnection } from './redis.js';

/**
 * The connections that put jobs on the queues (the outbox relay's), made by
 * the queue module from the configured Redis. They fail fast: a send that
 * cannot reach Redis is refused at once and the outbox row waits for the next
 * try, instead of hanging in an offline queue. Opened on first use, so a
 * process that never sends opens none.
 */
@Injectable()
export class QueueProducers implements OnApplicationShutdown {
  private queues?: Map<QueueName, Queue>;
  private flows?: FlowProducer;
  private shared?: Cluster;

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  queue(name: QueueName): Queue {
    return this.open().queues.get(name)!;
  }

  flowProducer(): FlowProducer {
    return this.open().flows;
  }

  addFlow(flow: FlowJob) {
    return this.flowProducer().add(flow);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...(this.queues?.values() ?? [])].map((q) => q.close().catch(() => undefined)));
    await this.flows?.close().catch(() => undefined);
    await this.shared?.quit().catch(() => this.shared?.disconnect());
  }

  private open(): { queues: Map<QueueName, Queue>; flows: FlowProducer } {
    if (!this.queues || !this.flows) {
      const { connection, shared } = bullConnection(this.config, 'producer');
      this.shared = shared;
      const prefix = queuePrefix(this.config.redisPrefix);
      // the same defaults as the worker's queues: a job the relay sends is tried again like any other
      this.queues = new Map(Object.values(QueueName).map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]));
      this.flows = new FlowProducer({ connection, prefix });
      for (const q of this.queues.values()) q.on('error', () => undefined);
      this.flows.on('error', () => undefined);
    }
    return { queues: this.queues, flows: this.flows };
  }
}
