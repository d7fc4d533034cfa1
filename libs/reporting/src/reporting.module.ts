import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { IndicatorsModule } from '@carenet/indicators';
import { OutboxModule } from '@carenet/queue';
import { RegistryModule } from '@carenet/registry';
import { DeadlinesService } from './deadlines.service.js';
import { DeadlinesRepository } from './deadlines.repository.js';
import { ReportImportService } from './import.service.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { ReportQueriesService } from './report-queries.service.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencyService } from './idempotency.service.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { ImportJobsService } from './import-jobs.service.js';

@Module({
  imports: [AdminTreeModule, IndicatorsModule, OutboxModule, RegistryModule],
  providers: [ReportsRepository, IdempotencyRepository, IdempotencyService, ReportsService, ReportQueriesService, ReportImportService, ImportJobsRepository, ImportJobsService, DeadlinesRepository, DeadlinesService],
  exports: [ReportsService, ReportQueriesService, ReportImportService, ImportJobsService, DeadlinesService, IndicatorsModule],
})
export class ReportingModule {}
