import { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, loadConfig, type Config } from '@carenet/core';
import { queryCounter, type CountingTypeOrmLogger } from '@carenet/database';
import { createApi } from '../../apps/api/src/app.js';
import { createTestDatabase, testRedisPrefix } from './test-database.js';

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; reason?: string; [k: string]: unknown } }[];
  body: any;
}

export interface TestApi {
  app: NestExpressApplication;
  config: Config;
  db: DataSource;
  statements: CountingTypeOrmLogger;
  /** Every JSON log line the API wrote. */
  logs: Record<string, unknown>[];
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

/** The API as main.ts builds it, on this file's own database and Redis prefix. */
export async function startTestApi(opts: { tree?: 'empty' | 'guizhou'; redisUrl?: string; env?: Record<string, string> } = {}): Promise<TestApi> {
  const database = await createTestDatabase(opts.tree ?? 'guizhou');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: opts.redisUrl ?? process.env.CARENET_TEST_REDIS_URL,
    CARENET_REDIS_PREFIX: testRedisPrefix(),
    ...opts.env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger('info', 'api', sink);
  const app = await createApi(config, logger);
  await app.init();
  const db = app.get(DataSource);
  return {
    app,
    config,
    db,
    statements: queryCounter(db),
    logs,
    async gql(query, variables, headers = {}) {
      const res = await request(app.getHttpServer()).post('/graphql').set(headers).send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
