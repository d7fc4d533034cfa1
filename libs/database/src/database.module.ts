import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { CONFIG, LOGGER, type Config } from '@carenet/core';
import { dataSourceOptions } from './data-source.js';
import { Transactions } from './transactions.js';
import { BulkDatabase } from './bulk-database.js';
import { ReplicaReads } from './replica-reads.js';

/**
 * The TypeORM data source of a process (repositories inject DataSource; services take Transactions), the small pool for
 * bulk work (BulkDatabase), and the statistics reads a streaming replica may answer (ReplicaReads).
 */
@Module({})
export class DatabaseModule {
  static forRoot(opts: { poolSize?: number; applicationName?: string } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [Transactions, BulkDatabase, ReplicaReads],
      exports: [Transactions, BulkDatabase, ReplicaReads],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [CONFIG, LOGGER],
          useFactory: (config: Config, logger: Logger) => {
            if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (the launcher sets it; see README)');
            return {
              ...dataSourceOptions({ url: config.databaseUrl, logger, ...opts }),
              autoLoadEntities: true,
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
      ],
    };
  }
}
