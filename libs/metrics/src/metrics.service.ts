import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName } from '@carenet/queue';
import { ReplicaReads } from '@carenet/database';
import { MetricsRepository } from './metrics.repository.js';

const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * The Prometheus metrics of a process (its own registry). Request figures are
 * counted as requests pass; queue, outbox, rollup-lag and pool gauges are read
 * at each scrape, so any API process shows the state of the whole system.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'carenet_graphql_requests_total', help: 'GraphQL operations answered, by operation (type and first root field)', labelNames: ['operation'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'carenet_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL operation, by operation',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({ name: 'carenet_graphql_errors_total', help: 'GraphQL errors answered, by extensions.code', labelNames: ['code'], registers: [this.registry] });
  private queues: { name: string; queue: Queue }[] = [];
  private replicaReads?: ReplicaReads;

  constructor(
    repo: MetricsRepository,
    private readonly moduleRef: ModuleRef,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'carenet_' });
    const queues = () => this.queues;
    const replicaReads = () => this.replicaReads;
    new Gauge({
      name: 'carenet_statistics_reads',
      help: 'Statistics reads answered by this process since it started: by the replica, by the primary, and of those the primary answered because the replica was behind, down or slow (fallback)',
      labelNames: ['source'],
      registers: [this.registry],
      collect() {
        const c = replicaReads()?.counts;
        if (c) for (const [source, n] of Object.entries({ replica: c.replica, primary: c.primary, fallback: c.fallbacks })) this.set({ source }, n);
      },
    });
    new Gauge({
      name: 'carenet_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const { name, queue } of queues()) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'carenet_queue_oldest_job_age_seconds',
      help: 'Age of the oldest job waiting or running, per queue (0: none)',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        const now = Date.now();
        for (const { name, queue } of queues()) {
          let oldest = now;
          for (const state of ['waiting', 'prioritized', 'active'] as const) {
            const [job] = await queue.getJobs([state], 0, 0, true);
            if (job?.timestamp && job.timestamp < oldest) oldest = job.timestamp;
          }
          this.set({ queue: name }, (now - oldest) / 1000);
        }
      },
    });
    new Gauge({
      name: 'carenet_outbox_pending',
      help: 'Outbox rows not yet moved to the queue',
      registers: [this.registry],
      async collect() {
        this.set((await repo.outbox()).pending);
      },
    });
    new Gauge({
      name: 'carenet_outbox_lag_seconds',
      help: 'Age of the oldest outbox row not yet moved to the queue (0: none)',
      registers: [this.registry],
      async collect() {
        this.set((await repo.outbox()).lagSeconds);
      },
    });
    const lag = new Gauge({ name: 'carenet_rollup_lag_seconds', help: 'From the latest approval to its province’s rollup of that month (still waiting: the time so far)', registers: [this.registry] });
    new Gauge({
      name: 'carenet_rollup_caught_up',
      help: '1 when the province’s rollup includes the latest approval, 0 while it is pending',
      registers: [this.registry],
      async collect() {
        const r = await repo.rollupLag();
        if (r) {
          lag.set(r.lagSeconds);
          this.set(r.caughtUp ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'carenet_db_pool_connections',
      help: 'Postgres pool connections of this process: total, idle, waiting (requests queued for one) and max',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const p = repo.poolUse();
        if (p) for (const [state, n] of Object.entries(p)) this.set({ state }, n);
      },
    });
  }

  onModuleInit(): void {
    try {
      this.replicaReads = this.moduleRef.get(ReplicaReads, { strict: false });
    } catch {
      // a process without the database module reads no statistics
    }
    for (const name of Object.values(QueueName)) {
      try {
        this.queues.push({ name, queue: this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }) });
      } catch {
        // a process without the queue registered has nothing to report for it
      }
    }
  }

  observeOperation(operation: string, seconds: number): void {
    this.requests.inc({ operation });
    this.latency.observe({ operation }, seconds);
  }

  countError(code: string): void {
    this.errors.inc({ code });
  }

  /** The text a scrape gets; the rollup-lag gauge is read before its companion sets it, so that is collected first. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await this.registry.getSingleMetric('carenet_rollup_caught_up')?.get();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
