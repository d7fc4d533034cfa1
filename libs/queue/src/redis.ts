import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import type { Config, RedisNode } from '@carenet/core';

/** A connection to one Redis server or to a Redis Cluster: both answer the commands carenet sends. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: REDIS_CLUSTER_NODES when set (a cluster), else REDIS_URL (one server). */
export type RedisTarget = Pick<Config, 'redisUrl' | 'redisClusterNodes'>;

/** ioredis options from a redis:// or rediss:// URL (BullMQ makes and closes its own connections from these). */
export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
}

export function redisOptionsFromUrl(url: string): RedisEndpoint {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

function requireTarget(target: RedisTarget): { url?: string; nodes?: RedisNode[] } {
  if (target.redisClusterNodes?.length) return { nodes: target.redisClusterNodes };
  if (target.redisUrl) return { url: target.redisUrl };
  throw new Error('REDIS_URL (or REDIS_CLUSTER_NODES) is not set (the launcher sets it; see README)');
}

/**
 * A cluster client. Slots are learnt from the seed nodes and learnt again when
 * a node answers MOVED or goes away; while a node restarts, commands for its
 * slots wait in the offline queue (workers) or fail at once (requests).
 */
function clusterClient(nodes: RedisNode[], options: RedisOptions, failFast: boolean): Cluster {
  // the node connections keep their offline queue (the cluster's first CLUSTER SLOTS waits in it);
  // failing fast is the cluster client's own setting
  const { enableOfflineQueue: _nodeQueue, ...redisOptions } = options;
  return new Cluster(nodes, {
    redisOptions,
    enableReadyCheck: true,
    enableOfflineQueue: !failFast,
    clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
    slotsRefreshTimeout: 2000,
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
    retryDelayOnTryAgain: 200,
    maxRedirections: 32,
  });
}

/**
 * ioredis connections. Workers block on Redis and must retry forever
 * (maxRetriesPerRequest: null); request-serving connections fail fast instead,
 * so an unreachable Redis answers UNAVAILABLE rather than hanging a request.
 * `target` is a redis:// URL or the configuration (a cluster when REDIS_CLUSTER_NODES is set).
 */
export function redisConnection(target: string | RedisTarget, purpose: 'worker' | 'client', extra: RedisOptions = {}): RedisClient {
  const where = typeof target === 'string' ? { url: target } : requireTarget(target);
  const options: RedisOptions = {
    lazyConnect: false,
    enableReadyCheck: true,
    connectionName: `carenet-${purpose}`,
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...extra,
  };
  if (where.nodes) return clusterClient(where.nodes, options, purpose !== 'worker');
  return new Redis(where.url!, options);
}

/**
 * What BullMQ is given as `connection`: options for one server (BullMQ then
 * opens and closes its own connections), or, on a cluster, a cluster client
 * that BullMQ shares (and duplicates for its blocking reads); the caller
 * closes it. `blocking`: workers, which wait on Redis and retry forever;
 * otherwise a producer that fails fast, so a send that cannot reach Redis is
 * refused at once.
 */
export function bullConnection(target: RedisTarget, kind: 'blocking' | 'producer'): { connection: ConnectionOptions; shared?: Cluster } {
  const where = requireTarget(target);
  const retry =
    kind === 'blocking'
      ? { maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 200, 2000) }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(n * 500, 5000) };
  if (where.nodes) {
    const { enableOfflineQueue, ...redisOptions } = { enableOfflineQueue: true, ...retry };
    const shared = clusterClient(where.nodes, { ...redisOptions, connectionName: `carenet-bull-${kind}` }, enableOfflineQueue === false);
    shared.on('error', () => undefined);
    return { connection: shared, shared };
  }
  return { connection: { ...redisOptionsFromUrl(where.url!), ...retry } };
}

export async function redisMaxmemoryPolicy(redis: RedisClient): Promise<string | undefined> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as unknown as string[];
    return reply[1];
  } catch {
    return undefined; // CONFIG may be disabled on managed Redis
  }
}
