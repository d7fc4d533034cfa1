import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { CONFIG, LOGGER, type Config, type Logger } from '@carenet/core';
import { createDataSource } from './data-source.js';

/** Connections of the bulk pool: imports and other whole-file work share these, and only these. */
export const BULK_POOL_SIZE = 2;
/** A bulk job waits this long for one of them (they queue; reads never do). */
const BULK_WAIT_MS = 5 * 60_000;

/**
 * The pool for bulk work (imports of thousands of rows), apart from the main
 * pool: however many imports run at once, they hold at most BULK_POOL_SIZE
 * connections, so the reads and approvals of other users always find one.
 * Opened on first use.
 */
@Injectable()
export class BulkDatabase implements OnModuleDestroy {
  private ds?: Promise<DataSource>;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private open(): Promise<DataSource> {
    if (!this.config.databaseUrl) throw new Error('DATABASE_URL is not set (the launcher sets it; see README)');
    this.ds ??= createDataSource({
      url: this.config.databaseUrl,
      logger: this.logger,
      poolSize: BULK_POOL_SIZE,
      applicationName: 'carenet-bulk',
      connectionTimeoutMillis: BULK_WAIT_MS,
    }).initialize();
    return this.ds;
  }

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return (await this.open()).transaction(work);
  }

  async onModuleDestroy(): Promise<void> {
    const ds = this.ds;
    this.ds = undefined;
    if (ds) await (await ds).destroy();
  }
}
