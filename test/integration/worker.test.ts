import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { createLogger, loadConfig } from '@carenet/core';
import { HEARTBEAT_KEY } from '@carenet/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { createTestDatabase, testRedisPrefix } from '../support/test-database.js';

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
