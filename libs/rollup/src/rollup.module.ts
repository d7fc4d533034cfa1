import { Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { IndicatorsModule } from '@carenet/indicators';
import { OutboxModule } from '@carenet/queue';
import { ProvincialReportRepository } from './provincial-report.repository.js';
import { ProvincialReportService } from './provincial-report.service.js';
import { CompletenessService } from './completeness.service.js';
import { RollupRepository } from './rollup.repository.js';
import { RollupReadsRepository } from './rollup-reads.repository.js';
import { RollupVerifierRepository } from './rollup-verifier.repository.js';
import { RollupService } from './rollup.service.js';

@Module({
  imports: [AdminTreeModule, IndicatorsModule, OutboxModule],
  providers: [RollupRepository, RollupVerifierRepository, RollupReadsRepository, RollupService, ProvincialReportRepository, ProvincialReportService, CompletenessService],
  exports: [RollupService, RollupRepository, ProvincialReportService, CompletenessService],
})
export class RollupModule {}
