import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appRoleUrl, createDataSource, dropDatabase, ensureDatabase } from '@carenet/database';

/**
 * This test file's own database, cloned from a migrated template: an empty
 * tree, or Guizhou's. `url` is the owner's (migrations, tools), `appUrl` the
 * application role's (the API and the worker).
 */
export async function createTestDatabase(tree: 'empty' | 'guizhou' = 'empty'): Promise<{ url: string; appUrl: string; drop: () => Promise<void> }> {
  const templateUrl = tree === 'guizhou' ? process.env.CARENET_TEST_GUIZHOU_TEMPLATE_URL : process.env.CARENET_TEST_TEMPLATE_URL;
  const runId = process.env.CARENET_TEST_RUN_ID;
  if (!templateUrl || !runId) throw new Error('the test global setup did not run (use npm test)');
  const template = new URL(templateUrl).pathname.slice(1);
  const url = new URL(templateUrl);
  url.pathname = `/carenet_test_${runId}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString(), template);
  return { url: url.toString(), appUrl: appRoleUrl(url.toString(), process.env.CARENET_TEST_DB_APP_PASSWORD), drop: () => dropDatabase(url.toString()) };
}

export async function openDataSource(url: string): Promise<DataSource> {
  const ds = createDataSource({ url, poolSize: 4 });
  await ds.initialize();
  return ds;
}

/** A Redis prefix of this file's own, under the run's (the teardown removes it). */
export function testRedisPrefix(): string {
  return `carenet-test-${process.env.CARENET_TEST_RUN_ID}-${randomBytes(3).toString('hex')}`;
}
