import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A change of the tree in the feed: the unit rows it ended and began that the reader may see. */
export interface TreeEvent {
  seq: number;
  kind: string;
  effective: string;
  at: Date;
  units: { code: string; name: string; level: string; parentCode: string | null; validFrom: string; validTo: string | null }[];
}

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
      // a tree change first: its figures, moved to the new units, come after it
      const [, events] = await m.query(`UPDATE tree_change SET seq = nextval('change_feed_seq') WHERE seq IS NULL`);
      const [, numbered] = await m.query(`UPDATE approved_figure SET seq = nextval('change_feed_seq') WHERE seq IS NULL`);
      return (events as number) + (numbered as number);
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

  /** Tree changes numbered after `afterSeq` up to `uptoSeq`, with the units of each the reader may see (none: left out). */
  treeEvents(afterSeq: number, uptoSeq: number, withinPath: string | null): Promise<TreeEvent[]> {
    return this.db.query(
      `SELECT t.seq, t.kind, to_char(t.effective, 'YYYY-MM') AS effective, t.at, units.list AS units
         FROM tree_change t
        CROSS JOIN LATERAL (
          SELECT json_agg(json_build_object('code', u.code, 'name', u.name, 'level', u.level, 'parentCode', p.code,
                   'validFrom', to_char(u.valid_from, 'YYYY-MM'), 'validTo', to_char(u.valid_to, 'YYYY-MM')) ORDER BY u.depth, u.code, u.valid_from) AS list
            FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id
           WHERE u.id = ANY(t.unit_ids) AND ($3::ltree IS NULL OR u.path <@ $3::ltree)) units
        WHERE t.seq > $1 AND t.seq <= $2 AND units.list IS NOT NULL
        ORDER BY t.seq`,
      [afterSeq, uptoSeq, withinPath],
    );
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.db.query(`SELECT greatest((SELECT max(seq) FROM approved_figure), (SELECT max(seq) FROM tree_change), 0)::bigint AS n`);
    return row.n;
  }
}
