import { Module } from '@nestjs/common';
import { RegistryModule } from '@carenet/registry';
import { RegistryResolver } from './registry.resolver.js';

@Module({
  imports: [RegistryModule],
  providers: [RegistryResolver],
})
export class RegistryApiModule {}
