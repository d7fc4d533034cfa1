import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type Config, type Logger } from '@carenet/core';
import { DatabaseModule } from '@carenet/database';
import { OutboxModule, QueueModule } from '@carenet/queue';
import { ReportingModule } from '@carenet/reporting';
import { RollupModule } from '@carenet/rollup';
import { AnalyticsModule } from '@carenet/analytics';
import { OutboxRelay } from './outbox.relay.js';
import { ProvincialReportProcessor } from './provincial-report.processor.js';
import { RollupProcessor } from './rollup.processor.js';
import { SystemProcessor } from './system.processor.js';
import { WorkerReadiness } from './worker-readiness.js';
import { NotificationsModule } from '@carenet/notifications';
import { SetupModule } from '@carenet/setup';
import { NotificationProcessor } from './notification.processor.js';
import { ImportProcessor } from './import.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, logger),
        DatabaseModule.forRoot({ applicationName: 'carenet-worker', poolSize: 8 }),
        QueueModule.forRoot(),
        OutboxModule,
        ReportingModule,
        SetupModule,
        RollupModule,
        AnalyticsModule,
        NotificationsModule,
      ],
      providers: [SystemProcessor, RollupProcessor, ProvincialReportProcessor, OutboxRelay, NotificationProcessor, ImportProcessor, WorkerReadiness],
    };
  }
}
