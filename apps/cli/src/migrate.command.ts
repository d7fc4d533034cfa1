import { loadConfig } from '@carenet/core';
import { prepareDatabase } from './services.js';

export const MIGRATE_HELP = `npm run db:migrate — create the database if needed and apply pending migrations.

Uses DATABASE_URL, else the local Postgres on 127.0.0.1:5432, else the embedded one.`;

export async function migrateCommand(): Promise<void> {
  const pg = await prepareDatabase(loadConfig(), { migrate: true });
  await pg.stop();
}
