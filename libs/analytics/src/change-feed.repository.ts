import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FeedItem {
  seq: number;
  unitCode: string;
  period: string;
  indicator: string;
  value: number | null;
  changedAt: Date;
}

/** Numbering and reading the approved-figure feed. */
@Injectable()
export class ChangeFeedRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Gives every changed (unnumbered) figure the next numbers, one numbering at
   * a time: numbers appear in committed batches that only grow, so a reader
   * never finds a smaller number after a larger one it already passed.
   */
  async number(): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('carenet.change_feed'))`);
      const [, numbered] = await m.query(`UPDATE approved_figure SET seq = nextval('change_feed_seq') WHERE seq IS NULL`);
      return numbered as number;
    });
  }

  /** Figures after `afterSeq` in feed order, within a subtree (null: everywhere); one more than `limit`. */
  page(afterSeq: number, limit: number, withinPath: string | null): Promise<FeedItem[]> {
    return this.db.query(
      `SELECT f.seq, u.code AS "unitCode", to_char(f.period, 'YYYY-MM') AS period, f.indicator, f.value, f.changed_at AS "changedAt"
         FROM approved_figure f JOIN admin_unit u ON u.id = f.unit_id
        WHERE f.seq > $1 AND ($3::ltree IS NULL OR u.path <@ $3::ltree)
        ORDER BY f.seq LIMIT $2`,
      [afterSeq, limit + 1, withinPath],
    );
  }
}
