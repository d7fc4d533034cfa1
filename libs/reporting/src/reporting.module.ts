import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { IndicatorsModule } from '@carenet/indicators';
import { OutboxModule } from '@carenet/queue';
import { DeadlinesService } from './deadlines.service.js';
import { ReportImportService } from './import.service.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [AdminTreeModule, IndicatorsModule, OutboxModule],
  providers: [ReportsRepository, ReportsService, ReportImportService, DeadlinesService],
  exports: [ReportsService, ReportImportService, DeadlinesService, IndicatorsModule],
})
export class ReportingModule {}
