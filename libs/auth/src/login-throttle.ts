import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { RedisClient } from '@carenet/queue';
import { CONFIG, type Config } from '@carenet/core';
import { REDIS_CLIENT } from '@carenet/queue';
import { AuthError, AuthErrorReason } from './auth.errors.js';
import { normaliseUsername } from './username.js';

export const MAX_FAILED_LOGINS = 5;
export const MAX_FAILED_LOGINS_PER_ADDRESS = 50;
export const FAILED_LOGIN_WINDOW_S = 15 * 60;

/**
 * Takes one attempt from the budget of the user name and of the client
 * address, atomically, before any password is checked: when either budget is
 * spent nothing is taken and the answer is 0 with the seconds left; otherwise
 * both counters go up by one (the window starts with the first attempt).
 */
const TAKE = `
local user = tonumber(redis.call('GET', KEYS[1]) or '0')
local addr = tonumber(redis.call('GET', KEYS[2]) or '0')
if user >= tonumber(ARGV[1]) then return {0, redis.call('TTL', KEYS[1]), 'user'} end
if addr >= tonumber(ARGV[2]) then return {0, redis.call('TTL', KEYS[2]), 'address'} end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3], 'NX')
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3], 'NX')
return {1, 0, ''}
`;

const GIVE_BACK = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
`;

/**
 * Login attempts are counted in Redis (so the budget holds across API
 * processes) per normalised user name and per client address, before the
 * password is checked: MAX_FAILED_LOGINS per name and
 * MAX_FAILED_LOGINS_PER_ADDRESS per address in the window. A successful
 * login gives its attempt back and clears the name's count.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: RedisClient,
  ) {}

  private keys(username: string, address: string): [string, string] {
    // a hash keeps the key short whatever was sent as a name
    const name = createHash('sha256').update(normaliseUsername(username)).digest('base64url');
    // one hash tag for both keys: the script touches them together, which a Redis Cluster allows within one slot only
    const tag = `{${this.config.redisPrefix}:login-attempts}`;
    return [`${tag}:user:${name}`, `${tag}:addr:${address}`];
  }

  /** Takes an attempt, or refuses (RATE_LIMITED) when the name's or the address's budget is spent. */
  async take(username: string, address: string): Promise<void> {
    if (!this.redis) return;
    const [granted, ttl, which] = (await this.redis.eval(TAKE, 2, ...this.keys(username, address), MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS, FAILED_LOGIN_WINDOW_S)) as [number, number, string];
    if (granted === 1) return;
    const minutes = Math.max(1, Math.ceil(ttl / 60));
    const limit = which === 'user' ? MAX_FAILED_LOGINS : MAX_FAILED_LOGINS_PER_ADDRESS;
    const whose = which === 'user' ? 'this user' : 'your network address';
    throw new AuthError(AuthErrorReason.TOO_MANY_FAILED_LOGINS, `too many failed logins for ${whose}; try again in ${minutes} minute(s)`, {
      limit,
      retryAfterSeconds: ttl,
    });
  }

  /** The password was right: the name starts afresh and the address gets its attempt back. */
  async succeeded(username: string, address: string): Promise<void> {
    if (!this.redis) return;
    await this.redis.eval(GIVE_BACK, 2, ...this.keys(username, address));
  }
}
