import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { CONFIG, type Config } from './config.js';
import { LOGGER } from './logger.js';

/** Config and the logger, available everywhere once the app has built them. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [CONFIG, LOGGER],
    };
  }
}
