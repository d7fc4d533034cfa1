import pg from 'pg';
import { Redis } from 'ioredis';

/** Drops what this run made (its databases, its Redis keys), then stops services it started. */
export default async function globalTeardown() {
  const runId = process.env.CARENET_TEST_RUN_ID;
  const templateUrl = process.env.CARENET_TEST_TEMPLATE_URL;
  if (runId && templateUrl) {
    const admin = new URL(templateUrl);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`carenet_test_${runId}_%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
    const redisUrl = process.env.CARENET_TEST_REDIS_URL;
    if (redisUrl) {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      try {
        for (const pattern of [`{carenet-test-${runId}*`, `carenet-test-${runId}*`]) {
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            cursor = next;
            if (keys.length) await redis.del(...keys);
          } while (cursor !== '0');
        }
      } finally {
        redis.disconnect();
      }
    }
  }
  for (const service of globalThis.__carenetServices ?? []) await service.stop();
}
