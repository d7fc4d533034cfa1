/**
 * The setup past one machine, on real engines, and an approval wave through
 * it: two API processes and two workers against a Redis Cluster of three
 * primaries and a Postgres primary with a streaming read replica (all started
 * here, in a temporary directory removed at the end). `npm run bench:scale`
 * runs it over a county of Guizhou; test/scale/scale.test.ts over a township.
 *
 * The wave: a clerk saves and submits every village through the two APIs in
 * turn; an approver approves bottom-up (villages, then each level up to the
 * wave's root, which is submitted and approved in turn). During the
 * approvals one worker is killed (SIGKILL) and the cluster node holding the
 * queues' slot is shut down and started again. Then every rollup of the
 * root's subtree and of its ancestors is compared with an independent sum of
 * the approved reports (and the verifier run), the dashboard is read through
 * the APIs (the replica's own statistics show it answered), and the replica
 * is made to lag (replay paused) and then stopped, each time after one more
 * approval: a client carrying the latest version it was given gets the fresh
 * total.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig, Role, type Config } from '@carenet/core';
import { appRoleUrl, ensureAppRole, ensureDatabase, migrate, parseRollupVersion, ROLLUP_VERSION_HEADER } from '@carenet/database';
import { bullConnection, QueueName, queuePrefix } from '@carenet/queue';
import { AuthService } from '@carenet/auth';
import { RollupService } from '@carenet/rollup';
import { forEachLimit } from '@carenet/simulation';
import {
  makeScaleDir,
  portAnswers,
  removeScaleDir,
  startPostgresWithReplica,
  startRedisCluster,
  waitFor,
  freeLocalPort,
  type LocalPostgresPair,
  type LocalRedisCluster,
} from '@carenet/runtime';
import { createCliContext } from '../apps/cli/src/cli.module.js';

// the checkout: two levels up from dist/bench/, one from bench/ (the tests run the TypeScript)
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = existsSync(path.resolve(HERE, '../package.json')) ? path.resolve(HERE, '..') : path.resolve(HERE, '../..');
const DATABASE = 'carenet';
const PERIOD = '2026-10';
const PERIOD_DATE = '2026-10-01';
const INDICATOR = 'HOME_VISITS';
const PASSWORD = 'scale password 1';

export interface ScaleOptions {
  /** The wave's root: a county (bench) or a township (test). */
  size: 'county' | 'township';
  /** How long the dashboard is read after the wave. */
  readSeconds: number;
  /** Requests in flight at once (saves, approvals, reads). */
  concurrency: number;
  /** fsync off (tests). */
  fast?: boolean;
  /** DATABASE_REPLICA_TIMEOUT_MS of the APIs (default: the product's). */
  replicaTimeoutMs?: number;
  log: (message: string) => void;
  /** Given the function that stops and removes everything started here, at once (a test calls it if it gives up waiting). */
  onStarted?: (cleanup: () => Promise<void>) => void;
}

export interface ScaleResult {
  root: { code: string; name: string; level: string };
  villages: number;
  approvals: number;
  approvalsPerSecond: number;
  /** From the last approval of the wave until the outbox is sent and the queues are idle. */
  settleSeconds: number;
  /** Rollups (the root's subtree and its ancestors, every indicator) that differ from the independent sums. */
  differences: number;
  rollupsChecked: number;
  verifierDifferences: number;
  workerKilledAt: number;
  restartedNode: number;
  reads: { requests: number; seconds: number; perSecond: number; errors: number; firstError?: string; servedByReplica: number; fallbacks: number; replicaTransactions: number };
  lagging: { expected: number; staleClient: number; latestClient: number; fallbacks: number };
  replicaDown: { expected: number; latestClient: number; noVersionClient: number; fallbacks: number; firstReadMs: number };
}

interface Gql {
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A GraphQL client as a real one is: it keeps the highest rollup version it was given and sends it back. */
class Client {
  version?: string;
  constructor(
    readonly token: string,
    private readonly carriesVersion = true,
  ) {}

  async request(port: number, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${this.token}` };
    if (this.carriesVersion && this.version) headers[ROLLUP_VERSION_HEADER] = this.version;
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as Gql;
    const seen = res.headers.get(ROLLUP_VERSION_HEADER);
    if (seen && (!this.version || parseRollupVersion(seen)! > parseRollupVersion(this.version)!)) this.version = seen;
    if (body.errors?.length) throw new Error(`${body.errors[0]!.message} (${JSON.stringify(body.errors[0]!.extensions ?? {})})`);
    return body.data!;
  }
}

async function login(port: number, username: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: username, p: PASSWORD } }),
  });
  const body = (await res.json()) as Gql;
  if (body.errors?.length) throw new Error(`login ${username}: ${body.errors[0]!.message}`);
  return (body.data!.login as { token: string }).token;
}

const SAVE = `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`;
const SUBMIT = `mutation($i: SubmitReportInput!) { submitReport(input: $i) { version } }`;
const APPROVE = `mutation($i: ApproveReportInput!) { approveReport(input: $i) { version } }`;
const DASHBOARD = `query($u: ID!, $p: Period!) { stats(unitCode: $u, period: $p) { values { indicator value } completeness { expected submitted approved onTime } } statsBreakdown(unitCode: $u, period: $p) { unit { code } values { indicator value } } }`;
const TOTAL = `query($u: ID!, $p: Period!) { stats(unitCode: $u, period: $p, indicators: ["${INDICATOR}"]) { values { indicator value } } }`;

const tails = new WeakMap<ChildProcess, () => string>();

function node(script: string, env: Record<string, string>, log: (m: string) => void, name: string): ChildProcess {
  // its log (warnings and errors) and its stderr, the last few kilobytes, for when something goes wrong
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (c: Buffer) => (tail = (tail + String(c)).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  tails.set(child, () => tail);
  child.once('exit', (code, signal) => {
    if (code !== 0 && code !== null && signal === null) log(`${name} exited ${code}: ${tail.slice(-1500)}`);
  });
  return child;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Statistics reads each API process answered, by source (its /metrics). */
async function readCounts(ports: number[]): Promise<{ replica: number; primary: number; fallback: number }> {
  const sum = { replica: 0, primary: 0, fallback: 0 };
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const source of ['replica', 'primary', 'fallback'] as const) {
      const m = new RegExp(`^carenet_statistics_reads\\{source="${source}"\\} (\\d+)`, 'm').exec(text);
      sum[source] += Number(m?.[1] ?? 0);
    }
  }
  return sum;
}

/**
 * Rollups of the units in `rootId`'s subtree and of its ancestors that differ
 * from the sum of the approved reports below them, computed here from the
 * reports (not by the rollup code); and how many rollups were compared.
 */
async function independentDifferences(db: DataSource, rootId: number): Promise<{ differences: number; checked: number }> {
  const [row] = await db.query(
    `WITH root AS (SELECT path FROM admin_unit WHERE id = $1),
          targets AS (SELECT a.id, a.path FROM admin_unit a, root WHERE (a.path @> root.path OR a.path <@ root.path) AND a.valid_to IS NULL),
          expected AS (
            SELECT t.id AS unit_id, v.indicator, sum(v.value) AS value
              FROM targets t
              JOIN admin_unit u ON u.path <@ t.path
              JOIN report r ON r.unit_id = u.id AND r.period = $2::date AND r.status = 'APPROVED'
              JOIN report_value v ON v.report_id = r.id
             GROUP BY t.id, v.indicator),
          actual AS (
            SELECT rv.unit_id, rv.indicator, rv.value FROM rollup_value rv JOIN targets t ON t.id = rv.unit_id
             WHERE rv.period = $2::date AND rv.basis = 'APPROVED')
     SELECT count(*) FILTER (WHERE coalesce(e.value, 0) <> coalesce(a.value, 0))::int AS differences, count(*)::int AS checked
       FROM expected e FULL JOIN actual a USING (unit_id, indicator)`,
    [rootId, PERIOD_DATE],
  );
  return row as { differences: number; checked: number };
}

async function settle(db: DataSource, config: Config, timeoutMs: number, processes?: { describe: () => string; anyWorker: () => boolean }): Promise<void> {
  const { connection, shared } = bullConnection(config, 'blocking');
  const queues = [QueueName.ROLLUP, QueueName.PROVINCIAL_REPORT].map((q) => new Queue(q, { connection, prefix: queuePrefix(config.redisPrefix) }));
  for (const q of queues) q.on('error', () => undefined);
  try {
    let quiet = 0;
    // what was still busy at the last look, said if it never settles
    let last = 'nothing read yet';
    const ok = await waitFor(
      async () => {
        if (processes && !processes.anyWorker()) return true; // nothing left to do the work: said below at once
        try {
          const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
          const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')));
          const retries = (await Promise.all(queues.map((q) => q.getDelayed()))).flat().filter((j) => !String(j.id).startsWith('repeat:'));
          const busy = n + retries.length + counts.reduce((s, c) => s + Object.values(c).reduce((a, b) => a + b, 0), 0);
          last = `unpublished outbox rows ${n}; ${queues.map((q, i) => `${q.name} ${JSON.stringify(counts[i])}`).join(', ')}; retries waiting ${retries.length}`;
          quiet = busy === 0 ? quiet + 1 : 0;
        } catch (e) {
          last = `reading the state failed: ${(e as Error).message}`;
          quiet = 0; // a node restarting
        }
        return quiet >= 3;
      },
      timeoutMs,
      150,
    );
    const noWorker = processes !== undefined && !processes.anyWorker();
    if (!ok || noWorker) {
      const workers = await queues[0]!.getWorkers().then((w) => `${w.length} workers connected to the rollup queue`, (e: Error) => `the workers could not be listed: ${e.message}`);
      throw new Error(`the rollups did not settle in time${noWorker ? ' (no worker is left running)' : ''}: ${last}; ${workers}${processes ? `; ${processes.describe()}` : ''}`);
    }
  } finally {
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    await shared?.quit().catch(() => shared.disconnect());
  }
}

const primaryLsn = async (db: DataSource) => ((await db.query(`SELECT pg_current_wal_lsn()::text AS l`)) as [{ l: string }])[0].l;

export async function runScaleScenario(o: ScaleOptions): Promise<ScaleResult> {
  const dir = makeScaleDir();
  const children: ChildProcess[] = [];
  let cluster: LocalRedisCluster | undefined;
  let pg: LocalPostgresPair | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await Promise.all(children.map((c) => stopChild(c)));
    await pg?.stop();
    await cluster?.stop();
    removeScaleDir(dir);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  o.onStarted?.(cleanup);
  try {
    cluster = await startRedisCluster({ dir, log: o.log });
    pg = await startPostgresWithReplica({ dir, log: o.log, fast: o.fast });
    const primaryUrl = pg.primaryUrl(DATABASE);
    await ensureDatabase(primaryUrl);
    await migrate(primaryUrl);
    // the APIs and workers connect as the application role, as in production (the replica has it too)
    await ensureAppRole(primaryUrl, 'scale');
    const prefix = 'carenet-scale';
    const env = {
      DATABASE_URL: appRoleUrl(primaryUrl, 'scale'),
      DATABASE_REPLICA_URL: appRoleUrl(pg.replicaUrl(DATABASE), 'scale'),
      REDIS_CLUSTER_NODES: cluster.seeds,
      CARENET_REDIS_PREFIX: prefix,
      CARENET_DATA_DIR: path.join(dir, 'data'),
      JWT_SECRET: 'scale-'.repeat(8),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      CARENET_RATE_LIMIT_PER_MINUTE: '100000000',
      ...(o.replicaTimeoutMs ? { DATABASE_REPLICA_TIMEOUT_MS: String(o.replicaTimeoutMs) } : {}),
    };
    // ---- two APIs and two workers, starting while the tree loads ----
    const ports = [await freeLocalPort(), await freeLocalPort()];
    for (const [i, port] of ports.entries()) children.push(node('apps/api/src/main.js', { ...env, PORT: String(port) }, o.log, `API ${i + 1}`));
    const workers = [0, 1].map((i) => node('apps/worker/src/main.js', env, o.log, `worker ${i + 1}`));
    children.push(...workers);
    o.log('loading the tree of Guizhou (seed:divisions --province 52)…');
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'seed:divisions', '--province', '52'], {
        env: { ...process.env, DATABASE_URL: primaryUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      p.stderr.on('data', (c) => (err = (err + String(c)).slice(-2000)));
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed:divisions exited ${code}: ${err}`))));
    });

    const config = loadConfig({ ...process.env, ...env, DATABASE_URL: primaryUrl, DATABASE_REPLICA_URL: '' });
    const app = await createCliContext(config);
    try {
      const db = app.get(DataSource);
      const depth = o.size === 'county' ? 3 : 4;
      // a county of about two hundred villages, or a township of a handful: the same choice every run
      const [root] = (await db.query(
        `SELECT p.id, p.code, p.name, p.level::text AS level, count(v.id)::int AS villages
           FROM admin_unit p JOIN admin_unit v ON v.path <@ p.path AND v.depth = 5 AND v.valid_to IS NULL
          WHERE p.depth = $1 AND p.code LIKE '52%' AND p.valid_to IS NULL
          GROUP BY p.id HAVING count(v.id) BETWEEN $2 AND $3
          ORDER BY count(v.id) DESC, p.code LIMIT 1`,
        o.size === 'county' ? [depth, 100, 220] : [depth, 4, 6],
      )) as { id: number; code: string; name: string; level: string; villages: number }[];
      if (!root) throw new Error(`no ${o.size} of the right size in Guizhou`);
      const units = (await db.query(
        `SELECT u.code, u.depth FROM admin_unit u, admin_unit r WHERE r.id = $1 AND u.path <@ r.path AND u.valid_to IS NULL ORDER BY u.depth DESC, u.code`,
        [root.id],
      )) as { code: string; depth: number }[];
      const villages = units.filter((u) => u.depth === 5);
      // two villages outside the wave, in the same province, for the lagging and the stopped replica
      const others = (await db.query(
        `SELECT u.code FROM admin_unit u, admin_unit r WHERE r.id = $1 AND u.depth = 5 AND u.code LIKE '52%' AND NOT u.path <@ r.path AND u.valid_to IS NULL ORDER BY u.code LIMIT 2`,
        [root.id],
      )) as { code: string }[];
      o.log(`the wave: ${root.name} (${root.code}), ${villages.length} villages, ${units.length} reports`);
      const auth = app.get(AuthService);
      await auth.createUser('system', { username: 'scale-clerk', password: PASSWORD, roles: [Role.CLERK], unitCode: '52' });
      await auth.createUser('system', { username: 'scale-approver', password: PASSWORD, roles: [Role.APPROVER], unitCode: '52' });
      await auth.createUser('system', { username: 'scale-viewer', password: PASSWORD, roles: [Role.VIEWER], unitCode: '52' });

      // each API ready as a load balancer sees it: /health answers 200 (Postgres and Redis answer it)
      for (const [i, port] of ports.entries()) {
        let health = 'no answer';
        const ready = await waitFor(
          async () => {
            if (!(await portAnswers('127.0.0.1', port))) return false;
            const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
            health = res ? `${res.status} ${await res.text()}` : 'no answer';
            return res?.status === 200;
          },
          90_000,
          200,
        );
        if (!ready) throw new Error(`the API on port ${port} did not become ready (/health: ${health}): ${tails.get(children[i]!)?.() ?? ''}`);
      }
      const clerk = new Client(await login(ports[0]!, 'scale-clerk'));
      const approver = new Client(await login(ports[1]!, 'scale-approver'));
      const api = (i: number) => ports[i % 2]!;

      // ---- the wave ----
      o.log('saving and submitting the villages through both APIs…');
      await forEachLimit(villages.map((v, i) => ({ v, i })), o.concurrency, async ({ v, i }) => {
        const input = { unitCode: v.code, period: PERIOD };
        await clerk.request(api(i), SAVE, { i: { ...input, values: [{ indicator: INDICATOR, value: 1 + (i % 7) }], expectedVersion: 0 } });
        await clerk.request(api(i + 1), SUBMIT, { i: { ...input, expectedVersion: 1 } });
      });
      const approvals = units.length;
      const killAt = Math.floor(villages.length / 3);
      const restartAt = Math.floor((2 * villages.length) / 3);
      const queueNode = cluster.nodeOfKey(`${queuePrefix(prefix)}:${QueueName.ROLLUP}:id`);
      let approved = 0;
      let restarting: Promise<void> | undefined;
      const afterApproval = () => {
        approved++;
        if (approved === killAt) {
          o.log(`approval ${approved}: SIGKILL to worker 1`);
          workers[0]!.kill('SIGKILL');
        }
        if (approved === restartAt) {
          o.log(`approval ${approved}: shutting down the cluster node on port ${queueNode.port} (the queues' slot) and starting it again`);
          restarting = queueNode.restart();
        }
      };
      o.log('approving bottom-up through both APIs…');
      const waveStarted = performance.now();
      await forEachLimit(villages.map((v, i) => ({ v, i })), o.concurrency, async ({ v, i }) => {
        await approver.request(api(i), APPROVE, { i: { unitCode: v.code, period: PERIOD, expectedVersion: 2 } });
        afterApproval();
      });
      for (const d of [4, 3].filter((d) => d >= (o.size === 'county' ? 3 : 4))) {
        const level = units.filter((u) => u.depth === d);
        await forEachLimit(level.map((u, i) => ({ u, i })), o.concurrency, async ({ u, i }) => {
          const submitted = (await clerk.request(api(i), SUBMIT, { i: { unitCode: u.code, period: PERIOD, expectedVersion: 0 } })).submitReport as { version: number };
          await approver.request(api(i + 1), APPROVE, { i: { unitCode: u.code, period: PERIOD, expectedVersion: submitted.version } });
          afterApproval();
        });
      }
      const waveSeconds = (performance.now() - waveStarted) / 1000;
      const lastApproval = performance.now();
      await restarting;
      const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
      const processes = {
        describe: () => children.map((c, i) => `${i < 2 ? `API ${i + 1}` : `worker ${i - 1}`} ${exited(c) ? `exited (${c.exitCode ?? c.signalCode})` : 'running'}: ${JSON.stringify(tails.get(c)?.().slice(-600) ?? '')}`).join('; '),
        anyWorker: () => workers.some((w) => !exited(w)),
      };
      await settle(db, config, 300_000, processes);
      const settleSeconds = (performance.now() - lastApproval) / 1000;
      const check = await independentDifferences(db, root.id);
      const verified = await app.get(RollupService).verify({ period: PERIOD, provinceCode: '52' });
      o.log(`wave: ${approvals} approvals in ${waveSeconds.toFixed(1)} s, settled ${settleSeconds.toFixed(1)} s later; ${check.differences} of ${check.checked} rollups differ, verifier: ${verified.differences}`);

      // ---- the dashboard through both APIs, with the replica caught up ----
      const target = await primaryLsn(db);
      if (!(await waitFor(async () => parseRollupVersion(pg!.onReplica('SELECT pg_last_wal_replay_lsn()').trim())! >= parseRollupVersion(target)!, 30_000, 100))) {
        throw new Error('the replica did not catch up');
      }
      const viewer = new Client(await login(ports[0]!, 'scale-viewer'));
      viewer.version = approver.version; // the same office: the latest version it was given
      const replicaStats = () => {
        const [xacts] = pg!.onReplica(`SELECT xact_commit FROM pg_stat_database WHERE datname = '${DATABASE}'`).trim().split('|');
        return Number(xacts);
      };
      const countsBefore = await readCounts(ports);
      const xactsBefore = replicaStats();
      let reads = 0;
      let readErrors = 0;
      let firstReadError: string | undefined;
      const readsStarted = performance.now();
      const readsUntil = Date.now() + o.readSeconds * 1000;
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, w) => {
          while (Date.now() < readsUntil) {
            try {
              await viewer.request(api(w + reads), DASHBOARD, { u: root.code, p: PERIOD });
              reads++;
            } catch (e) {
              readErrors++;
              firstReadError ??= (e as Error).message.slice(0, 300);
            }
          }
        }),
      );
      const readSeconds = (performance.now() - readsStarted) / 1000;
      const countsAfter = await readCounts(ports);
      const servedByReplica = countsAfter.replica - countsBefore.replica;
      // the replica's own counters: its backends report them when idle (at most a few seconds later)
      let replicaTransactions = 0;
      await waitFor(async () => (replicaTransactions = replicaStats() - xactsBefore) >= servedByReplica, 15_000, 250);
      o.log(`reads: ${reads} dashboards in ${readSeconds.toFixed(1)} s; ${servedByReplica} statistics reads by the replica, ${countsAfter.fallback - countsBefore.fallback} fell back; the replica counted ${replicaTransactions} transactions`);

      // ---- the replica lagging: replay paused, then one more approval ----
      const provinceTotal = async (c: Client, port: number) => {
        const stats = (await c.request(port, TOTAL, { u: '52', p: PERIOD })).stats as { values: { indicator: string; value: number }[] };
        return stats.values.find((v) => v.indicator === INDICATOR)?.value ?? 0;
      };
      const approveOne = async (code: string, value: number) => {
        await clerk.request(ports[0]!, SAVE, { i: { unitCode: code, period: PERIOD, values: [{ indicator: INDICATOR, value }], expectedVersion: 0 } });
        await clerk.request(ports[1]!, SUBMIT, { i: { unitCode: code, period: PERIOD, expectedVersion: 1 } });
        await approver.request(ports[0]!, APPROVE, { i: { unitCode: code, period: PERIOD, expectedVersion: 2 } });
        await settle(db, config, 60_000, processes);
        // the office reads the total it approved: it carries the version of what it was last given
        viewer.version = approver.version;
      };
      const before = await provinceTotal(viewer, ports[0]!);
      pg.onReplica('SELECT pg_wal_replay_pause()');
      const lagCounts = await readCounts(ports);
      await approveOne(others[0]!.code, 11);
      const stale = await provinceTotal(new Client(viewer.token, false), ports[1]!);
      const latest = await provinceTotal(viewer, ports[1]!);
      const lagFallbacks = (await readCounts(ports)).fallback - lagCounts.fallback;
      pg.onReplica('SELECT pg_wal_replay_resume()');
      o.log(`replica paused: expected ${before + 11}; a client with no version got ${stale}, one with the latest version ${latest} (${lagFallbacks} fallbacks)`);

      // ---- the replica stopped ----
      pg.stopReplica();
      const downCounts = await readCounts(ports);
      await approveOne(others[1]!.code, 13);
      const t = performance.now();
      const downLatest = await provinceTotal(viewer, ports[0]!);
      const firstReadMs = performance.now() - t;
      const downNoVersion = await provinceTotal(new Client(viewer.token, false), ports[1]!);
      const downFallbacks = (await readCounts(ports)).fallback - downCounts.fallback;
      o.log(`replica stopped: expected ${before + 24}; latest-version client got ${downLatest} (first read ${firstReadMs.toFixed(0)} ms), a client with no version ${downNoVersion}`);

      return {
        root: { code: root.code, name: root.name, level: root.level },
        villages: villages.length,
        approvals,
        approvalsPerSecond: approvals / waveSeconds,
        settleSeconds,
        differences: check.differences,
        rollupsChecked: check.checked,
        verifierDifferences: verified.differences,
        workerKilledAt: killAt,
        restartedNode: queueNode.port,
        reads: { requests: reads, seconds: readSeconds, perSecond: reads / readSeconds, errors: readErrors, firstError: firstReadError, servedByReplica, fallbacks: countsAfter.fallback - countsBefore.fallback, replicaTransactions },
        lagging: { expected: before + 11, staleClient: stale, latestClient: latest, fallbacks: lagFallbacks },
        replicaDown: { expected: before + 24, latestClient: downLatest, noVersionClient: downNoVersion, fallbacks: downFallbacks, firstReadMs },
      };
    } finally {
      await app.close();
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  }
}
