import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, systemClock, type Clock } from './clock.js';
import { CONFIG, type Config } from './config.js';
import { LOGGER } from './logger.js';

/** Config, the logger and the clock, available everywhere once the app has built them. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: Config, logger: Logger, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [CONFIG, LOGGER, CLOCK],
    };
  }
}
