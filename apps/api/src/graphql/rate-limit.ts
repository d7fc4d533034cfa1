import type { RedisClient } from '@carenet/queue';
import type { Actor, Logger } from '@carenet/core';

/** What a download costs against the per-minute quota, in requests (it builds a whole file). */
export const EXPORT_WEIGHT = 10;

/** How often a process adds what it counted to the shared counts in Redis. */
export const QUOTA_FLUSH_MS = 100;

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  retryAfterSeconds: number;
}

interface Count {
  key: string;
  window: number;
  /** The shared count as Redis last answered it (this process's flushed requests included). */
  shared: number;
  /** Taken here and not yet sent. */
  pending: number;
  /** Sent, Redis's answer awaited. */
  sending: number;
}

/**
 * The per-minute counts of one API process: each request is counted here at
 * once, and what was counted is added to the shared counts in Redis every
 * QUOTA_FLUSH_MS in one round trip, which answers the totals of every
 * process. So a process alone counts exactly, and the quota holds across
 * processes up to what the others took in the last flush interval.
 */
export class QuotaCounter {
  private readonly counts = new Map<string, Count>();
  private timer: NodeJS.Timeout | undefined;
  private warned = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
  ) {}

  /** Takes `weight` requests from `who`'s quota of this minute: whether they fit under `limit`. */
  take(prefix: string, who: string, weight: number, limit: number, now = Date.now()): boolean {
    const window = Math.floor(now / 60_000);
    // one hash slot for every count ({rate}): a flush sends them all in one MULTI, which a Redis Cluster allows only within a slot
    const key = `${prefix}:{rate}:${who}:${window}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { key, window, shared: 0, pending: 0, sending: 0 }));
    c.pending += weight;
    this.schedule();
    return c.shared + c.sending + c.pending <= limit;
  }

  /** Sends what was counted since the last flush; learns every process's totals. */
  async flush(): Promise<void> {
    this.timer = undefined;
    const current = Math.floor(Date.now() / 60_000);
    const batch: Count[] = [];
    for (const c of this.counts.values()) {
      if (c.pending > 0) batch.push(c);
      else if (c.window < current && c.sending === 0) this.counts.delete(c.key);
    }
    if (!batch.length) return;
    const multi = this.redis.multi();
    for (const c of batch) {
      c.sending += c.pending;
      multi.incrby(c.key, c.pending).expire(c.key, 120);
      c.pending = 0;
    }
    const sent = batch.map((c) => c.sending);
    try {
      const replies = (await multi.exec()) ?? [];
      batch.forEach((c, i) => {
        const [err, n] = replies[2 * i] ?? [new Error('no reply')];
        if (!err) c.shared = Math.max(c.shared, Number(n));
      });
    } catch (e) {
      if (Date.now() - this.warned > 10_000) {
        this.warned = Date.now();
        this.logger.warn({ err: (e as Error).message }, 'rate limit not shared: Redis did not answer; counting in this process only');
      }
      // counted here still, so that this process keeps its own quota
      batch.forEach((c, i) => (c.shared += sent[i]!));
    } finally {
      batch.forEach((c, i) => (c.sending -= sent[i]!));
      if (batch.some((c) => c.pending > 0)) this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), QUOTA_FLUSH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

const counters = new WeakMap<RedisClient, QuotaCounter>();

/** The process's counter for this Redis connection (shared by /graphql and /exports). */
export function quotaCounter(redis: RedisClient, logger: Logger): QuotaCounter {
  let c = counters.get(redis);
  if (!c) counters.set(redis, (c = new QuotaCounter(redis, logger)));
  return c;
}

/**
 * The one per-minute quota of a caller, shared by /graphql and /exports:
 * counted per user or API key (a key's own quota), or per client address
 * without a token, in this process and shared through Redis (QuotaCounter).
 * `weight` requests are taken at once. If Redis cannot answer, each process
 * goes on counting on its own (and a warning is logged).
 */
export async function takeFromQuota(
  opts: { redis: RedisClient; prefix: string; perMinute: number; logger: Logger },
  actor: Actor | undefined,
  address: string | undefined,
  weight = 1,
): Promise<RateVerdict> {
  const who = actor ? `${actor.kind}:${actor.id}` : `ip:${address ?? 'unknown'}`;
  const limit = actor?.quotaPerMinute ?? opts.perMinute;
  const retryAfterSeconds = 60 - Math.floor((Date.now() % 60_000) / 1000);
  const allowed = quotaCounter(opts.redis, opts.logger).take(opts.prefix, who, weight, limit);
  return { allowed, limit, retryAfterSeconds };
}
