import { Module } from '@nestjs/common';
import { RegistryCountsRepository } from './registry-counts.repository.js';
import { RegistryTreeRepository } from './registry-tree.repository.js';

/** What the tree changes need of the registry: files that follow their village (no keys, no services). */
@Module({
  providers: [RegistryCountsRepository, RegistryTreeRepository],
  exports: [RegistryTreeRepository],
})
export class RegistryTreeModule {}
