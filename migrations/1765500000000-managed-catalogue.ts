import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue as managed data, versioned by month: every row of it is in
 * force from `valid_from` to `valid_to` (the last month, inclusive; NULL while
 * open), and a change closes the row in force and adds a new one, never
 * overwriting what earlier months were checked against.
 *
 * - indicators: from which month an indicator is on the form (`valid_from`,
 *   `valid_to` once retired), a group, and its names by month (`indicator_name`);
 * - subsidy standards: by month instead of by year (a year's row is in force
 *   from its January until the next row begins);
 * - report deadlines: by month.
 */
export class ManagedCatalogue1765500000000 implements MigrationInterface {
  name = 'ManagedCatalogue1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE indicator
        ADD COLUMN valid_from date NOT NULL DEFAULT '2000-01-01' CHECK (extract(day FROM valid_from) = 1),
        ADD COLUMN valid_to   date CHECK (valid_to IS NULL OR (extract(day FROM valid_to) = 1 AND valid_to >= valid_from)),
        ADD COLUMN group_name text CHECK (group_name IS NULL OR length(group_name) BETWEEN 1 AND 100)`);
    await q.query(`
      CREATE TABLE indicator_name (
        code       text NOT NULL REFERENCES indicator (code),
        valid_from date NOT NULL CHECK (extract(day FROM valid_from) = 1),
        valid_to   date CHECK (valid_to IS NULL OR (extract(day FROM valid_to) = 1 AND valid_to >= valid_from)),
        name_zh    text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
        name_en    text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
        PRIMARY KEY (code, valid_from)
      )`);
    await q.query(`INSERT INTO indicator_name (code, valid_from, name_zh, name_en) SELECT code, valid_from, name_zh, name_en FROM indicator`);

    await q.query(`
      ALTER TABLE subsidy_standard
        ADD COLUMN valid_from date CHECK (extract(day FROM valid_from) = 1),
        ADD COLUMN valid_to   date CHECK (valid_to IS NULL OR (extract(day FROM valid_to) = 1 AND valid_to >= valid_from))`);
    await q.query(`UPDATE subsidy_standard SET valid_from = make_date(year, 1, 1)`);
    await q.query(`
      UPDATE subsidy_standard s SET valid_to = n.next_from - interval '1 month'
        FROM (SELECT province_code, subsidy_indicator, valid_from,
                     lead(valid_from) OVER (PARTITION BY province_code, subsidy_indicator ORDER BY valid_from) AS next_from
                FROM subsidy_standard) n
       WHERE n.province_code = s.province_code AND n.subsidy_indicator = s.subsidy_indicator AND n.valid_from = s.valid_from AND n.next_from IS NOT NULL`);
    await q.query(`ALTER TABLE subsidy_standard ALTER COLUMN valid_from SET NOT NULL`);
    await q.query(`ALTER TABLE subsidy_standard DROP CONSTRAINT subsidy_standard_pkey`);
    await q.query(`ALTER TABLE subsidy_standard ADD PRIMARY KEY (province_code, subsidy_indicator, valid_from)`);
    await q.query(`ALTER TABLE subsidy_standard DROP COLUMN year`);

    await q.query(`
      ALTER TABLE report_deadline
        ADD COLUMN valid_from date NOT NULL DEFAULT '2000-01-01' CHECK (extract(day FROM valid_from) = 1),
        ADD COLUMN valid_to   date CHECK (valid_to IS NULL OR (extract(day FROM valid_to) = 1 AND valid_to >= valid_from))`);
    await q.query(`ALTER TABLE report_deadline DROP CONSTRAINT report_deadline_pkey`);
    await q.query(`ALTER TABLE report_deadline ADD PRIMARY KEY (province_code, level, valid_from)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // back to one row per (province, level): the one in force now
    await q.query(`DELETE FROM report_deadline WHERE valid_to IS NOT NULL`);
    await q.query(`ALTER TABLE report_deadline DROP CONSTRAINT report_deadline_pkey`);
    await q.query(`ALTER TABLE report_deadline DROP COLUMN valid_to, DROP COLUMN valid_from`);
    await q.query(`ALTER TABLE report_deadline ADD PRIMARY KEY (province_code, level)`);

    // back to one row per year: the last one that began in it
    await q.query(`ALTER TABLE subsidy_standard ADD COLUMN year integer`);
    await q.query(`UPDATE subsidy_standard SET year = extract(year FROM valid_from)::int`);
    await q.query(`
      DELETE FROM subsidy_standard s USING subsidy_standard later
       WHERE later.province_code = s.province_code AND later.subsidy_indicator = s.subsidy_indicator
         AND later.year = s.year AND later.valid_from > s.valid_from`);
    await q.query(`ALTER TABLE subsidy_standard ALTER COLUMN year SET NOT NULL`);
    await q.query(`ALTER TABLE subsidy_standard DROP CONSTRAINT subsidy_standard_pkey`);
    await q.query(`ALTER TABLE subsidy_standard DROP COLUMN valid_to, DROP COLUMN valid_from`);
    await q.query(`ALTER TABLE subsidy_standard ADD PRIMARY KEY (province_code, year, subsidy_indicator)`);

    // the names in force now; a retired indicator is inactive
    await q.query(`
      UPDATE indicator i SET name_zh = n.name_zh, name_en = n.name_en
        FROM indicator_name n WHERE n.code = i.code AND n.valid_to IS NULL`);
    await q.query(`DROP TABLE indicator_name`);
    await q.query(`UPDATE indicator SET active = false WHERE valid_to IS NOT NULL`);
    await q.query(`ALTER TABLE indicator DROP COLUMN group_name, DROP COLUMN valid_to, DROP COLUMN valid_from`);
  }
}
