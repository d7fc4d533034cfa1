import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, JWT_SECRET_FILE, SECRETS_DIR, keptSecret, loadConfig } from './config.js';

describe('loadConfig', () => {
  let dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'carenet-config-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });

  it('has working defaults for development', () => {
    const c = loadConfig({ CARENET_DATA_DIR: dataDir() });
    expect(c).toMatchObject({ nodeEnv: 'development', port: 3000, logLevel: 'info', redisPrefix: 'carenet', trustProxy: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
  });

  it('has no default JWT secret: without JWT_SECRET each data directory gets its own random one, kept for the next start, readable by its owner only', () => {
    const one = dataDir();
    const first = loadConfig({ CARENET_DATA_DIR: one }).jwtSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ CARENET_DATA_DIR: one }).jwtSecret).toBe(first);
    expect(readFileSync(path.join(one, SECRETS_DIR, JWT_SECRET_FILE), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(one, SECRETS_DIR, JWT_SECRET_FILE)).mode & 0o077).toBe(0);
    const other = loadConfig({ CARENET_DATA_DIR: dataDir() }).jwtSecret;
    expect(other).toMatch(/^[0-9a-f]{64}$/);
    expect(other).not.toBe(first);
    expect(first).not.toBe('carenet-development-secret-not-for-production-use');
    expect(loadConfig({ CARENET_DATA_DIR: one, JWT_SECRET: 'y'.repeat(40) }).jwtSecret).toBe('y'.repeat(40));
  });

  it('keeps secrets in a directory of their own (mode 700) and leaves the data directory passable for the embedded cluster\'s user', () => {
    const fresh = path.join(dataDir(), 'data');
    loadConfig({ CARENET_DATA_DIR: fresh });
    expect(statSync(path.join(fresh, SECRETS_DIR)).mode & 0o777).toBe(0o700);
    expect(statSync(fresh).mode & 0o011).toBe(0o011);
  });

  it('moves a secret kept by an older version directly in the data directory, keeping its value, and opens the directory it had closed', () => {
    const old = dataDir();
    chmodSync(old, 0o700);
    writeFileSync(path.join(old, JWT_SECRET_FILE), `${'a'.repeat(64)}\n`, { mode: 0o600 });
    writeFileSync(path.join(old, 'db-app-password'), `${'b'.repeat(64)}\n`, { mode: 0o600 });
    expect(loadConfig({ CARENET_DATA_DIR: old }).jwtSecret).toBe('a'.repeat(64));
    expect(keptSecret(old, 'db-app-password')).toBe('b'.repeat(64));
    expect(existsSync(path.join(old, JWT_SECRET_FILE))).toBe(false);
    expect(existsSync(path.join(old, 'db-app-password'))).toBe(false);
    expect(readFileSync(path.join(old, SECRETS_DIR, 'db-app-password'), 'utf8').trim()).toBe('b'.repeat(64));
    expect(statSync(old).mode & 0o777).toBe(0o755);
  });

  it('names the variable when no secret can be kept', () => {
    const file = path.join(dataDir(), 'a-file');
    writeFileSync(file, '');
    expect(() => loadConfig({ CARENET_DATA_DIR: file })).toThrow(/JWT_SECRET: not set, and no secret could be kept in CARENET_DATA_DIR/);
  });

  it.each([
    [{ PORT: 'abc' }, "PORT: must be an integer from 1 to 65535, got 'abc'"],
    [{ PORT: '70000' }, 'PORT: must be an integer from 1 to 65535'],
    [{ PORT: '3.5' }, 'PORT: must be an integer'],
    [{ DATABASE_URL: 'not a url' }, "DATABASE_URL: must be a URL such as postgres://host:port/…, got 'not a url'"],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL: must start with postgres: or postgresql://'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL: must start with redis: or rediss://'],
    [{ DATABASE_REPLICA_URL: 'redis://x' }, 'DATABASE_REPLICA_URL: must start with postgres: or postgresql://'],
    [{ DATABASE_REPLICA_TIMEOUT_MS: '5' }, "DATABASE_REPLICA_TIMEOUT_MS: milliseconds from 10 to 60000, got '5'"],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1' }, "REDIS_CLUSTER_NODES: each node must be host:port (port 1-65535), separated by commas; not understood: '127.0.0.1'"],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:7000,h:70000' }, "REDIS_CLUSTER_NODES: each node must be host:port (port 1-65535), separated by commas; not understood: 'h:70000'"],
    [{ REDIS_CLUSTER_NODES: ' , ' }, 'REDIS_CLUSTER_NODES: at least one host:port of the cluster'],
    [{ LOG_LEVEL: 'loud' }, "LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'"],
    [{ NODE_ENV: 'staging' }, "NODE_ENV: must be one of development, test, production, got 'staging'"],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET: required when NODE_ENV=production'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET: must be at least 32 characters'],
    [{ CARENET_REDIS_PREFIX: 'a b' }, 'CARENET_REDIS_PREFIX: letters, digits'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, 'CARENET_DATA_KEY: required when NODE_ENV=production'],
    [{ CARENET_DATA_KEY: 'abc' }, 'CARENET_DATA_KEY: key 1 must be 32 bytes'],
    [{ CARENET_DATA_KEY: `k1:${'a'.repeat(64)},k2:${'0'.repeat(63)}` }, 'CARENET_DATA_KEY: key 2 must be 32 bytes'],
    [{ CARENET_DATA_KEY: `k1:${'a'.repeat(64)},k1:${'b'.repeat(64)}` }, "CARENET_DATA_KEY: key id 'k1' appears twice"],
    [{ CARENET_TRUST_PROXY: 'yes' }, "CARENET_TRUST_PROXY: a number of proxy hops (1-9), or addresses, CIDR ranges and loopback/linklocal/uniquelocal separated by commas; not understood: 'yes'"],
    [{ CARENET_TRUST_PROXY: '10.0.0.0/33' }, "CARENET_TRUST_PROXY: a number of proxy hops (1-9)"],
    [{ CARENET_TRUST_PROXY: 'loopback, 300.1.1.1' }, "CARENET_TRUST_PROXY: a number of proxy hops (1-9), or addresses, CIDR ranges and loopback/linklocal/uniquelocal separated by commas; not understood: '300.1.1.1'"],
  ])('rejects %j naming the variable and the rule', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as ConfigError).problems.some((p) => p.startsWith(message))).toBe(true);
    }
  });

  it.each([
    ['', false],
    ['2', 2],
    ['loopback', 'loopback'],
    ['loopback, 10.0.0.0/8, 192.168.1.9, fd00::/8', 'loopback,10.0.0.0/8,192.168.1.9,fd00::/8'],
  ])('takes CARENET_TRUST_PROXY=%j as %j', (raw, expected) => {
    expect(loadConfig({ CARENET_DATA_DIR: dataDir(), CARENET_TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['127.0.0.1', ['127.0.0.1']],
    ['127.0.0.1, localhost', ['127.0.0.1', 'localhost']],
    ['Hooks.Internal., 0x7f000001, 127.1', ['hooks.internal', '127.0.0.1']],
    ['::1, [fd00::7]', ['[::1]', '[fd00::7]']],
  ])('takes CARENET_WEBHOOK_ALLOW_HOSTS=%j as %j', (raw, expected) => {
    expect(loadConfig({ CARENET_DATA_DIR: dataDir(), CARENET_WEBHOOK_ALLOW_HOSTS: raw }).webhookAllowHosts).toEqual(expected);
  });

  it.each(['127.0.0.1:8080', 'http://hooks.internal', '*.internal', 'user@host', '10.0.0.0/8', '999.1.1.1'])('refuses CARENET_WEBHOOK_ALLOW_HOSTS=%j, naming it', (raw) => {
    expect(() => loadConfig({ CARENET_DATA_DIR: dataDir(), CARENET_WEBHOOK_ALLOW_HOSTS: `localhost,${raw}` })).toThrow(
      new RegExp(`CARENET_WEBHOOK_ALLOW_HOSTS: host names or IP addresses .*not understood: '${raw.replace(/[.*]/g, '\\$&')}'`),
    );
  });

  it.each([
    ['127.0.0.1:7000', [{ host: '127.0.0.1', port: 7000 }]],
    ['redis://a.example:7000, b:7001/', [{ host: 'a.example', port: 7000 }, { host: 'b', port: 7001 }]],
    ['[::1]:7002', [{ host: '::1', port: 7002 }]],
  ])('takes REDIS_CLUSTER_NODES=%j as %j', (raw, expected) => {
    expect(loadConfig({ CARENET_DATA_DIR: dataDir(), REDIS_CLUSTER_NODES: raw }).redisClusterNodes).toEqual(expected);
  });

  it.each([
    [undefined, 1],
    ['0', 0],
    ['0.01', 0.01],
    ['.5', 0.5],
    ['1', 1],
  ])('takes CARENET_ACCESS_LOG_SAMPLE=%j as %j', (raw, expected) => {
    expect(loadConfig({ CARENET_DATA_DIR: dataDir(), CARENET_ACCESS_LOG_SAMPLE: raw }).accessLogSample).toBe(expected);
  });

  it.each(['2', '-0.1', '1.5', 'half', '1e-2'])('refuses CARENET_ACCESS_LOG_SAMPLE=%j, naming it', (raw) => {
    expect(() => loadConfig({ CARENET_DATA_DIR: dataDir(), CARENET_ACCESS_LOG_SAMPLE: raw })).toThrow(/CARENET_ACCESS_LOG_SAMPLE: a share from 0 to 1/);
  });

  it('reports every bad value at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y', REDIS_URL: 'z' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(3);
    }
  });

  it('accepts a complete production configuration', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/carenet',
      REDIS_URL: 'redis://redis:6379',
      PORT: '8080',
      JWT_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'WARN',
      CARENET_DATA_KEY: `2026a:${'ab'.repeat(32)},${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(c.dataKeys!.map((k) => k.id)).toEqual(['2026a', expect.stringMatching(/^[0-9a-f]{8}$/)]);
    expect(c.dataKeys![0]!.key).toEqual(Buffer.alloc(32, 0xab));
    expect(c).toMatchObject({ nodeEnv: 'production', port: 8080, logLevel: 'warn', databaseUrl: 'postgres://u:p@db:5432/carenet' });
  });
});
