import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { RedisClient } from '@carenet/queue';
import { CONFIG, type Config } from '@carenet/core';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_KEY, REDIS_CLIENT } from '@carenet/queue';

const TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms))]);
}

/** GET /health: 200 when Postgres and Redis answer, 503 naming the one that does not. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: TIMEOUT_MS }),
      async () => {
        const session = this.indicators.check('redis');
        try {
          await withTimeout(this.redis.ping(), TIMEOUT_MS, 'Redis');
          return session.up();
        } catch (e) {
          return session.down({ message: (e as Error).message });
        }
      },
      async () => {
        // The worker writes a heartbeat; a stale one is worth a look but does not fail the API.
        const session = this.indicators.check('worker');
        try {
          const last = await withTimeout(this.redis.get(HEARTBEAT_KEY(this.config.redisPrefix)), TIMEOUT_MS, 'Redis');
          const age = last ? Date.now() - Number(last) : undefined;
          if (age !== undefined && age < 3 * HEARTBEAT_EVERY_MS) return session.up({ lastHeartbeatMsAgo: age });
          return session.degraded({ message: last ? `no heartbeat for ${Math.round(age! / 1000)} s` : 'no worker heartbeat seen yet' });
        } catch {
          return session.degraded({ message: 'heartbeat unknown while Redis does not answer' });
        }
      },
    ]);
  }
}
