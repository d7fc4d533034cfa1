/**
 * Issue 15's figures for files and waves (part of `npm run bench`, or alone:
 * `npm run bench -- files`):
 *
 * - a county's file: `importReports` of all of one county's villages (one
 *   CSV, as its clerk sends it) against `saveReport` of the same number of
 *   villages one by one (six in parallel), each on a fresh month with the same
 *   kind of figures. Target: the import ≥ 5× faster.
 * - the approval wave: Guizhou's month through the real workflow
 *   (SimulationService.run, every unit submitted and approved bottom-up) with
 *   a worker keeping the rollups; "settled" is the time from the last approval
 *   until the outbox is sent, the rollup queue is empty and no recompute is
 *   pending. Target ≤ 30 s. Then the verifier's differences (must be 0).
 *
 * Alone it starts what it needs: Postgres and Redis as the bench does, a
 * database of its own with Guizhou's tree only, and a worker; all of it is
 * stopped and dropped after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplicationContext } from '@nestjs/common';
import type { WebBenchRow } from './web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const IMPORT_RATIO_TARGET = 5;
export const SETTLE_TARGET_S = 30;

type Row = WebBenchRow & { baseline?: number; ratio?: number };

/**
 * One county's villages imported as one file, against the same villages
 * saved one by one (the figures of one clerk, as `seed` gives them), in
 * rounds that alternate the two, each on months of its own that nothing else
 * touched: each side's fastest round counts, so that a pause of the machine
 * (autovacuum after a wave, the worker catching up) in one round does not
 * decide the ratio.
 */
export async function importVsSave(app: INestApplicationContext, o: { province: string; rounds: { importMonth: string; saveMonth: string }[]; log: (m: string) => void }): Promise<Row[]> {
  const { DataSource } = await import('typeorm');
  const { csvBuffer, Role } = await import('@carenet/core');
  const { AuthService } = await import('@carenet/auth');
  const { ReportsService, ReportImportService } = await import('@carenet/reporting');
  const { Random, unitSeed, villageFigures, forEachLimit } = await import('@carenet/simulation');
  const db = app.get(DataSource);
  const auth = app.get(AuthService);
  const username = `bench-files-clerk-${Date.now()}`;
  await auth.createUser('system', { username, password: 'bench password 1', roles: [Role.CLERK], unitCode: o.province });
  const clerk = (await auth.actorOf(username))!;
  // the county with the most villages
  const [county]: { id: number; code: string; name: string; villages: number }[] = await db.query(
    `SELECT c.id, c.code, c.name, count(*)::int AS villages FROM admin_unit c JOIN admin_unit v ON v.path <@ c.path AND v.depth = 5 AND v.valid_to IS NULL
      WHERE c.depth = 3 AND c.code LIKE $1 AND c.valid_to IS NULL GROUP BY c.id ORDER BY villages DESC, c.code LIMIT 1`,
    [`${o.province.slice(0, 2)}%`],
  );
  const villages: { code: string }[] = await db.query(`SELECT v.code FROM admin_unit v JOIN admin_unit c ON c.id = $1 WHERE v.path <@ c.path AND v.depth = 5 AND v.valid_to IS NULL ORDER BY v.code`, [
    county!.id,
  ]);
  const figuresOf = (code: string, month: string) => villageFigures(new Random(unitSeed(1, code, month)));
  const imports = app.get(ReportImportService);
  const reports = app.get(ReportsService);
  let importSeconds = Infinity;
  let saveSeconds = Infinity;
  for (const round of o.rounds) {
    const codes = figuresOf(villages[0]!.code, round.importMonth).map((f) => f.indicator);
    const csv = csvBuffer([['unitCode', ...codes], ...villages.map((v) => [v.code, ...figuresOf(v.code, round.importMonth).map((f) => f.value)])]);
    const t0 = performance.now();
    const result = await imports.importReports(clerk, { parentCode: county!.code, period: round.importMonth, format: 'CSV', fileBase64: csv.toString('base64'), mode: 'ALL_OR_NOTHING' });
    const imported = (performance.now() - t0) / 1000;
    if (result.saved !== villages.length) throw new Error(`the import saved ${result.saved} of ${villages.length}: ${JSON.stringify(result.rows.find((r) => r.outcome !== 'SAVED'))}`);
    const t1 = performance.now();
    const failures = await forEachLimit(villages, 6, async (v) => {
      await reports.saveReport(clerk, { unitCode: v.code, period: round.saveMonth, values: figuresOf(v.code, round.saveMonth), expectedVersion: 0 });
    });
    const saved = (performance.now() - t1) / 1000;
    if (failures.length) throw new Error(`${failures.length} single saves failed: ${failures[0]!.error.message}`);
    o.log(`${county!.name} (${villages.length} villages): imported in ${imported.toFixed(2)} s (${round.importMonth}), saved one by one in ${saved.toFixed(2)} s (${round.saveMonth})`);
    importSeconds = Math.min(importSeconds, imported);
    saveSeconds = Math.min(saveSeconds, saved);
  }
  const importRate = villages.length / importSeconds;
  const saveRate = villages.length / saveSeconds;
  o.log(`fastest of ${o.rounds.length} rounds each: the import ${(importRate / saveRate).toFixed(1)}× faster`);
  const scenario = `a county's file (${villages.length} villages)`;
  return [
    { scenario, figure: `saveReport one by one (6 in parallel, fastest of ${o.rounds.length})`, value: saveRate, unit: 'reports/s' },
    {
      scenario,
      figure: 'importReports',
      value: importRate,
      unit: 'reports/s',
      baseline: saveRate,
      ratio: importRate / saveRate,
      target: `≥ ${IMPORT_RATIO_TARGET}× faster`,
      met: importRate / saveRate >= IMPORT_RATIO_TARGET,
    },
  ];
}

/**
 * Waits until the worker has brought every rollup up to date: the outbox
 * sent, the rollup queue empty and no recompute pending. The seconds it took.
 */
export async function waitSettled(app: INestApplicationContext, o: { redisUrl: string; redisPrefix: string; timeoutMs?: number }): Promise<number> {
  const { DataSource } = await import('typeorm');
  const { Queue } = await import('bullmq');
  const { QueueName, queuePrefix, redisOptionsFromUrl } = await import('@carenet/queue');
  const { waitFor } = await import('@carenet/runtime');
  const db = app.get(DataSource);
  const started = performance.now();
  const queue = new Queue(QueueName.ROLLUP, { connection: { ...redisOptionsFromUrl(o.redisUrl), maxRetriesPerRequest: null }, prefix: queuePrefix(o.redisPrefix) });
  try {
    const done = await waitFor(
      async () => {
        const [{ outbox, pending }] = await db.query(
          `SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS outbox, (SELECT count(*) FROM rollup_pending)::int AS pending`,
        );
        if (outbox > 0 || pending > 0) return false;
        const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
        if (c.waiting + c.active + c.prioritized > 0) return false;
        // a job retried after a failure waits among the delayed ones, beside the schedulers' next runs (the sweep, the nightly verifier)
        const delayed = await queue.getDelayed();
        return delayed.every((j) => j.repeatJobKey !== undefined);
      },
      o.timeoutMs ?? 900_000,
      200,
    );
    if (!done) throw new Error('the rollups did not settle in time');
  } finally {
    await queue.close();
  }
  return (performance.now() - started) / 1000;
}

/** The approval wave of a province's month, and how long its rollups take to settle after the last approval. */
export async function approvalWave(app: INestApplicationContext, o: { province: string; period: string; redisUrl: string; redisPrefix: string; log: (m: string) => void }): Promise<Row[]> {
  const { SimulationService } = await import('@carenet/simulation');
  const { RollupService } = await import('@carenet/rollup');
  const sim = app.get(SimulationService);
  o.log(`simulating ${o.province} ${o.period} up to the provincial sign-off…`);
  const t0 = performance.now();
  const result = await sim.run({ province: o.province, period: o.period, until: 'APPROVED', seed: 1, concurrency: 6 });
  const simSeconds = (performance.now() - t0) / 1000;
  if (result.failures.length) o.log(`simulation failures: ${result.failures.length}, first: ${JSON.stringify(result.failures[0])}`);
  const settled = await waitSettled(app, o);
  const approvals = result.phases.filter((p) => p.phase.startsWith('approve'));
  const approved = approvals.reduce((n, p) => n + p.units, 0);
  const approveSeconds = approvals.reduce((n, p) => n + p.seconds, 0);
  const check = await app.get(RollupService).verify({ period: o.period, provinceCode: o.province });
  const scenario = 'approval wave (every unit of Guizhou, bottom-up)';
  o.log(`wave: ${simSeconds.toFixed(0)} s through the workflow, settled ${settled.toFixed(1)} s after the last approval`);
  return [
    { scenario, figure: 'approvals', value: approved / approveSeconds, unit: 'approvals/s' },
    { scenario, figure: 'rollups settled after the last approval', value: settled, unit: 's', target: `≤ ${SETTLE_TARGET_S} s`, met: settled <= SETTLE_TARGET_S },
    { scenario, figure: 'differences after settling', value: check.differences, unit: '', target: '0', met: check.differences === 0 },
  ];
}

/** `npm run bench -- files`: the figures above on a database of Guizhou's tree alone. */
export async function filesBenchAlone(log: (m: string) => void): Promise<Row[]> {
  const { loadConfig } = await import('@carenet/core');
  const { dropDatabase, ensureDatabase, migrate } = await import('@carenet/database');
  const { ensurePostgres, ensureRedis } = await import('@carenet/runtime');
  const { createCliContext } = await import('../apps/cli/src/cli.module.js');
  const { Redis } = await import('ioredis');
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const pgService = await ensurePostgres({ databaseUrl: base.databaseUrl, dataDir: '.data/bench', database: 'postgres', log });
  const redisService = await ensureRedis({ redisUrl: base.redisUrl, dataDir: '.data/bench', log });
  const u = new URL(pgService.url);
  u.pathname = `/carenet_bench_${stamp}_files`;
  const dbUrl = u.toString();
  const prefix = `carenet-bench-${stamp}-files`;
  const env = { DATABASE_URL: dbUrl, REDIS_URL: redisService.url, CARENET_REDIS_PREFIX: prefix, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  let worker: ChildProcess | undefined;
  let app: INestApplicationContext | undefined;
  try {
    await ensureDatabase(dbUrl);
    await migrate(dbUrl);
    log("importing Guizhou's tree…");
    const seed = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'seed:divisions', '--province', '52'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await new Promise<number | null>((r) => seed.once('exit', r));
    if (code !== 0) throw new Error(`seed:divisions exited with ${code}`);
    worker = spawn(process.execPath, [path.join(ROOT, 'dist/apps/worker/src/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    app = await createCliContext(loadConfig({ ...process.env, ...env }));
    const rows = await importVsSave(app, { province: '52', rounds: [{ importMonth: '2026-07', saveMonth: '2026-06' }, { importMonth: '2026-05', saveMonth: '2026-04' }], log });
    rows.push(...(await approvalWave(app, { province: '52', period: '2026-10', redisUrl: redisService.url, redisPrefix: prefix, log })));
    return rows;
  } finally {
    await app?.close();
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await dropDatabase(dbUrl).catch(() => undefined);
    const redis = new Redis(redisService.url);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    await redisService.stop();
    await pgService.stop();
  }
}
