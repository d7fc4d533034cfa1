import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { CONFIG, LOGGER, type Actor, type Config, type Logger } from '@carenet/core';

/** The channel the database announces changes of users, API keys and the tree on (migration 1765800000000). */
export const ACTOR_CHANGES_CHANNEL = 'carenet_actor_changed';

/** What a change notice names: one user, one API key, or everyone (the tree changed: paths and lineages). */
export type ActorChange = { user: number } | { apiKey: string } | 'all';

/** The notice's payload as the triggers write it: `user:<id>`, `key:<uuid>` or `*`. */
export function parseActorChange(payload: string | undefined): ActorChange {
  const m = /^(user|key):(.+)$/.exec(payload ?? '');
  if (m?.[1] === 'user' && /^\d+$/.test(m[2]!)) return { user: Number(m[2]) };
  if (m?.[1] === 'key') return { apiKey: m[2]! };
  return 'all';
}

const MAX_ENTRIES = 20_000;

interface Entry {
  actor: Actor;
  until: number;
}

/**
 * The actor behind each token or API key, kept in this process for a few
 * seconds so that a request does not look its user up again. Dropped at once
 * when the user or key changes: by the service that changed it (in this
 * process), and by the database's change notice (every process, see
 * ActorChangesListener). Without the notice channel, an entry lives at most
 * `actorCacheSeconds`.
 */
@Injectable()
export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  /** Bumped by every change: a lookup that started before one is not kept (it may have read the old row). */
  private changes = 0;

  constructor(@Inject(CONFIG) config: Config) {
    this.ttlMs = config.actorCacheSeconds * 1000;
  }

  get(credential: string, now = Date.now()): Actor | undefined {
    const e = this.entries.get(credential);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(credential);
      return undefined;
    }
    return e.actor;
  }

  /** Taken before looking an actor up, and given back to set(). */
  get generation(): number {
    return this.changes;
  }

  /**
   * Keeps `actor` for `credential` until the cache's time is up, or `notAfter` (a token's expiry), whichever
   * is first; not if a change was announced since `generation` was taken.
   */
  set(credential: string, actor: Actor, generation: number, notAfter = Infinity): void {
    if (this.ttlMs <= 0 || generation !== this.changes) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(credential, { actor, until: Math.min(Date.now() + this.ttlMs, notAfter) });
  }

  forget(change: ActorChange): void {
    this.changes++;
    if (change === 'all') return void this.entries.clear();
    for (const [credential, e] of this.entries) {
      if ('user' in change ? e.actor.kind === 'user' && Number(e.actor.id) === change.user : e.actor.kind === 'apiKey' && e.actor.id === change.apiKey) this.entries.delete(credential);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

const RETRY_MS = 1_000;

/**
 * Listens for the database's change notices and drops what they name from
 * the ActorCache; the API starts it. While the connection is down the cache
 * is emptied and entries live only their few seconds; on reconnecting it is
 * emptied again (notices sent meanwhile are lost).
 */
@Injectable()
export class ActorChangesListener implements OnModuleDestroy {
  private client: pg.Client | undefined;
  private stopped = false;
  private down = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: ActorCache,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Resolves once listening (or once the first attempt failed: it goes on trying in the background). */
  async start(): Promise<void> {
    if (this.config.actorCacheSeconds <= 0 || this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'carenet-api-actor-changes', connectionTimeoutMillis: 5_000 });
    const lost = (e?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.cache.forget('all');
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (!this.stopped) {
        if (!this.down) this.logger.warn({ err: e?.message }, 'user changes: the notice channel is down; cached users expire on their own until it is back');
        this.down = true;
        this.retry = setTimeout(() => void this.start(), RETRY_MS);
        this.retry.unref();
      }
    };
    this.client = client;
    client.on('notification', (n) => this.cache.forget(parseActorChange(n.payload)));
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTOR_CHANGES_CHANNEL}`);
      this.cache.forget('all');
      if (this.down) this.logger.info('user changes: the notice channel is back');
      this.down = false;
    } catch (e) {
      lost(e as Error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
