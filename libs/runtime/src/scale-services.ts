/**
 * The services of a setup past one machine, started on local ports for the
 * scale bench and its test: a Redis Cluster of three primaries, and a
 * Postgres primary with a streaming read replica (pg_basebackup). Everything
 * lives in one temporary directory, removed by stop().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { redisAnswers, waitFor } from './probe.js';

type Log = (message: string) => void;

/** Where Postgres 15's programs are when they are not on PATH (Debian and Ubuntu put them here). */
export const POSTGRES_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/local/pgsql/bin'];

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free local port (and, for a cluster node, its bus port 10000 above it). */
export async function freeLocalPort(withBus = false): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await listens(port)) && (!withBus || (await listens(port + 10_000)))) return port;
  }
  throw new Error('no free local port found');
}

function run(command: string, args: string[], opts: { uid?: number; gid?: number } = {}): string {
  const r = spawnSync(command, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error ?? '')).slice(-2000)}`);
  return r.stdout;
}

// ---------------------------------------------------------------- Redis Cluster

export interface RedisClusterNodeHandle {
  port: number;
  /** SHUTDOWN NOSAVE (its append-only file is kept), then started again from its config file. */
  restart(downMs?: number): Promise<void>;
}

export interface LocalRedisCluster {
  nodes: RedisClusterNodeHandle[];
  /** The value of REDIS_CLUSTER_NODES. */
  seeds: string;
  /** The node serving the slot of a key (e.g. a queue's `{prefix}` keys). */
  nodeOfKey(key: string): RedisClusterNodeHandle;
  stop(): Promise<void>;
}

/** Three cluster primaries on free local ports, slots assigned, `cluster_state:ok` on every node. */
export async function startRedisCluster(opts: { dir: string; log?: Log; primaries?: number }): Promise<LocalRedisCluster> {
  const log = opts.log ?? (() => undefined);
  const count = opts.primaries ?? 3;
  const ports: number[] = [];
  while (ports.length < count) {
    const p = await freeLocalPort(true);
    if (!ports.includes(p)) ports.push(p);
  }
  const children = new Map<number, ChildProcess>();
  const conf = (port: number) => path.join(opts.dir, `redis-${port}`, 'redis.conf');
  const start = async (port: number) => {
    const child = spawn('redis-server', [conf(port)], { stdio: 'ignore' });
    children.set(port, child);
    if (!(await waitFor(() => redisAnswers('127.0.0.1', port), 10_000))) throw new Error(`redis-server on port ${port} did not start`);
  };
  const cli = (port: number, ...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);
  const stopAll = async () => {
    await Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
  };
  try {
    for (const port of ports) {
      const dir = path.join(opts.dir, `redis-${port}`);
      mkdirSync(dir, { recursive: true });
      // append-only: a node that restarts comes back with its keys (the queues live in one slot)
      writeFileSync(
        conf(port),
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          'cluster-enabled yes',
          'cluster-config-file nodes.conf',
          'cluster-node-timeout 5000',
          'appendonly yes',
          'appendfsync everysec',
          "save ''",
          'maxmemory-policy noeviction',
          '',
        ].join('\n'),
      );
      await start(port);
    }
    log(`Redis Cluster: creating ${count} primaries on ports ${ports.join(', ')}`);
    run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    const ok = async () => ports.every((p) => /cluster_state:ok/.test(cli(p, 'cluster', 'info')));
    if (!(await waitFor(ok, 20_000, 200))) throw new Error('Redis Cluster did not reach cluster_state:ok');
  } catch (e) {
    await stopAll();
    throw e;
  }
  const nodes: RedisClusterNodeHandle[] = ports.map((port) => ({
    port,
    async restart(downMs = 500) {
      const child = children.get(port)!;
      const gone = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      try {
        cli(port, 'shutdown', 'nosave');
      } catch {
        // the connection drops as the server exits
      }
      await gone;
      await new Promise((r) => setTimeout(r, downMs));
      await start(port);
      if (!(await waitFor(async () => ports.every((p) => /cluster_state:ok/.test(cli(p, 'cluster', 'info'))), 20_000, 200))) {
        throw new Error(`Redis Cluster did not return to cluster_state:ok after node ${port} restarted`);
      }
    },
  }));
  return {
    nodes,
    seeds: ports.map((p) => `127.0.0.1:${p}`).join(','),
    nodeOfKey(key: string) {
      const slot = Number(cli(ports[0]!, 'cluster', 'keyslot', key).trim());
      const owner = cli(ports[0]!, 'cluster', 'nodes')
        .split('\n')
        .map((line) => line.split(' '))
        .find((f) => f.slice(8).some((range) => {
          const [a, b] = range.split('-').map(Number);
          return slot >= a! && slot <= (b ?? a!);
        }));
      const port = Number(/:(\d+)@/.exec(owner?.[1] ?? '')?.[1]);
      return nodes.find((n) => n.port === port) ?? nodes[0]!;
    },
    stop: stopAll,
  };
}

// ---------------------------------------------------------------- Postgres primary + streaming replica

export interface LocalPostgresPair {
  primaryPort: number;
  replicaPort: number;
  /** A URL of the primary or of the replica, for a database name. */
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** Runs SQL on the replica's `postgres` database through psql, returning its output. */
  onReplica(sql: string): string;
  stopReplica(): void;
  startReplica(): Promise<void>;
  stop(): Promise<void>;
}

function postgresBin(name: string): string {
  for (const dir of POSTGRES_BIN_DIRS) {
    const p = path.join(dir, name);
    if (spawnSync('test', ['-x', p]).status === 0) return p;
  }
  return name;
}

/** The uid and gid to run Postgres as: the `postgres` user when running as root (Postgres refuses root). */
function postgresUser(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const uid = Number(run('id', ['-u', 'postgres']).trim());
  const gid = Number(run('id', ['-g', 'postgres']).trim());
  return { uid, gid };
}

/**
 * A primary (initdb, wal_level=replica, replication allowed from 127.0.0.1)
 * and a hot-standby replica made from it with `pg_basebackup -R -X stream`,
 * each on a free local port. `fast` turns fsync off (tests).
 */
export async function startPostgresWithReplica(opts: { dir: string; log?: Log; fast?: boolean }): Promise<LocalPostgresPair> {
  const log = opts.log ?? (() => undefined);
  const as = postgresUser();
  const base = path.join(opts.dir, 'postgres');
  mkdirSync(base, { recursive: true });
  chmodSync(opts.dir, 0o755);
  if (as.uid !== undefined) chownSync(base, as.uid, as.gid!);
  const primaryDir = path.join(base, 'primary');
  const replicaDir = path.join(base, 'replica');
  const primaryPort = await freeLocalPort();
  let replicaPort = await freeLocalPort();
  while (replicaPort === primaryPort) replicaPort = await freeLocalPort();
  const pgCtl = (dir: string, ...args: string[]) => run(postgresBin('pg_ctl'), ['-D', dir, ...args], as);
  const started: string[] = [];
  const stopOne = (dir: string) => {
    try {
      pgCtl(dir, '-m', 'immediate', '-w', 'stop');
    } catch {
      // not running
    }
  };
  try {
    log(`Postgres: initdb of a primary on port ${primaryPort}`);
    run(postgresBin('initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], as);
    appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      [
        '',
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${base}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'hot_standby = on',
        'max_connections = 200',
        'shared_buffers = 128MB',
        opts.fast ? 'fsync = off' : '',
        opts.fast ? 'full_page_writes = off' : '',
        '',
      ].join('\n'),
    );
    appendFileSync(path.join(primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    pgCtl(primaryDir, '-l', path.join(base, 'primary.log'), '-w', 'start');
    started.push(primaryDir);
    log(`Postgres: pg_basebackup of a streaming replica on port ${replicaPort}`);
    run(postgresBin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'], as);
    appendFileSync(path.join(replicaDir, 'postgresql.conf'), `\nport = ${replicaPort}\nhot_standby = on\n`);
  } catch (e) {
    started.forEach(stopOne);
    throw e;
  }
  const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const psql = (port: number, sql: string) => run(postgresBin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-AtXq', '-c', sql]);
  const pair: LocalPostgresPair = {
    primaryPort,
    replicaPort,
    primaryUrl: (database) => url(primaryPort, database),
    replicaUrl: (database) => url(replicaPort, database),
    onReplica: (sql) => psql(replicaPort, sql),
    stopReplica: () => stopOne(replicaDir),
    async startReplica() {
      pgCtl(replicaDir, '-l', path.join(base, 'replica.log'), '-w', 'start');
      const inRecovery = async () => {
        try {
          return psql(replicaPort, 'SELECT pg_is_in_recovery()').trim() === 't';
        } catch {
          return false;
        }
      };
      if (!(await waitFor(inRecovery, 30_000, 200))) throw new Error('the replica did not start in recovery');
    },
    async stop() {
      stopOne(replicaDir);
      stopOne(primaryDir);
    },
  };
  try {
    await pair.startReplica();
  } catch (e) {
    await pair.stop();
    throw e;
  }
  return pair;
}

/** A temporary directory for these services; remove it with removeScaleDir once they are stopped. */
export function makeScaleDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carenet-scale-'));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeScaleDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
