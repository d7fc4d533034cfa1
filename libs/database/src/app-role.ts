import pg from 'pg';

/**
 * The role the API and the worker connect as. It owns nothing: it reads and
 * writes rows, but cannot change the schema, drop or disable a trigger, or
 * TRUNCATE (no table grants it that). The audit tables refuse UPDATE, DELETE
 * and TRUNCATE by trigger, and a role that owns nothing cannot drop or
 * disable a trigger, so the refusal (with its message, "append-only") holds
 * for the application. Migrations run as the owner (DATABASE_URL of
 * `db:migrate`).
 */
export const APP_ROLE = 'carenet_app';

/** The URL of the same database as the application role. */
export function appRoleUrl(ownerUrl: string, password?: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = password ? encodeURIComponent(password) : '';
  return u.toString();
}

/**
 * As the owner: creates the application role when missing (setting its
 * password when one is given) and grants it what it needs on every table
 * and sequence there is now; run after each migration. Returns its URL.
 */
export async function ensureAppRole(ownerUrl: string, password?: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const db = (await client.query(`SELECT current_database() AS db`)).rows[0].db as string;
    const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
    const exists = (await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [APP_ROLE])).rowCount;
    if (!exists) {
      try {
        await client.query(`CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
      } catch (e) {
        // created meanwhile by a concurrent run
        if ((e as { code?: string }).code !== '42710') throw e;
      }
    }
    if (password) await client.query(`ALTER ROLE ${APP_ROLE} PASSWORD ${client.escapeLiteral(password)}`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quote(db)} TO ${APP_ROLE}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await client.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
  } finally {
    await client.end();
  }
  return appRoleUrl(ownerUrl, password);
}
