import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/**
 * Configuration is read once from the environment and validated as a whole:
 * every bad value is reported, each with the variable's name, the rule and
 * what to do, before anything starts.
 */
import { createHash } from 'node:crypto';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: NodeEnv;
  /** Absent: the local defaults are probed, or embedded services started (see @carenet/runtime). */
  databaseUrl?: string;
  /**
   * A streaming replica of DATABASE_URL's database (DATABASE_REPLICA_URL),
   * for the statistics reads when it has replayed what the client has seen
   * (see @carenet/database's ReplicaReads). Absent: every read goes to the primary.
   */
  databaseReplicaUrl?: string;
  /**
   * How long the replica may take to connect and say how far it has replayed
   * (DATABASE_REPLICA_TIMEOUT_MS, default 500) before a read goes to the primary.
   */
  databaseReplicaTimeoutMs: number;
  redisUrl?: string;
  /**
   * The seed nodes of a Redis Cluster (REDIS_CLUSTER_NODES, `host:port,…`).
   * When set, every Redis client is a cluster client and REDIS_URL is not used.
   */
  redisClusterNodes?: RedisNode[];
  port: number;
  jwtSecret: string;
  logLevel: LogLevel;
  /** Where embedded services keep their data. */
  dataDir: string;
  /** Prefix of every Redis key carenet writes (BullMQ queues, limits). */
  redisPrefix: string;
  /** GraphQL requests per minute per user (API keys carry their own quota), counted in Redis. */
  rateLimitPerMinute: number;
  /**
   * Look-ups of children's ID numbers per user and hour (CARENET_ID_LOOKUPS_PER_HOUR,
   * default 100): childByIdNumber, and each ID number an import checks without
   * opening a file for it. Counted in Redis; each one logged.
   */
  idLookupsPerHour: number;
  /**
   * How long an API process keeps a token's user (or an API key) after looking it up
   * (CARENET_ACTOR_CACHE_SECONDS, default 5, 0: never kept). A change to the user or
   * key (disabled, roles, unit, password, revoked) or to the tree drops it at once in
   * every process; the time bounds what a lost change notice can leave behind.
   */
  actorCacheSeconds: number;
  /**
   * Share of the API's ordinary answers written to the access log
   * (CARENET_ACCESS_LOG_SAMPLE, 0 to 1, default 1: every one). Errors,
   * refusals, slow and aborted requests, and requests carrying their own
   * X-Request-Id are always written.
   */
  accessLogSample: number;
  /**
   * Keys that encrypt personal data at rest (CARENET_DATA_KEY), the first one
   * current, the others kept to read what they encrypted. Null when none is
   * set, which only development and tests allow (see @carenet/registry).
   */
  dataKeys: DataKey[] | null;
  /**
   * Which proxies in front of the API are believed about the client's address
   * (X-Forwarded-For), as Express's `trust proxy` takes it: a number of hops,
   * or addresses, CIDR ranges and `loopback`/`linklocal`/`uniquelocal`. False
   * (the default): the address is the socket's, and the header is ignored, so
   * a client cannot pick an address to escape the login budget.
   */
  trustProxy: number | string | false;
  /**
   * Hosts that webhooks may be posted to although they are not public
   * (CARENET_WEBHOOK_ALLOW_HOSTS): names or addresses exactly as webhook URLs
   * write them, normalised as the URL parser does. Empty (the default): every
   * webhook must be on a public address (see webhook-address.ts).
   */
  webhookAllowHosts: string[];
}

export interface RedisNode {
  host: string;
  port: number;
}

/** REDIS_CLUSTER_NODES: `host:port` (or `redis://host:port`) separated by commas, at least one. */
export function parseRedisNodes(raw: string, problems: string[]): RedisNode[] {
  const nodes: RedisNode[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(?:redis:\/\/)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(part);
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535) {
      problems.push(`REDIS_CLUSTER_NODES: each node must be host:port (port 1-65535), separated by commas; not understood: '${part.slice(0, 80)}'`);
      continue;
    }
    nodes.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port });
  }
  if (nodes.length === 0 && problems.every((p) => !p.startsWith('REDIS_CLUSTER_NODES'))) {
    problems.push('REDIS_CLUSTER_NODES: at least one host:port of the cluster, e.g. 10.0.0.1:7000,10.0.0.2:7000');
  }
  return nodes;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** CARENET_TRUST_PROXY: `1`–`9` hops, or a comma list of addresses, CIDR ranges and the names above. */
export function parseTrustProxy(raw: string | undefined, problems: string[]): number | string | false {
  if (raw === undefined || raw.trim() === '') return false;
  const text = raw.trim();
  if (/^[1-9]$/.test(text)) return Number(text);
  const parts = text.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => {
    if (PROXY_NAMES.includes(p)) return false;
    const [address, bits, ...rest] = p.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return true;
    return bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0) {
    problems.push(
      `CARENET_TRUST_PROXY: a number of proxy hops (1-9), or addresses, CIDR ranges and ${PROXY_NAMES.join('/')} separated by commas; not understood: '${bad.join("', '")}'`,
    );
    return false;
  }
  return parts.join(',');
}

/**
 * CARENET_WEBHOOK_ALLOW_HOSTS: host names or IP addresses (IPv6 with or
 * without brackets), comma-separated; no ports, paths, credentials or
 * wildcards. Each is kept as a URL's host reads (`LOCALHOST.` as `localhost`,
 * `::1` as `[::1]`, `127.1` as `127.0.0.1`).
 */
export function parseWebhookAllowHosts(raw: string | undefined, problems: string[]): string[] {
  const hosts: string[] = [];
  const bad: string[] = [];
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const bare = part.replace(/^\[|\]$/g, '');
    let host: string | null = null;
    if (isIP(bare) === 6) host = new URL(`http://[${bare}]/`).hostname;
    else if (/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9.])?$/.test(part)) {
      try {
        host = new URL(`http://${part}/`).hostname.replace(/\.$/, '');
      } catch {
        host = null;
      }
    }
    if (host === null) bad.push(part.slice(0, 80));
    else if (!hosts.includes(host)) hosts.push(host);
  }
  if (bad.length > 0) {
    problems.push(
      `CARENET_WEBHOOK_ALLOW_HOSTS: host names or IP addresses as webhook URLs write them, comma-separated (no ports, paths or wildcards), e.g. hooks.internal,10.0.0.7; not understood: '${bad.join("', '")}'`,
    );
  }
  return hosts;
}

/** An AES-256 key and the id stored beside what it encrypted, so keys can be rotated. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * CARENET_DATA_KEY: one or more comma-separated keys, each `id:key` or a bare
 * key, where a key is 32 bytes as 64 hex digits or base64. A bare key's id is
 * the first 8 hex digits of its SHA-256. The first key encrypts; the others
 * only decrypt (rotation).
 */
export function parseDataKeys(raw: string, problems: string[]): DataKey[] {
  const keys: DataKey[] = [];
  for (const [i, part] of raw.split(',').map((p) => p.trim()).entries()) {
    const m = /^(?:([A-Za-z0-9_-]{1,32}):)?(.+)$/.exec(part);
    const text = m?.[2] ?? '';
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : null;
    if (!key || key.length !== 32) {
      problems.push(`CARENET_DATA_KEY: key ${i + 1} must be 32 bytes as 64 hex digits or base64, optionally prefixed 'id:' (try: openssl rand -hex 32)`);
      continue;
    }
    const id = m?.[1] ?? createHash('sha256').update(key).digest('hex').slice(0, 8);
    if (keys.some((k) => k.id === id)) problems.push(`CARENET_DATA_KEY: key id '${id}' appears twice`);
    keys.push({ id, key });
  }
  return keys;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'test', 'production'];
const MIN_SECRET_LENGTH = 32;
/** Where a generated JWT secret is kept, inside the data directory's secrets directory. */
export const JWT_SECRET_FILE = 'jwt-secret';
/**
 * The data directory's own directory for secrets (mode 700). The data directory
 * itself stays traversable, because the embedded Postgres cluster under it may run
 * as another user (the `postgres` user when started by root).
 */
export const SECRETS_DIR = 'secrets';

/**
 * The JWT secret of an instance that was given none (development): made once
 * from 32 random bytes and kept, readable by its owner only, in the data
 * directory's secrets directory, so tokens outlive a restart and no two
 * instances share one. Several processes starting at once agree: the file
 * appears atomically (written aside, then linked into place; the first link
 * wins). A secret kept by an older version directly in the data directory is
 * moved into the secrets directory.
 */
export function keptSecret(dataDir: string, file = JWT_SECRET_FILE): string {
  const secrets = path.resolve(dataDir, SECRETS_DIR);
  const target = path.join(secrets, file);
  try {
    return readFileSync(target, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(path.resolve(dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const legacy = path.resolve(dataDir, file);
  if (existsSync(legacy)) {
    try {
      linkSync(legacy, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    rmSync(legacy, { force: true });
    openDataDir(dataDir);
    return readFileSync(target, 'utf8').trim();
  }
  const aside = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(aside);
  }
  return readFileSync(target, 'utf8').trim();
}

/**
 * Older versions made the data directory mode 700 to guard the secret kept in it;
 * once the secrets have moved out, let other users (the embedded cluster's) pass through.
 */
function openDataDir(dataDir: string): void {
  try {
    const st = statSync(dataDir);
    if ((st.mode & 0o777) === 0o700 && st.uid === process.getuid?.()) chmodSync(dataDir, 0o755);
  } catch {
    // not ours to change: leave it
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function checkUrl(name: string, value: string, protocols: string[], problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: must be a URL such as ${protocols[0]}//host:port/…, got '${value}'`);
    return undefined;
  }
  if (!protocols.includes(url.protocol)) {
    problems.push(`${name}: must start with ${protocols.join(' or ')}//, got '${url.protocol}//'`);
    return undefined;
  }
  return value;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const blank = (v: string | undefined) => v === undefined || v.trim() === '';

  let nodeEnv: NodeEnv = 'development';
  if (!blank(env.NODE_ENV)) {
    const v = env.NODE_ENV!.trim() as NodeEnv;
    if (NODE_ENVS.includes(v)) nodeEnv = v;
    else problems.push(`NODE_ENV: must be one of ${NODE_ENVS.join(', ')}, got '${env.NODE_ENV}'`);
  }

  const databaseUrl = blank(env.DATABASE_URL)
    ? undefined
    : checkUrl('DATABASE_URL', env.DATABASE_URL!.trim(), ['postgres:', 'postgresql:'], problems);
  const databaseReplicaUrl = blank(env.DATABASE_REPLICA_URL)
    ? undefined
    : checkUrl('DATABASE_REPLICA_URL', env.DATABASE_REPLICA_URL!.trim(), ['postgres:', 'postgresql:'], problems);
  let databaseReplicaTimeoutMs = 500;
  if (!blank(env.DATABASE_REPLICA_TIMEOUT_MS)) {
    const raw = env.DATABASE_REPLICA_TIMEOUT_MS!.trim();
    if (/^\d{1,6}$/.test(raw) && Number(raw) >= 10 && Number(raw) <= 60_000) databaseReplicaTimeoutMs = Number(raw);
    else problems.push(`DATABASE_REPLICA_TIMEOUT_MS: milliseconds from 10 to 60000, got '${raw}'`);
  }
  const redisUrl = blank(env.REDIS_URL)
    ? undefined
    : checkUrl('REDIS_URL', env.REDIS_URL!.trim(), ['redis:', 'rediss:'], problems);
  const redisClusterNodes = blank(env.REDIS_CLUSTER_NODES) ? undefined : parseRedisNodes(env.REDIS_CLUSTER_NODES!, problems);

  let port = 3000;
  if (!blank(env.PORT)) {
    const raw = env.PORT!.trim();
    const n = Number(raw);
    if (/^\d+$/.test(raw) && n >= 1 && n <= 65535) port = n;
    else problems.push(`PORT: must be an integer from 1 to 65535, got '${env.PORT}'`);
  }

  let logLevel: LogLevel = nodeEnv === 'test' ? 'silent' : 'info';
  if (!blank(env.LOG_LEVEL)) {
    const v = env.LOG_LEVEL!.trim().toLowerCase() as LogLevel;
    if (LOG_LEVELS.includes(v)) logLevel = v;
    else problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}, got '${env.LOG_LEVEL}'`);
  }

  let jwtSecret = '';
  if (!blank(env.JWT_SECRET)) {
    jwtSecret = env.JWT_SECRET!;
    if (jwtSecret.length < MIN_SECRET_LENGTH) {
      problems.push(`JWT_SECRET: must be at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -hex 32), got ${jwtSecret.length}`);
    }
  } else if (nodeEnv === 'production') {
    problems.push('JWT_SECRET: required when NODE_ENV=production (try: openssl rand -hex 32)');
  }

  const redisPrefix = blank(env.CARENET_REDIS_PREFIX) ? 'carenet' : env.CARENET_REDIS_PREFIX!.trim();
  if (!/^[A-Za-z0-9:_-]{1,64}$/.test(redisPrefix)) {
    problems.push(`CARENET_REDIS_PREFIX: letters, digits, ':', '_' or '-' only (at most 64), got '${redisPrefix}'`);
  }

  let rateLimitPerMinute = 600;
  if (!blank(env.CARENET_RATE_LIMIT_PER_MINUTE)) {
    const raw = env.CARENET_RATE_LIMIT_PER_MINUTE!.trim();
    if (/^\d{1,9}$/.test(raw) && Number(raw) > 0) rateLimitPerMinute = Number(raw);
    else problems.push(`CARENET_RATE_LIMIT_PER_MINUTE: a whole number above 0, got '${raw}'`);
  }

  let idLookupsPerHour = 100;
  if (!blank(env.CARENET_ID_LOOKUPS_PER_HOUR)) {
    const raw = env.CARENET_ID_LOOKUPS_PER_HOUR!.trim();
    if (/^\d{1,7}$/.test(raw) && Number(raw) > 0) idLookupsPerHour = Number(raw);
    else problems.push(`CARENET_ID_LOOKUPS_PER_HOUR: a whole number above 0, got '${raw}'`);
  }

  let actorCacheSeconds = 5;
  if (!blank(env.CARENET_ACTOR_CACHE_SECONDS)) {
    const raw = env.CARENET_ACTOR_CACHE_SECONDS!.trim();
    if (/^\d{1,4}$/.test(raw) && Number(raw) <= 3600) actorCacheSeconds = Number(raw);
    else problems.push(`CARENET_ACTOR_CACHE_SECONDS: a whole number from 0 to 3600, got '${raw}'`);
  }

  let accessLogSample = 1;
  if (!blank(env.CARENET_ACCESS_LOG_SAMPLE)) {
    const raw = env.CARENET_ACCESS_LOG_SAMPLE!.trim();
    if (/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/.test(raw)) accessLogSample = Number(raw);
    else problems.push(`CARENET_ACCESS_LOG_SAMPLE: a share from 0 to 1 (0.01 writes one ordinary answer in a hundred), got '${raw}'`);
  }

  const dataDir = blank(env.CARENET_DATA_DIR) ? '.data' : env.CARENET_DATA_DIR!.trim();
  if (problems.length === 0 && jwtSecret === '') {
    // no default secret: one of this instance's own, kept in the data directory
    try {
      jwtSecret = keptSecret(dataDir);
    } catch (e) {
      problems.push(`JWT_SECRET: not set, and no secret could be kept in CARENET_DATA_DIR (${dataDir}: ${(e as Error).message}); set JWT_SECRET (try: openssl rand -hex 32) or a writable CARENET_DATA_DIR`);
    }
  }
  const trustProxy = parseTrustProxy(env.CARENET_TRUST_PROXY, problems);
  const webhookAllowHosts = parseWebhookAllowHosts(env.CARENET_WEBHOOK_ALLOW_HOSTS, problems);
  let dataKeys: DataKey[] | null = null;
  if (!blank(env.CARENET_DATA_KEY)) dataKeys = parseDataKeys(env.CARENET_DATA_KEY!, problems);
  else if (nodeEnv === 'production') problems.push('CARENET_DATA_KEY: required when NODE_ENV=production (try: openssl rand -hex 32)');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    databaseUrl,
    databaseReplicaUrl,
    databaseReplicaTimeoutMs,
    redisUrl,
    redisClusterNodes,
    port,
    jwtSecret,
    logLevel,
    dataDir,
    redisPrefix,
    rateLimitPerMinute,
    idLookupsPerHour,
    actorCacheSeconds,
    accessLogSample,
    dataKeys,
    trustProxy,
    webhookAllowHosts,
  };
}

export const CONFIG = Symbol('CONFIG');

/** For process entry points: the configuration, or every problem on stderr and exit code 2. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
}
