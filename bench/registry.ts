/**
 * The registry's benchmarks (part of `npm run bench`, or alone:
 * `npm run -s build && node dist/bench/registry.js`): on a database of its own
 * with Guizhou's tree and ~1 million simulated files, the province-month's
 * counts from the files, one file change reaching the provincial count, and a
 * name search within a county. Bounded: 30 changes, 50 searches.
 * REGISTRY_PER_VILLAGE sets the mean files per village (default 55, ~986,000
 * files; 16 gives ~290,000 for a quicker run), here and in `npm run bench`.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { loadConfig, Role, type Actor } from '@carenet/core';
import { dropDatabase, ensureDatabase, migrate } from '@carenet/database';
import { ensurePostgres } from '@carenet/runtime';
import { GRADES, RegistryCountsService, RegistryService, RegistrySimulationService } from '@carenet/registry';
import { createCliContext } from '../apps/cli/src/cli.module.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PERIOD = '2026-10';

export interface RegistryBenchRow {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Runs against the Postgres server at `serverUrl` (any database name), in a database it creates and drops. */
export async function registryBench(serverUrl: string, say: (m: string) => void, perVillage = Number(process.env.REGISTRY_PER_VILLAGE ?? 55)): Promise<RegistryBenchRow[]> {
  const rows: RegistryBenchRow[] = [];
  const record = (r: RegistryBenchRow) => {
    rows.push(r);
    say(`${r.scenario}: ${r.figure} = ${r.value.toFixed(r.value < 10 ? 3 : 1)} ${r.unit}`);
  };
  const u = new URL(serverUrl);
  u.pathname = `/carenet_bench_registry_${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const url = u.toString();
  await ensureDatabase(url);
  try {
    await migrate(url);
    say('registry: loading the tree of Guizhou…');
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'seed:divisions', '--province', '52'], { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (c) => (err = (err + String(c)).slice(-2000)));
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed:divisions exited ${code}: ${err}`))));
    });
    const app = await createCliContext(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'warn' }));
    try {
      const db = app.get(DataSource);
      const counts = app.get(RegistryCountsService);
      const files = app.get(RegistryService);
      say(`registry: creating the files (mean ${perVillage} per village)…`);
      const gen = await app.get(RegistrySimulationService).generate({ unitCode: '52', period: PERIOD, perVillage });
      const scenario = `registry, Guizhou, ${gen.files.toLocaleString('en')} files`;
      record({ scenario, figure: 'bulk load (INSERT … SELECT) and ANALYZE', value: gen.seconds, unit: 's' });

      const [province] = await db.query(`SELECT string_to_array(path::text, '.')::int[] AS p FROM admin_unit WHERE code = '520000000000' AND depth = 1`);
      const [county] = await db.query(`SELECT code, string_to_array(path::text, '.')::int[] AS p FROM admin_unit WHERE code = '520102000000' AND depth = 3`);
      const viewer: Actor = { kind: 'user', id: 0, name: 'bench.viewer', roles: [Role.VIEWER], unitId: province.p.at(-1), unitPathIds: province.p };
      const clerk: Actor = { kind: 'user', id: 0, name: 'bench.clerk', roles: [Role.CLERK], unitId: county.p.at(-1), unitPathIds: county.p };

      let t = performance.now();
      const fromFiles = await counts.registryCounts(viewer, '52', PERIOD);
      record({ scenario, figure: 'province-month counted from the files on demand', value: (performance.now() - t) / 1000, unit: 's', target: '< 5 s', met: (performance.now() - t) / 1000 < 5 });
      const kept = await counts.keepMonth(PERIOD);
      record({ scenario, figure: 'province-month counts kept for all 19,572 units (set-based)', value: kept.seconds, unit: 's', target: '< 5 s', met: kept.seconds < 5 });
      t = performance.now();
      const keptRead = await counts.registryCounts(viewer, '52', PERIOD);
      record({ scenario, figure: 'provincial counts read (kept)', value: performance.now() - t, unit: 'ms' });
      if (JSON.stringify(keptRead.values) !== JSON.stringify(fromFiles.values)) throw new Error('kept counts differ from the files');

      // one file change reaching the provincial count: the change, its delta up the tree, and the provincial read that shows it
      const sample: { id: string; grade: string }[] = await db.query(
        `SELECT c.id, g.grade FROM child c JOIN child_grade g ON g.child_id = c.id AND g.valid_to IS NULL
          JOIN admin_unit v ON v.id = c.unit_id WHERE v.code LIKE '520102%' ORDER BY random() LIMIT 30`,
      );
      const latencies: number[] = [];
      for (const s of sample) {
        const to = GRADES.find((g) => g !== s.grade)!;
        const before = keptValue(await counts.registryCounts(viewer, '52', PERIOD), `RISK_${to}`);
        t = performance.now();
        await files.updateChild(clerk, { childId: s.id, effective: '2026-10-15', grade: { grade: to, reason: 'bench', assessedBy: 'bench' } });
        const after = keptValue(await counts.registryCounts(viewer, '52', PERIOD), `RISK_${to}`);
        latencies.push(performance.now() - t);
        if (after !== before + 1) throw new Error(`the provincial RISK_${to} moved from ${before} to ${after}`);
      }
      record({ scenario, figure: 'one file change → provincial count, p95 of 30', value: pct(latencies, 95), unit: 'ms', target: 'p95 < 1,000 ms', met: pct(latencies, 95) < 1000 });
      const drift = await counts.keptDifferences(PERIOD);
      record({ scenario, figure: 'kept counts differing from the files after the changes', value: drift.length, unit: '' });

      // name search within a county (南明区), by a fragment of a name
      const names: { f: string }[] = await db.query(
        `SELECT substr(c.name, 1, 2) AS f FROM child c JOIN admin_unit v ON v.id = c.unit_id WHERE v.code LIKE '520102%' ORDER BY random() LIMIT 50`,
      );
      const search: number[] = [];
      for (const { f } of names) {
        t = performance.now();
        await files.listChildren(clerk, { unitCode: '520102', nameContains: f, first: 20 });
        search.push(performance.now() - t);
      }
      record({ scenario, figure: 'name search within a county, p95 of 50', value: pct(search, 95), unit: 'ms', target: 'p95 < 50 ms', met: pct(search, 95) < 50 });
    } finally {
      await app.close();
    }
  } finally {
    await dropDatabase(url).catch(() => undefined);
  }
  return rows;
}

function keptValue(c: { values: { indicator: string; value: number }[] }, indicator: string): number {
  return c.values.find((v) => v.indicator === indicator)?.value ?? 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const pg = await ensurePostgres({ databaseUrl: base.databaseUrl, dataDir: '.data/bench', database: 'postgres', log: say });
  try {
    const rows = await registryBench(pg.url, say);
    process.stdout.write(`\n| scenario | figure | value | target | met |\n|---|---|---|---|---|\n${rows.map((r) => `| ${r.scenario} | ${r.figure} | ${r.value.toFixed(r.value < 10 ? 3 : 1)} ${r.unit} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`).join('\n')}\n`);
  } finally {
    await pg.stop();
  }
}
