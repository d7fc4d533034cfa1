import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { IndicatorsModule } from '@carenet/indicators';
import { ReportImportService } from './import.service.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [AdminTreeModule, IndicatorsModule],
  providers: [ReportsRepository, ReportsService, ReportImportService],
  exports: [ReportsService, ReportImportService, IndicatorsModule],
})
export class ReportingModule {}
