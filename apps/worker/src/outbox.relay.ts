import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Queue } from 'bullmq';
import pg from 'pg';
import { CONFIG, LOGGER, pushTo, type Config, type Logger } from '@carenet/core';
import {
  OutboxRepository,
  ProvincialReportJob,
  QueueName,
  RollupJob,
  queueOf,
  queuePrefix,
  redisOptionsFromUrl,
  type JobPayloads,
  type OutboxRow,
} from '@carenet/queue';

const BATCH = 500;
const POLL_MS = 1000;
const REDIS_TIMEOUT_MS = 5000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms))]);
}

/**
 * Moves outbox rows to BullMQ. Woken by NOTIFY on every insert and by a poll;
 * rows are locked while they are sent (two relays never send the same row)
 * and marked published only after Redis took them. Job ids derive from the
 * row id, so a row sent twice (a crash between send and mark) is one job.
 * While Redis is unreachable, rows wait and the relay retries with backoff.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private flows!: FlowProducer;
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // producers fail fast: a send that cannot reach Redis rolls back and is retried later
    const connection = { ...redisOptionsFromUrl(this.config.redisUrl!), maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(n * 500, 5000) };
    const prefix = queuePrefix(this.config.redisPrefix);
    for (const name of Object.values(QueueName)) this.queues.set(name, new Queue(name, { connection, prefix }));
    this.flows = new FlowProducer({ connection, prefix });
    for (const q of this.queues.values()) q.on('error', () => undefined);
    this.flows.on('error', () => undefined);
    await this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.end().catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await this.flows?.close().catch(() => undefined);
  }

  /** Sends everything pending now; returns how many rows were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.outbox.publishBatch(BATCH, (rows) => this.send(rows));
      sent += n;
      if (n < BATCH) return sent;
    }
  }

  private async listen(): Promise<void> {
    try {
      const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'carenet-worker-relay' });
      client.on('error', () => undefined);
      client.on('notification', () => this.schedule(0));
      await client.connect();
      await client.query('LISTEN carenet_outbox');
      this.listener = client;
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'outbox relay: LISTEN failed; polling only');
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    this.running = true;
    this.again = false;
    let delay = POLL_MS;
    try {
      const sent = await this.drain();
      if (this.failures > 0) this.logger.info({ sent }, 'outbox relay: Redis is back; sending again');
      this.failures = 0;
    } catch (e) {
      this.failures++;
      delay = Math.min(POLL_MS * 2 ** Math.min(this.failures, 4), 15_000);
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.logger.warn({ err: (e as Error).message, failures: this.failures, retryInMs: delay }, 'outbox relay: could not send; the changes wait in the outbox');
      }
    } finally {
      this.running = false;
    }
    this.schedule(this.again ? 0 : delay);
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const plain = new Map<QueueName, { name: string; data: unknown; opts: { jobId: string } }[]>();
    for (const row of rows) {
      if (row.topic === ProvincialReportJob.BUILD) {
        const data = row.payload as JobPayloads[ProvincialReportJob.BUILD];
        // verify (and repair) the province's rollups first; the snapshot job runs when its child is done
        await within(
          this.flows.add({
            name: row.topic,
            queueName: QueueName.PROVINCIAL_REPORT,
            data,
            opts: { jobId: `outbox-${row.id}` },
            children: [
              {
                name: RollupJob.VERIFY,
                queueName: QueueName.ROLLUP,
                data: { period: data.period, provinceId: data.provinceId, repair: true },
                opts: { jobId: `outbox-${row.id}-verify` },
              },
            ],
          }),
          REDIS_TIMEOUT_MS,
        );
        continue;
      }
      const queue = queueOf(row.topic);
      pushTo(plain, queue, { name: row.topic, data: row.payload, opts: { jobId: `outbox-${row.id}` } });
    }
    for (const [queue, jobs] of plain) await within(this.queues.get(queue)!.addBulk(jobs), REDIS_TIMEOUT_MS);
  }
}
