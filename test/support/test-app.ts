import { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import pg from 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { createLogger, loadConfig, Role, type Config } from '@carenet/core';
import { AuthService } from '@carenet/auth';
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
  /** Sends with `token` when given, else with the default token (if one is set). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  /** The data of a request that must succeed; else throws with the query's start, the errors and the last error logged. */
  ok<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The codes of a unit's children (the first 100), as `token` sees them. */
  codesUnder(token: string, parentCode: string): Promise<string[]>;
  /** The owner's URL of this database (the API itself connects as the application role). */
  ownerUrl: string;
  /** A statement as the database owner (schema changes a test makes on purpose). */
  ownerQuery(sql: string, params?: unknown[]): Promise<any[]>;
  /** A token used by gql() when none is passed. */
  defaultToken?: string;
  /** Creates a user with these roles at this unit and logs in: its token. */
  tokenFor(roles: Role[], unitCode: string, username?: string): Promise<string>;
  close(): Promise<void>;
}

/** The API as main.ts builds it, on this file's own database and Redis prefix. */
export async function startTestApi(opts: { tree?: 'empty' | 'guizhou'; redisUrl?: string; env?: Record<string, string> } = {}): Promise<TestApi> {
  const database = await createTestDatabase(opts.tree ?? 'guizhou');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.appUrl,
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
  const api: TestApi = {
    app,
    config,
    db,
    statements: queryCounter(db),
    logs,
    ownerUrl: database.url,
    async ownerQuery(sql, params) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async gql(query, variables, token) {
      const bearer = token === undefined ? api.defaultToken : token;
      const req = request(app.getHttpServer()).post('/graphql');
      if (bearer) req.set('authorization', `Bearer ${bearer}`);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
    },
    async ok(token, query, variables = {}) {
      const res = await api.gql(query, variables, token);
      if (res.errors) {
        const logged = api.logs.filter((l) => l.level === 'error' || l.level === 50).slice(-1);
        throw new Error(`${query.replace(/\s+/g, ' ').slice(0, 80)}…: ${JSON.stringify(res.errors)}${logged.length ? ` ${JSON.stringify(logged)}` : ''}`);
      }
      return res.data;
    },
    async codesUnder(token, parentCode) {
      const d = await api.ok(token, `query($p: ID!) { units(parentCode: $p, first: 100) { edges { node { code } } } }`, { p: parentCode });
      return d.units.edges.map((e: { node: { code: string } }) => e.node.code);
    },
    async tokenFor(roles, unitCode, username) {
      const name = username ?? `u${randomBytes(5).toString('hex')}`;
      const password = 'correct horse battery';
      await app.get(AuthService).createUser('system', { username: name, password, roles, unitCode });
      const res = await api.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: name, p: password }, null);
      if (!res.data?.login?.token) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
      return res.data.login.token;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return api;
}
