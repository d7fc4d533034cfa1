import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createLogger, loadConfig, Role, WEBHOOK_RESOLVER, type Actor, type Config, type WebhookResolver } from '@carenet/core';
import { AuthModule, AuthService } from '@carenet/auth';
import { OutboxRepository, QueueName } from '@carenet/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { createTestDatabase, testRedisPrefix } from './test-database.js';
import { waitUntil } from './wait.js';

/** How the worker's webhook senders resolve names, when a test says. */
@Global()
@Module({})
class TestResolverModule {
  static forRoot(resolve: WebhookResolver): DynamicModule {
    return { module: TestResolverModule, providers: [{ provide: WEBHOOK_RESOLVER, useValue: resolve }], exports: [WEBHOOK_RESOLVER] };
  }
}

@Module({})
class TestWorkerModule {
  static forRoot(config: Config, resolve?: WebhookResolver): DynamicModule {
    return {
      module: TestWorkerModule,
      imports: [WorkerModule.forRoot(config, createLogger('silent', 'worker')), AuthModule, ...(resolve ? [TestResolverModule.forRoot(resolve)] : [])],
    };
  }
}

export interface TestWorker {
  app: INestApplicationContext;
  config: Config;
  db: DataSource;
  /** A user with these roles at this unit, signed in: the actor services take. */
  actor(roles: Role[], unitCode: string): Promise<Actor>;
  /** Waits until the outbox is sent and every rollup job has run. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let users = 0;

/** The worker (processors, relay, scheduler) in this process, with the reporting services, on a database of its own. */
export async function startTestWorker(opts: { tree?: 'empty' | 'guizhou'; redisUrl?: string; databaseUrl?: string; redisPrefix?: string; env?: Record<string, string>; resolveWebhookNames?: WebhookResolver } = {}): Promise<TestWorker & { databaseUrl: string; drop: () => Promise<void> }> {
  const database = opts.databaseUrl ? { url: opts.databaseUrl, appUrl: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase(opts.tree ?? 'guizhou');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.appUrl,
    REDIS_URL: opts.redisUrl ?? process.env.CARENET_TEST_REDIS_URL,
    CARENET_REDIS_PREFIX: opts.redisPrefix ?? testRedisPrefix(),
    ...opts.env,
  });
  const app = await NestFactory.createApplicationContext(TestWorkerModule.forRoot(config, opts.resolveWebhookNames), { logger: false });
  const db = app.get(DataSource);
  const worker: TestWorker & { databaseUrl: string; drop: () => Promise<void> } = {
    app,
    config,
    db,
    databaseUrl: database.url,
    drop: database.drop,
    async actor(roles, unitCode) {
      const auth = app.get(AuthService);
      const username = `w${process.pid}-${++users}-${Date.now().toString(36)}`;
      await auth.createUser('system', { username, password: 'a long password', roles, unitCode });
      return (await auth.login(username, 'a long password')).actor;
    },
    async settle() {
      const outbox = app.get(OutboxRepository);
      const queues = [QueueName.ROLLUP, QueueName.PROVINCIAL_REPORT].map((q) => app.get<Queue>(getQueueToken(q)));
      let quiet = 0;
      let last = {};
      await waitUntil(
        'the outbox to be sent and the rollup queues to be idle',
        async () => {
          const pending = await outbox.pending();
          const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')));
          // delayed jobs are retries (busy) or the next run of a scheduler such as the nightly verifier (not)
          const retries = (await Promise.all(queues.map((q) => q.getDelayed()))).flat().filter((j) => !String(j.id).startsWith('repeat:'));
          const busy = retries.length + counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
          last = { pending, counts, retries: retries.length };
          quiet = pending === 0 && busy === 0 ? quiet + 1 : 0;
          return quiet >= 3; // idle three times running: no job between a publish and its pickup
        },
        { everyMs: 100, state: () => last },
      );
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return worker;
}
