import { Module } from '@nestjs/common';
import { AnalyticsModule } from '@carenet/analytics';
import { AuthModule } from '@carenet/auth';
import { IndicatorsModule } from '@carenet/indicators';
import { RollupModule } from '@carenet/rollup';
import { ExportsController } from './exports.controller.js';

@Module({
  imports: [AuthModule, RollupModule, AnalyticsModule, IndicatorsModule],
  controllers: [ExportsController],
})
export class ExportsModule {}
