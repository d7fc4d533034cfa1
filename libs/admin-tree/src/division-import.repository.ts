import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DivisionRow } from './china-division.js';

const LEVEL_SQL = `(ARRAY['PROVINCE','CITY','COUNTY','TOWNSHIP','VILLAGE']::unit_level[])[s.depth]`;

function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/**
 * Bulk loading of the tree: rows are streamed with COPY into a temporary
 * staging table on one connection, then inserted level by level with
 * set-based statements (new units only; renamed units updated).
 */
@Injectable()
export class DivisionImportRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` on one dedicated pg connection (temporary tables live per connection). */
  async withConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    try {
      const client = (await runner.connect()) as pg.PoolClient;
      return await work(client);
    } finally {
      await runner.release();
    }
  }

  async createStage(client: pg.PoolClient): Promise<void> {
    await client.query(`DROP TABLE IF EXISTS division_stage`);
    await client.query(`
      CREATE TEMP TABLE division_stage (
        code char(12) NOT NULL, name text NOT NULL, depth smallint NOT NULL, parent_code char(12))`);
  }

  async copyIntoStage(client: pg.PoolClient, rows: AsyncIterable<DivisionRow>, onRow: () => void): Promise<void> {
    // the COPY lasts as long as reading the package's files takes (620,000 villages, on a busy machine over a
    // minute): the pool's statement timeout is for statements, not for this; the connection is this import's own
    await client.query(`SET statement_timeout = 0`);
    try {
      await this.copyRows(client, rows, onRow);
    } finally {
      await client.query(`RESET statement_timeout`);
    }
  }

  private async copyRows(client: pg.PoolClient, rows: AsyncIterable<DivisionRow>, onRow: () => void): Promise<void> {
    const sink = client.query(copyFrom(`COPY division_stage (code, name, depth, parent_code) FROM STDIN`));
    async function* lines() {
      let batch = '';
      let n = 0;
      for await (const r of rows) {
        batch += `${r.code}\t${copyText(r.name)}\t${r.depth}\t${r.parentCode ?? '\\N'}\n`;
        onRow();
        if (++n % 5000 === 0) {
          yield batch;
          batch = '';
        }
      }
      if (batch) yield batch;
    }
    await pipeline(Readable.from(lines()), sink);
    await client.query(`CREATE UNIQUE INDEX ON division_stage (code, depth)`);
    await client.query(`CREATE INDEX ON division_stage (depth, left(code, 2))`);
    await client.query(`ANALYZE division_stage`);
  }

  /** Staged rows per depth, and how many of them are already current units with the same name. */
  async stageSummary(client: pg.PoolClient): Promise<{ depth: number; staged: number; present: number; renamed: number; orphans: number }[]> {
    const { rows } = await client.query(`
      SELECT s.depth,
             count(*)::int AS staged,
             count(u.id)::int AS present,
             count(u.id) FILTER (WHERE u.name <> s.name)::int AS renamed,
             count(*) FILTER (WHERE s.depth > 1 AND ps.code IS NULL AND pu.id IS NULL)::int AS orphans
        FROM division_stage s
        LEFT JOIN admin_unit u ON u.code = s.code AND u.depth = s.depth AND u.valid_to IS NULL
        LEFT JOIN division_stage ps ON ps.code = s.parent_code AND ps.depth = s.depth - 1
        LEFT JOIN admin_unit pu ON pu.code = s.parent_code AND pu.depth = s.depth - 1 AND pu.valid_to IS NULL
       GROUP BY s.depth ORDER BY s.depth`);
    return rows;
  }

  /** Distinct 2-digit province prefixes in the stage: the chunks of each level's insert. */
  async stagedProvinces(client: pg.PoolClient): Promise<string[]> {
    const { rows } = await client.query(`SELECT DISTINCT left(code, 2) AS p FROM division_stage ORDER BY 1`);
    return rows.map((r: { p: string }) => r.p);
  }

  /** Inserts the new units of one depth and province; their parents must already exist. */
  async insertNew(client: pg.PoolClient, depth: number, province: string): Promise<number> {
    const { rowCount } = await client.query(
      `INSERT INTO admin_unit (id, code, name, level, depth, parent_id, path)
       OVERRIDING SYSTEM VALUE
       SELECT n.id, n.code, n.name, n.level, n.depth, n.parent_id,
              CASE WHEN n.parent_path IS NULL THEN n.id::text::ltree ELSE n.parent_path || n.id::text::ltree END
         FROM (
           SELECT nextval(pg_get_serial_sequence('admin_unit', 'id'))::int AS id,
                  s.code, s.name, ${LEVEL_SQL} AS level, s.depth, p.id AS parent_id, p.path AS parent_path
             FROM division_stage s
             LEFT JOIN admin_unit p ON p.code = s.parent_code AND p.depth = s.depth - 1 AND p.valid_to IS NULL
            WHERE s.depth = $1 AND left(s.code, 2) = $2
              AND (s.depth = 1 OR p.id IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.code = s.code AND u.depth = s.depth AND u.valid_to IS NULL)
            ORDER BY s.code) n`,
      [depth, province],
    );
    return rowCount ?? 0;
  }

  /** Current units whose staged name differs take the new name; each rename is recorded. */
  async applyRenames(client: pg.PoolClient, actor: string): Promise<number> {
    const { rowCount } = await client.query(
      `WITH changed AS (
         SELECT u.id, u.name AS old_name, s.name AS new_name
           FROM division_stage s JOIN admin_unit u ON u.code = s.code AND u.depth = s.depth AND u.valid_to IS NULL
          WHERE u.name <> s.name),
       renamed AS (
         UPDATE admin_unit u SET name = c.new_name, updated_at = now() FROM changed c WHERE u.id = c.id RETURNING u.id)
       INSERT INTO admin_unit_change (unit_id, kind, effective, before, after, actor)
       SELECT c.id, 'RENAME', date_trunc('month', now())::date,
              jsonb_build_object('name', c.old_name), jsonb_build_object('name', c.new_name), $1
         FROM changed c`,
      [actor],
    );
    return rowCount ?? 0;
  }

  async analyze(client: pg.PoolClient): Promise<void> {
    await client.query(`ANALYZE admin_unit`);
  }
}
