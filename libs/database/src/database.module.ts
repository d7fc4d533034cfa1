import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { CONFIG, LOGGER, type Config } from '@carenet/core';
import { dataSourceOptions } from './data-source.js';

/** The one TypeORM data source of a process. Repositories inject DataSource. */
@Module({})
export class DatabaseModule {
  static forRoot(opts: { poolSize?: number; applicationName?: string } = {}): DynamicModule {
    return {
      module: DatabaseModule,
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
