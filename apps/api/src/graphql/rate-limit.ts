import type { RedisClient } from '@carenet/queue';
import type { Actor, Logger } from '@carenet/core';

/** What a download costs against the per-minute quota, in requests (it builds a whole file). */
export const EXPORT_WEIGHT = 10;

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  retryAfterSeconds: number;
}

/**
 * The one per-minute quota of a caller, shared by /graphql and /exports:
 * counted in Redis per user or API key (a key's own quota), or per client
 * address without a token. `weight` requests are taken at once. If Redis
 * cannot answer, the request goes through (and a warning is logged).
 */
export async function takeFromQuota(
  opts: { redis: RedisClient; prefix: string; perMinute: number; logger: Logger },
  actor: Actor | undefined,
  address: string | undefined,
  weight = 1,
): Promise<RateVerdict> {
  const who = actor ? `${actor.kind}:${actor.id}` : `ip:${address ?? 'unknown'}`;
  const limit = actor?.quotaPerMinute ?? opts.perMinute;
  const window = Math.floor(Date.now() / 60_000);
  const retryAfterSeconds = 60 - Math.floor((Date.now() % 60_000) / 1000);
  try {
    const key = `${opts.prefix}:rate:${who}:${window}`;
    const [[, n]] = (await opts.redis.multi().incrby(key, weight).expire(key, 120).exec()) as [[Error | null, number]];
    return { allowed: n <= limit, limit, retryAfterSeconds };
  } catch (e) {
    opts.logger.warn({ err: (e as Error).message }, 'rate limit not checked: Redis did not answer');
    return { allowed: true, limit, retryAfterSeconds };
  }
}
