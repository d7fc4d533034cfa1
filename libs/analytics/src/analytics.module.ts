import { Module } from '@nestjs/common';
import { IndicatorsModule } from '@carenet/indicators';
import { AdminTreeModule } from '@carenet/admin-tree';
import { ChangeFeedRepository } from './change-feed.repository.js';
import { ChangeFeedService } from './change-feed.service.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';
import { DataVersion, DataVersionRepository } from './data-version.js';

@Module({
  imports: [IndicatorsModule, AdminTreeModule],
  providers: [StatsRepository, StatsService, ChangeFeedRepository, ChangeFeedService, DataVersionRepository, DataVersion],
  exports: [StatsService, ChangeFeedService, DataVersion],
})
export class AnalyticsModule {}
