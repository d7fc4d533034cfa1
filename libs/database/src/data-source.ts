import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { MIGRATIONS } from '../../../migrations/index.js';
import { CountingTypeOrmLogger } from './query-counter.js';

// int8 (bigint, count(*), sum of integers) as a JS number: every figure carenet
// keeps fits within 2^53 − 1 (docs/api.md's SafeInt), and the sum columns are checked.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// date columns stay 'YYYY-MM-DD' strings: months are calendar facts, not instants.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DataSourceSettings {
  url: string;
  logger?: Logger;
  poolSize?: number;
  entities?: DataSourceOptions['entities'];
  applicationName?: string;
  /** How long a query waits for a free connection before failing (default 2 s). */
  connectionTimeoutMillis?: number;
}

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions & { type: 'postgres' } {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new CountingTypeOrmLogger(settings.logger),
    maxQueryExecutionTime: 1000,
    applicationName: settings.applicationName ?? 'carenet',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: settings.connectionTimeoutMillis ?? 2000,
      statement_timeout: 60_000,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}

/** The statement counter of a data source made by createDataSource. */
export function queryCounter(dataSource: DataSource): CountingTypeOrmLogger {
  const logger = dataSource.logger;
  if (!(logger instanceof CountingTypeOrmLogger)) throw new Error('data source was not made by createDataSource');
  return logger;
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new Error(`DATABASE_URL: the database name must be letters, digits, '_' or '-', got '${name}'`);
  }
  return name;
}

function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** Creates the database named in the URL when it does not exist (or from a template). */
export async function ensureDatabase(url: string, template?: string): Promise<boolean> {
  const name = databaseName(url);
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    const from = template ? ` TEMPLATE "${databaseName(`postgres://x/${template}`)}"` : '';
    try {
      await client.query(`CREATE DATABASE "${name}"${from} ENCODING 'UTF8'`);
    } catch (e) {
      // another process created it between the check and the create
      if ((e as { code?: string }).code !== '42P04') throw e;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(url: string, logger?: Logger): Promise<string[]> {
  const ds = createDataSource({ url, logger, poolSize: 2, applicationName: 'carenet-migrate' });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
