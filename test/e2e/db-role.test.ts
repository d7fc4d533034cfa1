/**
 * Finding 7: the application connects as a role that owns nothing, is no
 * superuser, and cannot empty or rewrite the audit tables (TRUNCATE, DELETE,
 * UPDATE, dropping or disabling their triggers); the owner cannot TRUNCATE
 * them either. And `db:migrate` creates a missing database, in production too.
 */
import pg from 'pg';
import { loadConfig } from '@carenet/core';
import { APP_ROLE, dropDatabase } from '@carenet/database';
import { prepareDatabase } from '../../apps/cli/src/services.js';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ tree: 'empty' });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

async function refused(sql: string): Promise<string> {
  try {
    await api.db.query(sql);
  } catch (e) {
    return (e as Error).message;
  }
  return 'ACCEPTED';
}

describe('the application database role', () => {
  it('is the application role, no superuser, owning nothing', async () => {
    const [me] = await api.db.query(`SELECT current_user AS name, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`);
    expect(me).toEqual({ name: APP_ROLE, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    const [{ owned }] = await api.db.query(`SELECT count(*)::int AS owned FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
    expect(owned).toBe(0);
  });

  it.each(['report_audit', 'admin_audit'])('cannot empty, rewrite or unguard %s', async (table) => {
    expect(await refused(`TRUNCATE ${table}`)).toMatch(/permission denied|append-only/);
    expect(await refused(`DELETE FROM ${table}`)).toMatch(/permission denied|append-only/);
    expect(await refused(`UPDATE ${table} SET actor = actor`)).toMatch(/permission denied|append-only/);
    expect(await refused(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).toMatch(/must be owner/);
    expect(await refused(`DROP TABLE ${table}`)).toMatch(/must be owner/);
    expect(await refused(`SET session_replication_role = replica`)).toMatch(/permission denied/);
  });

  it('still reads and writes the rows it works with', async () => {
    await api.db.query(`INSERT INTO admin_audit (actor, action) VALUES ('test', 'TEST_WRITE')`);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM admin_audit WHERE action = 'TEST_WRITE'`);
    expect(n).toBe(1);
  });

  it('the owner cannot TRUNCATE the report audit either (a trigger)', async () => {
    await expect(api.ownerQuery(`TRUNCATE report_audit`)).rejects.toThrow(/append-only/);
    await expect(api.ownerQuery(`TRUNCATE admin_audit`)).rejects.toThrow(/append-only/);
  });
});

describe('db:migrate', () => {
  it('creates a missing database named by DATABASE_URL, in production too', async () => {
    const url = new URL(api.ownerUrl);
    url.pathname = `/${url.pathname.slice(1, 40)}_new`;
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url.toString(), REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: 'z'.repeat(40), CARENET_DATA_KEY: 'a'.repeat(64) });
    // the role is the cluster's: keep the password the other test files connect with
    process.env.CARENET_DB_APP_PASSWORD = process.env.CARENET_TEST_DB_APP_PASSWORD;
    try {
      const service = await prepareDatabase(config, { migrate: true });
      await service.stop();
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM admin_unit`);
      await client.end();
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await dropDatabase(url.toString());
    }
  }, 120_000);
});
