import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { createLogger, loadConfig } from '@carenet/core';
import { HEARTBEAT_KEY } from '@carenet/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { createTestDatabase, testRedisPrefix } from '../support/test-database.js';
import { waitUntil } from '../support/wait.js';

it('the worker starts without HTTP, schedules its heartbeat and writes it to Redis', async () => {
  const database = await createTestDatabase('empty');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_URL: process.env.CARENET_TEST_REDIS_URL, CARENET_REDIS_PREFIX: testRedisPrefix() });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('silent', 'worker')), { logger: false });
  const redis = new Redis(config.redisUrl!);
  try {
    const heartbeat = Number(await redis.get(HEARTBEAT_KEY(config.redisPrefix)));
    expect(Date.now() - heartbeat).toBeLessThan(10_000);
    const schedulers = await redis.keys(`{${config.redisPrefix}}:system:*`);
    expect(schedulers.length).toBeGreaterThan(0);
  } finally {
    redis.disconnect();
    await app.close();
    await database.drop();
  }
});

it('warns loudly when Redis may evict keys (maxmemory-policy is not noeviction)', async () => {
  const { OwnRedis, freePort } = await import('../support/processes.js');
  const { Writable } = await import('node:stream');
  const redisServer = new OwnRedis(await freePort());
  await redisServer.start();
  const database = await createTestDatabase('empty');
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _e, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const admin = new Redis(redisServer.url);
  await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_URL: redisServer.url, CARENET_REDIS_PREFIX: testRedisPrefix() });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('info', 'worker', sink)), { logger: false });
  try {
    const warning = lines.find((l) => l.level === 'error' && String(l.msg).includes("maxmemory-policy is 'allkeys-lru'"));
    expect(warning).toMatchObject({ maxmemoryPolicy: 'allkeys-lru' });
    expect(String(warning!.msg)).toContain('CONFIG SET maxmemory-policy noeviction');
  } finally {
    admin.disconnect();
    await app.close();
    await redisServer.destroy();
    await database.drop();
  }
});

it('a starting worker waits for Redis to take its first heartbeat instead of dying (the connection fails at once until Redis is ready)', async () => {
  const { OwnRedis, freePort } = await import('../support/processes.js');
  const { redisConnection } = await import('@carenet/queue');
  const { writeFirstHeartbeat } = await import('../../apps/worker/src/system.processor.js');
  const redisServer = new OwnRedis(await freePort());
  const client = redisConnection(redisServer.url, 'client');
  client.on('error', () => undefined);
  let tries = 0;
  const write = () => (tries++, client.set('heartbeat', String(Date.now())));
  await expect(write()).rejects.toThrow(/enableOfflineQueue|Connection is closed|ECONNREFUSED/); // as the worker met it
  const written = writeFirstHeartbeat(write, createLogger('silent', 'worker'), 30_000);
  try {
    // Redis comes up only once the worker has met it down more than twice
    await waitUntil('the heartbeat to fail a third time', () => tries > 2);
    await redisServer.start();
    expect(await written).toBe(true);
    expect(tries).toBeGreaterThan(3);
    expect(Number(await client.get('heartbeat'))).toBeGreaterThan(Date.now() - 10_000);
  } finally {
    client.disconnect();
    await redisServer.destroy();
  }
}, 60_000);
