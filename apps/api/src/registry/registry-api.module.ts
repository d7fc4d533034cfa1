import { Module } from '@nestjs/common';
import { RegistryModule } from '@carenet/registry';
import { RegistryMonitoringResolver, RegistryResolver } from './registry.resolver.js';

@Module({
  imports: [RegistryModule],
  providers: [RegistryResolver, RegistryMonitoringResolver],
})
export class RegistryApiModule {}
