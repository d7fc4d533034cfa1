import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name search in the registry (issue 14). Names are Chinese and a search is
 * usually two characters; a trigram index (pg_trgm) takes nothing from fewer
 * than three, so `name LIKE '%王小%'` read every file of the subtree. A file's
 * name is indexed by its characters and pairs of characters instead
 * (registry_name_grams: 王小明 → 王, 小, 明, 王小, 小明), and a search asks for
 * the pairs of its fragment (registry_name_search_grams: 王小 → 王小; a single
 * character → itself): every name containing the fragment has them all, and
 * LIKE then checks the order. The trigram index goes: no statement uses it.
 */
export class RegistryNameGrams1765450000000 implements MigrationInterface {
  name = 'RegistryNameGrams1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION registry_name_grams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(name, i, n)), '{}')
          FROM generate_series(1, 2) AS n, generate_series(1, length(name) - n + 1) AS i $$`);
    await q.query(`
      CREATE FUNCTION registry_name_search_grams(fragment text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN length(fragment) < 2 THEN ARRAY[fragment]
                    ELSE (SELECT array_agg(DISTINCT substr(fragment, i, 2)) FROM generate_series(1, length(fragment) - 1) AS i) END $$`);
    // with the village first (btree_gin), a search in a county looks up its villages' files only,
    // not every file of the country with that pair of characters; a search scans the whole pending
    // list once per village, so it is kept short (64 kB, not 4 MB: after a bulk load of files a
    // county search took 3–5 s with the default)
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(`CREATE INDEX child_name_grams ON child USING gin (unit_id, registry_name_grams(name)) WITH (gin_pending_list_limit = 64)`);
    await q.query(`DROP INDEX child_name_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX child_name_trgm ON child USING gin (name gin_trgm_ops)`);
    await q.query(`DROP INDEX child_name_grams`);
    await q.query(`DROP FUNCTION registry_name_search_grams(text)`);
    await q.query(`DROP FUNCTION registry_name_grams(text)`);
  }
}
