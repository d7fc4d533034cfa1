import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobName, JobPayloads } from './queue-names.js';

export interface OutboxRow {
  id: number;
  topic: JobName;
  payload: JobPayloads[JobName];
}

/**
 * The transactional outbox: a change that must reach the queue writes its job
 * here in the same transaction as the change itself; the relay moves rows to
 * BullMQ and marks them published. If Redis is down, the rows wait.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DataSource) {}

  async add<N extends JobName>(m: EntityManager, topic: N, payload: JobPayloads[N]): Promise<void> {
    await m.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2::jsonb)`, [topic, JSON.stringify(payload)]);
  }

  /** Many jobs of one topic in one statement (one NOTIFY), in the order given. */
  async addMany<N extends JobName>(m: EntityManager, topic: N, payloads: JobPayloads[N][]): Promise<void> {
    if (payloads.length === 0) return;
    await m.query(`INSERT INTO outbox (topic, payload) SELECT $1, p FROM unnest($2::jsonb[]) WITH ORDINALITY AS t(p, ord) ORDER BY ord`, [
      topic,
      payloads.map((p) => JSON.stringify(p)),
    ]);
  }

  /** Runs `publish` on the oldest unpublished rows, locked so that two relays never take the same ones. */
  async publishBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows);
      await m.query(`UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  async pending(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`);
    return row.n;
  }

  /** Published rows are kept a week for inspection, then removed. */
  async prune(olderThanDays = 7): Promise<number> {
    const [, n] = await this.db.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`, [olderThanDays]);
    return n;
  }
}
