/**
 * The verifier and the reads on a national month (part of `npm run bench`, or alone:
 * `npm run bench -- recompute`):
 *
 * - a national month of approved figures, bulk-loaded (not through the workflow): an approved
 *   report for every unit of the national tree, with figures for the indicators entered at its
 *   level (12 per village, about 7.5 million values), and its rollups built set-based level by
 *   level (about 16 million values, both bases) with completeness; the verifier must find 0
 *   differences on it, which also checks the load.
 * - the verifier (a full recompute compared with every rollup) for Guizhou (target < 1 s) and for
 *   all of China (target < 10 s) on that month: the median of three runs for Guizhou, the second
 *   of two runs nationally (the first warms the cache).
 * - reading the province's and its nine cities' totals from the kept rollups vs summing the raw
 *   reports with a recursive CTE on each query, on that month (target ≥ 100×).
 *
 * Alone it starts Postgres and Redis as the bench does, imports the national tree into a database
 * of its own (seed:divisions --all, about a minute) and drops it after.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The bulk-loaded month: one the workflow sections of the bench do not use. */
export const NATIONAL_PERIOD = '2026-12';
const PROVINCE_CODE = '520000000000';

export interface RecomputeBenchRow {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  target?: string;
  met?: boolean;
}

/** What the section needs of the verifier (RollupService.verify). */
export interface Verifier {
  verify(opts: { period: string; provinceCode?: string }): Promise<{ differences: number }>;
}

/** The recursive-CTE baseline: subtree sums computed from the raw reports on each query, walking the tree from the root. */
export const CTE_TOTALS = `
  WITH RECURSIVE sub AS (
    SELECT id, id AS root FROM admin_unit WHERE id = ANY($1::int[])
    UNION ALL
    SELECT c.id, sub.root FROM admin_unit c JOIN sub ON c.parent_id = sub.id
  )
  SELECT sub.root, v.indicator, sum(v.value) AS value
    FROM sub JOIN report r ON r.unit_id = sub.id AND r.period = $2::date AND r.status = 'APPROVED'
    JOIN report_value v ON v.report_id = r.id
   GROUP BY sub.root, v.indicator`;

/** What the dashboard reads: the kept rollups of a few units. */
const ROLLUP_READ = `SELECT unit_id, indicator, value FROM rollup_value WHERE unit_id = ANY($1::int[]) AND period = $2::date AND basis = 'APPROVED'`;

const BASES = `(VALUES ('APPROVED'::stats_basis), ('PROVISIONAL'::stats_basis)) AS b(basis)`;

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await work();
  return [out, (performance.now() - t) / 1000];
}

/**
 * Loads an approved report for every unit valid in the month, with its figures, and the rollups
 * those reports make: values level by level (each unit's own report plus its children's totals),
 * completeness as every unit of the subtree expected, handed in, approved and on time. Runs as
 * the bench's superuser with foreign-key triggers off (session_replication_role) to keep the load
 * to minutes; every row it writes is checked by the verifier afterwards.
 */
export async function loadNationalMonth(db: DataSource, period: string, log: (m: string) => void): Promise<void> {
  const date = `${period}-01`;
  const q = db.createQueryRunner();
  await q.connect();
  const step = async (what: string, sql: string, params: unknown[] = [date]) => {
    const [, s] = await seconds(() => q.query(sql, params));
    log(`  ${what}: ${s.toFixed(1)} s`);
  };
  try {
    await q.query(`SET session_replication_role = replica`);
    await q.query(`SET statement_timeout = 0`);
    await q.query(`SET work_mem = '256MB'`);
    log(`loading a national month of approved figures (${period})…`);
    await step(
      'reports',
      `INSERT INTO report (unit_id, period, status, version, submitted_at, approved_at, updated_at)
       SELECT u.id, $1::date, 'APPROVED', 3, $1::date + interval '1 month 2 days', $1::date + interval '1 month 4 days', $1::date + interval '1 month 4 days'
         FROM admin_unit u
        WHERE u.valid_from <= $1::date AND (u.valid_to IS NULL OR u.valid_to >= $1::date)
        ORDER BY u.id`,
    );
    // figures from a hash of the report and the indicator: small counts, and money in fen
    await step(
      'figures',
      `INSERT INTO report_value (report_id, indicator, value)
       SELECT r.id, i.code, CASE WHEN i.kind = 'MONEY' THEN (hashint8(r.id * 64 + i.sort_order) & 1048575) * 100 ELSE (hashint8(r.id * 64 + i.sort_order) & 1023) % 41 END
         FROM report r JOIN admin_unit u ON u.id = r.unit_id JOIN indicator i ON i.level = u.level AND i.active
        WHERE r.period = $1::date`,
    );
    await step('analyze', `ANALYZE report, report_value`, []);
    await q.query(`CREATE TEMP TABLE bench_total (unit_id integer, depth smallint, indicator text, value bigint)`);
    await step(
      'rollups above the villages',
      `INSERT INTO bench_total
       SELECT r.unit_id, u.depth, v.indicator, v.value FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth < 5 JOIN report_value v ON v.report_id = r.id WHERE r.period = $1::date
       UNION ALL
       SELECT u.parent_id, 4, v.indicator, sum(v.value) FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth = 5 JOIN report_value v ON v.report_id = r.id
        WHERE r.period = $1::date GROUP BY u.parent_id, v.indicator`,
    );
    for (const depth of [4, 3, 2]) {
      await q.query(
        `INSERT INTO bench_total SELECT u.parent_id, ${depth - 1}, t.indicator, sum(t.value) FROM bench_total t JOIN admin_unit u ON u.id = t.unit_id WHERE t.depth = ${depth} GROUP BY u.parent_id, t.indicator`,
      );
    }
    await step(
      'rollup values of the villages',
      `INSERT INTO rollup_value (unit_id, period, basis, indicator, value)
       SELECT r.unit_id, $1::date, b.basis, v.indicator, v.value
         FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth = 5 JOIN report_value v ON v.report_id = r.id CROSS JOIN ${BASES}
        WHERE r.period = $1::date`,
    );
    await step(
      'rollup values above them',
      `INSERT INTO rollup_value (unit_id, period, basis, indicator, value)
       SELECT t.unit_id, $1::date, b.basis, t.indicator, sum(t.value) FROM bench_total t CROSS JOIN ${BASES} GROUP BY t.unit_id, b.basis, t.indicator ORDER BY t.unit_id, b.basis, t.indicator`,
    );
    await step(
      'completeness',
      `INSERT INTO rollup_completeness (unit_id, period, expected, submitted, approved, on_time)
       SELECT a.id, $1::date, count(*), count(*), count(*), count(*)
         FROM admin_unit u CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')::int[]) AS a(id)
        WHERE u.valid_from <= $1::date AND (u.valid_to IS NULL OR u.valid_to >= $1::date)
        GROUP BY a.id`,
    );
    await q.query(`RESET session_replication_role`);
    // as a month's rollups stand once autovacuum has been by
    await step('vacuum analyze', `VACUUM (ANALYZE) report, report_value, rollup_value, rollup_completeness`, []);
  } finally {
    await q.release();
  }
}

/** The section on a database holding the national tree (and perhaps other months): loads the month, then measures. */
export async function recomputeBench(db: DataSource, verifier: Verifier, log: (m: string) => void): Promise<RecomputeBenchRow[]> {
  const rows: RecomputeBenchRow[] = [];
  const [, loadSeconds] = await seconds(() => loadNationalMonth(db, NATIONAL_PERIOD, log));
  const [{ reports, rollups }] = await db.query(
    `SELECT (SELECT count(*) FROM report_value v JOIN report r ON r.id = v.report_id WHERE r.period = $1::date)::int AS reports,
            (SELECT count(*) FROM rollup_value WHERE period = $1::date)::int AS rollups`,
    [`${NATIONAL_PERIOD}-01`],
  );
  log(`loaded ${reports} reported values and ${rollups} rollup values in ${loadSeconds.toFixed(0)} s`);
  const scenario = `national month bulk-loaded (${(reports / 1e6).toFixed(1)} M reported values, ${(rollups / 1e6).toFixed(1)} M rollup values)`;
  rows.push({ scenario, figure: 'load time', value: loadSeconds, unit: 's' });

  log('verifier, Guizhou (three runs)…');
  const province: number[] = [];
  let provinceDiffs = 0;
  for (let i = 0; i < 3; i++) {
    const [check, s] = await seconds(() => verifier.verify({ period: NATIONAL_PERIOD, provinceCode: '52' }));
    province.push(s);
    provinceDiffs += check.differences;
    log(`  ${s.toFixed(2)} s, ${check.differences} differences`);
  }
  const provinceMedian = [...province].sort((a, b) => a - b)[1]!;
  rows.push({ scenario: 'full recompute (verifier), Guizhou, national month', figure: 'time (median of 3)', value: provinceMedian, unit: 's', target: '< 1 s', met: provinceMedian < 1 });
  rows.push({ scenario: 'full recompute (verifier), Guizhou, national month', figure: 'differences', value: provinceDiffs, unit: '', target: '0', met: provinceDiffs === 0 });

  log('verifier, all of China (two runs)…');
  let national = 0;
  let nationalDiffs = 0;
  for (let i = 0; i < 2; i++) {
    const [check, s] = await seconds(() => verifier.verify({ period: NATIONAL_PERIOD }));
    national = s;
    nationalDiffs = check.differences;
    log(`  ${s.toFixed(2)} s, ${check.differences} differences`);
  }
  rows.push({ scenario: 'full recompute (verifier), all of China, national month', figure: 'time (second run)', value: national, unit: 's', target: '< 10 s', met: national < 10 });
  rows.push({ scenario: 'full recompute (verifier), all of China, national month', figure: 'differences', value: nationalDiffs, unit: '', target: '0', met: nationalDiffs === 0 });

  log('reading the province and its cities: rollups vs the recursive CTE…');
  const units: { id: number }[] = await db.query(
    `SELECT c.id FROM admin_unit p JOIN admin_unit c ON c.id = p.id OR (c.parent_id = p.id AND c.valid_from <= $2::date AND (c.valid_to IS NULL OR c.valid_to >= $2::date))
      WHERE p.code = $1 AND p.depth = 1 AND p.valid_to IS NULL ORDER BY c.depth, c.code`,
    [PROVINCE_CODE, `${NATIONAL_PERIOD}-01`],
  );
  const ids = units.map((u) => u.id);
  const repeat = async (sql: string, n: number) => {
    const t = performance.now();
    let got = 0;
    for (let i = 0; i < n; i++) got = (await db.query(sql, [ids, `${NATIONAL_PERIOD}-01`])).length;
    return [(performance.now() - t) / n, got] as const;
  };
  await repeat(ROLLUP_READ, 20);
  const [oursMs, oursRows] = await repeat(ROLLUP_READ, 200);
  await repeat(CTE_TOTALS, 1);
  const [cteMs, cteRows] = await repeat(CTE_TOTALS, 5);
  log(`  rollups ${oursMs.toFixed(2)} ms (${oursRows} figures), CTE ${cteMs.toFixed(1)} ms (${cteRows} figures)`);
  rows.push({
    scenario: `provincial totals + ${ids.length - 1} cities (SQL), national month`,
    figure: 'rollups',
    value: oursMs,
    unit: 'ms/query',
    baseline: cteMs,
    ratio: cteMs / oursMs,
    target: '≥ 100× faster',
    met: cteMs / oursMs >= 100,
  });
  return rows;
}

/** `npm run bench -- recompute`: Postgres and Redis as the bench starts them, a database of its own with the national tree. */
export async function recomputeBenchAlone(log: (m: string) => void): Promise<RecomputeBenchRow[]> {
  const { loadConfig } = await import('@carenet/core');
  const { dropDatabase, ensureDatabase, migrate } = await import('@carenet/database');
  const { ensurePostgres, ensureRedis } = await import('@carenet/runtime');
  const { RollupService } = await import('@carenet/rollup');
  const { DataSource: DataSourceClass } = await import('typeorm');
  const { createCliContext } = await import('../apps/cli/src/cli.module.js');
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const pgService = await ensurePostgres({ databaseUrl: base.databaseUrl, dataDir: '.data/bench', database: 'postgres', log });
  const redisService = await ensureRedis({ redisUrl: base.redisUrl, dataDir: '.data/bench', log });
  const u = new URL(pgService.url);
  u.pathname = `/carenet_bench_${stamp}_recompute`;
  const dbUrl = u.toString();
  const env = { DATABASE_URL: dbUrl, REDIS_URL: redisService.url, CARENET_REDIS_PREFIX: `carenet-bench-${stamp}-recompute`, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  try {
    await ensureDatabase(dbUrl);
    await migrate(dbUrl);
    log('importing all of China (seed:divisions --all)…');
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'seed:divisions', '--all'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`seed:divisions exited with ${code}`);
    const app = await createCliContext(loadConfig({ ...process.env, ...env }));
    try {
      return await recomputeBench(app.get(DataSourceClass), app.get(RollupService), log);
    } finally {
      await app.close();
    }
  } finally {
    await dropDatabase(dbUrl).catch(() => undefined);
    await redisService.stop();
    await pgService.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  recomputeBenchAlone(log)
    .then((rows) => process.stdout.write(`${rows.map((r) => `${r.scenario}: ${r.figure} = ${r.value.toFixed(2)} ${r.unit}${r.target ? ` (target ${r.target}: ${r.met ? 'met' : 'NOT met'})` : ''}`).join('\n')}\n`))
    .catch((e) => {
      process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    });
}
