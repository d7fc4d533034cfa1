import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, PinoNestLogger, SettableClock, createLogger, type Config } from '@carenet/core';
import { DatabaseModule } from '@carenet/database';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AuthModule } from '@carenet/auth';
import { ReportingModule } from '@carenet/reporting';
import { RollupModule } from '@carenet/rollup';
import { SimulationModule } from '@carenet/simulation';
import { RegistryModule } from '@carenet/registry';

/** What command-line tools need: the database and the feature services, no HTTP, no queues. */
@Module({})
export class CliModule {
  static forRoot(config: Config): DynamicModule {
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'cli');
    return {
      module: CliModule,
      // a clock the simulator may set, so that its units submit on time or late as in a real month
      imports: [CoreModule.forRoot(config, logger, new SettableClock()), DatabaseModule.forRoot({ applicationName: 'carenet-cli', poolSize: 12 }), AdminTreeModule, AuthModule, ReportingModule, RollupModule, SimulationModule, RegistryModule],
    };
  }
}

export function createCliContext(config: Config): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: new PinoNestLogger(createLogger('warn', 'cli')),
  });
}
