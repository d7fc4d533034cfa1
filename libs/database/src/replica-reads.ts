import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { CONFIG, LOGGER, type Config, type Logger } from '@carenet/core';
import { currentReadScope, formatRollupVersion, parseRollupVersion, ReadScope } from './rollup-version.js';

/** A replica that failed is left alone this long (reads go to the primary meanwhile). */
export const REPLICA_RETRY_MS = 1000;
/** A statistics read on the replica that takes longer than this is given up and made on the primary. */
export const REPLICA_STATEMENT_MS = 5000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** What this process's replica reads did, for the metrics and the scale bench. */
export interface ReplicaReadCounts {
  replica: number;
  primary: number;
  fallbacks: number;
}

/**
 * Read-only statements that may be answered by the streaming replica
 * (DATABASE_REPLICA_URL): the statistics read from the rollup tables. A read
 * goes to the replica when the replica has replayed the primary's log at
 * least up to the version the client has seen (the request's ReadScope);
 * when it is behind, down, failing or slower than DATABASE_REPLICA_TIMEOUT_MS to say,
 * the read goes to the primary. Without a replica every read is the
 * primary's. Writes never come here.
 */
@Injectable()
export class ReplicaReads implements OnApplicationShutdown {
  private readonly replica?: pg.Pool;
  private resumeAt = 0;
  /** How long the replica may take to connect and say how far it has replayed (DATABASE_REPLICA_TIMEOUT_MS). */
  private readonly answerMs: number;
  readonly counts: ReplicaReadCounts = { replica: 0, primary: 0, fallbacks: 0 };

  constructor(
    private readonly primary: DataSource,
    @Inject(CONFIG) config: Config,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
  ) {
    this.answerMs = config.databaseReplicaTimeoutMs;
    if (config.databaseReplicaUrl) {
      this.replica = new pg.Pool({
        connectionString: config.databaseReplicaUrl,
        max: 10,
        connectionTimeoutMillis: this.answerMs,
        statement_timeout: REPLICA_STATEMENT_MS,
        application_name: 'carenet-replica-reads',
      });
      this.replica.on('error', () => undefined); // an idle connection lost: the next read finds out
    }
  }

  get hasReplica(): boolean {
    return this.replica !== undefined;
  }

  /** A read-only statement, on the replica when it is fresh enough for the request, else on the primary. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const scope = currentReadScope() ?? new ReadScope();
    if (this.replica && Date.now() >= this.resumeAt) {
      try {
        if (await this.replicaFreshFor(scope)) {
          const { rows } = await this.replica.query(sql, params);
          scope.usedReplica = true;
          this.counts.replica++;
          return rows as T[];
        }
      } catch (e) {
        this.resumeAt = Date.now() + REPLICA_RETRY_MS;
        this.logger?.warn({ err: (e as Error).message }, 'replica read failed; reading from the primary');
      }
      scope.fallbacks++;
      this.counts.fallbacks++;
    }
    const rows = (await this.primary.query(sql, params)) as T[];
    scope.usedPrimary = true;
    this.counts.primary++;
    return rows;
  }

  /**
   * The version of what a request was given, taken after its reads: from
   * the primary when it read there or wrote (its current log position, which
   * is past every commit it could see), else from the replica (its replay
   * position, past everything its answers reflected). Undefined when the
   * request read nothing here and wrote nothing.
   */
  async versionAfter(scope: ReadScope, wrote: boolean): Promise<string | undefined> {
    // an answer looked up by a version (the response cache) reflects at least where that version was read
    if (!wrote && scope.versionReadAt !== undefined) return formatRollupVersion(scope.versionReadAt);
    if (scope.usedReplica && !scope.usedPrimary && !wrote && this.replica) {
      try {
        const at = await within(this.replayPosition(this.replica), this.answerMs, 'the replica');
        if (at !== null) return formatRollupVersion(at);
      } catch {
        // the replica went away after answering: the primary's position is past anything it had replayed
      }
    }
    if (!scope.usedPrimary && !scope.usedReplica && !wrote) return undefined;
    const [{ lsn }] = (await this.primary.query('SELECT pg_current_wal_lsn()::text AS lsn')) as [{ lsn: string }];
    return lsn;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.end().catch(() => undefined);
  }

  private async replicaFreshFor(scope: ReadScope): Promise<boolean> {
    if (scope.replicaAt !== undefined && scope.replicaAt >= scope.atLeast) return true;
    const at = await within(this.replayPosition(this.replica!), this.answerMs, 'the replica');
    if (at === null) throw new Error('DATABASE_REPLICA_URL is not a streaming replica (pg_last_wal_replay_lsn() is null)');
    scope.replicaAt = at;
    return at >= scope.atLeast;
  }

  private async replayPosition(pool: pg.Pool): Promise<bigint | null> {
    const { rows } = await pool.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
    return rows[0]?.lsn ? parseRollupVersion(rows[0].lsn) : null;
  }
}
