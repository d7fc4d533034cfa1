import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONFIG, type Config } from '@carenet/core';
import { REDIS_CLIENT } from '@carenet/queue';
import { AuthError, AuthErrorReason } from './auth.errors.js';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_S = 15 * 60;

/**
 * Failed logins are counted per username in Redis (so the limit holds across
 * API processes); after MAX_FAILED_LOGINS in the window, that username is
 * refused until the window passes.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
  ) {}

  private key(username: string): string {
    return `${this.config.redisPrefix}:login-fail:${username.toLowerCase()}`;
  }

  async check(username: string): Promise<void> {
    if (!this.redis) return;
    const key = this.key(username);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    if (Number(count) >= MAX_FAILED_LOGINS) {
      const minutes = Math.max(1, Math.ceil(ttl / 60));
      throw new AuthError(AuthErrorReason.TOO_MANY_FAILED_LOGINS, `too many failed logins for this user; try again in ${minutes} minute(s)`, {
        limit: MAX_FAILED_LOGINS,
        retryAfterSeconds: ttl,
      });
    }
  }

  async failed(username: string): Promise<void> {
    if (!this.redis) return;
    const key = this.key(username);
    await this.redis.multi().incr(key).expire(key, FAILED_LOGIN_WINDOW_S, 'NX').exec();
  }

  async succeeded(username: string): Promise<void> {
    await this.redis?.del(this.key(username));
  }
}
