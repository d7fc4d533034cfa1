import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type Config, type Logger } from '@carenet/core';
import { DatabaseModule } from '@carenet/database';
import { QueueModule } from '@carenet/queue';
import { SystemProcessor } from './system.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, logger), DatabaseModule.forRoot({ applicationName: 'carenet-worker', poolSize: 5 }), QueueModule.forRoot()],
      providers: [SystemProcessor],
    };
  }
}
