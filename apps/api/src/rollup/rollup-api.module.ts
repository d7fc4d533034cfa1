import { Module } from '@nestjs/common';
import { AuthModule } from '@carenet/auth';
import { RollupModule } from '@carenet/rollup';
import { CompletenessResolver, ProvincialReportResolver } from './rollup.resolver.js';

@Module({
  imports: [RollupModule, AuthModule],
  providers: [CompletenessResolver, ProvincialReportResolver],
})
export class RollupApiModule {}
