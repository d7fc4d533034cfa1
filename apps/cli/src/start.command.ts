import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '@carenet/core';
import { appRoleUrl } from '@carenet/database';
import { nodeArgsFor, portAnswers, type LocalService } from '@carenet/runtime';
import { appRolePassword, describe, prepareDatabase, prepareRedis, say } from './services.js';

export const START_HELP = `npm start — run carenet: the GraphQL API and the background worker.

With nothing configured it uses Postgres on 127.0.0.1:5432 if one answers, else
starts an embedded Postgres (data in ./.data/postgres); and Redis on
127.0.0.1:6379 if one answers, else starts redis-server from PATH (AOF on,
noeviction; data in ./.data/redis). The database is created and migrated on
first start. Ctrl-C stops everything it started.

Environment: DATABASE_URL, REDIS_URL, PORT (3000), JWT_SECRET (required in
production), LOG_LEVEL (info), NODE_ENV (development), CARENET_DATA_DIR (.data),
CARENET_API_HEAP_MB (320: the API's heap bound).`;

const here = path.dirname(fileURLToPath(import.meta.url));
const APPS = {
  api: path.resolve(here, '../../api/src/main.js'),
  worker: path.resolve(here, '../../worker/src/main.js'),
};

export async function startCommand(): Promise<void> {
  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  await runCarenet(config, pg);
}

/**
 * Runs the API and the worker on a prepared database (and Redis, found or
 * started here) until Ctrl-C; `env` is added to theirs (the demo's prefix).
 * `upNote` is said once the API answers.
 */
export async function runCarenet(config: Config, pg: LocalService, opts: { env?: Record<string, string>; upNote?: string } = {}): Promise<void> {
  let redis: LocalService;
  try {
    redis = await prepareRedis(config);
  } catch (e) {
    await pg.stop();
    throw e;
  }
  say(describe(pg, 'Postgres'));
  say(describe(redis, 'Redis'));

  // migrations ran as the owner; the API and the worker connect as the application role
  const env = { ...process.env, ...opts.env, DATABASE_URL: appRoleUrl(pg.url, appRolePassword(config)), REDIS_URL: redis.url };
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping carenet…');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await redis.stop();
    await pg.stop();
    say('Stopped.');
    process.exit(code);
  };

  for (const [name, entry] of Object.entries(APPS)) {
    // a process group of its own: Ctrl-C reaches the launcher alone, which stops the apps first, then the services
    const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgsFor(name), entry], { env, stdio: 'inherit', detached: true });
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`carenet ${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      void stopAll(1);
    });
  }
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  say(`carenet is starting: web app http://localhost:${config.port}/, GraphQL at http://localhost:${config.port}/graphql (Ctrl-C stops)`);
  // say so once the API answers: the address a newcomer opens next
  while (!stopping && !(await portAnswers('127.0.0.1', config.port))) await new Promise((r) => setTimeout(r, 250));
  if (!stopping) {
    const note = opts.upNote ?? ((await setupNeeded(config.port)) ? 'no user yet: open the web app to set carenet up (the first administrator, the provinces to load)' : '');
    say(`carenet is up: web app http://localhost:${config.port}/ (GraphQL http://localhost:${config.port}/graphql, health /health)${note ? `; ${note}` : ''}`);
  }
}

/** Whether the API says its first-run setup is still open (no user yet); false when it cannot say. */
async function setupNeeded(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ setupState { needed } }' }),
      signal: AbortSignal.timeout(10_000),
    });
    return ((await res.json()) as { data?: { setupState?: { needed?: boolean } } }).data?.setupState?.needed === true;
  } catch {
    return false;
  }
}
