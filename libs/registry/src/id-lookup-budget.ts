import { Inject, Injectable, Optional } from '@nestjs/common';
import { CONFIG, type Actor, type Config } from '@carenet/core';
import { REDIS_CLIENT, type RedisClient } from '@carenet/queue';
import { RegistryError, RegistryErrorReason } from './registry.errors.js';

const WINDOW_S = 3600;

/** Takes n from the budget if it holds n more; else nothing, and the seconds left. */
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return {0, redis.call('TTL', KEYS[1])} end
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3], 'NX')
return {1, 0}
`;

/**
 * Look-ups of children's ID numbers, budgeted per user and hour in Redis (so
 * the budget holds across API processes and the worker): a look-up answers
 * whether a number has a file, which is worth asking for one child and worth
 * nothing but harm for a list of candidates (domain.md §8).
 */
@Injectable()
export class IdLookupBudget {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: RedisClient,
  ) {}

  /** Takes n look-ups, or refuses all of them (RATE_LIMITED, naming the field) when fewer are left. */
  async take(actor: Actor, n: number, field: string): Promise<void> {
    if (!this.redis || n <= 0) return;
    const key = `${this.config.redisPrefix}:id-lookups:${actor.kind}:${actor.id}`;
    const limit = this.config.idLookupsPerHour;
    const [granted, ttl] = (await this.redis.eval(TAKE, 1, key, n, limit, WINDOW_S)) as [number, number];
    if (granted === 1) return;
    const minutes = Math.max(1, Math.ceil(ttl / 60));
    throw new RegistryError(
      'RATE_LIMITED',
      RegistryErrorReason.ID_LOOKUP_BUDGET_SPENT,
      `${field}: at most ${limit} ID-number look-ups per hour for each user${n > 1 ? ` (this asks for ${n})` : ''}; try again in ${minutes} minute(s), or search by name`,
      { field, limit, retryAfterSeconds: ttl },
    );
  }
}
