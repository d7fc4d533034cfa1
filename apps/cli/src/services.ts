import { ensurePostgres, ensureRedis, type LocalService } from '@carenet/runtime';
import { APP_ROLE, ensureAppRole, ensureDatabase, migrate } from '@carenet/database';
import { keptSecret, type Config } from '@carenet/core';

export const DEFAULT_DATABASE = 'carenet';

export const say = (message: string) => process.stderr.write(`${message}\n`);

/**
 * The database this command works on: DATABASE_URL, else the local server,
 * else an embedded one started for the command. It is created and migrated
 * when it is new.
 */
export async function prepareDatabase(config: Config, opts: { migrate: boolean; database?: string }): Promise<LocalService> {
  const pg = await ensurePostgres({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, database: opts.database ?? DEFAULT_DATABASE, log: say });
  try {
    // migrating creates a missing database, wherever it is; otherwise only a local or embedded one is created
    if (opts.migrate || pg.origin !== 'configured' || config.nodeEnv !== 'production') {
      if (await ensureDatabase(pg.url)) say(`Postgres: created database ${new URL(pg.url).pathname.slice(1)}`);
    }
    if (opts.migrate) {
      const applied = await migrate(pg.url);
      say(applied.length ? `Postgres: applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Postgres: schema is up to date');
      await ensureAppRole(pg.url, appRolePassword(config));
      say(`Postgres: the API and the worker connect as ${APP_ROLE}, which owns nothing and cannot empty the audit`);
    }
  } catch (e) {
    await pg.stop();
    throw e;
  }
  return pg;
}

export async function prepareRedis(config: Config): Promise<LocalService> {
  return ensureRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir, log: say });
}

/** The application role's password: CARENET_DB_APP_PASSWORD, else one generated once and kept in the data directory. */
export function appRolePassword(config: Config): string {
  const given = process.env.CARENET_DB_APP_PASSWORD?.trim();
  return given ? given : keptSecret(config.dataDir, 'db-app-password');
}

export function describe(service: LocalService, what: string): string {
  const where = new URL(service.url);
  return `${what}: ${where.hostname}:${where.port || '(default port)'}${where.pathname.length > 1 ? where.pathname : ''} (${service.origin})`;
}
