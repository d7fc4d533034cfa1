import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig, type Config } from '@carenet/core';
import { createCliContext } from '../../apps/cli/src/cli.module.js';
import { createTestDatabase, testRedisPrefix } from './test-database.js';

export interface TestContext {
  app: INestApplicationContext;
  config: Config;
  db: DataSource;
  close(): Promise<void>;
}

/** The services without HTTP (as the command line uses them), on a database of this file's own; `env` adds to the configuration. */
export async function startTestContext(tree: 'empty' | 'guizhou', env: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase(tree);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.CARENET_TEST_REDIS_URL,
    CARENET_REDIS_PREFIX: testRedisPrefix(),
    ...env,
  });
  const app = await createCliContext(config);
  return {
    app,
    config,
    db: app.get(DataSource),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
