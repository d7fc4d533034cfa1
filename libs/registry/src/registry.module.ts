import { forwardRef, Module } from '@nestjs/common';
import { AdminTreeModule } from '@carenet/admin-tree';
import { AdminAuditModule } from '@carenet/admin-audit';
import { RegistryBulkService } from './registry-bulk.service.js';
import { RegistrySimulationRepository } from './registry-simulation.repository.js';
import { RegistrySimulationService } from './registry-simulation.service.js';
import { ChildrenRepository } from './children.repository.js';
import { IdLookupBudget } from './id-lookup-budget.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { MonitoringService } from './monitoring.service.js';
import { RegistryCountsRepository } from './registry-counts.repository.js';
import { RegistryCountsService } from './registry-counts.service.js';
import { dataKeyringProvider, RegistryService } from './registry.service.js';

@Module({
  // the units come from the tree (AdminTreeService); the tree's module needs RegistryTreeModule of this lib, hence the forward reference
  imports: [AdminAuditModule, forwardRef(() => AdminTreeModule)],
  providers: [IdLookupBudget, RegistrySimulationRepository, RegistrySimulationService, RegistryBulkService, dataKeyringProvider, ChildrenRepository, RegistryCountsRepository, RegistryService, RegistryCountsService, MonitoringRepository, MonitoringService],
  exports: [RegistrySimulationService, RegistryBulkService, RegistryService, RegistryCountsService, MonitoringService],
})
export class RegistryModule {}
