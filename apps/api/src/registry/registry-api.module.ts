import { Module } from '@nestjs/common';
import { RegistryModule } from '@carenet/registry';
import { RegistryBulkResolver, RegistryMonitoringResolver, RegistryResolver } from './registry.resolver.js';

@Module({
  imports: [RegistryModule],
  providers: [RegistryResolver, RegistryMonitoringResolver, RegistryBulkResolver],
})
export class RegistryApiModule {}
