/**
 * What every request costs, against a ceiling measured in the same run: a
 * bare Apollo Server 5 on Express 5 (bench/bare-apollo.ts, its own process)
 * answering `{ hello }`, then the carenet API (its own process) with a
 * signed-in `{ __typename }` and the province dashboard (the province and its
 * cities, every indicator), 50 connections for 10 s each, the API's RSS
 * sampled during the dashboard's load.
 *
 * Part of `npm run bench` (after the SQL figures, on the national tree);
 * `npm run bench -- requests` runs it alone on a database of its own with
 * Guizhou's tree and one approved month loaded in bulk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { WebBenchRow } from './web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = 50;
const SECONDS = 10;
const WARM_UP_SECONDS = 3;

/** A row of the bench table (bench/web.ts's shape, with the ratio against the ceiling). */
export interface RequestsBenchRow extends WebBenchRow {
  baseline?: number;
  ratio?: number;
}

/** The dashboard's statistics as bench/run.ts has always asked for them: the province and each city, every indicator. */
export function dashboardQuery(provinceCode: string, period: string): string {
  return `{ stats(unitCode: "${provinceCode}", period: "${period}") { values { indicator value } completeness { expected submitted approved onTime } } statsBreakdown(unitCode: "${provinceCode}", period: "${period}") { unit { code name } values { indicator value } completeness { expected submitted approved onTime } } }`;
}

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

interface Load {
  rps: number;
  p50: number;
  p975: number;
  errors: number;
  /** The server's CPU per answered request, in ms: what a request costs, whatever else the machine is doing. */
  cpuPerRequest: number;
}

async function load(url: string, query: string, token?: string, seconds = SECONDS, pid?: number): Promise<Load> {
  const cpuBefore = pid ? cpuMs(pid) : NaN;
  const r = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const cpuPerRequest = pid ? (cpuMs(pid) - cpuBefore) / Math.max(1, r.requests.total) : NaN;
  return { rps: r.requests.average, p50: r.latency.p50, p975: r.latency.p97_5, errors: r.errors + r.non2xx + r.timeouts, cpuPerRequest };
}

async function portAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}

/** The bare server's `{ hello }` under the same load, in a process of its own started here and stopped after. */
export async function bareApolloCeiling(log: (m: string) => void): Promise<Load> {
  const port = 38_000 + Math.floor(Math.random() * 1000);
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/bench/bare-apollo.js')], { env: { ...process.env, PORT: String(port), NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const deadline = Date.now() + 20_000;
    while (!(await portAnswers(port))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the bare Apollo server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = `http://127.0.0.1:${port}/graphql`;
    await load(url, '{ hello }', undefined, WARM_UP_SECONDS);
    const bare = await load(url, '{ hello }', undefined, SECONDS, child.pid);
    log(`bare Apollo Server 5 on Express 5, { hello }: ${bare.rps.toFixed(0)} req/s, p97.5 ${bare.p975} ms, ${bare.cpuPerRequest.toFixed(3)} ms CPU/request`);
    return bare;
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

/**
 * The rows: the bare ceiling, then the API at `url` (process `pid`) signed in as `username`, with
 * `{ __typename }` anonymous and signed in, and the dashboard of `provinceCode` for `period`.
 */
export async function requestsBench(opts: { url: string; pid: number; username: string; password: string; provinceCode: string; period: string; log(m: string): void }): Promise<RequestsBenchRow[]> {
  const { log } = opts;
  const bare = await bareApolloCeiling(log);
  const graphql = `${opts.url}/graphql`;
  const res = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: opts.username, p: opts.password } }),
  });
  const token = ((await res.json()) as { data?: { login: { token: string } } }).data?.login.token;
  if (!token) throw new Error(`could not sign in as ${opts.username}`);
  const dashboard = dashboardQuery(opts.provinceCode, opts.period);
  const check = (await (await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: dashboard }) })).json()) as {
    data?: { statsBreakdown: unknown[] };
    errors?: unknown[];
  };
  if (check.errors || !check.data?.statsBreakdown.length) throw new Error(`the dashboard did not answer: ${JSON.stringify(check).slice(0, 500)}`);

  await load(graphql, '{ __typename }', token, WARM_UP_SECONDS);
  const anonymous = await load(graphql, '{ __typename }', undefined, SECONDS, opts.pid);
  log(`API { __typename } anonymous: ${anonymous.rps.toFixed(0)} req/s, ${anonymous.cpuPerRequest.toFixed(3)} ms CPU/request`);
  const signedIn = await load(graphql, '{ __typename }', token, SECONDS, opts.pid);
  log(`API { __typename } signed in: ${signedIn.rps.toFixed(0)} req/s, ${signedIn.cpuPerRequest.toFixed(3)} ms CPU/request`);
  await load(graphql, dashboard, token, WARM_UP_SECONDS);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, memoryMb(opts.pid, 'VmRSS'))), 250);
  const dash = await load(graphql, dashboard, token, SECONDS, opts.pid);
  clearInterval(sampler);
  log(`API province dashboard: ${dash.rps.toFixed(0)} req/s, p50 ${dash.p50} ms, p97.5 ${dash.p975} ms, ${dash.errors} errors, ${dash.cpuPerRequest.toFixed(3)} ms CPU/request`);
  // the high-water mark covers the whole life of the process (startup included): the sampled peak is the load's
  const rss = Number.isNaN(peak) || peak === 0 ? memoryMb(opts.pid, 'VmRSS') : peak;

  const half = bare.rps / 2;
  const ceiling = 'bare Apollo 5 on Express 5, { hello }, 50 connections';
  return [
    { scenario: ceiling, figure: 'throughput', value: bare.rps, unit: 'req/s' },
    { scenario: 'GraphQL { __typename }, anonymous, 50 connections', figure: 'throughput', value: anonymous.rps, unit: 'req/s', baseline: bare.rps, ratio: anonymous.rps / bare.rps },
    { scenario: 'GraphQL { __typename }, signed in, 50 connections', figure: 'throughput', value: signedIn.rps, unit: 'req/s', baseline: bare.rps, ratio: signedIn.rps / bare.rps, target: '≥ 0.5× bare', met: signedIn.rps >= half },
    { scenario: 'GraphQL province dashboard, signed in, 50 connections', figure: 'throughput', value: dash.rps, unit: 'req/s', baseline: bare.rps, ratio: dash.rps / bare.rps, target: '≥ 0.5× bare', met: dash.rps >= half },
    { scenario: 'GraphQL province dashboard, signed in, 50 connections', figure: 'latency p97.5', value: dash.p975, unit: 'ms', target: '≤ 100 ms', met: dash.p975 <= 100 },
    { scenario: 'GraphQL province dashboard, signed in, 50 connections', figure: 'errors', value: dash.errors, unit: '', target: '0', met: dash.errors === 0 },
    // CPU per request: the cost itself, which the throughput above shows only on a machine with cores to spare
    { scenario: ceiling, figure: 'CPU per request', value: bare.cpuPerRequest, unit: 'ms' },
    { scenario: 'GraphQL { __typename }, signed in, 50 connections', figure: 'CPU per request', value: signedIn.cpuPerRequest, unit: 'ms', baseline: bare.cpuPerRequest, ratio: bare.cpuPerRequest / signedIn.cpuPerRequest },
    { scenario: 'GraphQL province dashboard, signed in, 50 connections', figure: 'CPU per request', value: dash.cpuPerRequest, unit: 'ms', baseline: bare.cpuPerRequest, ratio: bare.cpuPerRequest / dash.cpuPerRequest },
    { scenario: 'API under the dashboard load', figure: 'peak RSS', value: rss, unit: 'MB', target: '≤ 300 MB', met: rss <= 300 },
  ];
}

/** `npm run bench -- requests`: the figures above alone, on Guizhou's tree and one approved month of its own. */
export async function requestsBenchAlone(log: (m: string) => void): Promise<RequestsBenchRow[]> {
  const { loadConfig } = await import('@carenet/core');
  const { dropDatabase, ensureDatabase, migrate } = await import('@carenet/database');
  const { ensurePostgres, ensureRedis, waitFor, portAnswers: answers, nodeArgsFor } = await import('@carenet/runtime');
  const pg = (await import('pg')).default;
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const pgService = await ensurePostgres({ databaseUrl: base.databaseUrl, dataDir: '.data/bench', database: 'postgres', log });
  const redisService = await ensureRedis({ redisUrl: base.redisUrl, dataDir: '.data/bench', log });
  const u = new URL(pgService.url);
  u.pathname = `/carenet_bench_${stamp}_requests`;
  const dbUrl = u.toString();
  const prefix = `carenet-bench-${stamp}-requests`;
  const period = '2026-10';
  const env = { DATABASE_URL: dbUrl, REDIS_URL: redisService.url, CARENET_REDIS_PREFIX: prefix, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  const cli = async (args: string[]) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`${args[0]} exited with ${code}`);
  };
  let api: ChildProcess | undefined;
  try {
    await ensureDatabase(dbUrl);
    await migrate(dbUrl);
    log("importing Guizhou's tree…");
    await cli(['seed:divisions', '--province', '52']);
    log('loading an approved month for every village of Guizhou, and its rollups…');
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(
      `INSERT INTO report (unit_id, period, status, version, saved_at, submitted_at, approved_at)
       SELECT id, $1::date, 'APPROVED', 3, now(), now(), now() FROM admin_unit WHERE depth = 5 AND code LIKE '52%' AND valid_to IS NULL`,
      [`${period}-01`],
    );
    await client.query(
      `INSERT INTO report_value (report_id, indicator, value)
       SELECT r.id, i.code, abs(hashtext(r.id::text || i.code)) % 20 FROM report r CROSS JOIN indicator i WHERE r.period = $1::date AND i.active`,
      [`${period}-01`],
    );
    // the rollups as the worker keeps them: every unit's subtree sums and completeness (set-based, like the verifier's recompute)
    await client.query(
      `INSERT INTO rollup_value (unit_id, period, basis, indicator, value)
       SELECT anc.id, r.period, 'APPROVED', v.indicator, sum(v.value)
         FROM report r JOIN report_value v ON v.report_id = r.id JOIN admin_unit u ON u.id = r.unit_id
         CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')::int[]) AS anc(id)
        WHERE r.period = $1::date GROUP BY anc.id, r.period, v.indicator`,
      [`${period}-01`],
    );
    await client.query(
      `INSERT INTO rollup_completeness (unit_id, period, expected, submitted, approved, on_time)
       SELECT anc.id, $1::date, count(*), count(r.id), count(r.id), count(r.id)
         FROM admin_unit u LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
         CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')::int[]) AS anc(id)
        WHERE u.code LIKE '52%' AND u.valid_to IS NULL GROUP BY anc.id`,
      [`${period}-01`],
    );
    await client.query('ANALYZE');
    await client.end();
    const password = 'bench requests password 1';
    await cli(['user:create', '--username', 'bench-province-clerk', '--password', password, '--role', 'CLERK', '--unit', '52']);
    const port = 39_000 + Math.floor(Math.random() * 1000);
    // with the node flags `npm start` and the Docker image run it with (its heap bound: libs/runtime/src/node-args.ts)
    api = spawn(process.execPath, [...nodeArgsFor('api'), path.join(ROOT, 'dist/apps/api/src/main.js')], { env: { ...process.env, ...env, PORT: String(port), CARENET_RATE_LIMIT_PER_MINUTE: '100000000' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let apiErr = '';
    api.stderr?.on('data', (c) => (apiErr += c));
    if (!(await waitFor(() => answers('127.0.0.1', port), 120_000, 200))) throw new Error(`the API did not start: ${apiErr.slice(0, 2000)}`);
    return await requestsBench({ url: `http://127.0.0.1:${port}`, pid: api.pid!, username: 'bench-province-clerk', password, provinceCode: '52', period, log });
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api!.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
    await dropDatabase(dbUrl).catch(() => undefined);
    await redisService.stop();
    await pgService.stop();
  }
}
