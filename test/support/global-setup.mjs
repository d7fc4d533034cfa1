/**
 * Once per test run: Postgres and Redis found or started exactly as `npm start`
 * does (DATABASE_URL / REDIS_URL, else the local ports, else embedded servers
 * with their data under .data/test), then two migrated template databases
 * that test files clone: an empty tree, and Guizhou's real tree (province 52).
 * Everything made here carries the run's id; the teardown removes exactly that.
 *
 * Plain JavaScript on the compiled code (npm test builds first): Jest loads
 * global setup outside its ESM module system.
 */
import { randomBytes } from 'node:crypto';
import { ensurePostgres, ensureRedis } from '../../dist/libs/runtime/src/index.js';
import { createDataSource, ensureAppRole, ensureDatabase, migrate } from '../../dist/libs/database/src/index.js';
import { keptSecret } from '../../dist/libs/core/src/index.js';
import { DivisionImportService } from '../../dist/libs/admin-tree/src/division-import.service.js';
import { DivisionImportRepository } from '../../dist/libs/admin-tree/src/division-import.repository.js';

export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const log = (m) => process.stderr.write(`[test setup] ${m}\n`);
  const dataDir = '.data/test';
  const pg = await ensurePostgres({ databaseUrl: process.env.DATABASE_URL, dataDir, database: 'postgres', log });
  const redis = await ensureRedis({ redisUrl: process.env.REDIS_URL, dataDir, log });
  globalThis.__carenetServices = [redis, pg];

  const templateUrl = (suffix) => {
    const u = new URL(pg.url);
    u.pathname = `/carenet_test_${runId}_${suffix}`;
    return u.toString();
  };
  const empty = templateUrl('tpl');
  await ensureDatabase(empty);
  await migrate(empty);
  // the API and the worker of the tests connect as the application role, as in production
  const appPassword = keptSecret(dataDir, 'db-app-password');
  await ensureAppRole(empty, appPassword);

  const guizhou = templateUrl('tpl52');
  await ensureDatabase(guizhou, new URL(empty).pathname.slice(1));
  const ds = createDataSource({ url: guizhou, poolSize: 2 });
  await ds.initialize();
  try {
    await new DivisionImportService(new DivisionImportRepository(ds)).importDivisions({ province: '52', actor: 'test-setup' });
  } finally {
    await ds.destroy();
  }

  process.env.CARENET_TEST_RUN_ID = runId;
  process.env.CARENET_TEST_TEMPLATE_URL = empty;
  process.env.CARENET_TEST_GUIZHOU_TEMPLATE_URL = guizhou;
  process.env.CARENET_TEST_REDIS_URL = redis.url;
  process.env.CARENET_TEST_DB_APP_PASSWORD = appPassword;
  process.env.TZ = 'UTC';
}
