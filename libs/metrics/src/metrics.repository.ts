import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** What the gauges read from Postgres at each scrape: one short statement each. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly db: DataSource) {}

  /** Rows not yet moved to the queue, and the age of the oldest (0 when none wait). */
  async outbox(): Promise<{ pending: number; lagSeconds: number }> {
    const [row] = await this.db.query(
      `SELECT count(*) AS pending, coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS "lagSeconds"
         FROM outbox WHERE published_at IS NULL`,
    );
    return row;
  }

  /**
   * From the latest approval to its province's rollup of that month: when the
   * province has been recomputed since, the time it took; while it has not,
   * the time so far (caughtUp 0). Null before any approval.
   */
  async rollupLag(): Promise<{ lagSeconds: number; caughtUp: boolean } | null> {
    const [row] = await this.db.query(
      `WITH last AS (
         SELECT r.period, r.approved_at, split_part(u.path::text, '.', 1)::int AS province_id
           FROM report r JOIN admin_unit u ON u.id = r.unit_id
          WHERE r.approved_at IS NOT NULL AND r.status = 'APPROVED'
          ORDER BY r.approved_at DESC LIMIT 1)
       SELECT extract(epoch FROM (CASE WHEN rc.computed_at >= last.approved_at THEN rc.computed_at ELSE clock_timestamp() END) - last.approved_at)::float8 AS "lagSeconds",
              coalesce(rc.computed_at >= last.approved_at, false) AS "caughtUp"
         FROM last LEFT JOIN rollup_completeness rc ON rc.unit_id = last.province_id AND rc.period = last.period`,
    );
    return row ?? null;
  }

  /** The pg pool behind the data source. */
  poolUse(): PoolUse | null {
    const pool = (this.db.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number; options?: { max?: number } } }).master;
    if (!pool) return null;
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options?.max ?? 0 };
  }
}
