import { Module } from '@nestjs/common';
import { ChildrenRepository } from './children.repository.js';
import { RegistryCountsRepository } from './registry-counts.repository.js';
import { RegistryCountsService } from './registry-counts.service.js';
import { RegistryUnitsRepository } from './registry-units.repository.js';
import { dataKeyringProvider, RegistryService } from './registry.service.js';

@Module({
  providers: [dataKeyringProvider, ChildrenRepository, RegistryCountsRepository, RegistryUnitsRepository, RegistryService, RegistryCountsService],
  exports: [RegistryService, RegistryCountsService],
})
export class RegistryModule {}
