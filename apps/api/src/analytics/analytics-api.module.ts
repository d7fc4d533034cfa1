import { Module } from '@nestjs/common';
import { AnalyticsModule } from '@carenet/analytics';
import { AuthModule } from '@carenet/auth';
import { AdminUnitStatsResolver, ChangeFeedResolver, StatsResolver } from './analytics.resolver.js';

@Module({
  imports: [AnalyticsModule, AuthModule],
  providers: [StatsResolver, ChangeFeedResolver, AdminUnitStatsResolver],
})
export class AnalyticsApiModule {}
