import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { IndicatorsModule } from '@carenet/indicators';
import { ProvincialReportRepository } from './provincial-report.repository.js';
import { ProvincialReportService } from './provincial-report.service.js';
import { RollupRepository } from './rollup.repository.js';
import { RollupService } from './rollup.service.js';

@Module({
  imports: [AdminTreeModule, IndicatorsModule],
  providers: [RollupRepository, RollupService, ProvincialReportRepository, ProvincialReportService],
  exports: [RollupService, RollupRepository, ProvincialReportService],
})
export class RollupModule {}
