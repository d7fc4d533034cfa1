/**
 * npm run bench — the benchmarks, each against a baseline run in the same
 * process on the same data where the issue asks for a ratio. Runs on its own
 * databases and Redis prefix (dropped at the end); every loop is bounded in
 * count and time. Prints a table and writes bench/results/<date>.json.
 * `npm run bench -- web` runs only the web app's figures (bench/web.ts),
 * `npm run bench -- files` only a county's file and the approval wave (bench/files.ts),
 * `npm run bench -- recompute` only the verifier and reads on a national month (bench/recompute.ts),
 * `npm run bench -- requests` only the request figures (bench/requests.ts).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { loadConfig, Role, type Actor } from '@carenet/core';
import { dropDatabase, ensureDatabase, migrate } from '@carenet/database';
import { ensurePostgres, ensureRedis, waitFor, portAnswers, nodeArgsFor } from '@carenet/runtime';
import { AuthService } from '@carenet/auth';
import { ReportsService } from '@carenet/reporting';
import { RollupService } from '@carenet/rollup';
import { SimulationService } from '@carenet/simulation';
import { createCliContext } from '../apps/cli/src/cli.module.js';
import { registryBench } from './registry.js';
import { webBench, webBenchAlone } from './web.js';
import { recomputeBench, recomputeBenchAlone } from './recompute.js';
import { requestsBench, requestsBenchAlone } from './requests.js';
import { filesBenchAlone, importVsSave, SETTLE_TARGET_S, waitSettled } from './files.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PERIOD = '2026-10';
const PROVINCE = '52';

interface Row {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  target?: string;
  met?: boolean;
}

const rows: Row[] = [];
const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
function record(r: Row) {
  rows.push(r);
  say(`${r.scenario}: ${r.figure} = ${r.value.toFixed(r.value < 10 ? 3 : 1)} ${r.unit}${r.ratio !== undefined ? ` (baseline ${r.baseline!.toFixed(3)}, ratio ${r.ratio.toFixed(1)}×)` : ''}`);
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await work();
  return [out, (performance.now() - t) / 1000];
}
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function node(script: string, args: string[], env: Record<string, string>): ChildProcess {
  // the API with the node flags `npm start` runs it with (its heap bound)
  const flags = script.startsWith('apps/api/') ? nodeArgsFor('api') : [];
  return spawn(process.execPath, [...flags, path.join(ROOT, 'dist', script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
}
async function exited(child: ChildProcess): Promise<string> {
  let err = '';
  child.stderr?.on('data', (c) => (err += c));
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return err;
}

async function main() {
  const started = Date.now();
  if (process.argv[2] === 'web') {
    for (const r of await webBenchAlone(say)) record(r);
    report(started);
    return;
  }
  if (process.argv[2] === 'files') {
    for (const r of await filesBenchAlone(say)) record(r);
    report(started);
    return;
  }
  if (process.argv[2] === 'recompute') {
    for (const r of await recomputeBenchAlone(say)) record(r);
    report(started);
    return;
  }
  if (process.argv[2] === 'requests') {
    for (const r of await requestsBenchAlone(say)) record(r);
    report(started);
    return;
  }
  if (process.argv[2]) throw new Error(`unknown section ${process.argv[2]}: npm run bench [-- web | files | recompute | requests]`);
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const pgService = await ensurePostgres({ databaseUrl: base.databaseUrl, dataDir: '.data/bench', database: 'postgres', log: say });
  const redisService = await ensureRedis({ redisUrl: base.redisUrl, dataDir: '.data/bench', log: say });
  const dbUrl = (name: string) => {
    const u = new URL(pgService.url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const nationalUrl = dbUrl(`carenet_bench_${stamp}_all`);
  const prefix = `carenet-bench-${stamp}`;
  const children: ChildProcess[] = [];
  try {
    // ---- 1. the national tree import ----
    await ensureDatabase(nationalUrl);
    await migrate(nationalUrl);
    say('importing all of China (seed:divisions --all)…');
    const importer = node('apps/cli/src/main.js', ['seed:divisions', '--all'], { DATABASE_URL: nationalUrl, LOG_LEVEL: 'warn' });
    const t0 = performance.now();
    const importOut = await exited(importer);
    const importSeconds = (performance.now() - t0) / 1000;
    const peak = Number(/peak RSS (\d+) MB/.exec(importOut)?.[1] ?? NaN);
    record({ scenario: 'national tree import (665,276 units)', figure: 'time', value: importSeconds, unit: 's', target: '< 60 s', met: importSeconds < 60 });
    record({ scenario: 'national tree import (665,276 units)', figure: 'peak RSS', value: peak, unit: 'MB' });

    // ---- the province-month, through the real workflow, with a worker keeping the rollups ----
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: nationalUrl, REDIS_URL: redisService.url, CARENET_REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' });
    const worker = node('apps/worker/src/main.js', [], { DATABASE_URL: nationalUrl, REDIS_URL: redisService.url, CARENET_REDIS_PREFIX: prefix, NODE_ENV: 'test', LOG_LEVEL: 'warn' });
    children.push(worker);
    const app = await createCliContext(config);
    const db = app.get(DataSource);
    const sim = app.get(SimulationService);
    say('simulating Guizhou 2026-10 up to the provincial sign-off…');
    let workerPeak = 0;
    const sampler = setInterval(() => (workerPeak = Math.max(workerPeak, rssMb(worker.pid!))), 500);
    const [result] = await timed(() => sim.run({ province: PROVINCE, period: PERIOD, until: 'APPROVED', seed: 1, concurrency: 6 }));
    clearInterval(sampler);
    const phase = (name: string) => result.phases.find((p) => p.phase === name)!;
    const imp = phase('import villages');
    record({ scenario: 'province-month of figures (17,964 villages)', figure: 'importReports', value: imp.units / imp.seconds, unit: 'reports/s' });
    const approvals = result.phases.filter((p) => p.phase.startsWith('approve'));
    const approved = approvals.reduce((n, p) => n + p.units, 0);
    const approveSeconds = approvals.reduce((n, p) => n + p.seconds, 0);
    record({ scenario: 'approval wave (every unit of Guizhou, bottom-up)', figure: 'approvals', value: approved / approveSeconds, unit: 'approvals/s' });
    if (result.failures.length) say(`simulation failures: ${result.failures.length}, first: ${JSON.stringify(result.failures[0])}`);

    // the worker finishing the wave (the outbox sent, the rollup queue drained, nothing pending), then a county's file vs single saves (bench/files.ts)
    const settled = await waitSettled(app, { redisUrl: redisService.url, redisPrefix: prefix });
    record({ scenario: 'approval wave (every unit of Guizhou, bottom-up)', figure: 'rollups settled after the last approval', value: settled, unit: 's', target: `≤ ${SETTLE_TARGET_S} s`, met: settled <= SETTLE_TARGET_S });
    for (const r of await importVsSave(app, { province: PROVINCE, rounds: [{ importMonth: '2026-07', saveMonth: '2026-09' }, { importMonth: '2026-05', saveMonth: '2026-06' }], log: say })) record(r);
    const auth = app.get(AuthService);
    await auth.createUser('system', { username: `bench-clerk-${stamp}`, password: 'bench password 1', roles: [Role.CLERK], unitCode: PROVINCE });
    const clerk = (await auth.actorOf(`bench-clerk-${stamp}`)) as Actor;
    const villages: { code: string }[] = await db.query(`SELECT u.code FROM admin_unit u WHERE u.depth = 5 AND u.code LIKE '52%' AND u.valid_to IS NULL ORDER BY u.code LIMIT 1`);
    // the web app's entry screen is measured as a village clerk's (bench/web.ts)
    await auth.createUser('system', { username: `bench-village-clerk-${stamp}`, password: 'bench password 1', roles: [Role.CLERK], unitCode: villages[0]!.code });
    const reports = app.get(ReportsService);
    record({ scenario: 'worker during the approval wave', figure: 'peak RSS', value: workerPeak, unit: 'MB' });

    // latency: approval → provincial total, on 200 reopen/approve rounds
    const approver = (await auth.actorOf('sim-approver-52')) as Actor;
    const latencies: number[] = [];
    const province = (await db.query(`SELECT id FROM admin_unit WHERE code = '520000000000' AND depth = 1`))[0].id;
    // the province is signed off, so its subtree is locked: measure on another month, one village at a time
    const month = '2026-08';
    const some: { code: string }[] = await db.query(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '52%' AND valid_to IS NULL ORDER BY md5(code) LIMIT 200`);
    const total = async () => Number((await db.query(`SELECT coalesce(sum(value), 0) AS v FROM rollup_value WHERE unit_id = $1 AND period = '2026-08-01' AND basis = 'APPROVED' AND indicator = 'HOME_VISITS'`, [province]))[0].v);
    let expected = 0;
    for (const v of some) {
      await reports.saveReport(clerk, { unitCode: v.code, period: month, values: [{ indicator: 'HOME_VISITS', value: 1 }], expectedVersion: 0 });
      await reports.submitReport(clerk, { unitCode: v.code, period: month, expectedVersion: 1 });
      await new Promise((r) => setTimeout(r, 30));
      const t = performance.now();
      await reports.approveReport(approver, { unitCode: v.code, period: month, expectedVersion: 2 });
      expected++;
      const deadline = Date.now() + 30_000;
      while ((await total()) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      latencies.push(performance.now() - t);
    }
    record({ scenario: 'approval → provincial total', figure: 'p50', value: pct(latencies, 50), unit: 'ms' });
    record({ scenario: 'approval → provincial total', figure: 'p95', value: pct(latencies, 95), unit: 'ms', target: 'p95 < 1000 ms', met: pct(latencies, 95) < 1000 });
    record({ scenario: 'approval → provincial total', figure: 'p99', value: pct(latencies, 99), unit: 'ms' });

    // ---- the verifier and the reads on a national month of approved figures (bench/recompute.ts) ----
    for (const r of await recomputeBench(db, app.get(RollupService), say)) record(r);
    await app.close();

    // ---- GraphQL under 50 connections, against a bare Apollo server as the ceiling (bench/requests.ts) ----
    const port = 39_000 + Math.floor(Math.random() * 1000);
    const api = node('apps/api/src/main.js', [], {
      DATABASE_URL: nationalUrl,
      REDIS_URL: redisService.url,
      CARENET_REDIS_PREFIX: prefix,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      CARENET_RATE_LIMIT_PER_MINUTE: '100000000',
    });
    children.push(api);
    let apiErr = '';
    api.stderr?.on('data', (c) => (apiErr += c));
    if (!(await waitFor(() => portAnswers('127.0.0.1', port), 30_000, 200))) throw new Error(`the API did not start: ${apiErr.slice(0, 2000)}`);
    for (const r of await requestsBench({ url: `http://127.0.0.1:${port}`, pid: api.pid!, username: `bench-clerk-${stamp}`, password: 'bench password 1', provinceCode: PROVINCE, period: PERIOD, log: say })) record(r);

    // ---- the web app: its bundle and the entry screen's time-to-usable, CPU throttled, against this API ----
    for (const r of await webBench({ url: `http://127.0.0.1:${port}`, username: `bench-village-clerk-${stamp}`, password: 'bench password 1', log: say })) record(r);

    // ---- the child registry (bench/registry.ts, on a database of its own) ----
    // a section of its own, last: if it fails, the figures above are still printed and written (and the run fails)
    try {
      for (const r of await registryBench(pgService.url, say)) record(r);
    } catch (e) {
      say(`registry section failed: ${(e as Error).message}`);
      process.exitCode = 1;
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await dropDatabase(nationalUrl).catch(() => undefined);
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
  report(started);
}

function report(started: number) {
  const table = [
    '| scenario | figure | value | baseline | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.figure} | ${r.value.toFixed(r.value < 10 ? 3 : 1)} ${r.unit} | ${r.baseline !== undefined ? r.baseline.toFixed(3) : ''} | ${r.ratio !== undefined ? `${r.ratio.toFixed(1)}×` : ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`),
  ].join('\n');
  process.stdout.write(`\n${table}\n\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `${new Date().toISOString().slice(0, 10)}${process.argv[2] ? `-${process.argv[2]}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, section: process.argv[2] ?? 'all', rows }, null, 2)}\n`);
  say(`results written to ${path.relative(ROOT, file)}`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
