import { Module } from '@nestjs/common';
import { ReportingModule } from '@carenet/reporting';
import { AuthModule } from '@carenet/auth';
import { AdminUnitReportResolver, ReportResolver } from './report.resolver.js';
import { ImportJobResolver } from './import-job.resolver.js';
import { IndicatorResolver } from '../indicators/indicator.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { UserAdminResolver } from '../auth/user-admin.resolver.js';

@Module({
  imports: [ReportingModule, AuthModule],
  providers: [ReportResolver, AdminUnitReportResolver, ImportJobResolver, IndicatorResolver, AuthResolver, UserAdminResolver],
})
export class ReportingApiModule {}
