import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig } from '@carenet/core';
import { ensurePostgres, ensureRedis, LocalServiceError, portAnswers } from '@carenet/runtime';

/** A port nothing listens on (the OS hands out a free one, which is then closed). */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const log = () => undefined;

describe('the embedded defaults of npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'carenet-local-'));
    chmodSync(dataDir, 0o755); // Postgres runs as its own user when the tests run as root
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses the URL it is given without probing anything', async () => {
    const pgService = await ensurePostgres({ databaseUrl: 'postgres://u@db.example:5432/x', dataDir, database: 'x', log });
    expect(pgService).toMatchObject({ url: 'postgres://u@db.example:5432/x', origin: 'configured' });
    const redis = await ensureRedis({ redisUrl: 'redis://cache.example:6379', dataDir, log });
    expect(redis).toMatchObject({ origin: 'configured' });
  });

  it('starts redis-server with AOF on and noeviction when nothing answers, and stops it', async () => {
    const [localPort, embeddedPort] = [await freePort(), await freePort()];
    const redis = await ensureRedis({ dataDir, log, localPort, embeddedPort });
    expect(redis).toMatchObject({ origin: 'embedded', url: `redis://127.0.0.1:${embeddedPort}` });
    const client = new Redis(redis.url);
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await client.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);
    } finally {
      client.disconnect();
    }
    await redis.stop();
    expect(await portAnswers('127.0.0.1', embeddedPort)).toBe(false);
  });

  it('says in one line what to install or set when there is no redis-server', async () => {
    const attempt = ensureRedis({ dataDir, log, localPort: await freePort(), embeddedPort: await freePort(), searchPath: '/nonexistent' });
    await expect(attempt).rejects.toThrow(LocalServiceError);
    await expect(attempt).rejects.toThrow(/redis-server is not on PATH\. Install Redis 7 \(apt-get install redis-server\) or set REDIS_URL=/);
  });

  it('starts an embedded Postgres when nothing answers, keeps its data, and stops it', async () => {
    const [localPort, embeddedPort] = [await freePort(), await freePort()];
    const started = await ensurePostgres({ dataDir, database: 'postgres', log, localPort, embeddedPort });
    expect(started).toMatchObject({ origin: 'embedded' });
    expect(new URL(started.url).port).toBe(String(embeddedPort));
    const client = new pg.Client({ connectionString: started.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT current_setting('server_version_num')::int >= 150000 AS ok`);
      expect(rows[0].ok).toBe(true);
      await client.query('CREATE TABLE kept (x int)');
    } finally {
      await client.end();
    }
    await started.stop();
    expect(await portAnswers('127.0.0.1', embeddedPort)).toBe(false);

    // a second start reuses the cluster and its data
    const again = await ensurePostgres({ dataDir, database: 'postgres', log, localPort, embeddedPort });
    const c2 = new pg.Client({ connectionString: again.url });
    await c2.connect();
    try {
      expect((await c2.query(`SELECT to_regclass('kept') IS NOT NULL AS kept`)).rows[0].kept).toBe(true);
    } finally {
      await c2.end();
      await again.stop();
    }
  }, 120_000);

  it.each([
    ['a fresh checkout', (_dir: string) => undefined],
    [
      'a data directory an older version closed (mode 700) to keep its JWT secret in',
      (dir: string) => {
        mkdirSync(dir, { mode: 0o700 });
        chmodSync(dir, 0o700);
        writeFileSync(path.join(dir, 'jwt-secret'), `${'c'.repeat(64)}\n`, { mode: 0o600 });
      },
    ],
  ])('creates the embedded cluster in the data directory npm start prepared, as %s', async (_what, before) => {
    // the checkout is readable by others, as a clone is; the data directory is whatever the start made of it
    const checkout = mkdtempSync(path.join(os.tmpdir(), 'carenet-checkout-'));
    chmodSync(checkout, 0o755);
    const dir = path.join(checkout, '.data');
    try {
      before(dir);
      loadConfig({ CARENET_DATA_DIR: dir }); // keeps the JWT secret first, as npm start does
      const [localPort, embeddedPort] = [await freePort(), await freePort()];
      const started = await ensurePostgres({ dataDir: dir, database: 'postgres', log, localPort, embeddedPort });
      try {
        const client = new pg.Client({ connectionString: started.url });
        await client.connect();
        await client.end();
      } finally {
        await started.stop();
      }
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  }, 120_000);

  it('creates the embedded cluster as a normal user too (a user of its own, made for the test)', async () => {
    const tools = ['useradd', 'userdel', 'runuser'].every((t) => spawnSync('/bin/sh', ['-c', `command -v ${t}`]).status === 0);
    if (os.userInfo().uid !== 0 || !tools) {
      console.warn('SKIPPED: the embedded Postgres as a normal user needs root with useradd, userdel and runuser to make one');
      return;
    }
    const name = `carenet${process.pid}`;
    expect(spawnSync('useradd', ['-M', name]).status).toBe(0);
    const home = mkdtempSync(path.join(os.tmpdir(), 'carenet-user-'));
    try {
      const { uid } = JSON.parse(spawnSync('/bin/sh', ['-c', `printf '{"uid":%s}' "$(id -u ${name})"`], { encoding: 'utf8' }).stdout);
      chownSync(home, uid, uid);
      const script = path.join(home, 'start.mjs');
      writeFileSync(
        script,
        `const core = await import(${JSON.stringify(path.resolve('dist/libs/core/src/index.js'))});
const rt = await import(${JSON.stringify(path.resolve('dist/libs/runtime/src/index.js'))});
const dir = ${JSON.stringify(path.join(home, '.data'))};
core.loadConfig({ CARENET_DATA_DIR: dir });
const [localPort, embeddedPort] = process.argv.slice(2).map(Number);
const pg = await rt.ensurePostgres({ dataDir: dir, database: 'postgres', log: () => undefined, localPort, embeddedPort });
console.log('up as ' + process.getuid());
await pg.stop();
`,
      );
      const [localPort, embeddedPort] = [await freePort(), await freePort()];
      const run = spawnSync('runuser', ['-u', name, '--', process.execPath, script, String(localPort), String(embeddedPort)], { encoding: 'utf8', timeout: 110_000 });
      expect(`${run.stdout}${run.stderr}`).toContain(`up as ${uid}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
      spawnSync('userdel', [name]);
    }
  }, 120_000);
});
