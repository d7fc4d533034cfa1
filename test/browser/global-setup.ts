/**
 * Once for the browser suite: Postgres and Redis and the Guizhou template exactly as the Jest global
 * setup makes them (its helpers), then a database of the suite's own, the API (serving the built web
 * app) and the worker as `npm start` runs them, an administrator, and the scenario's users and data.
 * The returned function stops what was started and drops what was made.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareScenario } from './scenario-data';
import { waitUntil } from '../support/wait';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STATE_FILE = path.join(ROOT, '.data/test/browser-state.json');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    if (process.env.CARENET_BROWSER_DEBUG) process.stderr.write(d);
  });
  return child;
}

async function run(args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
}

async function waitForHealth(url: string): Promise<void> {
  await waitUntil(`the API to answer on ${url}/health`, async () => {
    try {
      return (await fetch(`${url}/health`)).status < 500;
    } catch {
      return false; // not up yet
    }
  }, { everyMs: 250 });
}

export default async function globalSetup() {
  const jestSetup = (await import(path.join(ROOT, 'test/support/global-setup.mjs'))).default as () => Promise<void>;
  const jestTeardown = (await import(path.join(ROOT, 'test/support/global-teardown.mjs'))).default as () => Promise<void>;
  await jestSetup();
  const { ensureDatabase } = await import(path.join(ROOT, 'dist/libs/database/src/index.js'));
  const template = new URL(process.env.CARENET_TEST_GUIZHOU_TEMPLATE_URL!);
  const db = new URL(template);
  db.pathname = `/carenet_test_${process.env.CARENET_TEST_RUN_ID}_browser`;
  await ensureDatabase(db.toString(), template.pathname.slice(1));
  const port = await freePort();
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.toString(),
    REDIS_URL: process.env.CARENET_TEST_REDIS_URL!,
    CARENET_REDIS_PREFIX: `carenet-test-${process.env.CARENET_TEST_RUN_ID}-browser`,
    PORT: String(port),
    CARENET_RATE_LIMIT_PER_MINUTE: '5000',
  };
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
    }
    await jestTeardown();
  };
  try {
    await run(['dist/apps/cli/src/main.js', 'user:create', '--username', 'admin', '--password', 'browser-test-password', '--role', 'ADMIN', '--unit', '52'], env);
    children.push(start('dist/apps/api/src/main.js', env), start('dist/apps/worker/src/main.js', env));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url);
    // a second carenet on an empty database, for the first-run setup (setup.spec.ts)
    const empty = new URL(process.env.CARENET_TEST_TEMPLATE_URL!);
    const setupDb = new URL(empty);
    setupDb.pathname = `/carenet_test_${process.env.CARENET_TEST_RUN_ID}_browser_setup`;
    await ensureDatabase(setupDb.toString(), empty.pathname.slice(1));
    const setupPort = await freePort();
    const setupEnv = { ...env, DATABASE_URL: setupDb.toString(), PORT: String(setupPort), CARENET_REDIS_PREFIX: `${env.CARENET_REDIS_PREFIX}-setup` };
    children.push(start('dist/apps/api/src/main.js', setupEnv), start('dist/apps/worker/src/main.js', setupEnv));
    const setupUrl = `http://127.0.0.1:${setupPort}`;
    await waitForHealth(setupUrl);
    process.env.CARENET_SETUP_URL = setupUrl;
    const state = await prepareScenario(url);
    mkdirSync(path.dirname(STATE_FILE), { recursive: true });
    writeFileSync(STATE_FILE, JSON.stringify({ ...state, setupUrl }, null, 2));
    process.env.CARENET_WEB_URL = url;
    process.env.CARENET_BROWSER_STATE = STATE_FILE;
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}
