import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { CONFIG, LOGGER, pushTo, type Config, type Logger } from '@carenet/core';
import { flowOf, JOB_OPTIONS_BY_QUEUE, OutboxRepository, QueueProducers, queueOf, RollupJob, type JobName, type JobPayloads, type OutboxRow, type QueueName } from '@carenet/queue';

const BATCH = 500;
const POLL_MS = 1000;
/**
 * After a batch went out, the next waits this long for more changes to join
 * it: under an approval wave a batch then carries every change of its window
 * and the worker recomputes each upper level once per window instead of once
 * per change. A change after a quiet moment goes at once.
 */
export const GATHER_MS = 200;
const REDIS_TIMEOUT_MS = 5000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms))]);
}

/**
 * The id of the job that carries a batch's changes of a month: its first and
 * last rows, and a digest of every row id in it. Rows commit out of id order,
 * so a batch sent again after its mark failed (the relay's connection dropped
 * after Redis took the job) may hold rows the first sending did not, between
 * the same first and last: a new job then, not one that Redis would take for
 * the one it already has and drop. The same rows are always the same job.
 */
export function batchJobId(rows: OutboxRow[]): string {
  const digest = createHash('sha256').update(rows.map((r) => r.id).join(',')).digest('hex').slice(0, 16);
  return `outbox-${rows[0]!.id}-${rows.at(-1)!.id}-${digest}`;
}

/**
 * The rollup changes of a batch, per month, as one job (`batchJobId`): the
 * units are recomputed together and each ancestor once. A month with a single
 * change stays a plain one-unit job. Every other row keeps its own job,
 * `outbox-<row id>`.
 */
export function unitChangesTogether(rows: OutboxRow[]): { row: OutboxRow; jobId: string }[] {
  const byPeriod = new Map<string, OutboxRow[]>();
  const out: { row: OutboxRow; jobId: string }[] = [];
  for (const row of rows) {
    if (row.topic === RollupJob.UNIT_CHANGED) pushTo(byPeriod, (row.payload as JobPayloads[RollupJob.UNIT_CHANGED]).period, row);
    else out.push({ row, jobId: `outbox-${row.id}` });
  }
  for (const [period, changes] of byPeriod) {
    const first = changes[0]!;
    if (changes.length === 1) out.push({ row: first, jobId: `outbox-${first.id}` });
    else {
      const unitIds = [...new Set(changes.map((c) => (c.payload as JobPayloads[RollupJob.UNIT_CHANGED]).unitId))];
      out.push({ row: { id: first.id, topic: RollupJob.UNITS_CHANGED, payload: { unitIds, period } }, jobId: batchJobId(changes) });
    }
  }
  return out;
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
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private failures = 0;
  private lastSentAt = -Infinity;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producers: QueueProducers,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.end().catch(() => undefined);
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
      client.on('notification', () => this.schedule(this.gatherDelay()));
      await client.connect();
      await client.query('LISTEN carenet_outbox');
      this.listener = client;
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'outbox relay: LISTEN failed; polling only');
    }
  }

  /** How long a change now waits to join the next batch (see GATHER_MS). */
  private gatherDelay(): number {
    return Math.max(0, Math.ceil(this.lastSentAt + GATHER_MS - performance.now()));
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
      if (sent > 0) this.lastSentAt = performance.now();
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
    this.schedule(this.again ? this.gatherDelay() : delay);
  }

  /** Each row becomes its declared flow (libs/queue flows.ts) or a plain job; every job id derives from the row. */
  private async send(rows: OutboxRow[]): Promise<void> {
    const plain = new Map<QueueName, { name: string; data: unknown; opts: { jobId: string; attempts?: number; backoff?: { type: string; delay: number } } }[]>();
    for (const { row, jobId: id } of unitChangesTogether(rows)) {
      const flow = flowOf(row.topic as JobName, row.payload as JobPayloads[JobName], id);
      if (flow) {
        await within(this.producers.addFlow(flow), REDIS_TIMEOUT_MS);
        continue;
      }
      const queue = queueOf(row.topic);
      pushTo(plain, queue, { name: row.topic, data: row.payload, opts: { ...JOB_OPTIONS_BY_QUEUE[queue], jobId: id } });
    }
    for (const [queue, jobs] of plain) await within(this.producers.queue(queue).addBulk(jobs), REDIS_TIMEOUT_MS);
  }
}
