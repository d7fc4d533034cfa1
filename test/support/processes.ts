import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Queue, type ConnectionOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName, queuePrefix, redisOptionsFromUrl } from '@carenet/queue';
import { nodeArgsFor, portAnswers, redisAnswers } from '@carenet/runtime';
import { waitUntil } from './wait.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own (AOF on, noeviction), which the test may stop and start again with its data. */
export class OwnRedis {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'carenet-redis-'));
  constructor(readonly port: number) {
    chmodSync(this.dir, 0o755);
  }
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''], { stdio: 'ignore' });
    await waitUntil('the test Redis to answer', () => redisAnswers('127.0.0.1', this.port));
  }
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A worker as `npm start` runs it: its own process, from the build. */
export function spawnWorker(env: { DATABASE_URL: string; REDIS_URL: string; CARENET_REDIS_PREFIX: string }): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

/** An API as `npm start` runs it (its heap bounded): its own process, from the build, on a free port. */
export async function spawnApi(env: { DATABASE_URL: string; REDIS_URL: string; CARENET_REDIS_PREFIX: string }): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgsFor('api'), path.join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'test', LOG_LEVEL: 'silent', CARENET_RATE_LIMIT_PER_MINUTE: '100000000' },
    stdio: 'ignore',
  });
  await waitUntil('the API to listen', () => portAnswers('127.0.0.1', port), { everyMs: 100 });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** A process's resident memory now, in MB, as the kernel counts it. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Waits until the outbox is sent and the rollup queues are idle (scheduler runs aside). */
export async function settle(db: DataSource, redisUrl: string, redisPrefix: string, limitMs = 180_000): Promise<void> {
  const connection: ConnectionOptions = { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null };
  const queues = [QueueName.ROLLUP, QueueName.PROVINCIAL_REPORT].map((q) => new Queue(q, { connection, prefix: queuePrefix(redisPrefix) }));
  try {
    let quiet = 0;
    let last = {};
    await waitUntil(
      'the outbox to be sent and the rollup queues to be idle',
      async () => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
        const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')));
        const retries = (await Promise.all(queues.map((q) => q.getDelayed()))).flat().filter((j) => !String(j.id).startsWith('repeat:'));
        const busy = n + retries.length + counts.reduce((s, c) => s + Object.values(c).reduce((a, b) => a + b, 0), 0);
        last = { outbox: n, counts, retries: retries.length };
        quiet = busy === 0 ? quiet + 1 : 0;
        return quiet >= 3;
      },
      { limitMs, everyMs: 150, state: () => last },
    );
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

export function rollupQueue(redisUrl: string, redisPrefix: string): Queue {
  const connection: ConnectionOptions = { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null };
  return new Queue(QueueName.ROLLUP, { connection, prefix: queuePrefix(redisPrefix) });
}
