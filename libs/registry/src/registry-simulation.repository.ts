import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦龙潘杨';
const GIVEN = '小明华丽芳军伟强敏静磊洋艳勇杰娟涛超秀霞平刚桂英玉兰春梅金凤';

const pick = (chars: string) => `(ARRAY[${[...chars].map((c) => `'${c}'`).join(',')}])[1 + floor(random() * ${[...chars].length})::int]`;

/**
 * A registry shaped like the programme, set-based (one INSERT … SELECT with
 * data-modifying CTEs): every village of a subtree gets a few dozen files
 * (mean `perVillage`, 0.2–1.8 times it), mostly left-behind, a quarter in
 * difficulty, a few orphans and de-facto unsupported; grades mostly green and
 * yellow (60/30/8/2 % green/yellow/orange/red); a helper for 95 %; a home
 * visit in the month for 40 %. No ID numbers (those are encrypted by the
 * application): the files are flagged for household registration.
 */
@Injectable()
export class RegistrySimulationRepository {
  constructor(private readonly db: DataSource) {}

  async generate(o: { unitPath: string; periodDate: string; perVillage: number; seed: number }): Promise<number> {
    // one statement per city-sized slice of the tree (a province is ~1 million files), each without the API's statement timeout
    const slices: { path: string }[] = await this.db.query(
      `SELECT path::text AS path FROM admin_unit WHERE path <@ $1::ltree AND valid_to IS NULL AND depth = greatest(2, nlevel($1::ltree)) ORDER BY code`,
      [o.unitPath],
    );
    let total = 0;
    for (const [i, slice] of slices.entries()) total += await this.generateSlice({ ...o, unitPath: slice.path, seed: o.seed * 100 + i });
    return total;
  }

  private generateSlice(o: { unitPath: string; periodDate: string; perVillage: number; seed: number }): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = 0`);
      await m.query(`SELECT setseed($1)`, [((o.seed % 1000) / 1000) * 2 - 1]);
      const [row] = await m.query(
        `WITH villages AS (
           SELECT id FROM admin_unit WHERE path <@ $1::ltree AND depth = 5 AND valid_to IS NULL),
         ins AS (
           INSERT INTO child (unit_id, name, sex, birth_month, birth_day, opened_on, created_by)
           SELECT s.unit_id, s.name, s.sex, date_trunc('month', s.born)::date, extract(day FROM s.born)::smallint, s.opened_on, 'simulation' FROM (
           SELECT v.id AS unit_id, ${pick(SURNAMES)} || ${pick(GIVEN)} || ${pick(GIVEN)} AS name,
                  CASE WHEN random() < 0.52 THEN 'M' ELSE 'F' END AS sex,
                  ($2::date - 6200 + floor(random() * 6100)::int) AS born,
                  ($2::date - 700 + floor(random() * 600)::int) AS opened_on
             FROM villages v
             CROSS JOIN LATERAL generate_series(1, greatest(1, round($3 * (0.2 + random() * 1.6) + v.id * 0)::int)) AS g) s
           RETURNING id, unit_id, opened_on),
         res AS (
           INSERT INTO child_residence (child_id, unit_id, reason, valid_from, recorded_by)
           SELECT id, unit_id, 'OPENED', opened_on, 'simulation' FROM ins),
         cat AS (
           INSERT INTO child_category (child_id, category, status, certified_on, valid_from, recorded_by)
           SELECT id, c, 'CERTIFIED', opened_on, opened_on, 'simulation'
             FROM ins CROSS JOIN LATERAL (
               SELECT 'LEFT_BEHIND' AS c WHERE random() < 0.70 + ins.unit_id * 0
               UNION ALL SELECT 'IN_DIFFICULTY' WHERE random() < 0.25 + ins.unit_id * 0
               UNION ALL SELECT 'ORPHAN_SCATTERED' WHERE random() < 0.02 + ins.unit_id * 0
               UNION ALL SELECT 'DEFACTO_UNSUPPORTED' WHERE random() < 0.03 + ins.unit_id * 0) k),
         gr AS (
           INSERT INTO child_grade (child_id, grade, reason, assessed_by, valid_from, recorded_by)
           SELECT id, CASE WHEN r < 0.02 THEN 'RED' WHEN r < 0.10 THEN 'ORANGE' WHEN r < 0.40 THEN 'YELLOW' ELSE 'GREEN' END,
                  'first assessment', 'simulation', opened_on, 'simulation'
             FROM (SELECT id, opened_on, random() AS r FROM ins) x),
         he AS (
           INSERT INTO child_helper (child_id, name, role, valid_from, recorded_by)
           SELECT ins.id, '主任' || right(v.code, 3), 'CHILD_DIRECTOR', ins.opened_on, 'simulation'
             FROM ins JOIN admin_unit v ON v.id = ins.unit_id WHERE random() < 0.95),
         vi AS (
           INSERT INTO child_visit (child_id, visited_on, visitor, kind, recorded_by)
           SELECT id, $2::date + floor(random() * 28)::int, '儿童主任', 'HOME', 'simulation' FROM ins WHERE random() < 0.40)
         SELECT count(*)::int AS n FROM ins`,
        [o.unitPath, o.periodDate, o.perVillage],
      );
      return row.n as number;
    });
  }

  async analyze(): Promise<void> {
    for (const t of ['child', 'child_residence', 'child_category', 'child_grade', 'child_helper', 'child_visit', 'registry_fact']) await this.db.query(`ANALYZE ${t}`);
  }
}
